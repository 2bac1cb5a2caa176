"""The GET routes: the modlog page, a case, the stats charts and the JSON/CSV exports."""

from __future__ import annotations

import json
import logging
import statistics
from dataclasses import replace
from datetime import datetime
from typing import Any

from aiohttp import web

from bot.cli.common import csv_lines
from bot.models import RULE_IDS
from bot.store import Case, Entry, ModlogFilter
from bot.store.query import MAX_LIMIT
from bot.web import charts
from bot.web.app import CLOCK, POOL, SETTINGS, STATS, STYLESHEET, TEMPLATES, viewer_for
from bot.web.db import Reader
from bot.web.params import (
    ACTION_NAMES,
    ListParams,
    community_key,
    parse_case_number,
    parse_case_query,
    parse_list_params,
    parse_stats_params,
    query_string,
)
from bot.web.queries import CaseExtras, StatsData, case_extras
from bot.web.settings import Viewer
from bot.web.statsagg import StatsCache
from bot.web.views import (
    PUBLIC_EXPORT_COLUMNS,
    csv_row,
    entry_export,
    entry_view,
    evidence_items,
    safe_url,
    spreadsheet_safe,
    title_history,
)

log = logging.getLogger(__name__)

EXPORT_LIMIT = 100


def _page(reader: Reader, flt: ModlogFilter) -> tuple[list[Entry], bool]:
    """One page and whether there is an older one (one extra row fetched to know)."""
    probe = replace(flt, limit=min(flt.limit + 1, MAX_LIMIT))
    entries = reader.modlog.query(probe)
    more = len(entries) > flt.limit or len(entries) == flt.limit == MAX_LIMIT
    return entries[: flt.limit], more


def _links(
    request: web.Request, params: ListParams, entries: list[Entry], more: bool
) -> dict[str, str]:
    base: dict[str, str] = dict(params.values)
    if request.query.get("limit", "").strip():  # keep a chosen page size on every page
        base["limit"] = str(params.flt.limit)
    links = {"first": query_string(base)}
    if more and entries:
        links["next"] = query_string({**base, "before": entries[-1].id})
    return links


def _render(request: web.Request, name: str, viewer: Viewer, **context: Any) -> web.Response:
    template = request.app[TEMPLATES].get_template(name)
    html = template.render(
        viewer=viewer,
        css=request.app[STYLESHEET].url,
        **context,
    )
    return web.Response(text=html, content_type="text/html")


async def index(request: web.Request) -> web.Response:
    viewer = viewer_for(request)
    settings = request.app[SETTINGS]
    params = parse_list_params(
        request.query, default_limit=settings.page_size, allow_moderator=viewer.show_mod_names
    )
    entries, more = await request.app[POOL].run(_page, params.flt)
    return _render(
        request,
        "index.html",
        viewer,
        entries=[entry_view(e, viewer) for e in entries],
        values=params.values,
        links=_links(request, params, entries, more),
        rule_ids=RULE_IDS,
        actions=ACTION_NAMES,
        paged=params.flt.before_id is not None,
    )


def _load_case(
    reader: Reader, community: str | None, number: int
) -> tuple[Case | None, CaseExtras | None, list[str]]:
    if community is None:
        found = reader.modlog.case_communities(number)
        if len(found) != 1:
            return None, None, found
        community = found[0]
    case = reader.modlog.get_case(community, number)
    if case is None:
        return None, None, []
    return case, case_extras(reader.db, community, number), []


async def case_page(request: web.Request) -> web.Response:
    viewer = viewer_for(request)
    number = parse_case_number(request.match_info["number"])
    if "community" in request.match_info:
        parse_case_query(request.query)  # no parameter may come along
        community: str | None = community_key(request.match_info["community"])
    else:
        community = parse_case_query(request.query)
    case, extras, candidates = await request.app[POOL].run(_load_case, community, number)
    if case is None and len(candidates) > 1:
        raise web.HTTPBadRequest(
            text=f"case {number} exists in several communities ({', '.join(candidates)}); "
            f"open /case/<community>/{number}"
        )
    if case is None or extras is None:
        raise web.HTTPNotFound(text=f"no case {number}" + (f" in {community}" if community else ""))
    findings = [
        {
            "rule": f.rule,
            "status": f.status,
            "confidence": f"{f.confidence:.2f}",
            "message": f.message,
            "evidence": evidence_items(f.evidence, f.rule) if viewer.show_evidence else [],
        }
        for f in extras.findings
    ]
    return _render(
        request,
        "case.html",
        viewer,
        case=case,
        titles=title_history(case, extras.title, extras.updated_at),
        post_link=safe_url(case.post.url),
        body=extras.body if viewer.show_evidence else "",
        created_at=extras.created_at,
        findings=findings,
        entries=[entry_view(e, viewer) for e in case.entries],
    )


