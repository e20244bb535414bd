#!/usr/bin/env python3
"""Validates the intake evaluation corpus (titles.csv, titles_fresh.csv, regions.csv, forms.csv).

Checks that every label exists in the reference tables the platform uses
(deploy/refdata/occupations.csv at the detailed level, deploy/refdata/regions.csv,
the Education enum of proto/jobmatch/v1/common.proto), that the texts are
distinct, that each row's split follows the documented md5 rule, and that each
file holds enough rows on both sides of the split. titles_fresh.csv, the second
held-out set of titles, is checked the same way for its labels, and its rows must
all be split `fresh`, be distinct, and not repeat any title of titles.csv.

Usage: check_corpus.py [--root REPO_ROOT] [--sectors]   (root defaults to three levels up)
Exit status 0 when the corpus is valid; otherwise every problem is printed.
Python 3 standard library only.
"""

import argparse
import collections
import csv
import hashlib
import os
import re
import sys

MIN_TITLES = 1300
MIN_FRESH_TITLES = 800
MIN_REGIONS = 300
MIN_FORMS = 200
MIN_PER_KIND = 40
MIN_SECTORS = 20
MIN_PER_SECTOR = 10
# Each side of a split holds between these shares of a file's rows.
SPLIT_LOW, SPLIT_HIGH = 0.40, 0.60

# Province-level codes of the country other than Hunan (43).
OTHER_PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82",
}
FORM_KINDS = ("education", "experience", "headcount", "salary")


def split_of(key):
    """dev when the first byte of md5(key as UTF-8) is even, else heldout."""
    return "dev" if hashlib.md5(key.encode("utf-8")).digest()[0] % 2 == 0 else "heldout"


class Checker:
    def __init__(self):
        self.problems = []

    def fail(self, where, message):
        self.problems.append("%s: %s" % (where, message))

    def read(self, path, header):
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            got = next(reader, None)
            if got != header:
                self.fail(path, "header is %r, want %r" % (got, header))
                return []
            rows = []
            for lineno, row in enumerate(reader, start=2):
                if len(row) != len(header):
                    self.fail("%s:%d" % (path, lineno), "%d cells, want %d" % (len(row), len(header)))
                    continue
                rows.append((lineno, dict(zip(header, row))))
            return rows

    def check_split(self, path, rows, key_of):
        counts = collections.Counter()
        for lineno, r in rows:
            want = split_of(key_of(r))
            if r["split"] != want:
                self.fail("%s:%d" % (path, lineno), "split %r, the rule gives %r" % (r["split"], want))
            counts[r["split"]] += 1
        total = sum(counts.values())
        for side in ("dev", "heldout"):
            share = counts[side] / total if total else 0
            if not SPLIT_LOW <= share <= SPLIT_HIGH:
                self.fail(path, "%s holds %.0f%% of the rows" % (side, 100 * share))
        return counts

    def check_distinct(self, path, rows, key_of, what):
        seen = {}
        for lineno, r in rows:
            k = key_of(r)
            if k in seen:
                self.fail("%s:%d" % (path, lineno), "%s %r repeats line %d" % (what, k, seen[k]))
            seen[k] = lineno


def load_occupations(root):
    path = os.path.join(root, "deploy", "refdata", "occupations.csv")
    with open(path, encoding="utf-8") as f:
        return {r["code"]: r for r in csv.DictReader(f)}


def load_regions(root):
    path = os.path.join(root, "deploy", "refdata", "regions.csv")
    with open(path, encoding="utf-8") as f:
        return {r["code"]: r for r in csv.DictReader(f)}


def load_education_names(root):
    path = os.path.join(root, "proto", "jobmatch", "v1", "common.proto")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    body = re.search(r"enum Education \{(.*?)\}", text, re.S).group(1)
    return set(re.findall(r"(EDUCATION_[A-Z_]+)\s*=", body))


TITLE_HEADER = ["title", "description", "occupation_code", "sector", "split"]


def fold_title(title):
    """Titles equal but for spacing or letter case are the same title."""
    return re.sub(r"\s+", "", title).lower()


def check_title_rows(c, path, rows, occupations):
    """Checks each row's title, code and sector; returns the rows per sector."""
    sectors = collections.Counter()
    for lineno, r in rows:
        where = "%s:%d" % (path, lineno)
        if not r["title"].strip() or r["title"] != r["title"].strip():
            c.fail(where, "title empty or padded: %r" % r["title"])
        occ = occupations.get(r["occupation_code"])
        if occ is None or occ["level"] != "4":
            c.fail(where, "%r is not a detailed occupation code" % r["occupation_code"])
        if not re.fullmatch(r"[a-z_]+", r["sector"]):
            c.fail(where, "sector %r" % r["sector"])
        sectors[r["sector"]] += 1
    c.check_distinct(path, rows, lambda r: r["title"], "title")
    c.check_distinct(path, rows, lambda r: fold_title(r["title"]), "folded title")
    return sectors


