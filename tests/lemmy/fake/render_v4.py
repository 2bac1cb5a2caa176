"""Lemmy 1.0 (API v4) JSON for the fake's records, shaped like lemmy-js-client 1.0.0-beta.2."""

from __future__ import annotations

from typing import Any

from tests.lemmy.fake.render_v3 import _opt
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
VERSION = "1.0.0-beta.2"


def person(u: User) -> J:
    return {
        "id": u.id,
        "name": u.name,
        "published_at": EPOCH,
        "ap_id": f"https://{INSTANCE}/u/{u.name}",
        "local": True,
        "last_refreshed_at": EPOCH,
        "deleted": False,
        "bot_account": u.bot_account,
        "instance_id": 1,
        "post_count": 0,
        "comment_count": 0,
    }


def community(c: Community, s: LemmyState) -> J:
    open_reports = [
        r for r in s.reports.values() if s.posts[r.post_id].community_id == c.id and not r.resolved
    ]
    return {
        "id": c.id,
        "name": c.name,
        "title": c.name.title(),
        "removed": False,
        "published_at": EPOCH,
        "deleted": False,
        "nsfw": False,
        "ap_id": f"https://{INSTANCE}/c/{c.name}",
        "local": True,
        "last_refreshed_at": EPOCH,
        "posting_restricted_to_mods": False,
        "instance_id": 1,
        "visibility": "public",
        "subscribers": 1,
        "posts": sum(1 for p in s.posts.values() if p.community_id == c.id),
        "comments": 0,
        "users_active_day": 1,
        "users_active_week": 1,
        "users_active_month": 1,
        "users_active_half_year": 1,
        "subscribers_local": 1,
        "report_count": sum(
            1 for r in s.reports.values() if s.posts[r.post_id].community_id == c.id
        ),
        "unresolved_report_count": len(open_reports),
        "local_removed": False,
    }


def post(p: PostRec, s: LemmyState) -> J:
    reports = [r for r in s.reports.values() if r.post_id == p.id]
    data = {
        "id": p.id,
        "name": p.name,
        "creator_id": p.creator_id,
        "community_id": p.community_id,
        "removed": p.removed,
        "locked": p.locked,
        "published_at": iso(p.published),
        "deleted": p.deleted,
        "nsfw": False,
        "ap_id": f"https://{INSTANCE}/post/{p.id}",
        "local": True,
        "language_id": 0,
        "featured_community": p.featured,
        "featured_local": False,
        "comments": sum(1 for c in s.comments.values() if c.post_id == p.id),
        "score": 1,
        "upvotes": 1,
        "downvotes": 0,
        "report_count": len(reports),
        "unresolved_report_count": sum(1 for r in reports if not r.resolved),
        "federation_pending": False,
    }
    return _opt(
        data,
        url=p.url,
        body=p.body,
        embed_title=p.embed_title,
        updated_at=iso(p.updated) if p.updated else None,
    )


def _flags(creator: User, community_id: int, me: User | None, s: LemmyState) -> J:
    return {
        "creator_is_admin": creator.admin,
        "tags": [],
        "can_mod": bool(me and s.is_mod(me, community_id)),
        "creator_banned": False,
        "creator_is_moderator": s.is_mod(creator, community_id),
        "creator_banned_from_community": False,
    }


def post_view(p: PostRec, s: LemmyState, me: User | None) -> J:
    creator = s.users[p.creator_id]
    return {
        "post": post(p, s),
        "creator": person(creator),
        "community": community(s.communities[p.community_id], s),
        **_flags(creator, p.community_id, me, s),
    }


def comment_view(c: CommentRec, s: LemmyState, me: User | None) -> J:
    p = s.posts[c.post_id]
    creator = s.users[c.creator_id]
    comment = {
        "id": c.id,
        "creator_id": c.creator_id,
        "post_id": c.post_id,
        "content": c.content,
        "removed": c.removed,
        "published_at": iso(c.published),
        "deleted": False,
        "ap_id": f"https://{INSTANCE}/comment/{c.id}",
        "local": True,
        "path": f"0.{c.id}",
        "distinguished": c.distinguished,
        "language_id": 0,
        "score": 1,
        "upvotes": 1,
        "downvotes": 0,
        "child_count": 0,
        "report_count": 0,
        "unresolved_report_count": 0,
        "federation_pending": False,
        "locked": False,
    }
    return {
        "comment": comment,
        "creator": person(creator),
        "post": post(p, s),
        "community": community(s.communities[p.community_id], s),
        **_flags(creator, p.community_id, me, s),
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
            "published_at": iso(r.published),
            "violates_instance_rules": False,
        },
        original_post_url=p.url,
        original_post_body=p.body,
        resolver_id=r.resolver_id,
    )
    view = {
        "post_report": report,
        "post": post(p, s),
        "community": community(s.communities[p.community_id], s),
        "creator": person(s.users[r.creator_id]),
        "post_creator": person(s.users[p.creator_id]),
        "creator_is_admin": False,
        "creator_is_moderator": s.is_mod(s.users[r.creator_id], p.community_id),
        "creator_banned": False,
        "creator_banned_from_community": False,
        "tags": [],
    }
    return _opt(view, resolver=person(s.users[r.resolver_id]) if r.resolver_id else None)


