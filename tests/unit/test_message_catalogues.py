"""The message catalogues hold every text the code marks, and Dutch for each of them
(scripts/messages.py --check: the same extraction the maintainers run to update them)."""

from __future__ import annotations

import subprocess
import sys

from support.paths import REPO

from actieplan.api.plumbing.messages import messages


def test_catalogues_in_step_with_the_code_and_all_dutch():
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "messages.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_dutch_words_numbers_and_money():
    dutch, english = messages("nl"), messages("en")
    assert dutch.gettext("Timeline") == "Tijdlijn"
    assert english.gettext("Timeline") == "Timeline"
    assert dutch.ngettext("triple", "triples", 4916) == "triples"
    assert dutch.ngettext("instance", "instances", 1) == "instantie"
    # The issue's own example of a plan total written the Dutch way.
    assert dutch.money(1276248) == "1.276.248 €"
    assert english.money(1276248) == "€1,276,248"
    assert dutch.money(117513.33) == "117.513,33 €"
    assert dutch.number(4916) == "4.916"
    assert dutch.date("2021-04-01") == "1 april 2021"
