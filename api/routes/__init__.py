"""The JSON API, linked data (/id/...), downloads and the SPARQL endpoint. No HTML of their own:
what they answer a browser with comes from the pages through `readmodel.deps.BrowserPages`.
Never imports the pages."""
