"""The two seed pages: every story paragraph kept, no boilerplate, credits/wire/dateline/date found."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsloom.extract import extract_article
from newsloom.model import FetchedDocument

BOILERPLATE = ("ADVERTISEMENT", "Back to top button", "Related Articles", "Related Topics", "What to read next",
               "We are part of The Trust Project.", "CARLOS BARRIA/REUTERS", "JOHANNA GERON/REUTERS",
               "is an automatic aggregator", "Tom Vazquez", "Copyright 2022", "https://")


def _seed(seeds_dir: Path, prefix: str):
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    doc = FetchedDocument(url=path.as_uri(), body=text.encode("utf-8"), content_type="text/plain")
    return text, extract_article(doc)


def _story_paragraphs(text: str, first: str, last: str) -> list[str]:
    """The seed's story paragraphs, from its first to its last story line (read from the corpus)."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = next(i for i, line in enumerate(lines) if line.startswith(last))
    return lines[start:end + 1]


@pytest.mark.parametrize("prefix", ["000", "004"])
def test_seed_has_no_boilerplate_lines(seeds_dir, prefix):
    _, article = _seed(seeds_dir, prefix)
    for para in article.paragraphs:
        for marker in BOILERPLATE:
            assert marker not in para, (marker, para)


def test_seed_000_keeps_every_story_paragraph(seeds_dir):
    text, article = _seed(seeds_dir, "000")
    story = _story_paragraphs(text, "On Wednesday, Russia said", "In Moscow, Russian lawmakers")
    assert article.paragraphs == story
    assert article.title == "NATO sees no sign of Russia withdrawing troops near Ukraine"


def test_seed_004_keeps_every_story_paragraph_once(seeds_dir):
    text, article = _seed(seeds_dir, "004")
    story = _story_paragraphs(text, "BRUSSELS —", "\"The escalation of Russian troops")
    story = [line for line in story if line != "ADVERTISEMENT" and not line.isupper() or line == "EASTERN FLANK"]
    story = [line for line in story if "/REUTERS" not in line and "Defence Ministers meeting" not in line]
    assert article.paragraphs == story
    assert article.title == "NATO says Russia still adding troops to Ukraine build-up"
    standfirst = "World powers are engaged in one of the deepest crises"
    assert sum(p.startswith(standfirst) for p in article.paragraphs) == 1


def test_seed_000_is_ap_via_wink_with_aggregator_flag(seeds_dir):
    _, article = _seed(seeds_dir, "000")
    assert [w.agency for w in article.wire] == ["AP"]
    assert "contributed to this report" in article.wire[0].evidence
    assert article.wire[0].how == "credit"
    copyrights = [c.text for c in article.credits if c.kind == "copyright"]
    assert copyrights and copyrights[0].startswith("Copyright 2022 Fort Myers Broadcasting Company")
    assert article.automated is True
    assert any(link.startswith("https://www.winknews.com/2022/02/16/") for link in article.links)
    assert article.published.date() == date(2022, 2, 16) and article.field_sources["published"] == "url"
    assert article.dateline == "Kyiv, Ukraine"
    assert {"Dasha Litvinova", "Frank Jordans"} <= {n for c in article.credits for n in c.names}
    assert article.source == article.site_name == "USTimeToday"  # the aggregator names itself
    assert article.field_sources["site_name"] == "text"


def test_seed_004_is_reuters_with_dateline_and_caption_date(seeds_dir):
    _, article = _seed(seeds_dir, "004")
    assert [w.agency for w in article.wire] == ["Reuters"]
    assert "Reporting by Phil Stewart" in article.wire[0].evidence
    assert article.dateline == "BRUSSELS"
    assert article.published.date() == date(2022, 2, 16) and article.field_sources["published"] == "text"
    assert article.automated is False
    kinds = {c.kind for c in article.credits}
    assert {"reporting", "editing", "photo", "dateline"} <= kinds
    editing = next(c for c in article.credits if c.kind == "editing")
    assert editing.names == ("Alex Richardson",)


@pytest.mark.parametrize("prefix", ["000", "004"])
def test_seed_id_and_hash_are_stable(seeds_dir, prefix):
    _, first = _seed(seeds_dir, prefix)
    _, second = _seed(seeds_dir, prefix)
    assert first.id == second.id and first.content_hash == second.content_hash and first.content_hash


def test_a_page_without_a_web_address_has_no_invented_outlet(seeds_dir):
    _, article = _seed(seeds_dir, "004")
    assert article.source is None and article.site_name is None


def _line_starting(text: str, start: str) -> str:
    """The seed's whitespace-normalised line that starts with ``start`` (read from the corpus)."""
    return next(" ".join(line.split()) for line in text.splitlines() if line.strip().startswith(start))


def test_seed_000_keeps_the_aggregator_disclaimer_as_evidence(seeds_dir):
    text, article = _seed(seeds_dir, "000")
    disclaimers = [c for c in article.credits if c.kind == "disclaimer"]
    assert len(disclaimers) == 1 and disclaimers[0].names == ("USTimeToday",)
    line = _line_starting(text, "USTimeToday is an automatic aggregator")
    sentence = disclaimers[0].text
    assert line.startswith(sentence) and sentence.endswith(".") and len(sentence) < len(line)  # its first sentence
    assert article.field_sources["automated"] == "disclaimer"


def test_seed_000_names_every_ap_reporter_and_fills_the_authors(seeds_dir):
    _, article = _seed(seeds_dir, "000")
    reported = next(c for c in article.credits if c.kind == "reported_from")
    assert reported.names == ("Karmanau", "Cook")  # "Cook" (from Brussels) was dropped before
    assert article.authors == reported.names and article.field_sources["authors"] == "credit"
    contributors = next(c for c in article.credits if c.kind == "contributed").names
    assert not set(contributors) & set(article.authors)  # contributors are not authors
    assert "Tom Vazquez" not in article.authors  # the aggregator's poster is not an author either


def test_seed_004_wire_evidence_is_the_whole_credit_line(seeds_dir):
    text, article = _seed(seeds_dir, "004")
    credit_line = _line_starting(text, "(Reporting by")
    assert article.wire[0].evidence == credit_line and credit_line.endswith(")")
    reporting = next(c for c in article.credits if c.kind == "reporting")
    assert article.authors == reporting.names and len(article.authors) == 3
    assert article.field_sources["authors"] == "credit"


@pytest.mark.parametrize("prefix", ["000", "004"])
def test_seed_language_is_read_from_the_body(seeds_dir, prefix):
    _, article = _seed(seeds_dir, prefix)
    assert article.lang == "en" and article.field_sources["lang"] == "text-stopwords"
