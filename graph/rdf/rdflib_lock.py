"""The one process-wide lock for the parts of rdflib and pyshacl that are not thread-safe.

rdflib parses SPARQL with pyparsing, whose grammar objects are shared by the whole process:
each parse action learns how many arguments it takes on its first call (pyparsing's
`_trim_arity` retries on TypeError) and the packrat cache is global. Two threads parsing at
the same time can teach a parse action the wrong arity for good: from then on every parse
fails with `TypeError: Param.postParse2() missing 1 required positional argument`, until the
process restarts (issue 9: two concurrent first calls to /api/completeness broke it). pyshacl
sends its SPARQL-based constraints through the same parser, and serialising an rdflib graph
may bind new prefixes in the graph's shared namespace manager.

So, in any process, whatever parses or evaluates SPARQL with rdflib, runs pyshacl, or
serialises an rdflib graph that other threads can see, holds `RDFLIB_LOCK`:

* `actieplan.graph.sparql.store.RdflibStore.query` (the in-process store of `--engine rdflib`);
* `actieplan.graph.validation.report.run_shacl` (pyshacl; re-entrant: it parses SPARQL while
  holding the lock);
* `actieplan.api.routes.completeness` (the Turtle rendering of the shared report graph);
* `actieplan.graph.followup.plan_facts.action_lines` (the progress-as-of question).

Oxigraph is thread-safe and needs no lock. The lock only serialises: nothing half-done is kept
when a holder fails, so a failed call never breaks later ones.
"""

from __future__ import annotations

import threading

RDFLIB_LOCK = threading.RLock()
