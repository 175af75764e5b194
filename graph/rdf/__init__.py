"""RDF I/O: writing the graph to files and reading graph files back."""
