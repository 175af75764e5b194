"""HTTP plumbing that knows nothing of the plan: settings and limits, caches, content
negotiation, timing, and the SPARQL worker pool with its sandbox. Imports nothing else of the
service."""
