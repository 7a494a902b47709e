"""Compare fixes: a bare figure is no shared claim, words that say nothing about what a number
counts are not its noun, and a quotation repeated with another final stop is listed once
(hand-written texts)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsloom.compare import compare_coverage, extract_numbers, extract_quotes
from newsloom.compare.quotes import quote_key
from newsloom.model import Article, Story

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


def test_a_bare_figure_two_sources_share_is_no_shared_claim():
    cov = _coverage("The two quays handled 12 and 13, respectively. Item 7 of the plan passed.",
                    "Traffic was 14 and 13, respectively, at the north and south quays. See item 7.",
                    "The north quay handled 12 ships.")
    shared = {n.value: n for n in cov.numbers_shared}
    assert "13" not in shared and "7" not in shared  # written bare by every source that states it
    assert shared["12"].label == "12 ships"  # bare in one source, with its noun in another: kept
    assert all(n != "13 respectively" for c in cov.sources for n in c.numbers)


def test_a_shared_amount_keeps_its_currency():
    cov = _coverage("The port was fined $250,000 on Monday.", "A $250,000 fine was imposed.")
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
