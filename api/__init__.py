"""The FastAPI service: SPARQL endpoint, JSON API and linked-data publication."""
