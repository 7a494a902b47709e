"""Review of speakers' names (every name and text here is invented for the test, or a public figure's name in an
invented sentence): an office "of" a place before the name, a surname that is also a month ('May'), names opening
with an accented capital, two first names and two surnames ('Andrés Manuel López Obrador', later 'López
Obrador'), a named bill before a surname ('the Farm Bill Smith opposed'), and the cost of the cast: one index of
its names, mentions looked up in it, the text read into words once."""

from __future__ import annotations

import re

import pytest

import newsloom.compare.cast as cast_module
import newsloom.compare.speakers as speakers_module
from newsloom.compare.cast import Cast
from newsloom.compare.speakers import full_names, same_speaker, strip_titles
from said import QUOTE, SAID, speaker, speakers

# -- 1. an office "of" a place, then the name --------------------------------------------------------------------

def test_an_office_of_a_place_before_the_name_after_the_verb():
    assert speaker(f"{QUOTE} said Prime Minister of Britain Theresa May.") == "Theresa May"
    assert speaker(f"{QUOTE} said Prime Minister of Britain Theresa May on Tuesday.") == "Theresa May"


def test_an_office_of_a_place_before_the_name_before_the_verb():
    assert speaker(f"Prime Minister of Britain Theresa May said: {SAID}") == "Theresa May"
    assert speaker(f"Prime Minister of Britain Theresa May said {SAID}") == "Theresa May"


def test_an_office_of_a_place_still_names_the_holder_where_it_did():
    assert speaker(f"{QUOTE} said President of France Emmanuel Macron.") == "Emmanuel Macron"
    assert speaker(f"President of France Emmanuel Macron said: {SAID}") == "Emmanuel Macron"
    assert speaker(f"{QUOTE} said the Governor of New Jersey, Chris Christie.") == "Chris Christie"
    assert speaker(f"{QUOTE} said Secretary of State Ann Lowry.") == "Ann Lowry"


def test_a_surname_that_is_a_month_is_a_name_after_a_first_name():
    assert speaker(f"Theresa May said: {SAID}") == "Theresa May"
    assert speaker(f"British Prime Minister Theresa May said: {SAID}") == "Theresa May"
    # the surname alone is the person the article names in full
    assert speaker(f"Theresa May met the mayor. {QUOTE} May said.") == "Theresa May"


def test_a_month_alone_names_no_one():
    assert speaker(f"Sales rose in May. {QUOTE} May said.") is None
    assert speaker(f"Sales rose in May. May said: {SAID}") is None


# -- 2. accented capitals and two surnames -----------------------------------------------------------------------

@pytest.mark.parametrize("cap", list("ÁÉÍÓÚÑ"))
def test_a_name_may_open_with_an_accented_capital(cap):
    first, surname = f"{cap}lena", f"{cap}ndrade"  # an accented capital opening the first name and the surname
    name = f"{first} {surname}"
    assert [found for _, _, found in full_names(f"She met {name} today.")] == [name]
    assert speaker(f"{QUOTE} said {name}.") == name
    assert speaker(f"{QUOTE} {name} said.") == name
    assert speaker(f"{name} said: {SAID}") == name
    assert speaker(f"{name} spoke. {QUOTE} {surname} said.") == name
    assert speaker(f"{name} spoke. {QUOTE} said Ms. {surname}.") == name
    assert speaker(f"{QUOTE} said Ms. {surname}.") == surname  # as "said Ms. Andrade" is "Andrade"


def test_accented_first_names_are_first_names():
    assert speaker(f"{QUOTE} said Éric Ruiz.") == "Éric Ruiz"
    assert speaker(f"Ángel Núñez said: {SAID}") == "Ángel Núñez"


def test_two_first_names_and_two_surnames():
    text = (f"Mexican President Andrés Manuel López Obrador said: {SAID} Later López Obrador said: "
            "“The talks went very well indeed today.”")
    assert speakers(text) == ["Andrés Manuel López Obrador", "Andrés Manuel López Obrador"]
    text = (f"Mexican President Andrés Manuel López Obrador met Ann Lee.\n\n{QUOTE} said López Obrador.\n\n"
            "“The talks went very well indeed today,” López Obrador said.\n\n"
            "“We will talk again in the spring,” President López Obrador said.\n\n"
            "“We have no more to say about it,” Obrador said.")
    assert speakers(text) == ["Andrés Manuel López Obrador"] * 4
    assert strip_titles("Mexican President Andrés Manuel López Obrador") == "Andrés Manuel López Obrador"


def test_two_surnames_are_one_only_after_a_name_that_ends_with_them():
    # 'Paul' is a first name: 'Paul Jones' is not 'John Paul Jones' by its words alone
    text = f"John Paul Jones sailed home. Paul Jones said: {SAID}"
    assert speaker(text) == "Paul Jones"
    # 'Bader' is none: the surnames of 'Ruth Bader Ginsburg'
    assert speaker(f"Ruth Bader Ginsburg wrote the dissent. {QUOTE} Bader Ginsburg said.") == "Ruth Bader Ginsburg"
    # no first name known before them: 'Lee Miller' may be another
    assert speaker(f"Nanette Lee Miller spoke. Lee Miller said: {SAID}") == "Lee Miller"


