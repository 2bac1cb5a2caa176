"""``newsmod modlog`` (list/export), ``newsmod modlog verify`` and ``newsmod case N``.

All three open the database read-only: looking at the log never changes it.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.cli.common import (
    add_db_argument,
    add_format_argument,
    open_cli_db,
    parse_int,
    parse_time,
    write_rows,
)
from bot.cli.render import terminal_width
from bot.cli.text import terminal_safe
from bot.dupes.evidence import earlier_line, earlier_posts
from bot.errors import InputError
from bot.store import Entry, Modlog, ModlogFilter

#: Every exported field (json/csv), in order.
EXPORT_COLUMNS: tuple[str, ...] = (
    "id",
    "time",
    "platform",
    "community",
    "case",
    "actor_id",
    "actor_name",
    "actor_kind",
    "action",
    "post_id",
    "post_url",
    "post_title",
    "author_id",
    "author_name",
    "rules",
    "reason",
    "evidence",
    "config_version",
    "prev_hash",
    "hash",
)
TABLE_COLUMNS = ("id", "when", "community", "case", "actor", "action", "rules", "post", "reason")
CASE_COLUMNS = ("id", "when", "actor", "action", "rules", "reason")
WIDTHS = {"post": 40, "reason": 40, "rules": 40, "actor": 20}
HEADERS = {"when": "when (UTC)"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "modlog",
        help="list, export or verify the moderation log",
        description="List moderation log entries, newest first, with filters and paging; "
        "export them as JSON or CSV; or verify the hash chain (`newsmod modlog verify`).",
    )
    add_db_argument(p)
    p.add_argument("--community", help="community key (e.g. worldnews)")
    p.add_argument("--rule", help="rule id (e.g. editorialized-title)")
    p.add_argument("--action", help="action (flag, remove, dismiss, note, ...)")
    p.add_argument("--actor", help="who acted: id, or name")
    p.add_argument("--author", help="the post's author: id, or name")
    p.add_argument("--post", help="the platform's post id, or the post URL")
    p.add_argument("--case", help="case number (needs --community if several have it)")
    p.add_argument("--since", help="from this time on: 2026-11-01, 2026-11-01T12:00Z or 7d")
    p.add_argument("--until", help="before this time (a bare date includes that day)")
    p.add_argument("--limit", default="50", help="entries per page, 1-1000 (default: 50)")
    p.add_argument("--before", metavar="ID", help="next page: entries older than this id")
    p.add_argument(
        "--all",
        action="store_true",
        help="export every matching entry (json/csv only; --limit ignored)",
    )
    add_format_argument(p)
    p.set_defaults(func=run_list)

    verbs = p.add_subparsers(dest="modlog_command", metavar="{verify}")
    v = verbs.add_parser(
        "verify",
        help="check the hash chain; exit 1 naming the first broken entry",
        description="Walk the whole modlog hash chain. Exit 0 if intact, 1 if an entry was "
        "edited, deleted or reordered (the first broken entry is named).",
    )
    add_db_argument(v, nested=True)
    v.set_defaults(func=run_verify)

    c = sub.add_parser(
        "case",
        help="show one case: the post and every entry",
        description="Show a case: the post it is about and all its modlog entries, oldest first.",
    )
    add_db_argument(c)
    c.add_argument("number", help="case number")
    c.add_argument("--community", help="community key (needed if several have this case)")
    add_format_argument(c, ("table", "json"))
    c.set_defaults(func=run_case)


def _case_community(modlog: Modlog, number: int, community: str | None) -> str:
    if community:
        return community
    found = modlog.case_communities(number)
    if not found:
        raise InputError(f"unknown case {number}")
    if len(found) > 1:
        raise InputError(
            f"case {number} exists in several communities ({', '.join(found)}): pass --community"
        )
    return found[0]


def build_filter(args: argparse.Namespace, modlog: Modlog) -> ModlogFilter:
    """The ModlogFilter for the command line; InputError for any bad value."""
    case = parse_int(args.case, "--case")
    community = args.community
    if case is not None:
        community = _case_community(modlog, case, community)
    return ModlogFilter(
        community=community,
        rule=args.rule,
        action=args.action,
        actor=args.actor,
        author=args.author,
        post=args.post,
        since=parse_time(args.since, "--since"),
        until=parse_time(args.until, "--until", end=True),
        case=case,
        limit=parse_int(args.limit, "--limit") or 50,
        before_id=parse_int(args.before, "--before"),
    )


def _table_row(entry: Entry) -> dict[str, Any]:
    post = entry.post
    return {
        "id": entry.id,
        "when": entry.time[:19].replace("T", " "),
        "community": entry.community,
        "case": entry.case_number,
        "actor": entry.actor.name or entry.actor.id,
        "action": entry.action,
        "rules": list(entry.rules),
        "post": (post.title or post.url or post.id) if post else "",
        "reason": entry.reason,
    }


def run_list(args: argparse.Namespace) -> int:
    if args.all and args.format == "table":
        raise InputError("--all exports everything: use it with --format json or csv")
    db = open_cli_db(args)
    try:
        modlog = Modlog(db)
        flt = build_filter(args, modlog)
        out = sys.stdout
        if args.all:
            exported = (e.to_json() for e in modlog.iter_all(flt))
            write_rows(out, exported, args.format, columns=EXPORT_COLUMNS)
            return 0
        entries = modlog.query(flt)
    finally:
        db.close()
    if args.format != "table":
        write_rows(out, [e.to_json() for e in entries], args.format, columns=EXPORT_COLUMNS)
        return 0
    if not entries:
        print("no matching entries", file=out)
        return 0
    rows = [_table_row(e) for e in entries]
    write_rows(out, rows, "table", columns=TABLE_COLUMNS, widths=WIDTHS, headers=HEADERS)
    if len(entries) == flt.limit:
        print(f"(more: add --before {entries[-1].id} for the next page)", file=out)
    return 0


def run_verify(args: argparse.Namespace) -> int:
    db = open_cli_db(args)
    try:
        result = Modlog(db).verify()
    finally:
        db.close()
    if result.ok:
        print(f"modlog ok: {result.checked} entries, hash chain intact")
        return 0
    print(
        f"modlog BROKEN at entry {result.first_bad_id}: {result.reason} "
        f"({result.checked} entries before it are intact)"
    )
    return 1


def run_case(args: argparse.Namespace) -> int:
    number = parse_int(args.number, "case number")
    assert number is not None
    db = open_cli_db(args)
    try:
        modlog = Modlog(db)
        community = _case_community(modlog, number, args.community)
        case = modlog.get_case(community, number)
    finally:
        db.close()
    if case is None:
        raise InputError(f"unknown case {number} in community {community!r}")
    if args.format == "json":
        print(json.dumps(case.to_json(), ensure_ascii=False, indent=2))
        return 0
    post = case.post
    author = post.author_name or post.author_id
    if post.author_name and post.author_id:
        author = f"{post.author_name} ({post.author_id})"
    room = terminal_width() - 8  # after "Title:  "
    print(f"Case {case.number} · {terminal_safe(case.community)} · opened {case.opened_at}")
    ident = terminal_safe(f"{post.platform} {post.id}", room)
    url = terminal_safe(post.url, max(room - len(ident) - 2, 20))
    print(f"Post:   {ident}  {url}".rstrip())
    titles = case.titles()
    shown = terminal_safe(post.title, room - 14 if len(titles) > 1 else room)
    print(f"Title:  {shown}" + ("  (as posted)" if len(titles) > 1 else ""))
    for title, when in titles[1:]:
        print(f"Edited: {terminal_safe(title, room - 20)}  ({when[:16].replace('T', ' ')})")
    print(f"Author: {terminal_safe(author, room)}")
    print()
    if not case.entries:
        print("no entries")
        return 0
    earlier = earlier_posts(case.entries)
    if earlier:
        print("Already posted (duplicate-post):")
        for item in earlier:
            print(f"  {earlier_line(item)}")
        print()
    write_rows(
        sys.stdout,
        [_table_row(e) for e in case.entries],
        "table",
        columns=CASE_COLUMNS,
        widths=WIDTHS,
        headers=HEADERS,
    )
    return 0
