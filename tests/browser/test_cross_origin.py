"""A web application on another site reads the data (CORS, api/plumbing/cors.py) in a real
browser: a page served from a second loopback port (another origin: another port is another
origin) fetches a SPARQL SELECT from the service's /sparql by POST with Content-Type
application/sparql-query (not a "simple" request: chromium sends a preflight first) and an
action's JSON-LD document, and shows what it read; the test reads it from the page. A fetch
that asks to send credentials is refused by the browser: the service allows none.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from support.plan_values import EXPECTED
from support.server import free_port

from actieplan.graph.core.resources import default_source

ACTION = "/id/plan/actieplan-radicalisering-2020-2024/action/3.12"
COUNT_ACTIONS = (
    "PREFIX ap: <https://w3id.org/actieplan/def#>\n"
    "SELECT (COUNT(?action) AS ?actions) WHERE { ?action a ap:Action }"
)
# The page of the other site. Its script: the count of actions by SPARQL, the action's
# JSON-LD document (every string in it, whatever shape the document has), and a credentialed
# fetch that must fail.
PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Another site</title></head>
<body>
<p>Actions: <span id="actions"></span></p>
<pre id="strings"></pre>
<p id="credentials"></p>
<p id="done"></p>
<script>
const service = new URLSearchParams(location.search).get("service");
function strings(value, found) {
  if (typeof value === "string") found.push(value);
  else if (Array.isArray(value)) value.forEach(v => strings(v, found));
  else if (value && typeof value === "object") Object.values(value).forEach(v => strings(v, found));
  return found;
}
async function run() {
  const answer = await fetch(service + "/sparql", {
    method: "POST",
    headers: {"Content-Type": "application/sparql-query",
              "Accept": "application/sparql-results+json"},
    body: QUERY,
  });
  const results = await answer.json();
  document.getElementById("actions").textContent = results.results.bindings[0].actions.value;
  const document_ = await (await fetch(service + ACTION + ".jsonld")).json();
  document.getElementById("strings").textContent = JSON.stringify(strings(document_, []));
  try {
    await fetch(service + ACTION + ".jsonld", {credentials: "include"});
    document.getElementById("credentials").textContent = "sent";
  } catch (error) {
    document.getElementById("credentials").textContent = "refused";
  }
}
run().catch(error => { document.getElementById("done").dataset.error = String(error); })
     .finally(() => { document.getElementById("done").textContent = "done"; });
</script>
</body></html>
"""


def plan_title(number: str) -> str:
    """The action's title as the plan prints it: its row's first cell after "Actie N.M: "."""
    marker = f"Actie {number}: "
    for line in default_source().read_text(encoding="utf-8").splitlines():
        if line.startswith(marker):
            return line[len(marker) :].split("\t", 1)[0]
    raise AssertionError(f"no row of action {number} in the plan")


@pytest.fixture
def other_site() -> Iterator[str]:
    """A plain HTTP server on another loopback port, serving PAGE at /."""
    body = PAGE.replace("QUERY", json.dumps(COUNT_ACTIONS)).replace("ACTION", json.dumps(ACTION))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            if self.path.split("?")[0] != "/":
                self.send_error(404)
                return
            encoded = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(encoded)))
            self.end_headers()
            self.wfile.write(encoded)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_on_another_origin_reads_sparql_and_json_ld(chromium, site, other_site):
    assert other_site != site.base
    context = chromium.new_context()
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    try:
        page.goto(f"{other_site}/?service={site.base}")
        page.wait_for_function("document.getElementById('done').textContent === 'done'")
        error = page.get_attribute("#done", "data-error")
        assert error is None, f"{error}; console: {console}"
        assert len(EXPECTED) == 50  # the plan's actions, one row each in the hand table
        assert page.text_content("#actions") == str(len(EXPECTED))
        strings = json.loads(page.text_content("#strings") or "[]")
        assert plan_title("3.12") == "Informatie-uitwisseling via de Vlaamse verbindingsofficier."
        assert plan_title("3.12") in strings
        # `credentials: "include"` with `Access-Control-Allow-Origin: *` and no
        # Allow-Credentials: the browser refuses to hand the answer to the page.
        assert page.text_content("#credentials") == "refused"
        assert any("CORS" in line or "credentials" in line for line in console), console
    finally:
        context.close()
