"""Where to draw each actor of an actor network: a deterministic layout with the central actors
in the middle, spread so that their names have room.

Plain functions over networkx graphs (no numpy: the plan's networks have tens of actors).
The browser places the names (api/pages/static/network.js: a name whose box would overlap
another goes into the actor's tooltip); this layout only gives it room to do so.
"""

from __future__ import annotations

import math

import networkx as nx

CENTRE_PULL = 1.0  # keeps actors without ties near the others
CENTRAL_PULL = 2.0  # extra pull to the centre for the most central actor, less for the others
TIE_PULL = 0.2  # how strongly the strongest tie draws its two actors together
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
# The smallest distance between two actors, as a share of the side of the drawing: room for a
# name beside each disc.
MINIMUM_GAP = 0.11


def centrality_order(network: nx.Graph) -> list[str]:
    """The actors from the most central to the least: weighted degree (shared actions added up
    over all partners), then number of partners, then id (a fixed order for ties)."""

    def key(node: str) -> tuple[float, int, str]:
        weighted = sum(e.get("shared_actions", 1) for *_, e in network.edges(node, data=True))
        return -weighted, -network.degree(node), str(node)

    return sorted(network, key=key)


def positions(network: nx.Graph, iterations: int = 200) -> dict[str, tuple[float, float]]:
    """Where to draw each actor, in [-1, 1]²: the most central actor at (0, 0), each axis
    reaching -1 or 1 (the drawing is stretched to its box).

    Start: a sunflower spiral in `centrality_order`, the most central actor at the centre.
    Then a force-directed layout (Fruchterman-Reingold: every pair repels, ties attract in
    proportion to their shared actions) with a pull to the centre that is strongest for the
    most central actors, the most central one held at the centre; last, any two actors closer
    than MINIMUM_GAP are pushed apart. No random numbers: the same network always gets the
    same picture."""
    order = centrality_order(network)
    count = len(order)
    if count < 2:
        return {str(node): (0.0, 0.0) for node in order}
    order = [str(node) for node in order]
    rank = {node: i for i, node in enumerate(order)}
    place = {
        node: [
            math.sqrt(i / count) * math.cos(i * GOLDEN_ANGLE),
            math.sqrt(i / count) * math.sin(i * GOLDEN_ANGLE),
        ]
        for i, node in enumerate(order)
    }
    ideal = math.sqrt(4 / count)  # the square's area shared out between the actors
    strongest = max((e.get("shared_actions", 1) for *_, e in network.edges(data=True)), default=1)
    ties = sorted(  # in a fixed order, whatever order the graph holds them in
        (*sorted((str(a), str(b))), e.get("shared_actions", 1) / strongest)
        for a, b, e in network.edges(data=True)
    )
    pull_of = {node: CENTRE_PULL + CENTRAL_PULL * (1 - rank[node] / count) for node in order}
    for step in range(iterations):
        move = {node: [0.0, 0.0] for node in order}
        for i, a in enumerate(order):
            for b in order[i + 1 :]:
                dx, dy = place[a][0] - place[b][0], place[a][1] - place[b][1]
                distance = max(math.hypot(dx, dy), 1e-3)
                push = ideal * ideal / distance
                move[a][0] += dx / distance * push
                move[a][1] += dy / distance * push
                move[b][0] -= dx / distance * push
                move[b][1] -= dy / distance * push
        for a, b, weight in ties:
            dx, dy = place[a][0] - place[b][0], place[a][1] - place[b][1]
            distance = max(math.hypot(dx, dy), 1e-3)
            pull = distance * distance / ideal * weight * TIE_PULL
            move[a][0] -= dx / distance * pull
            move[a][1] -= dy / distance * pull
            move[b][0] += dx / distance * pull
            move[b][1] += dy / distance * pull
        temperature = 0.1 * (1 - step / iterations) + 0.002
        for node in order[1:]:  # the most central actor stays at the centre
            x, y = place[node]
            move[node][0] -= x * ideal * pull_of[node]
            move[node][1] -= y * ideal * pull_of[node]
            length = max(math.hypot(*move[node]), 1e-9)
            step_length = min(length, temperature)
            place[node] = [
                x + move[node][0] / length * step_length,
                y + move[node][1] / length * step_length,
            ]
    _separate(order, place, MINIMUM_GAP * _side(place))
    return _filled(place, order[0])


def _side(place: dict[str, list[float]]) -> float:
    xs = [p[0] for p in place.values()]
    ys = [p[1] for p in place.values()]
    return max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)


def _separate(order: list[str], place: dict[str, list[float]], gap: float) -> None:
    """Push apart, in fixed order, every two actors closer than `gap` (at most 50 rounds)."""
    for _ in range(50):
        moved = False
        for i, a in enumerate(order):
            for b in order[i + 1 :]:
                dx, dy = place[b][0] - place[a][0], place[b][1] - place[a][1]
                distance = math.hypot(dx, dy)
                if distance >= gap:
                    continue
                moved = True
                if distance < 1e-9:  # on top of each other: apart along a fixed direction
                    dx, dy, distance = math.cos(i), math.sin(i), 1.0
                shift = (gap - distance) / 2
                place[a][0] -= dx / distance * shift
                place[a][1] -= dy / distance * shift
                place[b][0] += dx / distance * shift
                place[b][1] += dy / distance * shift
        if not moved:
            return


def _filled(place: dict[str, list[float]], centre: str) -> dict[str, tuple[float, float]]:
    """The positions moved so that `centre` is at (0, 0), and scaled on each axis so that the
    farthest actor of that axis is at -1 or 1 (an axis with one value: 0)."""
    cx, cy = place[centre]
    reach_x = max(abs(p[0] - cx) for p in place.values())
    reach_y = max(abs(p[1] - cy) for p in place.values())

    def scaled(value: float, reach: float) -> float:
        return round(value / reach, 4) if reach > 1e-9 else 0.0

    return {
        str(node): (scaled(x - cx, reach_x), scaled(y - cy, reach_y))
        for node, (x, y) in place.items()
    }
