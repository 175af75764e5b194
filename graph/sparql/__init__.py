"""SPARQL: the store over two engines, the query-safety check, result formats, the query library."""
