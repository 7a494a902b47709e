"""Review of office holders and surname particles in speakers (every name and text here is invented for the
test): the cost of a page of many names, a place after an office, two office holders, a place before a title,
'Bill' inside a name, and the name patterns and helpers defined once."""

from __future__ import annotations

import random
import string
from pathlib import Path

import newsloom.compare.cast as cast_module
import newsloom.compare.speakers as speakers_module
from newsloom.compare.speakers import same_speaker, strip_titles
from said import speaker, speakers

# -- 1. the cost of a page of many names ---------------------------------------------------------------------

def _many_names_page(n: int, seed: int = 7) -> str:
    rnd = random.Random(seed)

    def word() -> str:
        return rnd.choice(string.ascii_uppercase) + "".join(rnd.choices("aeiolnrstkz", k=6))

    firsts = ["Ann", "Tom", "John", "Mary", "Peter", "Susan", "David", "Linda"]
    lines = [f"Van {word()} met {rnd.choice(firsts)} {word()} today." for _ in range(n)]
    return " ".join(lines) + ' Ann Lee said: "We will be fine here today."'


def _comparisons(monkeypatch, n: int) -> tuple[int, list[str | None]]:
    """How many times attribution compares two names (``same_speaker`` as the cast calls it, and the
    SequenceMatcher telling a misspelt surname) on a page of ``n`` sentences of two names each."""
    calls = [0]
    real_same, real_matcher = cast_module.same_speaker, speakers_module.SequenceMatcher

    def counted_same(a, b):
        calls[0] += 1
        return real_same(a, b)

    def counted_matcher(*args, **kwargs):
        calls[0] += 1
        return real_matcher(*args, **kwargs)

    monkeypatch.setattr(cast_module, "same_speaker", counted_same)
    monkeypatch.setattr(speakers_module, "SequenceMatcher", counted_matcher)
    found = speakers(_many_names_page(n))
    monkeypatch.setattr(cast_module, "same_speaker", real_same)
    monkeypatch.setattr(speakers_module, "SequenceMatcher", real_matcher)
    return calls[0], found


def test_a_page_of_many_names_compares_names_a_number_of_times_linear_in_them(monkeypatch):
    # 'Van X' gives no first name: each is looked up among the people, by surname, not compared to every one
    small, found = _comparisons(monkeypatch, 100)
    assert found == ["Ann Lee"]
    large, found = _comparisons(monkeypatch, 200)
    assert found == ["Ann Lee"]
    assert large <= 10 * 2 * 200  # a few comparisons a name, not one per pair of names
    assert large <= 2.5 * small + 50  # twice the names, about twice the comparisons


def test_the_index_of_people_finds_what_comparing_each_pair_finds():
    from newsloom.compare.speakers import SpeakerIndex

    rnd = random.Random(3)

    def surname() -> str:
        return rnd.choice(string.ascii_uppercase) + "".join(rnd.choices("aeilnorst", k=rnd.randint(2, 17)))

    def misspelt(word: str) -> str:
        i, letter = rnd.randrange(1, len(word)), rnd.choice("aeilnorst")
        return rnd.choice([word[:i] + letter + word[i + 1:], word[:i] + word[i + 1:], word[:i] + letter + word[i:]])

    for _ in range(60):
        base = [surname() for _ in range(10)]
        surnames = base + [misspelt(rnd.choice(base)) for _ in range(10)]
        names = [f"{rnd.choice(['Ann', 'Liz', 'Elizabeth', 'Mr.', ''])} {s}".strip() for s in surnames]
        names.append("Ann Lee and Tom Berg")
        index = SpeakerIndex(names)
        for name in names + [misspelt(n) for n in names[:10]]:
            assert index.matches(name) == [n for n in names if same_speaker(name, n)], name


# -- 2. a place after an office, a comma, then the person ----------------------------------------------------

def test_a_comma_after_the_office_gives_the_person_named_after_it_not_the_place():
    quote = "“We will rebuild every town on the shore,”"
    assert speaker(f"{quote} said the Governor of New Jersey, Carl Denholm.") == "Carl Denholm"
    assert speaker(f"{quote} said the Secretary of State for Wales, Tom Brack.") == "Tom Brack"
    assert speaker(f"{quote} said the Secretary of State for Northern Ireland, Tom Brack.") == "Tom Brack"
    assert speaker(f"{quote} said Secretary of State for Wales, Tom Brack.") == "Tom Brack"


def test_an_office_of_a_place_with_no_name_after_it_is_no_one():
    quote = "“We will rebuild every town on the shore,”"
    assert speaker(f"{quote} said the Governor of New Jersey.") is None
    assert speaker(f"{quote} said the Secretary of State for Northern Ireland.") is None


