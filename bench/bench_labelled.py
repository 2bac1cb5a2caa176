"""Per-rule precision and recall on the labelled post cases (``tests/fixtures/labelled``).

Each case is a post (a title as a poster wrote it, sometimes a body) over a saved corpus page,
with the rules that must fire (``expect``) and those not judged (``dontcare``); every other rule
must stay silent. A rule "fires" when the checker keeps a finding for it at an action above
``note`` (the default ``config/guidelines.toml``). See docs/labelling.md for the guide.

Cases are split dev/test by a hash of the page (the same page never sits in both halves); the
rules are tuned on dev only, and the test half is the number this bench reports first. Beside
each figure: the previous release's, measured by this same file on main's commit ``19358d4``
and kept in ``labelled_baseline.json`` (``--write-baseline FILE`` writes such a file from
whatever ``bot`` is importable, e.g. with ``PYTHONPATH`` pointing at an export of that commit).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.checker import check_article
from bot.extract import extract_article
from bot.extract.encoding import decode_html
from bot.guidelines import load_guidelines
from bot.models import RULE_IDS, Article, Post

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CASES = ROOT / "tests" / "fixtures" / "labelled" / "posts.jsonl"
BASELINE = Path(__file__).with_name("labelled_baseline.json")
JUDGED = tuple(r for r in RULE_IDS if r != "social-media-source")


def load_cases(path: Path = CASES) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _article(page: str, url: str, cache: dict[str, Article]) -> Article:
    if page not in cache:
        with gzip.open(CORPUS / "pages" / f"{page}.html.gz", "rb") as fh:
            html = decode_html(fh.read())
        cache[page] = extract_article(html, url, status="snapshot")
    return cache[page]


def fired(cases: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """Case id -> the rules that fired (finding kept, action above ``note``)."""
    guidelines = load_guidelines()
    community = guidelines.communities[guidelines.default]
    cache: dict[str, Article] = {}
    out: dict[str, list[str]] = {}
    for case in cases:
        article = _article(case["page"], case["url"], cache)
        post = Post(id=case["id"], title=case["title"], url=case["url"], body=case.get("body", ""))
        result = check_article(post, article, community)
        out[case["id"]] = sorted({f.rule for f in result.findings if f.action != "note"})
    return out


def counts(
    cases: Iterable[dict[str, Any]], fired_by_id: dict[str, list[str]]
) -> dict[str, Counter[str]]:
    """Per rule: tp, fp, fn, tn over the cases (dontcare skipped)."""
    table: dict[str, Counter[str]] = {rule: Counter() for rule in JUDGED}
    for case in cases:
        got = set(fired_by_id.get(case["id"], []))
        for rule in JUDGED:
            if rule in case.get("dontcare", []):
                continue
            want, hit = rule in case["expect"], rule in got
            table[rule]["tp" if want and hit else "fn" if want else "fp" if hit else "tn"] += 1
    return table


def scores(c: Counter[str]) -> tuple[float | None, float | None]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None
    return p, r


def summary(cases: list[dict[str, Any]], fired_by_id: dict[str, list[str]]) -> dict[str, Any]:
    """``{split: {rule | "micro": {"p", "r", "tp", "fp", "fn"}}}`` for dev and test."""
    out: dict[str, Any] = {}
    for split in ("dev", "test"):
        part = [c for c in cases if c["split"] == split]
        table = counts(part, fired_by_id)
        total: Counter[str] = sum(table.values(), Counter())
        rows = {**table, "micro": total}
        out[split] = {
            name: {"p": scores(c)[0], "r": scores(c)[1], **{k: c[k] for k in ("tp", "fp", "fn")}}
            for name, c in rows.items()
        }
    return out


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def print_table(now: dict[str, Any], before: dict[str, Any] | None) -> None:
    for split in ("test", "dev"):
        print(f"\n{split} half (previous release in brackets):\n")
        print("| rule | precision | recall | tp | fp | fn |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, row in now[split].items():
            old = (before or {}).get(split, {}).get(name, {})
            p = _fmt(row["p"]) + (f" ({_fmt(old.get('p'))})" if old else "")
            r = _fmt(row["r"]) + (f" ({_fmt(old.get('r'))})" if old else "")
            print(f"| {name} | {p} | {r} | {row['tp']} | {row['fp']} | {row['fn']} |")


def misses(cases: list[dict[str, Any]], fired_by_id: dict[str, list[str]], split: str) -> None:
    """The wrong calls on one half, for tuning (dev) or reading (test)."""
    for case in cases:
        if case["split"] != split:
            continue
        got = set(fired_by_id[case["id"]])
        want = set(case["expect"])
        skip = set(case.get("dontcare", []))
        extra, lost = sorted(got - want - skip), sorted(want - got)
        if extra or lost:
            print(f"- [{case['kind']}] {case['title'][:90]!r} +{extra} -{lost}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_labelled")
    parser.add_argument("--write-baseline", type=Path, help="write the figures to this file")
    parser.add_argument("--misses", choices=("dev", "test"), help="list the wrong calls")
    args = parser.parse_args([] if argv is None else argv)
    if not (CORPUS / "pages").exists():
        print(f"corpus not found at {CORPUS}: skipped")
        return
    cases = load_cases()
    fired_by_id = fired(cases)
    now = summary(cases, fired_by_id)
    if args.write_baseline:
        args.write_baseline.write_text(json.dumps(now, indent=1) + "\n", encoding="utf-8")
        return
    before = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else None
    dev = sum(c["split"] == "dev" for c in cases)
    print(f"{len(cases)} labelled posts: {dev} dev, {len(cases) - dev} test")
    print_table(now, before)
    if args.misses:
        print()
        misses(cases, fired_by_id, args.misses)


if __name__ == "__main__":
    main(sys.argv[1:])
