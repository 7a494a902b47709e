"""Compare fixes: a bare figure is no shared claim, words that say nothing about what a number
counts (verbs among them: '30 died') are not its noun, a quotation repeated with another final stop
is listed once, and a quote a copy adds to its original's text is labelled as the copy's
(hand-written texts)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from newsloom.compare import compare_coverage, extract_numbers, extract_quotes
from newsloom.compare.quotes import quote_key
from newsloom.model import Article, ChainLink, PrimarySource, Provenance, Story
from newsloom.serialize import to_jsonable

DAY = datetime(2024, 3, 5, tzinfo=UTC)


def _coverage(*texts: str):
    arts = [Article(id=f"a{i}", title="Port strike", text=t, source=f"Outlet {i}", published=DAY + timedelta(hours=i))
            for i, t in enumerate(texts)]
    return compare_coverage(Story("s1", "Port strike", article_ids=tuple(a.id for a in arts)), arts)


@pytest.mark.parametrize(("text", "expected"), [
    ("The two quays handled 12 and 13, respectively.", ["12", "13"]),
    ("They rose by 12 and 13 respectively in the polls.", ["12", "13"]),
    ("Ships paid $10 monthly and 3 family members came.", ["$10", "3 members"]),
    ("A $10 monthly fee is charged.", ["$10 fee"]),
    ("The fund paid $750,000 to the port and €2 billion to the city.", ["$750,000", "€2 billion"]),
    ("It took $700 billion out of the fund.", ["$700 billion"]),
    ("Game 2 isn't ready; strike 3 wasn’t either.", ["2", "3"]),
    ("The vote at 9 p.m. on 12 March passed 5 to 4.", ["9 p.m.", "5", "4"]),
    ("At 10:30 the 300 workers left.", ["300 workers"]),
    ("They hired 12 roughly trained guards.", ["12 guards"]),
])
def test_numbers_take_no_word_that_does_not_say_what_they_count(text, expected):
    assert extract_numbers(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a verb after a number says what the things counted did, not what they are
    ("After the final whistle the 30 chugged.", ["30"]),
    ("Officials said 30 died in the blast and 12 fled to the hills.", ["30", "12"]),
    ("Of the 40 residents, 5 said they would stay.", ["40 residents", "5"]),
    ("About 10,000 gathered for the rally, and 1,000 demonstrated in Thessaloniki.", ["10,000", "1,000"]),
    ("Of 33 seats, 23 held by Democrats and 10 held by Republicans are up.", ["33 seats", "23", "10"]),
    ("He had $7,000 paid to the taxidermist.", ["$7,000"]),
    ("He said 30 of the 80 wounded remained in hospital.", ["30", "80 wounded"]),
    # what casualty reports count people by is kept when no noun follows
    ("3 killed, 12 injured in the crash.", ["3 killed", "12 injured"]),
    # a participle before its noun is passed over; nouns, units and compounds stay
    ("12 captured Russian soldiers were freed after 6 blocked attempts.", ["12 soldiers", "6 attempts"]),
    ("At least 30 troops arrived; 2,300 dock workers walked out.", ["30 troops", "2,300 workers"]),
    ("The 4 speed gearbox sat beside a 200-meter flag.", ["4 speed", "200-meter flag"]),
    ("Top gear is 4 speed, and 3 hundred came.", ["4 speed", "3 hundred"]),
    ("Some 11 million undocumented immigrants and 31 elected officials.", ["11 million immigrants", "31 officials"]),
])
def test_a_verb_after_a_number_is_not_what_it_counts(text, expected):
    assert extract_numbers(text) == expected


def test_a_bare_figure_two_sources_share_is_no_shared_claim():
    cov = _coverage("The two quays handled 12 and 13, respectively. Item 7 of the plan passed.",
                    "Traffic was 14 and 13, respectively, at the north and south quays. See item 7.",
                    "The north quay handled 12 ships.")
    # a figure written bare says nothing of what it counts: not compared, even with '12 ships' elsewhere
    assert not cov.numbers_shared
    assert [c.numbers for c in cov.sources] == [(), (), ("12 ships",)]


def test_a_shared_amount_keeps_its_currency():
    cov = _coverage("The port was fined $250,000 on Monday.", "A $250,000 fine was imposed on the port.")
    (shared,) = cov.numbers_shared
    assert shared.value == "250,000" and shared.label.startswith("$250,000")


def test_a_quote_repeated_with_another_final_stop_is_listed_once():
    text = ("Port director Marta Olsen spoke on Tuesday.\n\n"
            "“We will reopen the northern quay before the summer season”\n\n"
            "“We will reopen the northern quay before the summer season.” Olsen said at a briefing.\n\n"
            "Olsen said: \"we will reopen the northern quay before the summer season!\"\n\n"
            "“The cranes are already being repaired,” Olsen said.")
    quotes = extract_quotes(Article(id="a1", title="Quay", text=text))
    assert [quote_key(q.text) for q in quotes] == ["we will reopen the northern quay before the summer season",
                                                   "the cranes are already being repaired"]
    assert quotes[0].speaker == "Marta Olsen"  # taken from the repeat that names her
    cov = _coverage(text)
    assert sum(len(qs) for qs in cov.quotes_by_speaker.values()) == 2


def test_quote_key():
    assert quote_key("  “It’s over.”  ") == quote_key('"it\'s over"') == quote_key("It’s   over!") == "it's over"
    assert quote_key("It is over") != quote_key("It’s over")


# -- whose words a quote is: the original's, or the copy's own addition ----------------------------------

ORIG_TEXT = (
    "HARBOURTOWN — Port director Marta Olsen said on Tuesday that the northern quay could close within "
    "weeks.\n\n"
    "“At this point, we have not seen any repair crews arrive at the quay,” Olsen said at a briefing.\n\n"
    "“We will reopen the northern quay before the summer season,” she added.\n\n"
    "The city council will vote on an emergency budget next month.")
# the original's first quote trimmed and punctuated otherwise, its second as it is, and one of its own
SNIP_TEXT = (
    "Port director Marta Olsen said on Tuesday that the northern quay could close within weeks.\n\n"
    '"At this point we have not seen any repair crews arrive," Olsen said at a briefing.\n\n'
    "“We will reopen the northern quay before the summer season,” she added.\n\n"
    "“The cranes will be back in service by Friday at the latest,” Olsen told MaxSnip News.")
SHARED = ("At this point we have not seen any repair crews arrive",
          "We will reopen the northern quay before the summer season")
ADDED = "The cranes will be back in service by Friday at the latest"
VIA = "Orig Daily (via MaxSnip News)"
SNIP_ADDS = "MaxSnip News (adds to Orig Daily's text)"


def _orig(text: str = ORIG_TEXT) -> Article:
    return Article(id="orig", title="Quay may close", text=text, source="Orig Daily", published=DAY)


def _snip(text: str = SNIP_TEXT, **kw) -> Article:
    return Article(id="snip", title="Quay may close", text=text, source="MaxSnip News",
                   published=DAY + timedelta(hours=2), **kw)


def _provenance(*chain: tuple[str, str], automated: bool = False) -> dict[str, Provenance]:
    """The original 'orig', and its copy 'snip' through ``chain`` ((outlet, article id), copy first)."""
    primary = PrimarySource("Orig Daily", "outlet", "orig")
    links = tuple(ChainLink(name, aid, relation="excerpt" if i else "")
                  for i, (name, aid) in enumerate(chain))
    return {"orig": Provenance("orig", primary, (ChainLink("Orig Daily", "orig"),)),
            "snip": Provenance("snip", primary, (*links, ChainLink("Orig Daily", "orig", relation="excerpt")),
                               is_copy=True, automated=automated)}


def _cover(articles, provenance, texts=None):
    story = Story("s1", "Quay may close", article_ids=tuple(a.id for a in articles))
    return compare_coverage(story, articles, provenance, texts=texts)


def _quote_labels(cov, article_id: str) -> dict[str, str]:
    """The label of each quote of one source, by its text (final stop left out)."""
    (source,) = [c for c in cov.sources if c.article_id == article_id]
    return {q.text.rstrip("."): q.label for q in source.quotes}


def test_a_quote_the_copy_adds_is_labelled_as_the_copys_not_the_originals():
    cov = _cover([_orig(), _snip()], _provenance(("MaxSnip News", "snip")))
    assert cov.source_labels["snip"].label == VIA  # the copy's column: the original's text
    # the first shared quote is trimmed and punctuated otherwise in the copy: still the original's
    assert _quote_labels(cov, "snip") == {SHARED[0]: VIA, SHARED[1]: VIA, ADDED: SNIP_ADDS}
    assert set(_quote_labels(cov, "orig").values()) == {"Orig Daily"}
    # the lined-up statements and the API carry the same label with each quote
    (olsen,) = cov.aligned_quotes
    added = [row.quotes[olsen.sources.index("snip")] for row in olsen.rows if row.quotes[0] is None]
    assert [(q.text, q.label) for q in added] == [(ADDED, SNIP_ADDS)]
    dumped = to_jsonable(cov)
    assert {q["label"] for q in dumped["quotes_by_speaker"]["Marta Olsen"]} == {"Orig Daily", VIA, SNIP_ADDS}


def test_a_machine_rewritten_copys_addition_says_so_and_its_reworded_quotes_stay_the_originals():
    reworded = "We shall reopen the north dock before the summer period"  # a spinner's word-for-word swaps
    snip = _snip(SNIP_TEXT.replace(SHARED[1], reworded), automated=True)
    cov = _cover([_orig(), snip], _provenance(("MaxSnip News", "snip"), automated=True))
    assert cov.source_labels["snip"].machine_rewritten  # the 'possibly altered' flag of its column
    rewritten = "Orig Daily (via MaxSnip News, machine-rewritten)"
    assert _quote_labels(cov, "snip") == {
        SHARED[0]: rewritten, reworded: rewritten,
        ADDED: "MaxSnip News (adds to Orig Daily's text; machine-rewritten)"}


def test_a_paywalled_original_cannot_tell_what_the_copy_adds():
    lead = ORIG_TEXT.split("\n\n")[0]  # all the paywall lets through
    orig = replace(_orig(lead), paywalled=True)
    cov = _cover([orig, _snip()], _provenance(("MaxSnip News", "snip")))
    assert set(_quote_labels(cov, "snip").values()) == {VIA}


def test_without_the_original_in_the_story_the_copys_quotes_keep_its_label():
    cov = _cover([_snip()], _provenance(("MaxSnip News", "snip")))
    assert set(_quote_labels(cov, "snip").values()) == {VIA}


def test_an_original_the_publisher_lets_us_show_only_in_part_cannot_tell_what_the_copy_adds():
    shown = {"orig": ORIG_TEXT.split("\n\n")[0], "snip": SNIP_TEXT}  # the original's quotes withheld
    cov = _cover([_orig(), _snip()], _provenance(("MaxSnip News", "snip")), texts=shown)
    assert set(_quote_labels(cov, "snip").values()) == {VIA}


def test_a_quote_an_earlier_copy_adds_is_labelled_as_that_copys():
    nobody = "Nobody from the ministry has called us back since the storm"
    told = f"\n\nOlsen told the Mid Post: “{nobody}.”"
    mid = Article(id="mid", title="Quay may close", text=ORIG_TEXT + told, source="Mid Post",
                  published=DAY + timedelta(hours=1))
    prov = _provenance(("MaxSnip News", "snip"), ("Mid Post", "mid"))
    prov["mid"] = Provenance("mid", prov["orig"].primary, (
        ChainLink("Mid Post", "mid"), ChainLink("Orig Daily", "orig", relation="reprint")), is_copy=True)
    cov = _cover([_orig(), mid, _snip(SNIP_TEXT + told)], prov)
    assert _quote_labels(cov, "mid")[nobody] == "Mid Post (adds to Orig Daily's text)"
    assert _quote_labels(cov, "snip") == {SHARED[0]: VIA, SHARED[1]: VIA, ADDED: SNIP_ADDS,
                                          nobody: "Mid Post (adds to Orig Daily's text; via MaxSnip News)"}


def test_a_quote_lined_up_with_the_originals_statement_is_the_originals():
    said = ("\n\n“The quay is cracking. We have asked the ministry for repair crews three times since March, "
            "and nobody has answered,” Olsen said.")
    reworded = ("\n\n“Nobody has answered, though we asked the ministry three times for repair crews,” "
                "Olsen said.")
    cov = _cover([_orig(ORIG_TEXT + said), _snip(SNIP_TEXT + reworded)],
                 _provenance(("MaxSnip News", "snip")))
    (row,) = [row for row in cov.aligned_quotes[0].rows
              if all(row.quotes) and "ministry" in row.quotes[0].text]
    assert row.quotes[1].label == VIA  # one statement, lined up with the original's: never the copy's own
