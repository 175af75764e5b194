"""The FastAPI service: the SPARQL 1.1 Protocol endpoint (/sparql), the JSON API (/api: the
plan's entities, the named questions, network analytics, the completeness report), /health, and
the OpenAPI documentation (/docs, /openapi.json).
"""
