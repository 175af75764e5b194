"""The page foundation in a real browser: the layout, the language switch, offline assets."""

from __future__ import annotations


def test_static_site_css_answers(site):
    import httpx

    assert httpx.get(site.url("/static/site.css")).status_code == 200
