"""Rebuild the generated source lists in config/sources/ from ../shared/corpus/sources.

Usage: ``python scripts/build_sources.py [--corpus DIR] [--out DIR] [--date YYYY-MM-DD]``

Each upstream list becomes its own file (``<list>-<origin>.txt``) so that licences never mix:
share-alike data (Wikipedia, CC BY-SA) stays in a file of its own. The hand-written lists
(``<list>.txt``, CC0, by the newsmod authors) are not touched by this script. Every file starts
with a ``#`` header naming the upstream path, commit, licence, build date and the selection rule.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO / ".." / "shared" / "corpus" / "sources"
DEFAULT_OUT = REPO / "config" / "sources"

_DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")

#: Socials.yml entries that are not social media as a *news source*, or not domains at all:
#: Android package ids, link shims and shorteners (the shortener list covers those), code hosts.
SOCIAL_EXCLUDE = frozenset(
    {
        "com.google.android.apps.plus",
        "com.reddit.frontpage",
        "com.snapchat.android",
        "linkedin.android",
        "org.joinmastodon.android",
        "org.telegram.messenger",
        "url.google.com",
        "login.live.com",
        "t.co",
        "t.cn",
        "lnkd.in",
        "gate.sc",
        "t.umblr.com",
        "l.facebook.com",
        "l.instagram.com",
        "l.threads.net",
        "l.threads.com",
        "l.workplace.com",
        "lm.workplace.com",
        "github.com",
        "sourceforge.net",
        "stackoverflow.com",
    }
)

#: OpenSources tags that make a "clickbait" site a partisan outlet rather than blogspam.
OPENSOURCES_NOT_BLOGSPAM = frozenset({"political", "bias", "reliable", "state"})


@dataclass(frozen=True)
class Output:
    filename: str
    title: str
    origin: str
    licence: str
    rule: str
    domains: list[str]


def normalise(raw: str) -> str | None:
    """A bare lower-case ASCII domain from an upstream entry, or None when it is not one."""
    text = raw.strip().lower()
    if not text or text.startswith(("/", "!", "#")) or "*" in text:
        return None
    text = re.sub(r"^[a-z]+://", "", text).split("/", 1)[0].split(":", 1)[0].rstrip(".")
    if text.startswith("www."):
        text = text[4:]
    try:
        text = text.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    return text if _DOMAIN.match(text) else None


def unique(domains: Iterable[str | None]) -> list[str]:
    return sorted({d for d in domains if d})


def commit_of(path: Path) -> str:
    parts = path.read_text(encoding="utf-8").split()
    return f"{parts[0][:12]} ({parts[1]})" if len(parts) >= 2 else parts[0]


def social(corpus: Path) -> Output:
    folder = corpus / "social-matomo"
    entries = re.findall(r"^\s*-\s*(\S+)\s*$", (folder / "Socials.yml").read_text("utf-8"), re.M)
    return Output(
        "social-matomo.txt",
        "social: social platforms",
        f"matomo-org/searchengine-and-social-list Socials.yml @ {commit_of(folder / 'COMMIT')}",
        "CC0 1.0 (public domain dedication)",
        "every domain listed under a platform, minus app ids, link shims, shorteners and "
        "code hosts (SOCIAL_EXCLUDE in the script)",
        unique(normalise(e) for e in entries if e.strip().lower() not in SOCIAL_EXCLUDE),
    )


def paywall(corpus: Path) -> Output:
    folder = corpus / "paywall"
    lines = (folder / "bpc_domains.txt").read_text("utf-8").splitlines()
    return Output(
        "paywall-bpc.txt",
        "paywall: paywalled news sites",
        "Bypass Paywalls Clean sites list (bpc_domains.txt, v4.1.3.3) @ "
        + commit_of(folder / "bpc_domains.COMMIT"),
        "MIT (c) 2020 magnolia1234",
        "every domain of the sites list",
        unique(normalise(line) for line in lines),
    )


def tabloid_wikipedia(corpus: Path) -> Output:
    folder = corpus / "wikipedia-perennial-kudusch"
    domains: list[str | None] = []
    with (folder / "perennial-sources.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            status = set(json.loads(row["status"]))
            if not status & {"Deprecated", "Generally unreliable", "Blacklisted"}:
                continue
            if "tabloid" not in row["info"].lower():
                continue
            domains.extend(normalise(u) for u in json.loads(row["urls"]) if "wikidata" not in u)
    return Output(
        "tabloid-wikipedia.txt",
        "tabloid: tabloid newspapers judged unreliable by Wikipedia editors",
        "kudusch/wikipedia-perennial-sources perennial-sources.csv (from en.wikipedia.org "
        "Wikipedia:Reliable sources/Perennial sources, 2021-03-17) @ "
        + commit_of(folder / "COMMIT"),
        "CC BY-SA 3.0 (Wikipedia text); share-alike: keep this file separate",
        "status Deprecated, Generally unreliable or Blacklisted AND the summary calls the "
        "source a tabloid",
        unique(domains),
    )


def blogspam_content_farms(corpus: Path) -> Output:
    folder = corpus / "content-farm-terminator"
    lines = (folder / "content-farms.txt").read_text("utf-8").splitlines()
    entries = (line.split("#", 1)[0] for line in lines if not line.lstrip().startswith("#"))
    return Output(
        "blogspam-content-farms.txt",
        "blogspam: content farms",
        "danny0838/content-farm-terminator files/blocklist/content-farms.txt @ "
        + commit_of(folder / "COMMIT"),
        "MIT per the list's own header (the repository's LICENSE.txt is GPL-3.0)",
        "every plain domain; regex rules, path rules and wildcard-TLD rules are left out",
        unique(normalise(e) for e in entries),
    )


def blogspam_opensources(corpus: Path) -> Output:
    folder = corpus / "opensources"
    domains: list[str | None] = []
    with (folder / "sources.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            if not row or not row[0] or row[0] == "":
                continue
            tags = {t.strip().lower() for t in row[1:4] if t.strip()}
            if "clickbait" in tags and not tags & OPENSOURCES_NOT_BLOGSPAM and "/" not in row[0]:
                domains.append(normalise(row[0]))
    return Output(
        "blogspam-opensources.txt",
        "blogspam: clickbait sites",
        f"OpenSourcesGuide/opensources sources.csv (2017) @ {commit_of(folder / 'COMMIT')}",
        "LGPL-3.0",
        "tagged clickbait and not tagged political, bias, reliable or state (partisan outlets "
        "are not blogspam)",
        unique(domains),
    )


BUILDERS: tuple[Callable[[Path], Output], ...] = (
    social,
    paywall,
    tabloid_wikipedia,
    blogspam_content_farms,
    blogspam_opensources,
)


def render(out: Output, date: str) -> str:
    header = [
        f"# {out.title}",
        f"# origin: {out.origin}",
        f"# licence: {out.licence}",
        f"# built: {date} by scripts/build_sources.py from ../shared/corpus/sources",
        f"# selection: {out.rule}",
        f"# {len(out.domains)} domains, one a line; do not edit (re-run the script)",
    ]
    return "\n".join([*header, *out.domains]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--date", default=dt.datetime.now(dt.UTC).date().isoformat())
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"build_sources: corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for build in BUILDERS:
        out = build(args.corpus)
        (args.out / out.filename).write_text(render(out, args.date), encoding="utf-8")
        print(f"{out.filename}: {len(out.domains)} domains")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
