"""ComputedCache (api/plumbing/computed_cache.py): what it keeps, and what `keep` keeps beyond
its budget."""

from __future__ import annotations

from actieplan.api.plumbing.computed_cache import ComputedCache


def counting(value: str):
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        return value

    return calls, compute


def test_an_answer_over_an_eighth_of_the_budget_is_answered_not_kept_unless_kept_for_good():
    cache = ComputedCache(max_bytes=8 * 1024)
    large = "x" * 2048  # over 1 KiB, the most one answer of an 8 KiB budget may take
    calls, compute = counting(large)
    assert cache.get("large", compute) == large
    assert cache.get("large", compute) == large
    assert len(calls) == 2  # computed at each ask
    kept_calls, kept = counting(large)
    for _ in range(3):
        assert cache.get("large", kept, keep=True) == large
    assert len(kept_calls) == 1
    # a scoped view (one plan among many) keeps its own, under its own key
    plan = cache.scoped("plan-a")
    other_calls, other = counting("y" * 2048)
    assert plan.get("large", other, keep=True) == "y" * 2048
    assert plan.get("large", other, keep=True) == "y" * 2048
    assert len(other_calls) == 1
    assert cache.get("large", kept, keep=True) == large


def test_no_cache_keeps_nothing_even_what_is_kept_for_good():
    cache = ComputedCache(max_bytes=0)
    calls, compute = counting("small")
    cache.get("key", compute, keep=True)
    cache.get("key", compute, keep=True)
    assert len(calls) == 2
