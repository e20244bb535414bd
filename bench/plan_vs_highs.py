#!/usr/bin/python3
"""Campaign plan side by side: the platform's SolveOptimal (bench/plan_side)
against HiGHS through scipy (Debian's python3-scipy) on the same instance
files, with the same objective checked.

    bench/plan_vs_highs.py BUILD_DIR WORK_DIR PEOPLE [PEOPLE ...]

For each size (posts are a tenth of the people) it runs plan_side, which
writes plan_benchmark's random instance as CSV and times the platform on it,
then builds the same model for HiGHS and solves it, and prints one Markdown
row per size. The model (matcher/planning/plan_types.h, optimal_solver.cc):

  x[j]      pair j takes an open seat of its post
  s[j,g]    pair j takes one of its post's seats kept for group g (the person
            is in g)
  y[i,g]    person i counts towards the campaign floor of g (i is in g)
  person:   sum of i's x and s                <= 1
  post:     sum of its x and s                <= openings
  seats:    sum of s[., g] of the post        <= the seats kept for g
  floor:    sum_g y[i,g] - (i's x and s)      <= 0;   sum_i y[i,g] <= floor of g
  maximise  B * (sum s + sum y) + sum of score thousandths of the taken pairs

with B = 1 + the sum of every person's best score (in thousandths), so the
fills come first and the score second, as in the platform. The constraint
matrix is that of a flow network, so the LP's vertex is integral; scipy's
milp (HiGHS branch and cut) is asked for integers all the same and for a
zero gap. Both objectives are compared in integer thousandths.
"""
import csv
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows)
        return list(rows)


def groups_of(text):
    return [g for g in text.split(";") if g]


def solve_highs(folder, time_limit):
    people = read_rows(os.path.join(folder, "people.csv"))
    posts = read_rows(os.path.join(folder, "posts.csv"))
    pairs = read_rows(os.path.join(folder, "pairs.csv"))
    floors = {}
    if os.path.exists(os.path.join(folder, "campaign.csv")):
        for g, k in read_rows(os.path.join(folder, "campaign.csv")):
            floors[g] = floors.get(g, 0) + int(k)
    person_index = {row[0]: i for i, row in enumerate(people)}
    person_groups = [groups_of(row[2]) for row in people]
    post_index = {row[0]: i for i, row in enumerate(posts)}
    openings = [int(row[2]) for row in posts]
    seats = {}  # (post, group) -> row of the seat constraint, places
    for p, row in enumerate(posts):
        for item in groups_of(row[3]):
            g, k = item.rsplit(":", 1)
            seats[(p, g)] = int(k)

    started = time.monotonic()
    # Columns: x per pair, then s per (pair, group), then y per (person, group).
    cols_person, cols_post, cost, seat_of, col_score = [], [], [], [], []
    best = [0] * len(people)
    pair_score = []
    for person_id, post_id, score, _ in pairs:
        i, p = person_index[person_id], post_index[post_id]
        t = round(float(score) * 1000)
        pair_score.append(t)
        best[i] = max(best[i], t)
        cols_person.append(i)
        cols_post.append(p)
        cost.append(t)
        seat_of.append(None)
        col_score.append(t)
    n_pairs = len(pairs)
    bonus = 1 + sum(best)
    for j in range(n_pairs):
        i, p = cols_person[j], cols_post[j]
        for g in person_groups[i]:
            if (p, g) in seats:
                cols_person.append(i)
                cols_post.append(p)
                cost.append(pair_score[j] + bonus)
                seat_of.append(g)
                col_score.append(pair_score[j])
    n_xs = len(cost)
    y_person, y_group = [], []
    for i, gs in enumerate(person_groups):
        for g in gs:
            if g in floors:
                y_person.append(i)
                y_group.append(g)
    n = n_xs + len(y_person)

    rows, cols, vals, upper = [], [], [], []
    n_people, n_posts = len(people), len(posts)
    col = np.arange(n_xs)
    cp = np.array(cols_person)
    cq = np.array(cols_post)
    # person <= 1
    rows.append(cp); cols.append(col); vals.append(np.ones(n_xs))
    upper += [1] * n_people
    # post <= openings
    rows.append(n_people + cq); cols.append(col); vals.append(np.ones(n_xs))
    upper += openings
    base = n_people + n_posts
    # seats kept for a group
    seat_row = {key: base + k for k, key in enumerate(seats)}
    upper += list(seats.values())
    sr, sc = [], []
    for j in range(n_pairs, n_xs):
        sr.append(seat_row[(cols_post[j], seat_of[j])])
        sc.append(j)
    rows.append(np.array(sr, dtype=np.int64)); cols.append(np.array(sc, dtype=np.int64))
    vals.append(np.ones(len(sr)))
    base += len(seats)
    # floor link: sum_g y[i,g] - placed(i) <= 0, one row per person with a floor group
    link_row = {}
    for i in sorted(set(y_person)):
        link_row[i] = base + len(link_row)
    upper += [0] * len(link_row)
    lr, lc, lv = [], [], []
    for j in range(n_xs):
        i = cols_person[j]
        if i in link_row:
            lr.append(link_row[i]); lc.append(j); lv.append(-1.0)
    for k, i in enumerate(y_person):
        lr.append(link_row[i]); lc.append(n_xs + k); lv.append(1.0)
    base += len(link_row)
    floor_row = {g: base + k for k, g in enumerate(floors)}
    upper += list(floors.values())
    for k, g in enumerate(y_group):
        lr.append(floor_row[g]); lc.append(n_xs + k); lv.append(1.0)
    rows.append(np.array(lr, dtype=np.int64)); cols.append(np.array(lc, dtype=np.int64))
    vals.append(np.array(lv))
    n_rows = base + len(floors)
    a = coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                   shape=(n_rows, n)).tocsr()
    c = -np.concatenate([np.array(cost, dtype=np.float64), np.full(len(y_person), float(bonus))])
    built = time.monotonic()
    result = milp(c, constraints=LinearConstraint(a, -np.inf, np.array(upper, dtype=np.float64)),
                  integrality=np.ones(n), bounds=Bounds(0, 1),
                  options={"mip_rel_gap": 0, "time_limit": time_limit, "presolve": True})
    solved = time.monotonic()
    if result.x is None:
        return {"status": result.message, "seconds": solved - built}
    x = np.round(result.x).astype(np.int64)
    taken = x[:n_xs] == 1
    objective = int(np.array(col_score, dtype=np.int64)[taken].sum())
    return {
        "status": result.message,
        "seconds": solved - built,
        "build_seconds": built - started,
        "placed": int(taken.sum()),
        "objective_thousandths": objective,
        "seat_fills": int(taken[n_pairs:].sum()),
        "floor_fills": int(x[n_xs:].sum()),
        "integral": bool(np.all(np.abs(result.x - np.round(result.x)) < 1e-6)),
    }


