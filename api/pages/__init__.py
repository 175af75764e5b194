"""The pages: one module per kind of page (views), each page with its machine-readable twins,
the Jinja2 templates and the static files. Never imports the routes: what both need is in the
read model."""
