"""Helpers the tests share (and bench/ too): not tests themselves.

- `support.paths`: the repository's folders (REPO, the tests' data and vendored files);
- `support.server`: `actieplan serve` as a real subprocess on a free loopback port;
- `support.browser`: a chromium tab (Playwright) that records what went wrong on a page;
- `support.cli_runner`: the `actieplan` command line run in-process;
- `support.listener`: a loopback TCP listener that records every connection made to it;
- `support.plan_values`: the plan read row by row by hand (EXPECTED);
- `support.query_cases`: queries several test modules run (parameter cases, a runaway query).

pytest finds this package through `pythonpath = ["tests"]` (pyproject.toml); the bench
scripts put tests/ on sys.path themselves. The fixtures built on these helpers are in the
conftest.py files: tests/conftest.py (all rooms), tests/browser/conftest.py (the browser).
"""
