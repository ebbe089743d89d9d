"""Compiled kernels of the genetic search: serial SGS, forward-backward improvement, one generation.

Plain arrays only (numba's nopython mode): jobs 0..n-1 with fixed lengths, start-to-start arcs
`start[succ] >= start[pred] + lag` in CSR form (per job, the arcs that end in it), capacity per
resource and time step. Everything here is deterministic for a given numpy seed.
"""

from __future__ import annotations

import numpy as np
from numba import njit

INFEASIBLE = 1 << 60


@njit(cache=True, nogil=True)
def sgs(order, dur, dem, release, ptr, src, lag, profile, use, start):  # type: ignore[no-untyped-def]
    """Serial SGS: each job in `order` at its earliest precedence- and resource-feasible start.

    Returns the makespan (INFEASIBLE when a job does not fit in the profile); fills `start`.
    """
    n = order.shape[0]
    nres = dem.shape[1]
    horizon = profile.shape[1]
    use[:, :] = profile
    need = np.empty(nres, np.int64)  # the resources the job at hand uses
    span = 0
    for k in range(n):
        j = order[k]
        t = release[j]
        for e in range(ptr[j], ptr[j + 1]):
            v = start[src[e]] + lag[e]
            if v > t:
                t = v
        d = dur[j]
        m = 0
        for r in range(nres):
            if dem[j, r] != 0:
                need[m] = r
                m += 1
        # scan the window [t, t + d) backwards, one step at a time over every resource the job uses;
        # on a clash the window moves past it, and the steps from the clash to the old window's end
        # are known to have room, so each step is looked at once per job (jobs of tightly constrained
        # plans are pushed far right: rescanning the same steps once per resource made the search a
        # fifth slower on J90's low-resource-strength instances)
        fits = t  # the steps [t, fits) are known to have room for the job
        while True:
            if t + d > horizon:
                return INFEASIBLE
            clash = -1
            u = t + d - 1
            while u >= fits:
                for i in range(m):
                    if use[need[i], u] < dem[j, need[i]]:
                        clash = u
                        break
                if clash >= 0:
                    break
                u -= 1
            if clash < 0:
                break
            fits = t + d
            t = clash + 1
        for r in range(nres):
            q = dem[j, r]
            if q != 0:
                for u in range(t, t + d):
                    use[r, u] -= q
        start[j] = t
        if t + d > span:
            span = t + d
    return span


@njit(cache=True, nogil=True)
def order_by(key, sptr, sdst, indeg, order):  # type: ignore[no-untyped-def]
    """A topological order taking, among the jobs whose predecessors are all placed, the lowest key."""
    n = key.shape[0]
    left = indeg.copy()
    ready = np.empty(n, np.int64)
    nready = 0
    for j in range(n):
        if left[j] == 0:
            ready[nready] = j
            nready += 1
    for k in range(n):
        best = 0
        for i in range(1, nready):
            a, b = ready[i], ready[best]
            if key[a] < key[b] or (key[a] == key[b] and a < b):
                best = i
        j = ready[best]
        nready -= 1
        ready[best] = ready[nready]
        order[k] = j
        for e in range(sptr[j], sptr[j + 1]):
            s = sdst[e]
            left[s] -= 1
            if left[s] == 0:
                ready[nready] = s
                nready += 1


@njit(cache=True, nogil=True)
def improve(order, fwd, bwd, work, start, rounds):  # type: ignore[no-untyped-def]
    """Decode `order` and justify the plan right then left, `rounds` times at most or until it stops
    shrinking (forward-backward improvement).

    `fwd`/`bwd` are the forward and mirrored problems; `order` is rewritten to the improved plan's
    start order, so children inherit it (Lamarckian). Returns the makespan.
    """
    dur, dem, release, ptr, src, lag, profile, sptr, sdst, indeg = fwd
    rdem, rrelease, rptr, rsrc, rlag, rprofile, rsptr, rsdst, rindeg = bwd
    use, rstart, key = work
    span = sgs(order, dur, dem, release, ptr, src, lag, profile, use, start)
    if span >= INFEASIBLE:
        return span
    n = order.shape[0]
    best = start.copy()
    for _ in range(rounds):
        # right justification: on the mirrored axis, latest finishers first
        for j in range(n):
            key[j] = -(start[j] + dur[j])
        order_by(key, rsptr, rsdst, rindeg, order)
        back = sgs(order, dur, rdem, rrelease, rptr, rsrc, rlag, rprofile, use, rstart)
        if back >= INFEASIBLE:
            break
        for j in range(n):
            key[j] = back - rstart[j] - dur[j]  # the start that plan gives on the forward axis
        order_by(key, sptr, sdst, indeg, order)
        again = sgs(order, dur, dem, release, ptr, src, lag, profile, use, start)
        if again >= span:
            break
        span = again
        best[:] = start
    start[:] = best
    for j in range(n):
        key[j] = best[j]
    order_by(key, sptr, sdst, indeg, order)
    return span


