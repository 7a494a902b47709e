"""Coverage of a story: source labels, statements lined up across sources, what each source adds,
shared numbers, and that only what a publisher lets us show is compared (hand-written texts)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from newsloom.compare import compare_coverage, source_label
from newsloom.core import Newsloom
from newsloom.errors import NotFoundError
from newsloom.model import Article, ChainLink, PrimarySource, Provenance, Story, StoryAssignment
from newsloom.policy import display_text
from newsloom.serialize import to_jsonable
from newsloom.web import create_app

DAY = datetime(2024, 3, 5, tzinfo=UTC)

WIRE_TEXT = (
    "HARBOURTOWN — Port director Marta Olsen warned on Tuesday that the northern quay could close within "
    "weeks.\n\n"
    "“At this point, we have not seen any repair crews arrive at the quay,” Olsen said at a briefing.\n\n"
    "“If they actually start the repairs, that is something we would welcome.”\n\n"
    "About 2,300 dock workers are employed at the quay, the port authority said.\n\n"
    "The city council will vote on an emergency budget next month.")
RIVAL_TEXT = (
    "Port director Marta Olsen said the quay was at risk, and the council is divided over the cost.\n\n"
    '"We have not seen any arrival of repair crews at the quay. And frankly, that worries us," Olsen said. '
    '"What we see is that the cracks have grown and more are appearing."\n\n'
    "Some 2,300 workers depend on the quay for their jobs.\n\n"
    "A local fishing cooperative said it had already moved three boats to a neighbouring harbour.")


def _story(*ids: str) -> Story:
    return Story("s1", "Quay may close", article_ids=ids)


def _articles(**robots) -> tuple[Article, Article]:
    copy = Article(id="agg", title="Quay may close", text=WIRE_TEXT, source="AutoNews", automated=True,
                   published=DAY, robots=robots.get("agg", ()))
    rival = Article(id="riv", title="Harbour quay at risk", text=RIVAL_TEXT, url="file:///tmp/riv.txt",
                    published=DAY, robots=robots.get("riv", ()))
    return copy, rival


PROVENANCE = {
    "agg": Provenance("agg", PrimarySource("WirePress", "wire"), (
        ChainLink("AutoNews", "agg", relation="rewrite", automated=True),
        ChainLink("WirePress", relation="wire credit")), is_copy=True, automated=True),
    "riv": Provenance("riv", PrimarySource("Daily Ledger", "wire"), (
        ChainLink("unknown", "riv"), ChainLink("Daily Ledger", relation="wire credit")), is_copy=True),
}


@pytest.fixture()
def coverage():
    return compare_coverage(_story("agg", "riv"), _articles(), PROVENANCE)


# -- labels -------------------------------------------------------------------------------------------

def test_each_source_is_labelled_with_its_outlet_and_primary_source(coverage):
    labels = coverage.source_labels
    assert labels["agg"].label == "WirePress (via AutoNews, machine-rewritten)"
    assert labels["agg"].machine_rewritten and labels["agg"].outlet == "AutoNews"
    assert labels["riv"].label == "Daily Ledger"  # the wire's text on a page of unknown publisher
    assert labels["riv"].outlet == "unknown publisher (Daily Ledger)" and not labels["riv"].machine_rewritten
    assert {c.article_id: c.source for c in coverage.sources} == {
        "agg": "AutoNews", "riv": "unknown publisher (Daily Ledger)"}


def test_an_original_is_labelled_by_its_outlet_alone():
    art = Article(id="o", title="t", text="", source="Harbour Herald")
    original = Provenance("o", PrimarySource("Harbour Herald", "outlet", "o"))
    assert source_label(art, original).label == "Harbour Herald"
    assert source_label(art, None).label == "Harbour Herald"
    auto = Article(id="a", title="t", text="", source="AutoNews", automated=True)
    assert source_label(auto, None).label == "AutoNews (machine-rewritten)"


# -- statements lined up ------------------------------------------------------------------------------

def test_one_statement_in_two_sources_is_one_row_with_a_column_per_source(coverage):
    (olsen,) = coverage.aligned_quotes
    assert olsen.speaker == "Marta Olsen" and olsen.sources == ("agg", "riv")
    rows = [tuple(q.text.split(",")[0] if q else None for q in row.quotes) for row in olsen.rows]
    assert rows == [("At this point", "We have not seen any arrival of repair crews at the quay. And frankly"),
                    ("If they actually start the repairs", None),
                    (None, "What we see is that the cracks have grown and more are appearing.")]
    assert olsen.rows[0].similarity >= 0.6
    # the API field stays as it was: every quote of the speaker, whichever source carries it
    assert {q.article_id for q in coverage.quotes_by_speaker["Marta Olsen"]} == {"agg", "riv"}


def test_a_row_never_holds_two_quotes_of_one_source():
    from newsloom.compare import align_statements
    from newsloom.model import Quote

    qs = [Quote("we have not seen any repair crews at the quay", "X", "a"),
          Quote("we have still not seen any repair crews at the quay", "X", "a"),
          Quote("We have not seen any repair crews at the quay yet", "X", "b")]
    aligned = align_statements("X", qs, ["a", "b"])
    assert all(sum(q is not None for q in row.quotes) <= 2 for row in aligned.rows)
    assert len(aligned.rows) == 2 and aligned.rows[0].quotes[1] is not None


def test_different_statements_of_one_speaker_are_not_lined_up():
    from newsloom.compare import align_statements
    from newsloom.model import Quote

    qs = [Quote("the quay must close before the storms arrive", "X", "a"),
          Quote("the council has not paid for the quay repairs", "X", "b")]
    rows = align_statements("X", qs, ["a", "b"]).rows
    assert [sum(q is not None for q in row.quotes) for row in rows] == [1, 1]


# -- what each source adds -----------------------------------------------------------------------------

def test_what_each_adds_leaves_out_facts_another_source_states(coverage):
    adds = {c.article_id: c.unique_sentences for c in coverage.sources}
    assert not any("2,300" in s for s in adds["agg"] + adds["riv"])  # the same number, the same fact
    assert not any("not seen any" in s for s in adds["agg"] + adds["riv"])  # the same statement, reworded
    assert any("emergency budget" in s for s in adds["agg"])
    assert any("fishing cooperative" in s for s in adds["riv"])
    assert any("cracks have grown" in s for s in adds["riv"])


def test_quotes_are_not_cut_into_fragments(coverage):
    for c in coverage.sources:
        for sent in c.unique_sentences:
            assert sent.count('"') % 2 == 0 and sent.count("“") == sent.count("”"), sent


def test_shared_numbers_are_merged_with_their_noun(coverage):
    (shared,) = coverage.numbers_shared
    assert shared.value == "2,300" and shared.label == "2,300 workers"
    assert set(shared.article_ids) == {"agg", "riv"}
    numbers = {c.article_id: c.numbers for c in coverage.sources}
    assert numbers == {"agg": ("2,300 workers",), "riv": ("2,300 workers",)}


SHARED_TEXTS = {  # 2,300 workers in a and b; 48 ships in a, 48 percent in b, a bare 48 in c; the rest in one only
    "a": "About 2,300 workers at the port stopped work, and 48 ships waited. The strike lasted 12 hours.",
    "b": "Some 2,300 workers walked out, union leaders said. Turnout was 48 percent.",
    "c": "Dozens of vessels, 48 in all, queued off the harbour while 700 dockers picketed.",
}


def _shared_articles() -> tuple[Article, ...]:
    return tuple(Article(id=aid, title="Port strike", text=text, source=f"Outlet {aid.upper()}",
                         published=DAY + timedelta(hours=i)) for i, (aid, text) in enumerate(SHARED_TEXTS.items()))


def test_shared_flag_marks_exactly_the_numbers_two_sources_state():
    cov = compare_coverage(_story(*SHARED_TEXTS), _shared_articles())
    numbers = {c.article_id: c.numbers for c in cov.sources}
    # a bare figure ('48 in all') says nothing of what it counts: it is not compared
    assert numbers == {"a": ("2,300 workers", "48 ships", "12 hours"), "b": ("2,300 workers", "48 percent"),
                       "c": ("700 dockers",)}
    assert {(n.value, n.article_ids) for n in cov.numbers_shared} == {("2,300", ("a", "b"))}
    flagged = {c.article_id: tuple(n for n in c.numbers if n in cov.shared_labels) for c in cov.sources}
    assert flagged == {"a": ("2,300 workers",), "b": ("2,300 workers",), "c": ()}
    # one representation of the shared numbers in the API: no list of bare values beside it
    dumped = to_jsonable(cov)
    assert "shared_numbers" not in dumped and "shared_labels" not in dumped
    assert [n["labels"] for n in dumped["numbers_shared"]] == [["2,300 workers"]]


def test_story_page_marks_exactly_the_shared_numbers():
    nl = Newsloom(_Store(_shared_articles()), pipeline=None)
    with TestClient(create_app(nl)) as client:
        html = client.get("/stories/s1").text
    table = html[html.index('<table class="coverage">'):html.index("</table>")]
    marked = re.findall(r'<strong class="shared-number"[^>]*>([^<]+)</strong>', table)
    assert marked == ["2,300 workers", "2,300 workers"]  # not "48 ships", "48 percent", "12 hours"
    assert "48 ships" in table and "48 percent" in table and "700 dockers" in table


# -- only what may be shown ----------------------------------------------------------------------------

def test_only_the_text_passed_as_shown_is_compared():
    copy, rival = _articles()
    shown = {"agg": WIRE_TEXT.split("\n\n")[0], "riv": ""}
    cov = compare_coverage(_story("agg", "riv"), [copy, rival], PROVENANCE, texts=shown)
    dumped = json.dumps(to_jsonable(cov))
    assert "repair crews" not in dumped and "2,300" not in dumped and "fishing" not in dumped
    assert not cov.quotes_by_speaker and not cov.aligned_quotes
    assert {c.article_id: c.n_words for c in cov.sources} == {"agg": len(WIRE_TEXT.split()),
                                                             "riv": len(RIVAL_TEXT.split())}


class _Store:
    """Just what ``Newsloom.story_view`` reads."""

    def __init__(self, articles: tuple[Article, ...]) -> None:
        self.articles = {a.id: a for a in articles}
        self.story = replace(_story(*self.articles), first_seen=DAY, last_updated=DAY + timedelta(days=1))

    def get_story(self, story_id: str) -> Story:
        if story_id != self.story.id:
            raise NotFoundError("no such story", subject=story_id)
        return self.story

    def get_articles(self, ids):
        return [self.articles[i] for i in ids]

    def get_provenance(self, article_id: str):
        return PROVENANCE.get(article_id)

    def assignment_of(self, article_id: str):
        return StoryAssignment(article_id, self.story.id, 0.9, reason="similarity")

    def get_provenances(self, ids):  # the batched reads of Newsloom.story_view
        return {i: p for i in ids if (p := self.get_provenance(i)) is not None}

    def assignments_of(self, ids):
        return {i: self.assignment_of(i) for i in ids}


@pytest.mark.parametrize("directive", ["noarchive", "max-snippet:120", "nosnippet"])
def test_story_view_and_api_compare_only_what_the_publisher_allows(directive):
    articles = _articles(riv=(directive,))
    shown, cut = display_text(articles[1])
    assert cut
    hidden = [p for p in ("What we see is that the cracks", "Some 2,300 workers", "fishing cooperative",
                          "neighbouring harbour") if p not in shown]
    assert "fishing cooperative" in hidden
    nl = Newsloom(_Store(articles), pipeline=None)
    view = nl.story_view("s1")
    rival = next(c for c in view.coverage.sources if c.article_id == "riv")
    carried = [*rival.unique_sentences, *(q.sentence for q in rival.quotes), *(q.text for q in rival.quotes)]
    for text in carried:
        assert text.rstrip(" …") in shown, text
    dumped = json.dumps(to_jsonable(view.coverage))
    for phrase in hidden:
        assert phrase not in dumped, (directive, phrase)
    assert "emergency budget" in dumped  # the other source has no directive
    with TestClient(create_app(nl)) as client:
        api = client.get("/api/v1/stories/s1")
        page = client.get("/stories/s1")
    assert api.status_code == 200 and page.status_code == 200
    for phrase in hidden:
        assert phrase not in api.text and phrase not in page.text, (directive, phrase)


def test_story_page_lines_up_statements_and_labels_times():
    nl = Newsloom(_Store(_articles()), pipeline=None)
    with TestClient(create_app(nl)) as client:
        html = client.get("/stories/s1").text
        api = client.get("/api/v1/stories/s1").json()
    quotes = html[html.index('id="quotes"'):html.index('id="adds"')]
    first_row = quotes[quotes.index('<tr class="aligned-row">'):]
    first_row = first_row[:first_row.index("</tr>")]
    assert "At this point, we have not seen" in first_row and "We have not seen any arrival" in first_row
    assert "WirePress (via AutoNews, machine-rewritten)" in quotes and "possibly altered" in quotes
    assert "Daily Ledger" in quotes and "via unknown publisher" not in quotes
    assert "Harbour quay at risk" not in html.split('id="why"')[0].split("<h1 dir=\"auto\">")[1].split("</h1>")[0]
    meta = html[html.index('<div class="meta">'):]
    meta = meta[:meta.index("</div>")]
    assert 'published <time datetime="2024-03-05' in meta and "publication dates its sources give" in meta
    assert 'updated here <time datetime="2024-03-06' in meta and "when newsloom last added" in meta
    assert "first seen" not in meta
    speakers = api["coverage"]["quotes_by_speaker"]
    assert len({q["article_id"] for q in speakers["Marta Olsen"]}) == 2
    (aligned,) = api["coverage"]["aligned_quotes"]
    assert aligned["sources"] == ["agg", "riv"] and all(aligned["rows"][0]["quotes"])
