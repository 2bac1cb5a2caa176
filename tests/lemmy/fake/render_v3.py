"""Lemmy 0.19 (API v3) JSON for the fake's records, shaped like lemmy-js-client 0.19.9 types."""

from __future__ import annotations

from typing import Any

from tests.lemmy.fake.state import (
    INSTANCE,
    CommentRec,
    Community,
    LemmyState,
    ModlogRec,
    PostRec,
    ReportRec,
    User,
    iso,
)

J = dict[str, Any]
EPOCH = iso(0)
VERSION = "0.19.9"


def _opt(data: J, **optional: Any) -> J:
    """Absent fields are omitted, never null."""
    data.update({k: v for k, v in optional.items() if v is not None})
    return data


def person(u: User) -> J:
    return {
        "id": u.id,
        "name": u.name,
        "banned": False,
        "published": EPOCH,
        "actor_id": f"https://{INSTANCE}/u/{u.name}",
        "local": True,
        "deleted": False,
        "bot_account": u.bot_account,
        "instance_id": 1,
    }


def community(c: Community) -> J:
    return {
        "id": c.id,
        "name": c.name,
        "title": c.name.title(),
        "removed": False,
        "published": EPOCH,
        "deleted": False,
        "nsfw": False,
        "actor_id": f"https://{INSTANCE}/c/{c.name}",
        "local": True,
        "hidden": False,
        "posting_restricted_to_mods": False,
        "instance_id": 1,
        "visibility": "Public",
    }


def post(p: PostRec) -> J:
    data = {
        "id": p.id,
        "name": p.name,
        "creator_id": p.creator_id,
        "community_id": p.community_id,
        "removed": p.removed,
        "locked": p.locked,
        "published": iso(p.published),
        "deleted": p.deleted,
        "nsfw": False,
        "ap_id": f"https://{INSTANCE}/post/{p.id}",
        "local": True,
        "language_id": 0,
        "featured_community": p.featured,
        "featured_local": False,
    }
    return _opt(
        data,
        url=p.url,
        body=p.body,
        embed_title=p.embed_title,
        updated=iso(p.updated) if p.updated else None,
    )


def counts(p: PostRec, s: LemmyState) -> J:
    n = sum(1 for c in s.comments.values() if c.post_id == p.id)
    return {
        "post_id": p.id,
        "comments": n,
        "score": 1,
        "upvotes": 1,
        "downvotes": 0,
        "published": iso(p.published),
        "newest_comment_time": iso(p.published),
    }


def post_view(p: PostRec, s: LemmyState) -> J:
    creator = s.users[p.creator_id]
    return {
        "post": post(p),
        "creator": person(creator),
        "community": community(s.communities[p.community_id]),
        "creator_banned_from_community": False,
        "banned_from_community": False,
        "creator_is_moderator": s.is_mod(creator, p.community_id),
        "creator_is_admin": creator.admin,
        "counts": counts(p, s),
        "subscribed": "NotSubscribed",
        "saved": False,
        "read": False,
        "hidden": False,
        "creator_blocked": False,
        "unread_comments": 0,
    }


def comment_view(c: CommentRec, s: LemmyState) -> J:
    p = s.posts[c.post_id]
    creator = s.users[c.creator_id]
    comment = {
        "id": c.id,
        "creator_id": c.creator_id,
        "post_id": c.post_id,
        "content": c.content,
        "removed": c.removed,
        "published": iso(c.published),
        "deleted": False,
        "ap_id": f"https://{INSTANCE}/comment/{c.id}",
        "local": True,
        "path": f"0.{c.id}",
        "distinguished": c.distinguished,
        "language_id": 0,
    }
    return {
        "comment": comment,
        "creator": person(creator),
        "post": post(p),
        "community": community(s.communities[p.community_id]),
        "counts": {
            "comment_id": c.id,
            "score": 1,
            "upvotes": 1,
            "downvotes": 0,
            "published": iso(c.published),
            "child_count": 0,
        },
        "creator_banned_from_community": False,
        "banned_from_community": False,
        "creator_is_moderator": s.is_mod(creator, p.community_id),
        "creator_is_admin": creator.admin,
        "subscribed": "NotSubscribed",
        "saved": False,
        "creator_blocked": False,
    }


def report_view(r: ReportRec, s: LemmyState) -> J:
    p = s.posts[r.post_id]
    report = _opt(
        {
            "id": r.id,
            "creator_id": r.creator_id,
            "post_id": r.post_id,
            "original_post_name": p.name,
            "reason": r.reason,
            "resolved": r.resolved,
            "published": iso(r.published),
        },
        original_post_url=p.url,
        original_post_body=p.body,
        resolver_id=r.resolver_id,
    )
    view = {
        "post_report": report,
        "post": post(p),
        "community": community(s.communities[p.community_id]),
        "creator": person(s.users[r.creator_id]),
        "post_creator": person(s.users[p.creator_id]),
        "creator_banned_from_community": False,
        "creator_is_moderator": s.is_mod(s.users[r.creator_id], p.community_id),
        "creator_is_admin": False,
        "subscribed": "NotSubscribed",
        "saved": False,
        "read": False,
        "hidden": False,
        "creator_blocked": False,
        "unread_comments": 0,
        "counts": counts(p, s),
    }
    return _opt(view, resolver=person(s.users[r.resolver_id]) if r.resolver_id else None)


def moderators(c: Community, s: LemmyState) -> list[J]:
    return [{"community": community(c), "moderator": person(s.users[m])} for m in c.moderators]


