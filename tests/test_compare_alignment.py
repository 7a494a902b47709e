"""Coverage fixes on hand-written texts: the same quote lined up across outlets whoever is named (or
not) as its speaker, quotes in parts, numbers with their tally, scale and noun, shared and differing
numbers, what each source adds (ranked), and the order of sources published the same day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from newsloom.compare import align_statements, compare_coverage, extract_numbers
from newsloom.compare.text import statement_similarity
from newsloom.core import Newsloom
from newsloom.model import Article, Quote, Story
from newsloom.serialize import to_jsonable
from newsloom.web import create_app

DAY = datetime(2024, 3, 5, tzinfo=UTC)  # a date alone: stored at midnight UTC


def _articles(*texts: str, published=DAY) -> list[Article]:
    return [Article(id=f"a{i}", title="Harbour wall", text=t, source=f"Outlet {i}",
                    published=published + timedelta(hours=i) if published else None)
            for i, t in enumerate(texts)]


def _cover(*texts: str, **kw):
    arts = _articles(*texts, **kw)
    return compare_coverage(Story("s1", "Harbour wall", article_ids=tuple(a.id for a in arts)), arts)


def _rows(statements) -> list[list[str | None]]:
    return [[q.text if q else None for q in row.quotes] for row in statements.rows]


# -- the same quote lined up -------------------------------------------------------------------------------

def test_identical_short_quotes_are_one_statement():
    assert statement_similarity("I will not resign", "I will not resign") == 1.0
    assert statement_similarity("I will not resign", "We will not rebuild") == 0.0
    qs = [Quote("I will not resign", "Ana Ruiz", "a"), Quote("I will not resign.", "Ana Ruiz", "b")]
    assert _rows(align_statements("Ana Ruiz", qs, ["a", "b"])) == [["I will not resign", "I will not resign."]]


WALL = "We will rebuild the old harbour wall before the winter storms"
NAMED = f"Mayor Ana Ruiz spoke to reporters on Monday.\n\n“{WALL},” Ruiz said."
UNNAMED = f"The council met on Monday.\n\n“{WALL}.”"


def test_an_unattributed_copy_takes_the_speaker_the_other_outlets_agree_on():
    cov = _cover(NAMED, NAMED.replace("reporters", "the press"), UNNAMED)
    (ruiz,) = cov.aligned_quotes
    assert ruiz.speaker == "Ana Ruiz" and _rows(ruiz) == [[WALL, WALL, WALL + "."]]
    assert cov.unattributed is None
    assert [q.speaker for c in cov.sources for q in c.quotes] == ["Ana Ruiz"] * 3


def test_outlets_that_disagree_on_the_speaker_lend_none_and_the_rest_is_shown_unattributed():
    other = f"Harbour master Tom Berg spoke on Monday.\n\n“{WALL},” Berg said."
    cov = _cover(NAMED, other, UNNAMED)
    assert {s.speaker for s in cov.aligned_quotes} == {"Ana Ruiz", "Tom Berg"}
    assert cov.unattributed is not None and _rows(cov.unattributed) == [[WALL + "."]]


def test_unattributed_quotes_are_lined_up_in_the_json_and_on_the_page():
    cov = _cover(UNNAMED, UNNAMED.replace("met", "sat"))
    assert not cov.aligned_quotes
    assert _rows(cov.unattributed) == [[WALL + ".", WALL + "."]]
    dumped = to_jsonable(cov)
    assert dumped["unattributed"]["speaker"] == "" and len(dumped["unattributed"]["rows"]) == 1
    html = _page(_articles(UNNAMED, UNNAMED.replace("met", "sat")))
    quotes = html[html.index('id="quotes"'):html.index('id="adds"')]
    assert "Speaker not identified" in quotes and '<tr class="aligned-row">' in quotes and WALL in quotes


FIRST, SECOND = ("The wall will be rebuilt in stone before the storms arrive",
                 "and the fishermen will be paid for every day the harbour stays closed")


def test_a_quote_in_two_parts_sits_next_to_the_whole():
    qs = [Quote(f"{FIRST}, {SECOND}.", "Ana Ruiz", "a"), Quote(FIRST, "Ana Ruiz", "b"),
          Quote(SECOND.capitalize(), "Ana Ruiz", "b")]
    (row,) = align_statements("Ana Ruiz", qs, ["a", "b"]).rows
    assert [q.text for q in row.quotes] == [f"{FIRST}, {SECOND}.", FIRST]
    assert [q.text for q in row.also] == [SECOND.capitalize()]
    # two quotes of one source that overlap are not parts of one statement: they keep rows of their own
    overlapping = [Quote("we have not seen any repair crews at the quay", "X", "a"),
                   Quote("we have still not seen any repair crews at the quay", "X", "a"),
                   Quote("We have not seen any repair crews at the quay yet", "X", "b")]
    assert len(align_statements("X", overlapping, ["a", "b"]).rows) == 2


# -- numbers -------------------------------------------------------------------------------------------------

def test_a_tally_a_scale_after_a_quote_mark_and_a_compound_keep_their_noun():
    assert extract_numbers("The nominee was confirmed in a 98-0 vote after 5-4 decisions.") == [
        "98-0 vote", "5-4 decisions"]
    assert extract_numbers("“We are asking for $5.6” billion, the mayor said.") == ["$5.6 billion"]
    assert extract_numbers("His client, a 21-year veteran, faced a 10-year-old lawsuit.") == [
        "21-year veteran", "10-year-old lawsuit"]
    assert extract_numbers("The ban will run through 2016-17.") == []


def test_numbers_without_a_noun_are_not_compared():
    cov = _cover("Ruiz, 48, filed case No. 10-277 in 1825; 12 were heard.", "Ruiz said 48 boats were lost.")
    assert [c.numbers for c in cov.sources] == [(), ("48 boats",)]
    assert not cov.numbers_shared


def test_a_number_is_shared_only_where_the_sources_state_the_same_fact():
    cov = _cover("The plan keeps the harbour fund solvent for 75 years, the mayor said.",
                 "Ruiz said the harbour fund would stay solvent for 75 years under the plan.",
                 "The old wall stood for 75 years before the storm.")
    (shared,) = cov.numbers_shared
    assert shared.label == "75 years" and shared.article_ids == ("a0", "a1")


def test_near_equal_values_of_one_thing_are_flagged_as_differing():
    cov = _cover("The lawsuit covers 1.5 million women who worked at the stores.",
                 "The lawsuit was filed on behalf of 1.6 million women across the stores.",
                 "Inspector Ruiz, who rose over 19 years in the harbour police, was fired.",
                 "Ruiz, a 21-year veteran of the harbour police, was fired on Friday.")
    assert not cov.numbers_shared
    differing = {n.label: n for n in cov.numbers_differing}
    # 'over 19 years' agrees with 21 (a bound it satisfies: tests/test_numbers_bounds.py); 19 and 21 would not
    assert set(differing) == {"1.5 million women / 1.6 million women"}
    women = differing["1.5 million women / 1.6 million women"]
    assert women.value == "women" and women.article_ids == ("a0", "a1")
    assert women.labels == ("1.5 million women", "1.6 million women")
    html = _page(_articles("The lawsuit covers 1.5 million women who worked at the stores.",
                           "The lawsuit was filed on behalf of 1.6 million women across the stores."))
    assert "Numbers sources give differently" in html and '<strong class="differing-number">1.6 million women' in html


# -- what each source adds -----------------------------------------------------------------------------------

def test_a_shared_short_quote_and_a_short_sentence_are_not_what_a_source_adds():
    a = "The mayor spoke at the harbour.\n\n“I will not resign,” Ruiz said.\n\nShe left at noon."
    b = "Ruiz faced the council on Monday.\n\n“I will not resign,” the mayor told them.\n\nThen she left at noon."
    adds = {c.article_id: c.unique_sentences for c in _cover(a, b).sources}
    assert not any("resign" in s for s in adds["a0"] + adds["a1"])
    assert not any("noon" in s for s in adds["a0"] + adds["a1"])


def test_a_sentence_with_other_figures_is_still_what_a_source_adds():
    fourteen = "Police arrested 14 protesters outside the Harlow plant on Monday evening."
    forty_one = "Police arrested 41 protesters outside the Harlow plant on Monday evening."
    adds = {c.article_id: list(c.unique_sentences) for c in _cover(fourteen, forty_one).sources}
    assert adds == {"a0": [fourteen], "a1": [forty_one]}  # two counts: each says what the other does not
    same = "On Monday evening police arrested 14 protesters outside the Harlow plant, officials said."
    without = "Police arrested protesters outside the Harlow plant on Monday evening, officials said."
    adds = {c.article_id: list(c.unique_sentences) for c in _cover(fourteen, same, without).sources}
    assert adds == {"a0": [], "a1": [], "a2": []}  # the same count, or none given: the same fact
    long = ("After a tense standoff that lasted most of the afternoon, riot police arrested {} protesters "
            "outside the gates of the Harlow chemical plant.")
    other = ("Riot police arrested {} protesters outside the gates of the Harlow chemical plant late on Monday "
             "after a tense standoff, the regional prefecture said in a statement.")
    adds = {c.article_id: len(c.unique_sentences) for c in _cover(long.format(14), other.format(41)).sources}
    assert adds == {"a0": 1, "a1": 1}  # longer sentences (compared by their words): the same rule
    adds = {c.article_id: len(c.unique_sentences) for c in _cover(long.format(14), other.format(14)).sources}
    assert adds == {"a0": 0, "a1": 0}


def test_what_a_source_adds_is_ranked_and_capped_on_the_page_with_the_full_list_in_the_json():
    plain = [f"The council discussed item {w} at length." for w in
             ("one", "two", "three", "four", "five", "six", "seven")]
    news = "Engineer Tomas Halvorsen said 312 stones had already cracked."
    text = " ".join([*plain, news])
    arts = _articles(text, "The harbour wall will be rebuilt, the mayor said.")
    cov = compare_coverage(Story("s1", "Harbour wall", article_ids=("a0", "a1")), arts)
    mine = cov.sources[0]
    assert len(mine.unique_sentences) == 8 and mine.unique_sentences[-1] == news  # all, in text order
    assert len(mine.highlights) == 5 and mine.highlights[0] == news  # new names and numbers first
    html = _page(arts)
    adds = html[html.index('id="adds"'):html.index('id="why"')]
    assert '<details class="more"><summary>3 more sentences</summary>' in adds
    assert adds.index(news) < adds.index("item one")
    dumped = to_jsonable(cov)["sources"][0]
    assert dumped["unique_sentences"] == list(mine.unique_sentences) and len(dumped["highlights"]) == 5


# -- order of publication ------------------------------------------------------------------------------------

def test_sources_dated_the_same_day_without_a_time_are_ordered_by_fetch_time_and_marked():
    arts = [Article(id=aid, title="Harbour wall", text=f"Story by {aid}.", source=aid, published=DAY,
                    fetched_at=DAY + timedelta(hours=h)) for aid, h in (("aaa", 9), ("zzz", 3), ("mmm", 6))]
    arts.append(Article(id="bbb", title="Harbour wall", text="Later.", source="bbb",
                        published=DAY + timedelta(days=1, hours=10)))
    cov = compare_coverage(Story("s1", "Harbour wall", article_ids=tuple(a.id for a in arts)), arts)
    assert [c.article_id for c in cov.sources] == ["zzz", "mmm", "aaa", "bbb"]
    assert [c.same_day for c in cov.sources] == [True, True, True, False]
    html = _page(arts)
    table = html[html.index('<table class="coverage">'):html.index("</table>")]
    assert table.count(">same day</span>") == 3


class _Store:
    """Just what ``Newsloom.story_view`` reads."""

    def __init__(self, articles) -> None:
        self.articles = {a.id: a for a in articles}
        self.story = Story("s1", "Harbour wall", article_ids=tuple(self.articles))

    def get_story(self, story_id):
        return self.story

    def get_articles(self, ids):
        return [self.articles[i] for i in ids]

    def get_provenances(self, ids):
        return {}

    def assignments_of(self, ids):
        return {}


def _page(articles) -> str:
    with TestClient(create_app(Newsloom(_Store(articles), pipeline=None))) as client:
        page = client.get("/stories/s1")
    assert page.status_code == 200
    return page.text


def test_a_surname_alone_joins_the_one_person_it_may_be_and_no_other():
    from newsloom.compare.statements import line_up

    def speakers(quotes):
        return {name: [q.text for q in qs] for name, qs in line_up(quotes, ["a", "b", "c"])[0].items()}

    two = [Quote("the first words of one", "Cheney", "a"), Quote("words of the daughter", "Mary Cheney", "b"),
           Quote("words of the sister", "Liz Cheney", "c")]
    grouped = speakers(two)  # 'Cheney' may be either: a group of its own, and the two women stay apart
    assert grouped == {"Cheney": ["the first words of one"], "Mary Cheney": ["words of the daughter"],
                       "Liz Cheney": ["words of the sister"]}
    one = [Quote("the first words of one", "Cheney", "a"), Quote("words of the father", "Dick Cheney", "b")]
    assert speakers(one) == {"Dick Cheney": ["the first words of one", "words of the father"]}


def test_a_speaker_with_no_surname_does_not_break_the_story():
    from newsloom.compare.statements import line_up

    by_speaker, _aligned, _nobody = line_up([Quote("the words that matter here today", "Ms", "a")], ["a"])
    assert list(by_speaker) == ["Ms"]


def test_a_value_several_sources_give_is_named_once_with_them_all():
    html = _page(_articles("The lawsuit covers 1.5 million women who worked at the stores.",
                           "The lawsuit was filed for 1.5 million women who worked at the stores, lawyers said.",
                           "The lawsuit was filed on behalf of 1.6 million women across the stores."))
    line = html.split('class="muted numbers-differing">', 1)[1].split("</p>", 1)[0]
    assert line.count(">1.5 million women<") == 1 and line.count(">1.6 million women<") == 1, line
    assert line.index(">1.5 million women<") < line.index("; ") < line.index(" vs ")  # its two sources together


def test_a_bare_value_is_not_listed_beside_the_same_value_with_what_it_counts():
    cov = _cover("The suit covers 1.6 million women. At 1.6 million, it is the largest ever filed, said Ruiz at 9 p.m. "
                 "when 9 boats had docked.", "Another report on the harbour.")
    assert cov.sources[0].numbers == ("1.6 million women", "9 p.m.", "9 boats")


def test_no_dispute_where_one_source_gives_both_values_or_a_sum_names_nothing():
    cov = _cover("The wall would cost $5.7 billion, while the shutdown cost the economy $6 billion, Ruiz said.",
                 "Ruiz asked for $5.7 billion for the wall as the shutdown cost the economy $6 billion.")
    assert not cov.numbers_differing  # two sums of money said without what they are: no values of one thing
    cov = _cover("The fund pays 1.5 million women and 1.6 million women wait for the fund.",
                 "Officials said 1.5 million women get the fund.")
    assert not cov.numbers_differing  # the first source states both values: two things, not a dispute
