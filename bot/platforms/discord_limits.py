"""Discord's embed limits, applied to every embed the bot sends or edits.

``developers/resources/message`` (Embed Limits): title 256 characters, description 4,096, up to
25 fields (name 256, value 1,024, neither empty), footer 2,048, author name 256, and all of
these together at most 6,000 in a message; leading and trailing whitespace is not counted.
Anything over is a 400 / 50035 "Invalid Form Body". ``fit_embed`` clips each part and then, while
the total is over, cuts the longest evidence fields down to one common length first (the
description, with the post's link, last), so a 2,000-character URL or a long removal reason
never makes a send fail.
"""

from __future__ import annotations

import discord

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_MAX = 256
TOTAL_MAX = 6000
URL_MAX = 2048
#: A field value is not shortened below this while another part can give way.
FLOOR = 80
#: Fields whose values are never shortened to fit the total (the decision and the suggestion).
KEEP = frozenset({"Decision", "Suggested action", "Decide elsewhere"})

ELLIPSIS = "…"


def clip(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def size(embed: discord.Embed) -> int:
    """Characters counted against the 6,000 total."""
    total = len((embed.title or "").strip()) + len((embed.description or "").strip())
    total += len((embed.footer.text or "").strip()) + len((embed.author.name or "").strip())
    for field in embed.fields:
        total += len((field.name or "").strip()) + len((field.value or "").strip())
    return total


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """A copy of ``embed`` within every Discord limit (unchanged when it already fits)."""
    embed = embed.copy()
    if embed.title:
        embed.title = clip(embed.title, TITLE_MAX)
    if embed.description:
        embed.description = clip(embed.description, DESCRIPTION_MAX)
    if embed.url and len(embed.url) > URL_MAX:
        embed.url = None
    if embed.footer.text:
        embed.set_footer(text=clip(embed.footer.text, FOOTER_MAX), icon_url=embed.footer.icon_url)
    if embed.author.name:
        embed.set_author(
            name=clip(embed.author.name, AUTHOR_MAX), url=embed.author.url,
            icon_url=embed.author.icon_url,
        )  # fmt: skip
    kept = list(embed.fields)
    while len(kept) > FIELDS_MAX:  # the last fields that may go, never the decision
        optional = [i for i, f in enumerate(kept) if f.name not in KEEP]
        del kept[optional[-1] if optional else -1]
    fields = [
        (clip(f.name or "", FIELD_NAME_MAX) or "—", clip(f.value or "", FIELD_VALUE_MAX) or "—",
         f.inline)
        for f in kept
    ]  # fmt: skip
    embed.clear_fields()
    for name, value, inline in fields:
        embed.add_field(name=name, value=value, inline=inline)
    _shrink(embed)
    return embed


def _shrink(embed: discord.Embed) -> None:
    """Bring the total within ``TOTAL_MAX``: cut the longest evidence fields down to one common
    length (no shorter than ``FLOOR``), then the description, then drop fields."""
    excess = size(embed) - TOTAL_MAX
    if excess <= 0:
        return
    cuttable = [
        i for i, f in enumerate(embed.fields) if f.name not in KEEP and len(f.value or "") > FLOOR
    ]
    cap = _level([len(embed.fields[i].value or "") for i in cuttable], excess)
    for index in cuttable:
        field = embed.fields[index]
        if len(field.value or "") > cap:
            embed.set_field_at(
                index, name=field.name or "—", value=clip(field.value or "", cap),
                inline=field.inline,
            )  # fmt: skip
    excess = size(embed) - TOTAL_MAX
    description = embed.description or ""
    if excess > 0 and len(description) > FLOOR:
        embed.description = clip(description, max(FLOOR, len(description) - excess))
    while size(embed) > TOTAL_MAX:
        optional = [i for i, f in enumerate(embed.fields) if f.name not in KEEP]
        if not optional:
            embed.set_footer(text=clip(embed.footer.text or "", FLOOR) or None)
            return
        embed.remove_field(optional[-1])  # nothing left to shorten: drop the last that may go


def _level(lengths: list[int], excess: int) -> int:
    """The longest common length the ``lengths`` can be cut to that saves ``excess``
    characters, or ``FLOOR`` when even that is not enough."""
    low, high = FLOOR, max(lengths, default=FLOOR)
    while low < high:  # the largest cap whose savings still cover the excess
        mid = (low + high + 1) // 2
        if sum(max(0, n - mid) for n in lengths) >= excess:
            low = mid
        else:
            high = mid - 1
    return low