def community_response(c: Community, s: LemmyState, me: User | None) -> J:
    view = {"community": community(c, s), "can_mod": bool(me and s.is_mod(me, c.id)), "tags": []}
    mods = [{"community": community(c, s), "moderator": person(s.users[m])} for m in c.moderators]
    return {"community_view": view, "moderators": mods, "discussion_languages": []}


def my_user(u: User, s: LemmyState) -> J:
    local_user = {
        "id": u.id,
        "person_id": u.id,
        "show_nsfw": False,
        "theme": "browser",
        "default_post_sort_type": "active",
        "default_listing_type": "local",
        "interface_language": "en",
        "show_avatars": True,
        "send_notifications_to_email": False,
        "show_bot_accounts": True,
        "show_read_posts": True,
        "email_verified": False,
        "accepted_application": True,
        "open_links_in_new_tab": False,
        "blur_nsfw": True,
        "infinite_scroll_enabled": False,
        "admin": u.admin,
        "post_listing_mode": "list",
        "totp_2fa_enabled": False,
        "animated_images_enabled": True,
        "collapse_bot_comments": False,
        "last_donation_notification_at": EPOCH,
        "private_messages_enabled": True,
        "default_comment_sort_type": "hot",
        "auto_mark_fetched_posts_as_read": False,
        "hide_posts_with_media": False,
        "show_score": True,
        "show_upvotes": True,
        "show_downvotes": "show",
        "show_upvote_percentage": False,
        "show_person_votes": False,
        "default_items_per_page": 20,
        "show_media": True,
    }
    moderates = [
        {"community": community(c, s), "moderator": person(u)}
        for c in s.communities.values()
        if u.id in c.moderators
    ]
    return {
        "local_user_view": {"local_user": local_user, "person": person(u), "banned": False},
        "follows": [],
        "moderates": moderates,
        "multi_community_follows": [],
        "community_blocks": [],
        "instance_communities_blocks": [],
        "instance_persons_blocks": [],
        "person_blocks": [],
        "keyword_blocks": [],
        "discussion_languages": [],
    }


def site(s: LemmyState) -> J:
    site = {
        "id": 1,
        "name": "Lemmy test",
        "published_at": EPOCH,
        "ap_id": f"https://{INSTANCE}/",
        "last_refreshed_at": EPOCH,
        "inbox_url": f"https://{INSTANCE}/inbox",
        "instance_id": 1,
    }
    local_site: J = {
        "id": 1,
        "site_id": 1,
        "site_setup": True,
        "community_creation_admin_only": False,
        "email_verification_required": False,
        "application_email_admins": False,
        "private_instance": False,
        "default_theme": "browser",
        "default_post_listing_type": "local",
        "federation_enabled": False,
        "published_at": EPOCH,
        "registration_mode": "closed",
        "reports_email_admins": False,
        "federation_signed_fetch": False,
        "default_post_listing_mode": "list",
        "default_post_sort_type": "active",
        "default_comment_sort_type": "hot",
        "oauth_registration": False,
        "post_upvotes": "all",
        "post_downvotes": "all",
        "comment_upvotes": "all",
        "comment_downvotes": "all",
        "default_items_per_page": 20,
        "email_notifications_disabled": False,
        "image_allow_video_uploads": False,
        "image_max_avatar_size": 512,
        "image_max_banner_size": 1024,
        "image_max_thumbnail_size": 512,
        "image_max_upload_size": 1024,
        "image_mode": "none",
        "image_upload_disabled": True,
        "image_upload_timeout_seconds": 30,
        "max_invites_per_user_allowed": 0,
        "nsfw_content_disallowed": True,
        "users": len(s.users),
        "posts": len(s.posts),
        "comments": len(s.comments),
        "communities": len(s.communities),
        "users_active_day": 1,
        "users_active_week": 1,
        "users_active_month": 1,
        "users_active_half_year": 1,
    }
    limits: J = {"local_site_id": 1, "published_at": EPOCH}
    for name in ("message", "post", "register", "image", "comment", "search"):
        limits[f"{name}_max_requests"] = 6 if name == "comment" else 100
        limits[f"{name}_interval_seconds"] = 600
    limits["import_user_settings_max_requests"] = 1
    limits["import_user_settings_interval_seconds"] = 86400
    instance = {"id": 1, "domain": INSTANCE, "published_at": EPOCH}
    return {
        "site_view": {
            "site": site,
            "local_site": local_site,
            "local_site_rate_limit": limits,
            "instance": instance,
        },
        "admins": [],
        "version": VERSION,
        "all_languages": [],
        "discussion_languages": [],
        "oauth_providers": [],
        "admin_oauth_providers": [],
        "blocked_urls": [],
        "active_plugins": [],
        "captcha_enabled": False,
    }


def modlog_view(e: ModlogRec, s: LemmyState) -> J:
    entry = {  # Modlog has no skip_serializing_none: a missing reason is null
        "id": e.id,
        "kind": "mod_remove_post" if e.kind == "remove_post" else "mod_lock_post",
        "is_revert": e.revert,
        "reason": e.reason,
        "published_at": iso(e.published),
        "child_count": 0,
    }
    p = s.posts[e.post_id]
    return {
        "modlog": entry,
        "moderator": person(s.users[e.mod_id]),
        "target_person": person(s.users[p.creator_id]),
        "target_post": post(p, s),
        "target_community": community(s.communities[e.community_id], s),
    }
