"""From an action plan's text to a knowledge graph: parsing, resolution, RDF, analytics."""
