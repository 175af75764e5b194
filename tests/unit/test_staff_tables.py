"""The staff editions of the plan's tables: /download/actions.xlsx and actions.csv with `lang`
have their headers, sheet names and role words in that language; without it they stay the
dataset's distribution with machine column names."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook


def _book(client, query: str):
    answer = client.get(f"/download/actions.xlsx{query}")
    assert answer.status_code == 200
    return answer, load_workbook(io.BytesIO(answer.content), read_only=True)


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_dutch_workbook_for_staff(client):
    answer, book = _book(client, "?lang=nl")
    assert 'filename="actions-nl.xlsx"' in answer.headers["content-disposition"]
    assert book.sheetnames == ["Acties", "Rollen", "Gedeelde acties", "Volledigheid"]
    actions = _rows(book["Acties"])
    assert actions[0][:4] == ("Actie", "Doelstelling", "Titel", "Coördinerend minister")
    assert "Bedrag 1 (euro)" in actions[0]
    roles = _rows(book["Rollen"])
    assert roles[0] == ("Actie", "Soort", "Code", "Naam", "Rol")
    # Action 1.1: ABB leads, AgII is its partner (the plan's Trekker cell).
    assert ("1.1", "organisatie", "abb", "Agentschap Binnenlands Bestuur", "trekker") in roles
    assert (
        "1.1",
        "organisatie",
        "agii",
        "Agentschap Integratie en Inburgering",
        "partner",
    ) in roles


def test_english_workbook_for_staff(client):
    _, book = _book(client, "?lang=en")
    assert book.sheetnames == ["Actions", "Roles", "Shared actions", "Completeness"]
    roles = _rows(book["Roles"])
    assert roles[0] == ("Action", "Kind", "Code", "Name", "Role")
    assert ("1.1", "organisation", "abb", "Agency for Home Affairs", "lead") in roles


def test_distribution_keeps_machine_names(client):
    _, book = _book(client, "")
    assert book.sheetnames == ["actions", "roles", "shared actions", "completeness"]
    assert _rows(book["roles"])[0] == ("action", "kind", "id", "name", "role")
    text = client.get("/download/actions.csv").content.decode("utf-8-sig")
    assert text.startswith("action,objective,title,coordinating_minister,")


def test_dutch_csv_for_staff(client):
    answer = client.get("/download/actions.csv?lang=nl&delimiter=semicolon")
    assert 'filename="actions-semicolon-nl.csv"' in answer.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Actie", "Doelstelling", "Titel"]
    assert "Timing zoals in het plan" in rows[0]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Actie"] == "1.1"
    assert first["Trekker"] == "Agentschap Binnenlands Bestuur"
    assert first["Begin"] == "2021-04-01"