def _stats(
    reader: Reader, cache: StatsCache, community: str | None, days: int, now: datetime
) -> StatsData:
    return cache.get(reader.db, community=community, days=days, now=now)


async def stats_page(request: web.Request) -> web.Response:
    viewer = viewer_for(request)
    params = parse_stats_params(request.query, default_days=request.app[SETTINGS].stats_days)
    data = await request.app[POOL].run(
        _stats, request.app[STATS], params.community, params.days, request.app[CLOCK]()
    )
    medians = {r: statistics.median(h) for r, h in data.decision_hours.items() if h}
    where = f" in {params.community}" if params.community else ""
    return _render(
        request,
        "stats.html",
        viewer,
        params=params,
        data=data,
        per_day_svg=charts.stacked_bars(
            data.days,
            data.per_day,
            label=f"Actions per day and rule{where}, last {params.days} days",
        ),
        verdict_svg=charts.verdict_bars(
            data.verdicts, label=f"Findings confirmed and dismissed per rule{where}"
        ),
        hours_svg=charts.hour_bars(medians, label=f"Median hours from post to decision{where}"),
        legend=[(rule, charts.RULE_COLOURS[rule]) for rule in RULE_IDS],
        confirmed_colour=charts.CONFIRMED,
        dismissed_colour=charts.DISMISSED,
        total_actions=sum(sum(d.values()) for d in data.per_day.values()),
    )


def _export_rows(reader: Reader, flt: ModlogFilter) -> tuple[list[Entry], bool, list[dict]]:
    """A page, whether there is more, and each entry's public proof (``Modlog.public_proof``)."""
    entries, more = _page(reader, flt)
    return entries, more, [reader.modlog.public_proof(e) for e in entries]


async def _export_page(
    request: web.Request,
) -> tuple[Viewer, list[dict[str, Any]], dict[str, str]]:
    viewer = viewer_for(request)
    params = parse_list_params(
        request.query, default_limit=EXPORT_LIMIT, allow_moderator=viewer.show_mod_names
    )
    entries, more, proofs = await request.app[POOL].run(_export_rows, params.flt)
    exported = [entry_export(e, viewer, p) for e, p in zip(entries, proofs, strict=True)]
    return viewer, exported, _links(request, params, entries, more)


async def modlog_json(request: web.Request) -> web.Response:
    _, exported, links = await _export_page(request)
    body = {
        "entries": exported,
        "next": f"{request.path}{links['next']}" if "next" in links else None,
    }
    return web.Response(text=json.dumps(body, ensure_ascii=False), content_type="application/json")


async def modlog_csv(request: web.Request) -> web.Response:
    _, exported, links = await _export_page(request)
    rows = (spreadsheet_safe(csv_row(e)) for e in exported)
    text = "".join(csv_lines(rows, PUBLIC_EXPORT_COLUMNS))
    headers = {"Content-Disposition": 'attachment; filename="modlog.csv"'}
    if "next" in links:
        headers["Link"] = f'<{request.path}{links["next"]}>; rel="next"'
    return web.Response(text=text, content_type="text/csv", headers=headers)


async def stylesheet(request: web.Request) -> web.Response:
    return web.Response(
        text=request.app[STYLESHEET].text,
        content_type="text/css",
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
    )


def add_routes(app: web.Application) -> None:
    app.router.add_get("/static/style.css", stylesheet, name="stylesheet")
    app.router.add_get("/", index, name="index")
    app.router.add_get("/case/{number}", case_page, name="case")
    app.router.add_get("/case/{community}/{number}", case_page, name="community_case")
    app.router.add_get("/stats", stats_page, name="stats")
    app.router.add_get("/modlog.json", modlog_json, name="modlog_json")
    app.router.add_get("/modlog.csv", modlog_csv, name="modlog_csv")