# -- 3. two office holders -----------------------------------------------------------------------------------

def test_two_office_holders_before_the_verb_said_it_together():
    assert speaker("Secretary of State Ann Lowry and Defense Secretary Tom Brack said: "
                    "“We will stand by the treaty this year.”") == "Ann Lowry and Tom Brack"


def test_an_office_holder_and_another_after_the_verb_said_it_together():
    quote = "“We will stand by the treaty this year,”"
    assert speaker(f"{quote} said Secretary of State Ann Lowry and her deputy Tom Brack.") \
        == "Ann Lowry and Tom Brack"
    assert speaker(f"{quote} said Secretary of State Ann Lowry and Defense Secretary Tom Brack.") \
        == "Ann Lowry and Tom Brack"
    assert speaker(f"{quote} said Secretary of State Ann Lowry and others.") is None
    # an office of two words joined by "and" is one office
    assert speaker(f"{quote} said Secretary of Health and Human Services Ana Pruitt.") == "Ana Pruitt"


# -- 4. a place with a particle before a title ---------------------------------------------------------------

def test_a_place_with_a_particle_before_a_title_is_cut_off_not_the_whole_name():
    assert speaker("Rio de Janeiro Mayor Eduardo Pardal said: “The games will open on time this year.”") \
        == "Eduardo Pardal"
    assert speaker("“The games will open on time this year,” Rio de Janeiro Mayor Eduardo Pardal said.") \
        == "Eduardo Pardal"
    assert speaker("“The games will open on time this year,” said San Antonio de Padua Mayor Ana Lemm.") \
        == "Ana Lemm"
    assert strip_titles("Rio de Janeiro Mayor Eduardo Pardal") == "Eduardo Pardal"
    assert strip_titles("Rio de Janeiro") is None
    assert strip_titles("Tour de France Winners") is None


# -- 5. a place after "of", and 'Bill' inside a name ---------------------------------------------------------

def test_a_place_and_a_surname_after_an_office_is_no_full_name():
    quote = "“The river will be clean for the summer,”"
    assert speaker(f"{quote} said Mayor of Paris Vidalgo.") is None
    assert speaker(f"Mayor Anne Vidalgo opened the fair. {quote} said Mayor of Paris Vidalgo.") == "Anne Vidalgo"


def test_bill_before_a_surname_is_a_first_name_wherever_it_stands():
    quote = "“The river will be clean for the summer,”"
    assert speaker(f"{quote} said Mayor of New York Bill de Blasko.") == "Bill de Blasko"
    assert speaker(f"{quote} said Mayor of New York Bill Smeaton.") == "Bill Smeaton"
    assert speaker("Florida Senator Bill Nelsby said: “The river will be clean for the summer.”") == "Bill Nelsby"
    assert speaker(f"{quote} Florida Senator Bill Nelsby said.") == "Bill Nelsby"
    assert strip_titles("Florida Senator Bill Nelsby") == "Bill Nelsby"
    assert strip_titles("the Farm Bill") is None


# -- 6. the name patterns and helpers, each defined once -----------------------------------------------------

def test_the_surname_prefixes_and_particles_are_written_once():
    from newsloom.compare.patterns import PARTICLE, PREFIXED, SURNAME_WORD, TITLED

    assert PREFIXED in SURNAME_WORD and PREFIXED in TITLED.pattern
    assert PREFIXED in speakers_module._PERSON.pattern and PARTICLE in speakers_module._PERSON.pattern
    src = Path(speakers_module.__file__).parent.parent
    sources = "".join(p.read_text(encoding="utf-8") for p in src.rglob("*.py"))
    assert "di|de|da|du|del" not in sources  # the prefix list is data (names.SURNAME_PREFIXES), joined once
    assert sources.count('"|".join(sorted(PARTICLES') == 1


def test_an_office_word_is_one_helper_over_a_set_read_once():
    from newsloom.compare.speakers import is_office_word
    from newsloom.names import FEMALE_NAMES, FIRST_NAMES, MALE_NAMES, OFFICE_WORDS, OFFICES

    assert FIRST_NAMES == FEMALE_NAMES | MALE_NAMES and isinstance(FIRST_NAMES, frozenset)
    assert OFFICE_WORDS == OFFICES - FIRST_NAMES
    assert is_office_word("State") and is_office_word("Defense") and not is_office_word("Lowry")
    src = Path(speakers_module.__file__).parent
    for module in ("speakers.py", "quotes.py", "cast.py"):
        assert "FEMALE_NAMES | MALE_NAMES" not in (src / module).read_text(encoding="utf-8"), module