# -- 3. a named bill before a surname ----------------------------------------------------------------------------

# (the named bill itself: tests/test_speakers_review5.py, with one word before 'Bill' or more)

def test_bill_after_a_title_a_place_or_a_day_is_still_a_first_name():
    assert speaker(f"Florida Senator Bill Nelsby said: {SAID}") == "Bill Nelsby"
    assert speaker(f"{QUOTE} said Mayor of New York Bill Smeaton.") == "Bill Smeaton"
    assert speaker(f"On Monday Bill Gatesby said: {SAID}") == "Bill Gatesby"
    assert speaker(f"Philanthropist Bill Gatesby said: {SAID}") == "Bill Gatesby"
    assert speaker(f"She met the Texas Bill Lemon. {QUOTE} Lemon said.") == "Bill Lemon"
    # an owner's: 'the Times’ Bill Keller' is a journalist, not the Times’ bill
    assert speaker(f"For the Times’ Bill Kellerby it was a hard week. {QUOTE} Kellerby said.") == "Bill Kellerby"
    assert speaker(f"On Monday the Post's Bill Smeaton resigned. {QUOTE} Smeaton said.") == "Bill Smeaton"


# -- 4. the cost of the cast -------------------------------------------------------------------------------------

def _cast(text: str) -> Cast:
    return Cast(text, [], [0])


def test_the_cast_builds_one_index_of_its_names(monkeypatch):
    built = [0]
    real = cast_module.SpeakerIndex

    class Counted(real):
        def __init__(self, names):
            built[0] += 1
            super().__init__(names)

    monkeypatch.setattr(cast_module, "SpeakerIndex", Counted)
    cast = _cast("Chris Van Hollen spoke. Mr. Van Hollen left. Ann Lee and Tom Berg met Mr. Berg.")
    assert built[0] == 1
    assert cast.people == ["Chris Van Hollen", "Ann Lee", "Tom Berg"]
    assert cast.resolve("Van Hollen", 60) == "Chris Van Hollen"


def test_knowing_a_name_looks_it_up_not_compared_to_each_mention(monkeypatch):
    names = [f"Ann Lee{chr(97 + i)}{chr(97 + j)}" for i in range(20) for j in range(10)]
    cast = _cast(" ".join(f"{n} spoke." for n in names) + " Mr. Zorro left. The senator, Tom Berg, arrived.")
    persons = {m.person for m in cast.mentions}
    for name in ["Leeab", "Ann Leeab", "Mary Leeab", "Zorro", "Mr. Zorro", "Zoro", "Berg", "Tom Lee", "Nobody"]:
        assert cast.knows(name) == any(same_speaker(name, p) for p in persons), name
    calls = [0]

    def counted(a, b):
        calls[0] += 1
        return same_speaker(a, b)

    monkeypatch.setattr(cast_module, "same_speaker", counted)
    assert cast.knows("Ann Leeqq") is False and cast.knows("Ann Leeta")
    assert calls[0] <= 4  # the surnames alone ('Zorro'), not the 200 people


def test_principal_reads_the_text_once_for_a_title_and_a_person(monkeypatch):
    text = "President Donald Trump spoke. Ivana Trump left. " * 3
    cast = _cast(text)
    searched = [0]
    real_search = re.search

    def counted(pattern, string, *args, **kwargs):
        searched[0] += 1
        return real_search(pattern, string, *args, **kwargs)

    monkeypatch.setattr(cast_module.re, "search", counted)
    for _ in range(5):
        assert cast.resolve("President Trump", len(text)) == "Donald Trump"
    assert searched[0] <= 2  # once for each of the two Trumps, not once a call


def test_the_text_is_read_into_words_once(monkeypatch):
    text = "Ann Leigh met Tom Berg and Nanette Lee Miller. " * 5 + "Mr. Berg left."
    read = [0]
    real_finditer, real_findall = re.finditer, re.findall

    def counted(real):
        def read_words(pattern, string, *args, **kwargs):
            if pattern in (r"\w+", r"(\w+) (?=(\w+))") and string == text:
                read[0] += 1
            return real(pattern, string, *args, **kwargs)
        return read_words

    speakers_module._words_of.cache_clear()
    if hasattr(speakers_module, "word_spans"):
        speakers_module.word_spans.cache_clear()
    monkeypatch.setattr(speakers_module.re, "finditer", counted(real_finditer))
    monkeypatch.setattr(speakers_module.re, "findall", counted(real_findall))
    _cast(text)
    assert read[0] == 1  # its words for the names shown ('Nanette Lee Miller') and the surnames alone ('Berg')
    monkeypatch.undo()
    words, pairs = speakers_module._words_of(text)
    assert words == frozenset(re.findall(r"\w+", text))
    assert pairs == frozenset(f"{m.group(1)} {m.group(2)}" for m in re.finditer(r"(\w+) (?=(\w+))", text))
