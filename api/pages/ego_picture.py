"""An organisation's ego network as a picture: inline SVG drawn on the server.

Positions are computed, not random (a radial layout: strong ties close to the centre, partners
tied to each other side by side), so the same network is drawn the same way on every request;
the service has no numpy, which networkx's force layouts need. Each node links to its
page; the picture carries a `<title>`, a `<desc>` and an `aria-label` with a text summary, so a
screen reader says what it shows; the page lists the same partners as a table. Its role is
"group", not "img": an image's children are presentational, so its links would be hidden from
assistive technology (axe-core's nested-interactive rule).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import networkx as nx
from markupsafe import Markup

WIDTH, HEIGHT, MARGIN = 720, 460, 70
LABEL_CHARS = 22  # longer names are cut, the full name is in the node's <title>


@dataclass(frozen=True)
class Placed:
    """A node's place in the picture."""

    id: str
    x: float
    y: float


def layout(ego: nx.Graph, centre: str) -> dict[str, Placed]:
    """Positions within the picture's box: the centre in the middle, its partners around it on
    an ellipse, closer the more actions they share with the centre. Partners tied to each other
    (a connected group once the centre is left out, networkx) sit side by side, largest group
    first; within a group, most shared actions first, then by id."""
    partners = ego.subgraph([n for n in ego if n != centre])
    groups = sorted(
        (sorted(group) for group in nx.connected_components(partners)),
        key=lambda g: (-len(g), g),
    )

    def strength(node: str) -> int:
        tie = ego.get_edge_data(centre, node) or {}
        return int(tie.get("shared_actions", 0))

    order = [n for group in groups for n in sorted(group, key=lambda n: (-strength(n), n))]
    strongest = max((strength(n) for n in order), default=1) or 1
    places = {centre: Placed(centre, WIDTH / 2, HEIGHT / 2)}
    half_w, half_h = WIDTH / 2 - MARGIN, HEIGHT / 2 - MARGIN / 2
    for index, node in enumerate(order):
        angle = 2 * math.pi * index / len(order) - math.pi / 2
        reach = 0.55 + 0.45 * (1 - strength(node) / strongest)  # 0.55 (strongest) .. 1
        places[node] = Placed(
            node,
            WIDTH / 2 + reach * half_w * math.cos(angle),
            HEIGHT / 2 + reach * half_h * math.sin(angle),
        )
    return places


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def ego_svg(
    ego: nx.Graph,
    centre: str,
    *,
    link: Callable[[str], str | None],
    title: str,
    summary: str,
    edge_text: Callable[[str, str, dict], str],
) -> Markup:
    """The SVG of an ego network (nodes with `name`, `abbreviation`, `iri`; ties with
    `shared_actions`). `link(iri)` is where a node links (None: drawn without a link),
    `edge_text(a, b, tie)` the tooltip of a tie; `title` and `summary` name and describe the
    picture."""
    places = layout(ego, centre)
    parts = [
        f'<svg class="ego" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="group" aria-label="{escape(summary)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(summary)}</desc>",
        '<g class="ties">',
    ]
    for a, b, tie in sorted(ego.edges(data=True), key=lambda e: tuple(sorted(e[:2]))):
        pa, pb = places[a], places[b]
        width = 1 + 0.7 * tie["shared_actions"]
        parts.append(
            f'<line x1="{pa.x:.1f}" y1="{pa.y:.1f}" x2="{pb.x:.1f}" y2="{pb.y:.1f}" '
            f'stroke-width="{width:.1f}"><title>{escape(edge_text(a, b, tie))}</title></line>'
        )
    parts.append('</g><g class="actors">')
    for node in sorted(ego, key=lambda n: (n == centre, n)):  # the centre drawn last, on top
        data, place = ego.nodes[node], places[node]
        label = data.get("abbreviation") or data.get("name") or node
        css = "centre" if node == centre else "partner"
        radius = 14 if node == centre else 9
        target = link(data["iri"])
        opening = f'<a href="{escape(target)}" class="{css}">' if target else f'<g class="{css}">'
        parts.append(
            opening + f"<title>{escape(data.get('name') or node)}</title>"
            f'<circle cx="{place.x:.1f}" cy="{place.y:.1f}" r="{radius}"/>'
            f'<text x="{place.x:.1f}" y="{place.y + radius + 13:.1f}" text-anchor="middle"'
            ' translate="no">'  # a name: the same in every language
            f"{escape(_short(label))}</text>" + ("</a>" if target else "</g>")
        )
    parts.append("</g></svg>")
    return Markup("".join(parts))