def main():
    build, work = sys.argv[1], sys.argv[2]
    sizes = [int(s) for s in sys.argv[3:]] or [100000]
    time_limit = float(os.environ.get("BENCH_HIGHS_TIME_LIMIT", "900"))
    for people in sizes:
        folder = os.path.join(work, f"plan-{people}")
        os.makedirs(folder, exist_ok=True)
        ours = json.loads(subprocess.run(
            [os.path.join(build, "bench", "plan_side"), f"--people={people}", f"--dir={folder}"],
            check=True, capture_output=True, text=True).stdout)
        theirs = solve_highs(folder, time_limit)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"plan {people}x{people // 10}: platform {json.dumps(ours)}", file=sys.stderr)
        print(f"plan {people}x{people // 10}: HiGHS {json.dumps(theirs)}, peak {peak:.0f} MiB",
              file=sys.stderr)
        what = f"campaign plan, {people:,} x {people // 10:,} ({ours['pairs']:,} pairs)"
        if "objective_thousandths" not in theirs:
            print(f"| {what} | platform: {ours['seconds']:.3g} s | HiGHS: no answer in "
                  f"{theirs['seconds']:.0f} s ({theirs['status']}) | - |")
            continue
        same = (theirs["objective_thousandths"] == ours["objective_thousandths"] and
                theirs["seat_fills"] + theirs["floor_fills"] ==
                ours["seat_fills"] + ours["floor_fills"])
        print(f"| {what}; objective {'equal' if same else 'DIFFERS'} "
              f"({ours['objective_thousandths'] / 1000:.3f} against "
              f"{theirs['objective_thousandths'] / 1000:.3f}) "
              f"| platform: {ours['seconds']:.3g} s | HiGHS milp: {theirs['seconds']:.3g} s "
              f"(+{theirs['build_seconds']:.3g} s building the model) "
              f"| {ours['seconds'] / theirs['seconds']:.3g} |", flush=True)
        if not same:
            sys.exit(3)


if __name__ == "__main__":
    main()
