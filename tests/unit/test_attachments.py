"""Downloads name their file safely (api/plumbing/attachments.py), and the staff downloads
keep the names their pages promise."""

from __future__ import annotations

from actieplan.api.plumbing.attachments import attachment


def test_a_chosen_name_cannot_break_the_header():
    answer = attachment(b"x", "text/plain", 'netwerk"; evil=1/../x.csv')
    assert answer.headers["content-disposition"] == (
        'attachment; filename="netwerk-evil-1-..-x.csv"'
    )
    assert (
        attachment(b"", "text/plain", "///")
        .headers["content-disposition"]
        .endswith('filename="download"')
    )


def test_staff_downloads_are_named_after_what_they_hold(client):
    names = {
        "/download/organisation/opgroeien.xlsx": "opgroeien",
        "/timeline.csv?year=2021": "2021",
        "/download/actions.xlsx?lang=nl": "actions-nl.xlsx",
    }
    for url, part in names.items():
        disposition = client.get(url).headers["content-disposition"]
        assert disposition.startswith('attachment; filename="') and part in disposition, url
