"""Text and embeds for Discord. Everything that comes from users or web pages is escaped here."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import discord

from bot.dupes.evidence import earlier_line, earlier_posts
from bot.evidence import DiffWord, Item, describe
from bot.models import CheckResult, Finding, Post
from bot.pipeline.adapter import ModQueueItem
from bot.pipeline.stats import RuleStats, percent
from bot.platforms.discord_limits import fit_embed
from bot.store.entries import Case, Entry, PostRef

FLAG_COLOUR = discord.Colour.orange()
DONE_COLOUR = discord.Colour.dark_grey()
OK_COLOUR = discord.Colour.green()

_MENTION = re.compile(r"<(@[!&]?|#)(\d+)>")
_LINE_START = re.compile(r"^(\s*)(#{1,3} |-# |> |>>> |[-*+] |\d+\. )", re.MULTILINE)
_SAFE_URL = re.compile(r"https?://[^\s<>\"'`]+\Z", re.IGNORECASE)


def escape(text: str) -> str:
    """Markdown and mentions neutralised: what the user typed is shown, nothing is parsed."""
    text = discord.utils.escape_markdown(text)
    text = discord.utils.escape_mentions(text)
    text = _MENTION.sub(lambda m: f"<{m.group(1)}\u200b{m.group(2)}>", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(text: str) -> str:
    return " ".join(text.split())


def link(url: str | None) -> str:
    """A URL shown as a link (no preview) when it is a plain http(s) URL, else escaped text."""
    if not url:
        return "—"
    if _SAFE_URL.match(url):
        return f"<{url}>"
    return escape(url)


def diff_markdown(words: Iterable[DiffWord]) -> str:
    """The title's word diff: removed words ~~struck~~, added words **bold**, each escaped."""
    marks = {"same": "{}", "removed": "~~{}~~", "added": "**{}**"}
    return " ".join(marks[w.op].format(escape(w.text)) for w in words)


def evidence_value(item: Item) -> str:
    if item.kind == "diff":
        return diff_markdown(item.words)
    if item.kind == "links":
        return ", ".join(link(url) for url in item.links)
    return escape(one_line(item.text))


def linked_line(line: str, url: str) -> str:
    """One line of an item, escaped, its link (the earlier post on its platform) after it."""
    text = escape(one_line(line))
    return f"{text} · {link(url)}" if url else text


def evidence_lines(finding: Finding) -> list[str]:
    """The finding's evidence (``bot.evidence``): one ``**Label**: value`` line per item; an
    item of several lines (the earlier posts) as ``**Label**:`` and its first line, then one
    ``• line`` each (so a field that is full drops whole lines)."""
    out: list[str] = []
    for item in describe(finding.evidence, finding.rule):
        if item.kind == "lines" and len(item.lines) > 1:
            first, *rest = (linked_line(line, url) for line, url in item.linked)
            out.append(f"**{item.label}**:\n• {first}")
            out += [f"• {line}" for line in rest]
        elif item.kind == "lines" and item.lines:
            out.append(f"**{item.label}**: {linked_line(*item.linked[0])}")
        else:
            out.append(f"**{item.label}**: {evidence_value(item)}")
    return out


def finding_field(finding: Finding) -> tuple[str, str]:
    """The finding's name, and its message with as many whole evidence lines as fit a field
    (a line is never cut, so no strike-through or bold is left open)."""
    name = f"{finding.rule} · {finding.action} · {finding.confidence:.0%}"
    body = clip(escape(one_line(finding.message)), 1024)
    for line in evidence_lines(finding):
        if len(body) + 1 + len(line) > 1024:
            break
        body += "\n" + line
    return name, body


def post_header(post: Post | PostRef) -> str:
    author = escape(post.author_name) if post.author_name else "unknown"
    return f"Link: {link(post.url)}\nAuthor: {author} (`{post.author_id or '?'}`)"


def modqueue_embed(item: ModQueueItem) -> discord.Embed:
    """One flagged post for the mod queue: the post, each finding with evidence, the suggestion."""
    post = item.post
    embed = discord.Embed(
        title=clip(escape(one_line(post.title)) or "(no title)", 256),
        description=clip(post_header(post), 4096),
        colour=FLAG_COLOUR,
    )
    article = item.evidence
    if article.get("status") == "unreachable":
        error = escape(str(article.get("error") or "?"))
        embed.add_field(name="Article", value=clip(f"unreadable: {error}", 1024), inline=False)
    elif article.get("headline"):
        site = f" ({escape(str(article['site_name']))})" if article.get("site_name") else ""
        text = escape(str(article["headline"])) + site
        embed.add_field(name="Article headline", value=clip(text, 1024), inline=False)
    for finding in item.findings[:20]:
        name, value = finding_field(finding)
        embed.add_field(name=clip(name, 256), value=value or "—", inline=False)
    suggestion = escape(one_line(item.suggested_action)) or item.decision
    if item.dry_run:
        suggestion += " (dry-run: the bot would have done this in live mode)"
    embed.add_field(name="Suggested action", value=clip(suggestion, 1024), inline=False)
    embed.set_footer(text=f"Case #{item.case}")
    return fit_embed(embed)


def mark_decided(embed: discord.Embed, text: str) -> discord.Embed:
    """The mod-queue embed after a moderator decided (who, what, why)."""
    embed = embed.copy()
    embed.colour = DONE_COLOUR
    for index, field in enumerate(embed.fields):
        if field.name == "Decision":
            embed.remove_field(index)
            break
    embed.add_field(name="Decision", value=clip(text, 1024), inline=False)
    return fit_embed(embed)


