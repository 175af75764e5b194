"""Minister posts found by the name of the person who held them in the plan's period
(api/readmodel/office_holders.py, api/pages/search.py).

Reference data: data/reference/themis-jambon-ministers.ttl, the Flemish Chancellery's Themis
mandatees of the government "Jambon" (from 2 October 2019, no end): Jan Jambon holds the post of
Buitenlandse Zaken, Cultuur, ICT en Facilitair Management (his portfolio as Minister-President),
Bart Somers Binnenlands Bestuur, Hilde Crevits Economie; minister-posts.toml links each of the
plan's nine posts to its mandatee. The plan's period is 2020-2024 (its title).
"""

from __future__ import annotations

import datetime as dt

import pytest

from actieplan.api.readmodel.office_holders import Holder, office_holders

PLAN = (dt.date(2020, 1, 1), dt.date(2024, 12, 31))


@pytest.fixture(scope="module")
def data(client):
    return client.app.state.plans.only


def test_every_post_of_the_plan_has_its_minister(data):
    holders = office_holders(data.graph, data.catalogue)
    names = {post: [h.name for h in found] for post, found in holders.items()}
    assert len(names) == len(data.catalogue.minister_posts) == 9
    assert names["buitenlandse-zaken"] == ["Jan Jambon"]
    assert names["binnenlands-bestuur"] == ["Bart Somers"]
    assert names["economie"] == ["Hilde Crevits"]
    assert names["mobiliteit"] == ["Lydia Peeters"]
    jambon = holders["buitenlandse-zaken"][0]
    assert (jambon.start, jambon.end) == (dt.date(2019, 10, 2), None)


def test_only_mandates_in_the_plans_period_count():
    before = Holder("Geert", "Bourgeois", dt.date(2014, 7, 25), dt.date(2019, 7, 2))
    during = Holder("Jan", "Jambon", dt.date(2019, 10, 2), None)
    after = Holder("Matthias", "Diependaele", dt.date(2024, 12, 31), None)
    assert not before.overlaps(PLAN)
    assert during.overlaps(PLAN) and after.overlaps(PLAN)  # from its last day: overlaps
    assert not Holder("X", "Y", dt.date(2025, 1, 1), None).overlaps(PLAN)


@pytest.mark.parametrize(
    "text, post, person",
    [
        ("Jambon", "buitenlandse-zaken", "Jan Jambon"),
        ("jan jambon", "buitenlandse-zaken", "Jan Jambon"),
        ("Somers", "binnenlands-bestuur", "Bart Somers"),
        ("Crevits", "economie", "Hilde Crevits"),
    ],
)
def test_search_finds_a_post_by_its_ministers_name(client, text, post, person):
    found = client.get("/search.json", params={"q": text}).json()
    assert [h["path"] for h in found["hits"]] == [f"/id/minister-post/{post}"]
    assert found["hits"][0]["people"] == [person] and found["hits"][0]["match"] == "whole"
    page = client.get("/search", params={"q": text})
    assert person in page.text and "1 resultaat voor" in page.text


def test_search_hits_without_a_minister_still_show(client):
    page = client.get("/search", params={"q": "ABB"})
    assert page.status_code == 200 and "Agentschap Binnenlands Bestuur" in page.text
    assert "minister tijdens de looptijd" not in page.text
