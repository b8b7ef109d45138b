"""Fair assignment of judges to entries, over plain data (tested with hypothesis).

Guarantees, or a clear refusal (``AssignmentImpossible``):
- every entry gets exactly ``k`` different judges;
- no judge gets an entry they may not judge (declared conflict, own organisation, own team);
- judges' loads differ by at most one;
- the judge–entry graph is connected whenever swaps can make it so (bias correction
  compares judges through the entries they share), reported in ``Assignment.connected``;
- the same input always gives the same output.

Method (DOMAIN.md): a deterministic greedy — entries with the fewest eligible judges first;
for each, the eligible judge with the lowest load, then an expertise match, then the least
overlap with the judges already chosen for the entry, then the lowest id. Loads are then
levelled along augmenting paths (move one entry per step), and separate components are
joined by swapping two judges between entries of different components.
"""
from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Hashable, Iterable

JudgeId = Hashable
EntryId = Hashable


class AssignmentImpossible(Exception):
    """The constraints cannot all be met; ``entries`` lists those that lack eligible judges."""

    def __init__(self, reason: str, entries: Iterable[EntryId] = ()):
        super().__init__(reason)
        self.reason = reason
        self.entries = sorted(entries, key=str)


@dataclass
class Assignment:
    judges_of: dict[EntryId, list[JudgeId]]
    connected: bool

    def loads(self) -> dict[JudgeId, int]:
        counts: dict[JudgeId, int] = defaultdict(int)
        for judges in self.judges_of.values():
            for judge in judges:
                counts[judge] += 1
        return dict(counts)

    def pairs(self) -> set[tuple[JudgeId, EntryId]]:
        return {(judge, entry) for entry, judges in self.judges_of.items() for judge in judges}


def assign(entries: Iterable[EntryId], judges: Iterable[JudgeId], k: int, *,
           forbidden: set[tuple[JudgeId, EntryId]] = frozenset(),
           preferred: set[tuple[JudgeId, EntryId]] = frozenset()) -> Assignment:
    """Give each entry ``k`` judges; ``forbidden`` pairs never happen, ``preferred`` ones are favoured."""
    entries, judges = sorted(set(entries), key=_order), sorted(set(judges), key=_order)
    eligible = {e: [j for j in judges if (j, e) not in forbidden] for e in entries}
    short = [e for e in entries if len(eligible[e]) < k]
    if short:
        raise AssignmentImpossible("not enough eligible judges", short)
    load = {j: 0 for j in judges}
    together: dict[tuple[JudgeId, JudgeId], int] = defaultdict(int)
    judges_of: dict[EntryId, list[JudgeId]] = {}
    for entry in sorted(entries, key=lambda e: (len(eligible[e]), _order(e))):
        chosen: list[JudgeId] = []
        for _ in range(k):
            candidate = min(
                (j for j in eligible[entry] if j not in chosen),
                key=lambda j: (load[j], (j, entry) not in preferred,
                               sum(together[_pair(j, c)] for c in chosen), _order(j)),
            )
            for other in chosen:
                together[_pair(candidate, other)] += 1
            chosen.append(candidate)
            load[candidate] += 1
        judges_of[entry] = chosen
    _level_loads(judges_of, judges, forbidden)
    connected = _connect(judges_of, forbidden)
    return Assignment(judges_of={e: sorted(js, key=_order) for e, js in judges_of.items()}, connected=connected)


def replace_judge(current: dict[EntryId, list[JudgeId]], dropped: JudgeId, judges: Iterable[JudgeId], *,
                  forbidden: set[tuple[JudgeId, EntryId]] = frozenset(),
                  preferred: set[tuple[JudgeId, EntryId]] = frozenset()) -> Assignment:
    """A judge drops out: hand each of their entries to the least-loaded eligible judge.

    Loads are then levelled, which may move other pairs too: pass only the pairs that may
    still change (the service keeps begun score sheets out of ``current``).
    """
    everyone = set(judges) | {j for js in current.values() for j in js}
    remaining = sorted((j for j in everyone if j != dropped), key=_order)
    judges_of = {e: [j for j in js if j != dropped] for e, js in current.items()}
    load = {j: 0 for j in remaining}
    for js in judges_of.values():
        for j in js:
            load[j] = load.get(j, 0) + 1
    for entry in sorted((e for e, js in current.items() if dropped in js), key=_order):
        candidates = [j for j in remaining if j not in judges_of[entry] and (j, entry) not in forbidden]
        if not candidates:
            raise AssignmentImpossible("no eligible judge left for this entry", [entry])
        substitute = min(candidates, key=lambda j: (load[j], (j, entry) not in preferred, _order(j)))
        judges_of[entry].append(substitute)
        load[substitute] += 1
    _level_loads(judges_of, remaining, forbidden)
    connected = _connect(judges_of, forbidden)
    return Assignment(judges_of={e: sorted(js, key=_order) for e, js in judges_of.items()}, connected=connected)


