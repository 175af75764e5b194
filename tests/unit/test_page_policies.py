"""The pieces that keep the pages' links and scripts the site's own: where a page may link for an
IRI (api/pages/web.py `link_target`, `site_path`) and the Content-Security-Policies
(api/plumbing/security_headers.py; the editor's style hashes, computed from the vendored
YASGUI)."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from actieplan.api.pages.sparql_editor import EDITOR_POLICY, RESIZER_STYLES
from actieplan.api.pages.web import STATIC, link_target, site_path
from actieplan.api.plumbing.security_headers import (
    DOCUMENT_POLICY,
    PAGE_POLICY,
    page_policy,
    policy_for,
)
from actieplan.api.readmodel.iri_paths import IriMap

IRIS = IriMap.for_base("https://w3id.org/actieplan/id/")


@pytest.mark.parametrize(
    ("iri", "target"),
    [
        ("https://w3id.org/actieplan/id/organisation/abb", "/id/organisation/abb"),
        ("https://w3id.org/actieplan/def#Action", "/def#Action"),
        (
            "https://themis.vlaanderen.be/id/mandataris/1",
            "https://themis.vlaanderen.be/id/mandataris/1",
        ),
        ("HTTP://example.org/x", "HTTP://example.org/x"),
        ("javascript:alert(document.domain)//x", None),
        ("JavaScript:alert(1)", None),
        (" javascript:alert(1)", None),  # a browser drops the leading space
        ("java\tscript:alert(1)", None),  # and the tab
        ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", None),
        ("vbscript:msgbox(1)", None),
        ("mailto:someone@example.org", None),
        ("http:/relative-looking", None),  # no host
        ("urn:isbn:0451450523", None),
        # the site's IRI of a path that starts with "/" stays on the site
        ("https://w3id.org/actieplan//evil.example", "/%2Fevil.example"),
    ],
)
def test_only_http_iris_and_local_paths_become_links(iri, target):
    assert link_target(IRIS, iri) == target


@pytest.mark.parametrize(
    ("path", "link"),
    [
        ("/", "/"),
        ("/network", "/network"),
        ("//evil.example", "/%2Fevil.example"),
        ("/\\evil.example", "/%5Cevil.example"),
        ("///evil.example", "/%2F%2Fevil.example"),
        ("\\\\evil.example", "/%5Cevil.example"),
    ],
)
def test_site_paths_have_one_leading_slash(path, link):
    assert site_path(path) == link


def test_page_policy_is_strict_and_extends_only_what_it_is_given():
    policy = dict(part.split(" ", 1) for part in PAGE_POLICY.split("; "))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "unsafe" not in PAGE_POLICY
    extended = page_policy({"style-src": ("'sha256-x'",), "worker-src": ("blob:",)})
    assert "style-src 'self' 'sha256-x'" in extended and "worker-src blob:" in extended
    assert "script-src 'self';" in extended and "unsafe" not in extended


def test_policy_by_media_type():
    assert policy_for(b"text/html; charset=utf-8") == PAGE_POLICY.encode()
    assert policy_for(b"application/json") == DOCUMENT_POLICY.encode()
    assert policy_for(b"") == DOCUMENT_POLICY.encode()


def _hash_source(css: str) -> str:
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"


def test_editor_style_hashes_are_those_of_the_vendored_yasgui():
    """The two <style> elements YASGUI's column resizer adds: its grip rules and the drag
    cursor (`*{cursor:` + its dragCursor + `!important}`), read from the vendored file."""
    bundle = (STATIC / "vendor" / "yasgui-4.6.2" / "yasgui.min.js").read_text(encoding="utf-8")
    grips = re.findall(r"r\.createStyle\(a,`([^`]*)`\)", bundle)
    cursor = re.findall(r"dragCursor:`([^`]*)`", bundle)
    assert len(grips) == 1 and len(cursor) == 1
    expected = (_hash_source(grips[0]), _hash_source(f"*{{cursor:{cursor[0]}!important}}"))
    assert expected == RESIZER_STYLES
    assert all(source in EDITOR_POLICY for source in expected)