@njit(cache=True, nogil=True)
def crossover(mother, father, q1, q2, child, taken):  # type: ignore[no-untyped-def]
    """Two-point crossover of activity lists: keeps both parents' relative orders (so precedences)."""
    n = mother.shape[0]
    taken[:] = False
    k = 0
    for i in range(q1):
        child[k] = mother[i]
        taken[mother[i]] = True
        k += 1
    for i in range(n):
        if k >= q2:
            break
        j = father[i]
        if not taken[j]:
            child[k] = j
            taken[j] = True
            k += 1
    for i in range(n):
        j = mother[i]
        if not taken[j]:
            child[k] = j
            taken[j] = True
            k += 1


@njit(cache=True, nogil=True)
def peak_window(start, dur, dem, profile, length):  # type: ignore[no-untyped-def]
    """The first window [t, t + length) of the plan `start` with the most resource utilisation (the sum
    over its steps and the resources of use / capacity); returns t."""
    n = start.shape[0]
    nres = dem.shape[1]
    horizon = profile.shape[1]
    span = 0
    for j in range(n):
        if start[j] + dur[j] > span:
            span = start[j] + dur[j]
    span = min(span, horizon)
    load = np.zeros(span + 1, np.float64)
    for j in range(n):
        for r in range(nres):
            q = dem[j, r]
            if q != 0:
                for u in range(max(start[j], 0), min(start[j] + dur[j], span)):
                    if profile[r, u] > 0:
                        load[u] += q / profile[r, u]
    length = max(1, min(length, span))
    best, best_t = -1.0, 0
    total = 0.0
    for u in range(span):
        total += load[u]
        if u >= length:
            total -= load[u - length]
        if u >= length - 1 and total > best + 1e-9:
            best, best_t = total, u - length + 1
    return best_t


@njit(cache=True, nogil=True)
def peak_crossover(mother, father, mstart, dur, dem, profile, length, sptr, sdst, indeg, child):  # type: ignore[no-untyped-def]
    """Peak crossover (after Valls, Ballestín and Quintanilla, 2008): the child takes the jobs that start
    in the mother's plan `mstart` inside its window of highest resource utilisation (`peak_window`) in
    the mother's order; the jobs that start before it come first and those after it last, each in the
    father's order. Returns the window's first step.

    The child is a topological order whatever the links: it is the order `order_by` takes with those
    keys, which is exactly the three blocks when every link's lag keeps successors starting no earlier
    than their predecessors (the blocks are then closed under predecessors); with leads it repairs.
    """
    n = mother.shape[0]
    t = peak_window(mstart, dur, dem, profile, length)
    key = np.empty(n, np.float64)
    for i in range(n):
        j = father[i]
        key[j] = i if mstart[j] < t else 2 * n + i
    for i in range(n):
        j = mother[i]
        if t <= mstart[j] < t + length:
            key[j] = n + i
    order_by(key, sptr, sdst, indeg, child)
    return t


@njit(cache=True, nogil=True)
def move(child, linked):  # type: ignore[no-untyped-def]
    """Shift mutation: one job to a random place between its last predecessor and first successor."""
    n = child.shape[0]
    i = np.random.randint(n)
    j = child[i]
    lo = i
    while lo > 0 and not linked[child[lo - 1], j]:
        lo -= 1
    hi = i
    while hi < n - 1 and not linked[child[hi + 1], j]:
        hi += 1
    k = lo + np.random.randint(hi - lo + 1)
    if k < i:
        for m in range(i, k, -1):
            child[m] = child[m - 1]
    else:
        for m in range(i, k):
            child[m] = child[m + 1]
    child[k] = j


@njit(cache=True, nogil=True)
def fittest(spans, tournament):  # type: ignore[no-untyped-def]
    """Tournament selection: the shortest of `tournament` lists drawn at random (the first on ties)."""
    best = np.random.randint(spans.shape[0])
    for _ in range(tournament - 1):
        other = np.random.randint(spans.shape[0])
        if spans[other] < spans[best]:
            best = other
    return best


