"""The FastAPI service, in layers (each a folder; import-linter keeps the direction):

- `app` composes the service: mounts the routers, joins pages and routes, starts and stops it;
- `pages/` (HTML pages and their twins) and `routes/` (JSON API, linked data, downloads,
  SPARQL endpoint) never import each other;
- `readmodel/` is what both read, handed to them by typed dependencies (`readmodel/deps.py`);
- `plumbing/` is HTTP that knows nothing of the plan (limits, caches, negotiation, the query
  worker pool).
"""
