"""The vocabulary page (/def), the generic resource page and the 404 page, in chromium.

Values: the plan has 50 actions, numbered 1.1-1.7 under objective 1; action 3.12 has no lead,
so 49 actions have a lead organisation (tests/support/plan_values.py). ABB (Agentschap
Binnenlands Bestuur) is in the policy domain KBBJ (data/reference/organisations.toml).
Labels and definitions are the ontology's (ontology/actieplan.ttl).
"""

from __future__ import annotations

from rdflib import URIRef

from actieplan.graph.core.vocab import AP

BASE = "https://w3id.org/actieplan/id/"
ACTION = "/id/plan/actieplan-radicalisering-2020-2024/action/"


def test_the_vocabulary_has_action_at_its_fragment_with_its_use(browser_page):
    page = browser_page.open("/def")
    assert page.title().startswith("Ontologie van actieplannen")
    action = page.locator("section#Action")
    assert (
        action.locator("h3").inner_text() == "actie"
    )  # the Dutch label, the name of the term folded
    assert "Geplande actie uit een actieplan" in action.inner_text()
    assert action.locator(".usage").get_attribute("data-count") == "50"
    assert "50 instanties" in action.locator(".usage").inner_text()
    examples = action.locator("ul.examples a")
    assert [examples.nth(i).get_attribute("href") for i in range(examples.count())] == [
        f"{ACTION}1.{n}" for n in range(1, 6)
    ]
    # A property counts its triples, a concept the triples that point to it: 3.12 has no lead.
    lead = page.locator("section#leadOrganisation")
    assert lead.locator(".usage").get_attribute("data-count") == "49"
    assert lead.locator("dd a[href='#Action']").count() == 1  # its domain, within the page
    role = page.locator("section#LeadOrganisationRole")
    assert role.locator(".usage").get_attribute("data-count") == "49"
    browser_page.check_accessibility()
    browser_page.check_links()
    examples.first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"{ACTION}1.1")
    assert "1.1" in page.locator("h1").inner_text()


def test_the_vocabulary_in_english(browser_page):
    page = browser_page.open("/def?lang=en")
    assert page.title().startswith("Action plan ontology")
    action = page.locator("section#Action")
    assert action.locator("h3").inner_text() == "action"
    assert "Planned action of an action plan" in action.inner_text()
    assert "50 instances" in action.locator(".usage").inner_text()
    assert action.locator("ul.examples a").first.get_attribute("href") == f"{ACTION}1.1?lang=en"
    browser_page.check_accessibility()


def test_a_policy_domain_page_shows_what_points_to_it(browser_page, plan_graph):
    kbbj = URIRef(BASE + "policy-domain/kbbj")
    members = set(plan_graph.subjects(AP.policyDomain, kbbj))
    assert URIRef(BASE + "organisation/abb") in members
    page = browser_page.open("/id/policy-domain/kbbj")
    assert page.locator("h1").inner_text() == "Kanselarij, Bestuur, Buitenlandse Zaken en Justitie"
    backlinks = page.locator("section[aria-labelledby=backlinks-heading] td a")
    assert backlinks.count() == len(members) + 1  # and its scheme's skos:hasTopConcept
    scheme = page.locator(
        "section[aria-labelledby=backlinks-heading] a[href='/id/concept-scheme/policy-domains']"
    )
    assert scheme.count() == 1
    abb = page.locator("section[aria-labelledby=backlinks-heading] a[href='/id/organisation/abb']")
    assert abb.inner_text() == "Agentschap Binnenlands Bestuur"
    facts = page.locator("section[aria-labelledby=facts-heading]").inner_text()
    assert "KBBJ" in facts
    editor = page.locator("a[href^='/sparql?edit=']")
    assert editor.count() == 1
    for suffix in ("ttl", "jsonld", "nt", "rdf"):  # the twins
        assert page.locator(f"footer a[href='/id/policy-domain/kbbj.{suffix}']").count() == 1
    browser_page.check_accessibility()
    browser_page.check_links()


def test_a_resource_page_in_english(browser_page):
    page = browser_page.open("/id/policy-domain/kbbj?lang=en")
    assert page.locator("h1").inner_text() == (
        "Chancellery, Public Governance, Foreign Affairs and Justice"
    )
    abb = page.locator("a[href='/id/organisation/abb?lang=en']")
    assert abb.inner_text() == "Agency for Home Affairs"
    browser_page.check_accessibility()


def test_an_unknown_iri_is_a_page_that_says_what_was_looked_for(browser_page, site):
    browser_page.expect_error_answer("/id/organisation/nobody")
    response = browser_page.page.goto(site.url("/id/organisation/nobody"))
    assert response.status == 404
    page = browser_page.page
    assert page.locator("h1").inner_text() == "Niet gevonden"
    assert page.locator(".not-found-iri").inner_text() == BASE + "organisation/nobody"
    assert page.locator(".not-found-path").inner_text() == "/id/organisation/nobody"
    assert page.locator("main a[href='/search?q=nobody']").count() == 1
    browser_page.check_accessibility()
    # chromium logs the wanted 404 as a console error, which expect_error_answer does not cover
    # (tests/support/browser.py): drop exactly that line, keep any other problem
    wanted = "status of 404 (Not Found) ({'url': '" + site.url("/id/organisation/nobody")
    browser_page.problems[:] = [p for p in browser_page.problems if wanted not in p]