@njit(cache=True, nogil=True)
def generation(  # type: ignore[no-untyped-def]
    pop, spans, starts, fwd, bwd, work, linked, mutation, shift, rounds, peak, width, tournament, child,
    start, taken, halt,
):  # fmt: skip
    """One generation: as many children as parents (each parent the shortest of `tournament` lists
    drawn, two-point crossover or with chance `peak` the peak crossover, adjacent swaps, decoding with
    FBI), then the best of parents and children survive, one copy per makespan and list. `starts` holds
    each list's justified plan (the peak crossover reads the mother's); the peak window is drawn between
    half and all of `width` × the mother's makespan.

    `halt[0]` set (by another thread) ends it between two children with the population unchanged:
    on large plans a generation takes seconds, and the search must stop when the time is up.
    """
    size, n = pop.shape
    kids = np.empty_like(pop)
    kid_starts = np.empty_like(pop)
    kid_spans = np.empty(size, np.int64)
    for c in range(size):
        if halt[0]:
            return
        mother = fittest(spans, tournament)
        father = fittest(spans, tournament)
        # (peak 0 draws nothing more: the two-point search keeps its random stream)
        peaked = peak > 0.0 and np.random.random() < peak
        if peaked:
            if np.random.random() < 0.5:
                mother, father = father, mother
            peaked = spans[mother] < INFEASIBLE  # (a list no plan fits has no peak)
        if peaked:
            longest = max(1, int(width * spans[mother]))
            length = longest // 2 + np.random.randint(longest - longest // 2 + 1)
            peak_crossover(
                pop[mother], pop[father], starts[mother], fwd[0], fwd[1], fwd[6], length, fwd[7], fwd[8],
                fwd[9], child,
            )  # fmt: skip
        else:
            q1 = np.random.randint(n + 1)
            q2 = np.random.randint(n + 1)
            if q1 > q2:
                q1, q2 = q2, q1
            if np.random.random() < 0.5:
                crossover(pop[mother], pop[father], q1, q2, child, taken)
            else:
                crossover(pop[father], pop[mother], q1, q2, child, taken)
        for i in range(n - 1):
            if np.random.random() < mutation and not linked[child[i], child[i + 1]]:
                child[i], child[i + 1] = child[i + 1], child[i]
        if np.random.random() < shift:
            move(child, linked)
        kid_spans[c] = improve(child, fwd, bwd, work, start, rounds)
        kids[c] = child
        kid_starts[c] = start
    # survivors: sort everyone by makespan (children first on ties, for drift), drop exact duplicates
    total = 2 * size
    allspans = np.empty(total, np.int64)
    allspans[:size] = kid_spans
    allspans[size:] = spans
    rank = np.argsort(allspans, kind="mergesort")
    out = np.empty_like(pop)
    out_starts = np.empty_like(pop)
    out_spans = np.empty(size, np.int64)
    kept = 0
    for idx in rank:
        if kept == size:
            break
        row = kids[idx] if idx < size else pop[idx - size]
        dup = False
        for m in range(kept):
            if out_spans[m] == allspans[idx]:
                same = True
                for i in range(n):
                    if out[m, i] != row[i]:
                        same = False
                        break
                if same:
                    dup = True
                    break
        if dup:
            continue
        out[kept] = row
        out_starts[kept] = kid_starts[idx] if idx < size else starts[idx - size]
        out_spans[kept] = allspans[idx]
        kept += 1
    while kept < size:  # fewer distinct lists than places: keep the best again
        out[kept] = out[0]
        out_starts[kept] = out_starts[0]
        out_spans[kept] = out_spans[0]
        kept += 1
    pop[:, :] = out
    starts[:, :] = out_starts
    spans[:] = out_spans


@njit(cache=True, nogil=True)
def seed_rng(seed):  # type: ignore[no-untyped-def]
    np.random.seed(seed)


@njit(cache=True, nogil=True)
def climb(best, best_start, span, fwd, bwd, work, linked, rounds, tries, child, start, halt):  # type: ignore[no-untyped-def]
    """Hill climbing on one list: `tries` shifts of one job between its links, each decoded and
    justified; a shift is kept when its plan is no longer (equal: a sideways step off a plateau).
    `best` is rewritten to the last kept list and `best_start` to its plan; returns its makespan."""
    for _ in range(tries):
        if halt[0]:
            break
        child[:] = best
        move(child, linked)
        got = improve(child, fwd, bwd, work, start, rounds)
        if got <= span:
            best[:] = child
            best_start[:] = start
            span = got
    return span