FIXED_FIELD = "Fixed by the poster"


def mark_resolved(
    embed: discord.Embed, rules: Sequence[str], still_open: Sequence[str]
) -> discord.Embed:
    """The mod-queue embed after the poster's edit fixed ``rules`` (added to those fixed by
    earlier edits); with nothing ``still_open`` it is greyed out: nothing left to decide.
    The same call twice gives the same embed."""
    embed = embed.copy()
    fixed = set(rules)
    for index, field in reversed(list(enumerate(embed.fields))):
        if field.name == FIXED_FIELD:
            fixed.update(part.strip("` ") for part in (field.value or "").split("\n")[0].split(","))
            embed.remove_field(index)
    fixed.discard("")
    value = ", ".join(f"`{rule}`" for rule in sorted(fixed))
    if still_open:
        value += "\nStill open: " + ", ".join(f"`{rule}`" for rule in still_open)
    else:
        value += "\nNothing left to decide."
        embed.colour = DONE_COLOUR
    embed.add_field(name=FIXED_FIELD, value=clip(value, 1024), inline=False)
    return fit_embed(embed)


def check_embed(post: Post, result: CheckResult) -> discord.Embed:
    colour = OK_COLOUR if result.decision == "allow" else FLAG_COLOUR
    embed = discord.Embed(
        title=clip(escape(one_line(post.title)) or "(no title)", 256),
        description=f"Decision: **{result.decision}**\nLink: {link(post.url)}",
        colour=colour,
    )
    article = result.article
    status = article.status if article.readable else f"unreachable ({article.error or '?'})"
    embed.add_field(name="Article", value=clip(escape(status), 1024), inline=False)
    if article.headline:
        embed.add_field(name="Headline", value=clip(escape(article.headline), 1024), inline=False)
    if not result.findings:
        embed.add_field(name="Findings", value="None: the post follows the guidelines.")
    for finding in result.findings[:20]:
        name, value = finding_field(finding)
        embed.add_field(name=clip(name, 256), value=value or "—", inline=False)
    return fit_embed(embed)


MODERATOR_DECISIONS = {
    "approve": "approved",
    "dismiss": "dismissed",
    "remove": "removed",
    "lock": "locked",
    "restore": "restored",
}


def case_status(case: Case) -> str:
    """The latest moderator decision on the case, else "open"."""
    for entry in reversed(case.entries):
        if entry.actor.kind == "moderator" and entry.action in MODERATOR_DECISIONS:
            return MODERATOR_DECISIONS[entry.action]
    return "open"


def case_rules(case: Case) -> tuple[str, ...]:
    """Every rule the case's entries name, first seen first."""
    return tuple(dict.fromkeys(rule for entry in case.entries for rule in entry.rules))


def entry_line(entry: Entry) -> str:
    case = f"#{entry.case_number} " if entry.case_number is not None else ""
    rules = f" [{', '.join(entry.rules)}]" if entry.rules else ""
    reason = f": {escape(one_line(entry.reason))}" if entry.reason else ""
    title = entry.post.title if entry.post else ""
    title = f" — {escape(one_line(title))}" if title else ""
    return clip(
        f"`{entry.time[:16]}` {case}**{entry.action}** by {escape(entry.actor.name)}"
        f"{rules}{clip(reason, 120)}{clip(title, 120)}",
        400,
    )


def modlog_embed(entries: Sequence[Entry], page: int) -> discord.Embed:
    body = "\n".join(entry_line(e) for e in entries) or "No entries."
    embed = discord.Embed(title="Modlog", description=clip(body, 4096), colour=DONE_COLOUR)
    embed.set_footer(text=f"Page {page}")
    return fit_embed(embed)


def case_embed(case: Case) -> discord.Embed:
    status = case_status(case)
    embed = discord.Embed(
        title=clip(f"Case #{case.number}: " + escape(one_line(case.post.title)), 256),
        description=clip(post_header(case.post) + f"\nStatus: **{status}**", 4096),
        colour=DONE_COLOUR if status != "open" else FLAG_COLOUR,
    )
    rules = case_rules(case)
    if rules:
        embed.add_field(name="Rules", value=", ".join(rules), inline=False)
    earlier = earlier_posts(case.entries)
    if earlier:
        lines = "\n".join(escape(clip(earlier_line(e), 300)) for e in earlier)
        embed.add_field(name="Already posted", value=clip(lines, 1024), inline=False)
    history = "\n".join(entry_line(e) for e in case.entries[-10:]) or "—"
    embed.add_field(name="History", value=clip(history, 1024), inline=False)
    return fit_embed(embed)


def stats_embed(stats: Sequence[RuleStats]) -> discord.Embed:
    lines = []
    for s in stats:
        precision = "—" if s.precision is None else percent(s.precision)
        hint = f" · {escape(s.suggestion)}" if s.suggestion else ""
        lines.append(
            f"`{s.rule}`: {s.findings} found, {s.confirmed} confirmed, {s.dismissed} dismissed, "
            f"precision {precision}{hint}"
        )
    return discord.Embed(
        title="Per-rule precision",
        description=clip("\n".join(lines) or "No findings yet.", 4096),
        colour=DONE_COLOUR,
    )