def _level_loads(judges_of: dict[EntryId, list[JudgeId]], judges: list[JudgeId],
                 forbidden: set[tuple[JudgeId, EntryId]]) -> None:
    """Move entries from the busiest judges to the least busy until loads differ by at most one."""
    while True:
        load = {j: 0 for j in judges}
        for js in judges_of.values():
            for j in js:
                load[j] += 1
        highest, lowest = max(load.values(), default=0), min(load.values(), default=0)
        if highest - lowest <= 1:
            return
        sources = [j for j in judges if load[j] == highest]
        path = None
        for source in sources:
            path = _augmenting_path(source, judges_of, judges, load, highest - 2, forbidden)
            if path:
                break
        if not path:
            raise AssignmentImpossible("conflicts of interest prevent balanced loads")
        for giver, entry, taker in path:
            judges_of[entry].remove(giver)
            judges_of[entry].append(taker)


def _augmenting_path(source, judges_of, judges, load, target_load, forbidden):
    """Breadth-first: a chain of (giver, entry, taker) moves ending at a judge with load ≤ target_load."""
    entries_of: dict[JudgeId, list[EntryId]] = defaultdict(list)
    for entry in sorted(judges_of, key=_order):
        for judge in judges_of[entry]:
            entries_of[judge].append(entry)
    previous = {source: None}
    queue = deque([source])
    while queue:
        giver = queue.popleft()
        for entry in entries_of[giver]:
            for taker in judges:
                if taker in previous or taker in judges_of[entry] or (taker, entry) in forbidden:
                    continue
                previous[taker] = (giver, entry)
                if load[taker] <= target_load:
                    path, node = [], taker
                    while previous[node] is not None:
                        step_giver, step_entry = previous[node]
                        path.append((step_giver, step_entry, node))
                        node = step_giver
                    return list(reversed(path))
                queue.append(taker)
    return None


def components(judges_of: dict[EntryId, list[JudgeId]]) -> list[set]:
    """Connected components of the judge–entry graph (judges with no entry are left out)."""
    parent: dict = {}

    def find(node):
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for entry, js in judges_of.items():
        for judge in js:
            parent[find(("judge", judge))] = find(("entry", entry))
        find(("entry", entry))
    groups: dict = defaultdict(set)
    for node in list(parent):
        groups[find(node)].add(node)
    return sorted(groups.values(), key=lambda g: sorted(map(str, g)))


def _connect(judges_of: dict[EntryId, list[JudgeId]], forbidden: set[tuple[JudgeId, EntryId]]) -> bool:
    """Join components by swapping judges between two entries; loads and k are unchanged.

    With two or more judges per entry each swap merges two components, so this ends after
    fewer swaps than there are components. With one judge per entry the graph is a set of
    stars that no swap can join.
    """
    if any(len(js) < 2 for js in judges_of.values()):
        return len(components(judges_of)) <= 1
    for _ in range(len(judges_of) + 1):
        groups = components(judges_of)
        if len(groups) <= 1:
            return True
        if not _swap_between(groups[0], groups[1:], judges_of, forbidden):
            return False
    return len(components(judges_of)) <= 1


def _swap_between(first: set, others: list[set], judges_of, forbidden) -> bool:
    """Swap j1 (on e1, first component) with j2 (on e2, another one) so the two components merge.

    They merge only if j1 or j2 keeps another entry in its own component, so at least one
    of them must judge two or more entries; otherwise the swap would just trade places.
    """
    load: dict = defaultdict(int)
    for js in judges_of.values():
        for j in js:
            load[j] += 1
    first_entries = sorted((n[1] for n in first if n[0] == "entry"), key=_order)
    for group in others:
        group_entries = sorted((n[1] for n in group if n[0] == "entry"), key=_order)
        for e1 in first_entries:
            for e2 in group_entries:
                for j1 in judges_of[e1]:
                    for j2 in judges_of[e2]:
                        if (j2, e1) in forbidden or (j1, e2) in forbidden:
                            continue
                        if j2 in judges_of[e1] or j1 in judges_of[e2]:
                            continue
                        if load[j1] < 2 and load[j2] < 2:
                            continue
                        judges_of[e1][judges_of[e1].index(j1)] = j2
                        judges_of[e2][judges_of[e2].index(j2)] = j1
                        return True
    return False


def _pair(a, b):
    return (a, b) if _order(a) <= _order(b) else (b, a)


def _order(value):
    """A total order over ids of mixed types (ints sort numerically, before strings)."""
    return (0, value, "") if isinstance(value, int) else (1, 0, str(value))