def check_titles(c, path, occupations):
    rows = c.read(path, TITLE_HEADER)
    sectors = check_title_rows(c, path, rows, occupations)
    counts = c.check_split(path, rows, lambda r: r["title"])
    if len(rows) < MIN_TITLES:
        c.fail(path, "%d rows, want at least %d" % (len(rows), MIN_TITLES))
    if len(sectors) < MIN_SECTORS:
        c.fail(path, "%d sectors, want at least %d" % (len(sectors), MIN_SECTORS))
    for s, n in sectors.items():
        if n < MIN_PER_SECTOR:
            c.fail(path, "sector %s has %d rows, want at least %d" % (s, n, MIN_PER_SECTOR))
    return counts, sectors, {fold_title(r["title"]) for _, r in rows}


def check_fresh_titles(c, path, occupations, earlier_titles, earlier_sectors):
    """The second held-out set: every row `fresh`, no title already in titles.csv."""
    rows = c.read(path, TITLE_HEADER)
    sectors = check_title_rows(c, path, rows, occupations)
    for lineno, r in rows:
        where = "%s:%d" % (path, lineno)
        if r["split"] != "fresh":
            c.fail(where, "split %r, want 'fresh'" % r["split"])
        if fold_title(r["title"]) in earlier_titles:
            c.fail(where, "title %r is already in titles.csv" % r["title"])
    if len(rows) < MIN_FRESH_TITLES:
        c.fail(path, "%d rows, want at least %d" % (len(rows), MIN_FRESH_TITLES))
    for s in sectors:
        if s not in earlier_sectors:
            c.fail(path, "sector %r is not a sector of titles.csv" % s)
    return len(rows), sectors


def check_regions(c, path, regions):
    rows = c.read(path, ["text", "expected", "split"])
    for lineno, r in rows:
        where = "%s:%d" % (path, lineno)
        e = r["expected"]
        if e == "unknown":
            continue
        m = re.fullmatch(r"outside:(\d\d)", e)
        if m:
            if m.group(1) not in OTHER_PROVINCES:
                c.fail(where, "%r is not a province outside Hunan" % e)
        elif e not in regions:
            c.fail(where, "%r is not a region code" % e)
    c.check_distinct(path, rows, lambda r: r["text"], "text")
    counts = c.check_split(path, rows, lambda r: r["text"])
    if len(rows) < MIN_REGIONS:
        c.fail(path, "%d rows, want at least %d" % (len(rows), MIN_REGIONS))
    return counts


def check_forms(c, path, education_names):
    rows = c.read(path, ["kind", "text", "expected", "split"])
    kinds = collections.Counter()
    for lineno, r in rows:
        where = "%s:%d" % (path, lineno)
        kind, e = r["kind"], r["expected"]
        kinds[kind] += 1
        if kind == "education":
            ok = e in education_names
        elif kind == "experience":
            ok = re.fullmatch(r"\d{1,2}(;graduate)?", e) is not None
        elif kind == "headcount":
            ok = e == "unspecified" or (e.isdigit() and 1 <= int(e) <= 100000)
        elif kind == "salary":
            m = re.fullmatch(r"(\d+),(\d+)", e)
            ok = e == "negotiable" or (
                m is not None
                and (int(m.group(1)) > 0 or int(m.group(2)) > 0)
                and (int(m.group(2)) == 0 or int(m.group(1)) <= int(m.group(2))))
        else:
            c.fail(where, "kind %r" % kind)
            continue
        if not ok:
            c.fail(where, "%s expected %r is malformed" % (kind, e))
    c.check_distinct(path, rows, lambda r: (r["kind"], r["text"]), "kind and text")
    counts = c.check_split(path, rows, lambda r: r["kind"] + "|" + r["text"])
    if len(rows) < MIN_FORMS:
        c.fail(path, "%d rows, want at least %d" % (len(rows), MIN_FORMS))
    for k in FORM_KINDS:
        if kinds[k] < MIN_PER_KIND:
            c.fail(path, "%d %s rows, want at least %d" % (kinds[k], k, MIN_PER_KIND))
    return counts


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=os.path.normpath(os.path.join(here, "..", "..", "..")))
    ap.add_argument("--sectors", action="store_true",
                    help="also print the rows per sector of titles.csv and titles_fresh.csv")
    args = ap.parse_args()
    c = Checker()
    occupations = load_occupations(args.root)
    titles, sectors, title_keys = check_titles(c, os.path.join(here, "titles.csv"), occupations)
    fresh, fresh_sectors = check_fresh_titles(
        c, os.path.join(here, "titles_fresh.csv"), occupations, title_keys, sectors)
    regions = check_regions(c, os.path.join(here, "regions.csv"), load_regions(args.root))
    forms = check_forms(c, os.path.join(here, "forms.csv"), load_education_names(args.root))
    for name, counts in (("titles", titles), ("regions", regions), ("forms", forms)):
        print("%-8s dev %5d  heldout %5d" % (name, counts["dev"], counts["heldout"]))
    print("sectors  %d" % len(sectors))
    print("fresh    %5d titles in %d sectors" % (fresh, len(fresh_sectors)))
    if args.sectors:
        for s, n in sorted(fresh_sectors.items(), key=lambda kv: (-kv[1], kv[0])):
            print("  %-20s titles %4d  fresh %4d" % (s, sectors[s], n))
    for p in c.problems:
        print("PROBLEM " + p, file=sys.stderr)
    return 1 if c.problems else 0


if __name__ == "__main__":
    sys.exit(main())
