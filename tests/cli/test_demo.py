"""``newsmod demo`` runs the whole pipeline offline and shows every rule at work."""

from __future__ import annotations

import re
import sqlite3

from bot.cli.main import main
from bot.models import RULE_IDS


def test_demo_runs_the_pipeline_and_logs_everything(tmp_path, capsys):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    # every rule fires on its sample post, the clean post is allowed, the SSRF post is refused
    for rule in RULE_IDS:
        assert f"• {rule} [" in out, rule
    assert "bbc-clean  →  ALLOW" in out
    # a paywalled article posted with an archive link is allowed; a repost of another one (a
    # tracking-parameter variant of its link) is caught as the same article
    assert "paywall-with-archive  →  ALLOW" in out
    assert re.search(r"^repost-tracking-link  →  FLAG  \(case \d+\)$", out, re.M)
    assert "refused: 10.0.0.5 is a private address" in out
    # the fix-it loop resolves the editorialized title, the chain verifies, stats are printed
    assert "modlog ok:" in out
    assert re.search(r"resolved +independent-editorialized +editorialized-title", out)
    with sqlite3.connect(db) as conn:
        actions = [row[0] for row in conn.execute("SELECT action FROM modlog ORDER BY id")]
    assert "resolve" in actions
    assert actions.count("remove") == 1  # the moderator's removal; dry-run: the bot removes none
    assert {"confirm", "dismiss", "note", "flag"} <= set(actions)
    # dry-run never comments: the moderators are told what would have been posted instead
    with sqlite3.connect(db) as conn:
        bot_comments = conn.execute(
            "SELECT count(*) FROM modlog WHERE action = 'comment' AND actor_kind = 'bot'"
        ).fetchone()[0]
        told = [row[0] for row in conn.execute("SELECT reason FROM modlog WHERE action = 'flag'")]
    assert bot_comments == 0
    assert any("would comment: " in reason for reason in told)
    assert "precision" in out


def test_demo_case_numbers_follow_the_sample_posts_and_hints_name_real_cases(tmp_path, capsys):
    assert main(["demo", "--db", str(tmp_path / "demo.db")]) == 0
    out = capsys.readouterr().out
    # cases are opened in the order of examples/posts.jsonl, whatever finishes checking first
    # (the first pass only: the re-check after the poster's edit names its case again)
    first_pass = out.split("2. What the bot did")[0]
    flagged = re.findall(r"^(\S+)  →  (?:FLAG|REMOVE)  \(case (\d+)\)$", first_pass, re.M)
    assert [int(case) for _, case in flagged] == list(range(1, len(flagged) + 1))
    assert flagged[0][0] == "independent-editorialized"
    cases = dict(flagged)
    assert "<case>" not in out
    assert f"newsmod decide {cases['paywall-no-archive']} note --reason" in out
    assert f"newsmod decide {cases['tabloid']} remove --rule tabloid-source" in out
    # evidence is shown for people, as on the web page and in Discord
    assert "Loaded words added: begs, shameful" in out
    assert "negation_or_hedge" not in out
    assert "loaded_added" not in out
    # a duplicate's earlier posts as short lines, not field names
    assert "Already posted: the same article\n" in out
    # (its only earlier post: one line, wrapped; a list when there are more)
    assert re.search(
        rf"Earlier posts: case {cases['paywall-no-archive']} · demo post paywall-no-archive · "
        r"[^·]+ earlier · still up —\s+same article URL$",
        out,
        re.M,
    )
    assert "Post id:" not in out
    assert "Match:" not in out
    # the poster's edit is not a repeat of a post made after it
    recheck = out.split("3. The poster fixes")[1].split("4. A moderator decides")[0]
    assert f"(case {cases['social-media']}" not in recheck
    assert "post social-media" not in recheck
    # long texts (the bot's calls, modlog cells) are shortened at a word, never mid-word: the
    # last word before each "…" is a whole word of the full texts (titles, reasons)
    with sqlite3.connect(tmp_path / "demo.db") as conn:
        texts = " ".join(
            r[0] + " " + r[1] for r in conn.execute("SELECT post_title, reason FROM modlog")
        )
    whole = set(re.findall(r"\w+", texts))
    cut = re.findall(r"(\w+)…(?=\s|$)", out, re.MULTILINE)
    assert len(cut) > 5, "the demo shortens long titles and reasons"
    assert [word for word in cut if word not in whole] == []


def test_demo_without_db_leaves_nothing_behind(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    assert list(tmp_path.iterdir()) == []
    assert "hash chain intact" in capsys.readouterr().out


def test_case_shows_the_title_as_posted_and_as_edited(tmp_path, capsys):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["case", "1", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Title:  Trump begs to rekindle bromance" in out
    assert "(as posted)" in out
    assert re.search(r"^Edited: Trump says he wants to meet Kim Jong Un again .*\(20", out, re.M)


def test_demo_flags_as_duplicates_only_the_repost_and_the_one_event_from_other_outlets(
    tmp_path, capsys
):
    # the demo's North Korea posts share a topic (Kim, Trump, North Korea) but only the repost
    # and the three reports of Lee's White House visit are the same article or story
    assert main(["demo", "--db", str(tmp_path / "demo.db")]) == 0
    first_pass = capsys.readouterr().out.split("2. What the bot did")[0]
    blocks = re.split(r"\n(?=\S+  →  )", first_pass)
    flagged = {b.split()[0] for b in blocks if "• duplicate-post [" in b}
    assert flagged == {"repost-tracking-link", "syndicated", "social-media"}
    assert "same story on independent.co.uk" in first_pass
    assert "same story on msn.com" in first_pass