def community_response(c: Community, s: LemmyState) -> J:
    view = {
        "community": community(c),
        "subscribed": "NotSubscribed",
        "blocked": False,
        "counts": {
            "community_id": c.id,
            "subscribers": 1,
            "posts": sum(1 for p in s.posts.values() if p.community_id == c.id),
            "comments": 0,
            "published": EPOCH,
            "users_active_day": 1,
            "users_active_week": 1,
            "users_active_month": 1,
            "users_active_half_year": 1,
            "subscribers_local": 1,
        },
        "banned_from_community": False,
    }
    return {"community_view": view, "moderators": moderators(c, s), "discussion_languages": []}


def my_user(u: User, s: LemmyState) -> J:
    local_user = {
        "id": u.id,
        "person_id": u.id,
        "show_nsfw": False,
        "theme": "browser",
        "default_sort_type": "Active",
        "default_listing_type": "Local",
        "interface_language": "en",
        "show_avatars": True,
        "send_notifications_to_email": False,
        "show_scores": True,
        "show_bot_accounts": True,
        "show_read_posts": True,
        "email_verified": False,
        "accepted_application": True,
        "open_links_in_new_tab": False,
        "blur_nsfw": True,
        "auto_expand": False,
        "infinite_scroll_enabled": False,
        "admin": u.admin,
        "post_listing_mode": "List",
        "totp_2fa_enabled": False,
        "enable_keyboard_navigation": False,
        "enable_animated_images": True,
        "collapse_bot_comments": False,
    }
    vote_mode = {
        "local_user_id": u.id,
        "score": True,
        "upvotes": True,
        "downvotes": True,
        "upvote_percentage": False,
    }
    moderates = [
        {"community": community(c), "moderator": person(u)}
        for c in s.communities.values()
        if u.id in c.moderators
    ]
    return {
        "local_user_view": {
            "local_user": local_user,
            "local_user_vote_display_mode": vote_mode,
            "person": person(u),
            "counts": {"person_id": u.id, "post_count": 0, "comment_count": 0},
        },
        "follows": [],
        "moderates": moderates,
        "community_blocks": [],
        "instance_blocks": [],
        "person_blocks": [],
        "discussion_languages": [],
    }


def site(me: User | None, s: LemmyState) -> J:
    site = {
        "id": 1,
        "name": "Lemmy test",
        "published": EPOCH,
        "actor_id": f"https://{INSTANCE}/",
        "last_refreshed_at": EPOCH,
        "inbox_url": f"https://{INSTANCE}/site_inbox",
        "public_key": "-----BEGIN PUBLIC KEY-----",
        "instance_id": 1,
    }
    local_site = {
        "id": 1,
        "site_id": 1,
        "site_setup": True,
        "enable_downvotes": True,
        "enable_nsfw": False,
        "community_creation_admin_only": False,
        "require_email_verification": False,
        "application_email_admins": False,
        "private_instance": False,
        "default_theme": "browser",
        "default_post_listing_type": "Local",
        "hide_modlog_mod_names": False,
        "actor_name_max_length": 20,
        "federation_enabled": False,
        "captcha_enabled": False,
        "captcha_difficulty": "medium",
        "published": EPOCH,
        "registration_mode": "Closed",
        "reports_email_admins": False,
        "federation_signed_fetch": False,
        "default_post_listing_mode": "List",
        "default_sort_type": "Active",
    }
    limits = {"local_site_id": 1, "published": EPOCH}
    for name in ("message", "post", "register", "image", "comment", "search"):
        limits[name] = 6 if name == "comment" else 100
        limits[f"{name}_per_second"] = 600
    limits["import_user_settings"] = 1
    limits["import_user_settings_per_second"] = 86400
    aggregates = {
        "site_id": 1,
        "users": len(s.users),
        "posts": len(s.posts),
        "comments": len(s.comments),
        "communities": len(s.communities),
        "users_active_day": 1,
        "users_active_week": 1,
        "users_active_month": 1,
        "users_active_half_year": 1,
    }
    data = {
        "site_view": {
            "site": site,
            "local_site": local_site,
            "local_site_rate_limit": limits,
            "counts": aggregates,
        },
        "admins": [],
        "version": VERSION,
        "all_languages": [],
        "discussion_languages": [],
        "taglines": [],
        "custom_emojis": [],
        "blocked_urls": [],
    }
    return _opt(data, my_user=my_user(me, s) if me else None)


def modlog(entries: list[ModlogRec], s: LemmyState) -> J:
    lists: dict[str, list[J]] = {
        name: []
        for name in [
            "removed_posts",
            "locked_posts",
            "featured_posts",
            "removed_comments",
            "removed_communities",
            "banned_from_community",
            "banned",
            "added_to_community",
            "transferred_to_community",
            "added",
            "admin_purged_persons",
            "admin_purged_communities",
            "admin_purged_posts",
            "admin_purged_comments",
            "hidden_communities",
        ]
    }
    for e in entries:
        p = s.posts[e.post_id]
        base = {
            "moderator": person(s.users[e.mod_id]),
            "post": post(p),
            "community": community(s.communities[e.community_id]),
        }
        when = iso(e.published)
        if e.kind == "remove_post":
            entry = _opt(
                {
                    "id": e.id,
                    "mod_person_id": e.mod_id,
                    "post_id": e.post_id,
                    "removed": not e.revert,
                    "when_": when,
                },
                reason=e.reason,
            )
            lists["removed_posts"].append({"mod_remove_post": entry, **base})
        else:
            entry = {
                "id": e.id,
                "mod_person_id": e.mod_id,
                "post_id": e.post_id,
                "locked": not e.revert,
                "when_": when,
            }
            lists["locked_posts"].append({"mod_lock_post": entry, **base})
    return lists
