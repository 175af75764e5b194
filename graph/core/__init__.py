"""The core that builds: plan text -> records -> resolved names -> RDF graph."""
