"""The fake Discord server's form validation: message, embed, component and modal limits.

From ``developers/resources/message`` (Embed Limits, Create Message) and
``developers/components/reference`` in discord/discord-api-docs. A violation is a 400 with
code 50035 "Invalid Form Body" and Discord's nested ``errors`` object, which discord.py turns
into its exception text.
"""

from __future__ import annotations

from typing import Any

Errors = dict[str, Any]

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TOTAL_MAX = 6000
EMBED_URL_MAX = 2048
FIELDS_MAX = 25
#: Per-part limits of an embed (characters, after trimming leading and trailing whitespace).
EMBED_PARTS = {"title": 256, "description": 4096}
ROWS_MAX = 5
BUTTONS_PER_ROW = 5
CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80
SELECT_OPTIONS_MAX = 25
MODAL_TITLE_MAX = 45
LABEL_MAX = 45


def _error(code: str, message: str) -> Errors:
    return {"_errors": [{"code": code, "message": message}]}


def _too_long(limit: int) -> Errors:
    return _error("BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def _length(value: Any) -> int:
    return len(str(value or "").strip())


def embed_size(embed: dict[str, Any]) -> int:
    """Characters counted against the 6,000 total: title, description, field names and values,
    footer text and author name."""
    size = _length(embed.get("title")) + _length(embed.get("description"))
    size += _length((embed.get("footer") or {}).get("text"))
    size += _length((embed.get("author") or {}).get("name"))
    for field in embed.get("fields") or []:
        size += _length(field.get("name")) + _length(field.get("value"))
    return size


def embed_errors(embed: dict[str, Any]) -> Errors:
    errors: Errors = {}
    for key, limit in EMBED_PARTS.items():
        if _length(embed.get(key)) > limit:
            errors[key] = _too_long(limit)
    if len(str(embed.get("url") or "")) > EMBED_URL_MAX:
        errors["url"] = _too_long(EMBED_URL_MAX)
    if _length((embed.get("footer") or {}).get("text")) > 2048:
        errors["footer"] = {"text": _too_long(2048)}
    if _length((embed.get("author") or {}).get("name")) > 256:
        errors["author"] = {"name": _too_long(256)}
    fields = embed.get("fields") or []
    if len(fields) > FIELDS_MAX:
        errors["fields"] = _too_long(FIELDS_MAX)
    field_errors: Errors = {}
    for index, field in enumerate(fields[:FIELDS_MAX]):
        problems: Errors = {}
        for key, limit in (("name", 256), ("value", 1024)):
            size = _length(field.get(key))
            if size == 0:
                problems[key] = _error("BASE_TYPE_REQUIRED", "This field is required")
            elif size > limit:
                problems[key] = _too_long(limit)
        if problems:
            field_errors[str(index)] = problems
    if field_errors and "fields" not in errors:
        errors["fields"] = field_errors
    return errors


def component_errors(rows: list[dict[str, Any]]) -> Errors:
    """Action rows of a message: at most 5, each with up to 5 buttons or one select."""
    errors: Errors = {}
    if len(rows) > ROWS_MAX:
        return _too_long(ROWS_MAX)
    for index, row in enumerate(rows):
        children = row.get("components") or []
        problems: Errors = {}
        if row.get("type") != 1:
            problems["type"] = _error("COMPONENT_LAYOUT_WIDTH_EXCEEDED", "Not an action row")
        elif len(children) > BUTTONS_PER_ROW:
            problems["components"] = _too_long(BUTTONS_PER_ROW)
        for child_index, child in enumerate(children):
            child_errors = _item_errors(child)
            if child_errors:
                problems.setdefault("components", {})[str(child_index)] = child_errors
        if problems:
            errors[str(index)] = problems
    return errors


def _item_errors(item: dict[str, Any]) -> Errors:
    errors: Errors = {}
    if len(str(item.get("custom_id") or "")) > CUSTOM_ID_MAX:
        errors["custom_id"] = _too_long(CUSTOM_ID_MAX)
    if len(str(item.get("label") or "")) > BUTTON_LABEL_MAX:
        errors["label"] = _too_long(BUTTON_LABEL_MAX)
    if len(item.get("options") or []) > SELECT_OPTIONS_MAX:
        errors["options"] = _too_long(SELECT_OPTIONS_MAX)
    return errors


def message_errors(body: dict[str, Any]) -> Errors:
    """The errors of a message body (create, edit, interaction answer); empty when valid."""
    errors: Errors = {}
    if len(str(body.get("content") or "")) > CONTENT_MAX:
        errors["content"] = _too_long(CONTENT_MAX)
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        errors["embeds"] = _too_long(EMBEDS_MAX)
    embed_problems = {str(i): e for i, embed in enumerate(embeds) if (e := embed_errors(embed))}
    if embed_problems:
        errors["embeds"] = embed_problems
    elif sum(embed_size(embed) for embed in embeds) > EMBED_TOTAL_MAX:
        errors["embeds"] = _error(
            "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}"
        )
    rows = component_errors(body.get("components") or [])
    if rows:
        errors["components"] = rows
    return errors


def modal_errors(data: dict[str, Any]) -> Errors:
    errors: Errors = {}
    if not 1 <= len(str(data.get("title") or "")) <= MODAL_TITLE_MAX:
        errors["title"] = _too_long(MODAL_TITLE_MAX)
    if len(str(data.get("custom_id") or "")) > CUSTOM_ID_MAX:
        errors["custom_id"] = _too_long(CUSTOM_ID_MAX)
    components = data.get("components") or []
    if not 1 <= len(components) <= 5:
        errors["components"] = _too_long(5)
    for index, component in enumerate(components):
        problems: Errors = {}
        if component.get("type") == 18 and len(str(component.get("label") or "")) > LABEL_MAX:
            problems["label"] = _too_long(LABEL_MAX)
        inner = component.get("component") or {}
        inner_errors = _item_errors(inner)
        if inner_errors:
            problems["component"] = inner_errors
        if problems:
            errors.setdefault("components", {})[str(index)] = problems
    return errors


def invalid_form_body(errors: Errors) -> dict[str, Any]:
    return {"code": 50035, "errors": errors, "message": "Invalid Form Body"}
