"""Package data, not code: the SPARQL query library (`*.rq`), found with importlib.resources."""
