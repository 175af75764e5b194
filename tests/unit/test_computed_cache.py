"""ComputedCache (api/plumbing/computed_cache.py): what it keeps, what its budget for large
answers keeps, and what `keep` keeps beyond both."""

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


def test_an_answer_too_large_for_the_cache_is_kept_in_the_budget_for_large_answers():
    cache = ComputedCache(max_bytes=8 * 1024, large_bytes=64 * 1024)
    large = "x" * 25_000  # over 1 KiB (an eighth of 8 KiB), under 32 KiB (half of 64 KiB)
    calls, compute = counting(large)
    for _ in range(3):
        assert cache.get("timeline", compute) == large
    assert len(calls) == 1
    assert cache.answers.bytes == 0 and cache.large.bytes > 25_000
    # a third large answer pushes out the least recently used: 3 x 25 KB > 64 KiB
    cache.get("budget", counting("y" * 25_000)[1])
    cache.get("timeline", compute)  # used again: the budget answer is now the older
    cache.get("span", counting("z" * 25_000)[1])
    budget_calls, budget = counting("y" * 25_000)
    cache.get("timeline", compute)
    cache.get("budget", budget)
    assert len(calls) == 1 and len(budget_calls) == 1  # timeline kept, budget computed again
    # an answer over half the large budget is answered, not kept
    huge_calls, huge = counting("h" * 40_000)
    cache.get("huge", huge)
    cache.get("huge", huge)
    assert len(huge_calls) == 2


def test_no_cache_keeps_no_large_answer_either():
    cache = ComputedCache(max_bytes=0, large_bytes=64 * 1024)
    calls, compute = counting("x" * 2048)
    cache.get("key", compute)
    cache.get("key", compute)
    assert len(calls) == 2
