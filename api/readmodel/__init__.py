"""The service's read model: what the pages and the JSON API both read (the data loaded at
start-up, the catalogue, the served networks, the questions' answers, the tables, the
downloads, the dataset description, names in a language) and the typed dependencies that hand
it to them (`deps`). Stands on the plumbing; knows nothing of pages or routes."""
