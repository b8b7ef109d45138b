"""Fair assignment guarantees, checked on examples and on random inputs with hypothesis."""
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.judging.assignment import AssignmentImpossible, assign, components, replace_judge


def check_guarantees(result, entries, judges, k, forbidden):
    for entry in entries:
        chosen = result.judges_of[entry]
        assert len(chosen) == k, entry
        assert len(set(chosen)) == k, entry
        assert all((judge, entry) not in forbidden for judge in chosen), entry
    loads = Counter(judge for chosen in result.judges_of.values() for judge in chosen)
    all_loads = [loads.get(judge, 0) for judge in judges]
    assert max(all_loads) - min(all_loads) <= 1


def test_forty_entries_eight_judges_three_each():
    result = assign(range(1, 41), range(1, 9), 3, forbidden={(1, 1), (2, 1), (3, 2)})
    check_guarantees(result, range(1, 41), range(1, 9), 3, {(1, 1), (2, 1), (3, 2)})
    assert set(result.loads().values()) == {15}
    assert result.connected is True
    assert len(components(result.judges_of)) == 1


def test_judge_eligible_for_too_few_entries_makes_balance_impossible():
    # 6 entries × 3 judges over 6 judges = 3 each, but judge 100 may judge only entries 2 and 3.
    forbidden = {(100, 0), (100, 1), (100, 4), (100, 5)}
    with pytest.raises(AssignmentImpossible):
        assign(range(6), range(100, 106), 3, forbidden=forbidden)


def test_entry_with_too_few_eligible_judges_is_refused_by_name():
    with pytest.raises(AssignmentImpossible) as refusal:
        assign([1, 2], ["a", "b", "c"], 3, forbidden={("a", 2)})
    assert refusal.value.entries == [2]


def test_expertise_is_preferred_when_loads_allow():
    result = assign([1, 2], ["a", "b", "c", "d"], 1, preferred={("d", 1), ("c", 2)})
    assert result.judges_of == {1: ["d"], 2: ["c"]}


def test_same_input_gives_the_same_assignment():
    kwargs = dict(forbidden={(2, 5), (3, 7)}, preferred={(1, 3), (4, 9)})
    assert assign(range(12), range(1, 6), 2, **kwargs).judges_of == assign(range(12), range(1, 6), 2, **kwargs).judges_of


def test_replace_judge_moves_only_the_dropped_judges_entries():
    before = assign(range(10), ["a", "b", "c", "d"], 2)
    after = replace_judge(before.judges_of, "a", ["a", "b", "c", "d"])
    for entry, judges in before.judges_of.items():
        assert "a" not in after.judges_of[entry]
        assert len(after.judges_of[entry]) == 2
        if "a" not in judges:
            assert after.judges_of[entry] == judges
    loads = after.loads()
    assert max(loads.values()) - min(loads.values()) <= 1


@st.composite
def assignment_problems(draw):
    judge_count = draw(st.integers(min_value=2, max_value=12))
    k = draw(st.integers(min_value=1, max_value=min(4, judge_count)))
    entry_count = draw(st.integers(min_value=1, max_value=40))
    judges = list(range(100, 100 + judge_count))
    entries = list(range(entry_count))
    # Sparse conflicts, but every entry keeps at least k + 1 eligible judges when possible.
    forbidden = set()
    for entry in entries:
        room = judge_count - k - 1
        if room > 0:
            count = draw(st.integers(min_value=0, max_value=min(room, 2)))
            for judge in draw(st.permutations(judges))[:count]:
                forbidden.add((judge, entry))
    # ... and every judge stays eligible for more entries than a balanced load needs, so that
    # a balanced assignment exists (otherwise a refusal is the right answer, tested above).
    budget = entry_count - -(-entry_count * k // judge_count) - 1
    for judge in judges:
        mine = sorted(pair for pair in forbidden if pair[0] == judge)
        for pair in mine[max(budget, 0):]:
            forbidden.discard(pair)
    preferred = {(j, e) for j in judges for e in entries if draw(st.booleans()) and (j, e) not in forbidden} \
        if draw(st.booleans()) else set()
    return entries, judges, k, forbidden, preferred


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assignment_problems())
def test_assignment_guarantees_hold_on_random_inputs(problem):
    entries, judges, k, forbidden, preferred = problem
    result = assign(entries, judges, k, forbidden=forbidden, preferred=preferred)
    check_guarantees(result, entries, judges, k, forbidden)
    # Deterministic: the same input (in another order) gives the same output.
    again = assign(list(reversed(entries)), list(reversed(judges)), k, forbidden=set(forbidden),
                   preferred=set(preferred))
    assert again.judges_of == result.judges_of
    # Connected whenever it can be: with two or more judges per entry, no conflicts, and enough
    # judge–entry pairs to link every entry and every busy judge (a tree needs nodes − 1 edges).
    busy_judges = min(len(judges), len(entries) * k)
    if k >= 2 and not forbidden and len(entries) * k >= len(entries) + busy_judges - 1:
        assert result.connected is True
        assert len(components(result.judges_of)) == 1
    assert result.connected == (len(components(result.judges_of)) == 1)


@settings(max_examples=60, deadline=None)
@given(assignment_problems(), st.data())
def test_replacing_a_dropped_judge_keeps_the_guarantees(problem, data):
    entries, judges, k, forbidden, preferred = problem
    if len(judges) <= k:
        return
    result = assign(entries, judges, k, forbidden=forbidden, preferred=preferred)
    dropped = data.draw(st.sampled_from(judges))
    remaining = [j for j in judges if j != dropped]
    try:
        after = replace_judge(result.judges_of, dropped, judges, forbidden=forbidden, preferred=preferred)
    except AssignmentImpossible:
        # Only acceptable when some entry of the dropped judge has no eligible judge left.
        assert any(all((j, e) in forbidden or j in result.judges_of[e] for j in remaining)
                   for e in entries if dropped in result.judges_of[e])
        return
    check_guarantees(after, entries, remaining, k, forbidden)
