"""Saved pages given gzipped (``newsmod check --html page.html.gz``): the same result as the
plain page, the declared charset still honoured, the size cap applied to what is unpacked, and a
broken archive a one-line error."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.errors import InputError
from bot.snapshot import read_snapshot

REPO = Path(__file__).resolve().parents[2]
INDEPENDENT = REPO / "examples" / "pages" / "independent-trump-kim.html"
URL = "https://www.independent.co.uk/news/world/americas/trump-kim-b2813456.html"
TITLE = "Trump begs to meet 'millennial dictator' Kim as South Korea watches"


def check(capsys: pytest.CaptureFixture[str], page: Path) -> tuple[int, str, str]:
    code = main(["check", "--url", URL, "--title", TITLE, "--html", str(page), "--json"])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_gzipped_page_gives_the_same_result_as_the_plain_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packed = tmp_path / "independent.html.gz"
    packed.write_bytes(gzip.compress(INDEPENDENT.read_bytes()))
    plain_code, plain, _ = check(capsys, INDEPENDENT)
    code, out, err = check(capsys, packed)
    assert (code, err) == (plain_code, "")
    assert json.loads(out) == json.loads(plain)
    result = json.loads(out)
    assert result["article"]["status"] == "snapshot"
    assert [f["rule"] for f in result["findings"]] == ["editorialized-title"]


def test_the_charset_declared_inside_a_gzipped_page_is_used(tmp_path: Path) -> None:
    html = '<html><head><meta charset="windows-1252"><title>Café – “quoted”</title></head></html>'
    page = tmp_path / "cp1252.html.gz"
    page.write_bytes(gzip.compress(html.encode("cp1252")))
    assert read_snapshot(page) == html


def test_gzip_is_recognised_by_its_bytes_not_its_name(tmp_path: Path) -> None:
    page = tmp_path / "saved.html"  # gzipped, named as plain HTML
    page.write_bytes(gzip.compress(b"<html><title>Packed</title></html>"))
    assert read_snapshot(page) == "<html><title>Packed</title></html>"


def test_the_size_cap_applies_to_the_unpacked_page(tmp_path: Path) -> None:
    page = tmp_path / "bomb.html.gz"
    page.write_bytes(gzip.compress(b"<html>" + b"a" * 100_000))  # a few hundred bytes packed
    text = read_snapshot(page, max_bytes=1_000)
    assert text == "<html>" + "a" * 994


@pytest.mark.parametrize(
    "damage",
    [
        lambda packed: packed[: len(packed) // 2],  # cut short
        lambda packed: packed[:10] + b"\x00" * 20 + packed[30:],  # corrupted deflate data
    ],
    ids=["truncated", "corrupt"],
)
def test_a_broken_gzip_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], damage):  # type: ignore[no-untyped-def]
    page = tmp_path / "broken.html.gz"
    page.write_bytes(damage(gzip.compress(b"<html>" + b"x" * 5_000 + b"</html>")))
    with pytest.raises(
        InputError, match=r"^cannot read saved page .*broken\.html\.gz: broken gzip"
    ):
        read_snapshot(page)
    code, out, err = check(capsys, page)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("newsmod: cannot read saved page")
    assert "broken gzip" in err
