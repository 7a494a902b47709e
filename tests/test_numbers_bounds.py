"""Numbers given with a bound or as an approximation ('over 20 years', 'about 100 boats') are compared as the
values they allow: a bound the other source's value satisfies, or an approximation within ``APPROXIMATE``
of it, is no dispute; exact values that differ still are."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import compare_reference as ref
from newsloom.compare import compare_coverage
from newsloom.compare.numbers import compared_figures
from newsloom.compare.text import fact_terms
from newsloom.model import Article, Story

DAY = datetime(2025, 3, 4, 9, tzinfo=UTC)


def _differing(*texts: str) -> list[str]:
    """The labels of the numbers the sources of ``texts`` (one article each) give differently."""
    arts = [Article(id=f"a{i}", title="Harbour police", text=t, source=f"Outlet {i}", published=DAY + timedelta(hours=i))
            for i, t in enumerate(texts)]
    cov = compare_coverage(Story("s1", "Harbour police", article_ids=tuple(a.id for a in arts)), arts)
    return [n.label for n in cov.numbers_differing]


def _figures(sentence: str):
    return compared_figures([(sentence, fact_terms(sentence))])


def test_the_words_that_bound_a_number_are_kept_with_it():
    assert [f.qualifier for f in _figures("Ruiz served more than 20 years in the harbour police.")] == ["more than"]
    assert [f.qualifier for f in _figures("The wall will cost no more than $5 billion.")] == ["no more than"]
    assert [f.qualifier for f in _figures("Some 1,200 homes were flooded.")] == ["some"]
    assert [f.qualifier for f in _figures("Ruiz, a 21-year veteran of the harbour police, was fired.")] == [""]
    (fig,) = _figures("The suit was filed for nearly 1.5 million women.")
    assert (fig.label, fig.said) == ("1.5 million women", "nearly 1.5 million women")  # the label as before


def test_a_bound_the_other_value_satisfies_is_no_dispute():
    fired = "Ruiz, a 21-year veteran of the harbour police, was fired on Friday."
    assert _differing("Inspector Ruiz, who rose over 20 years in the harbour police, was fired.", fired) == []
    # exact values that differ still are a dispute
    assert _differing("Inspector Ruiz, who rose in 20 years in the harbour police, was fired.", fired) == \
        ["20 years / 21-year veteran"]
    assert _differing("Inspector Ruiz served at least 20 years in the harbour police before he was fired.",
                      fired) == []
    assert _differing("The suit covers 1.5 million women who worked at the stores.",
                      "The suit was filed for up to 1.6 million women who worked at the stores.") == []


def test_a_bound_the_other_value_breaks_is_still_a_dispute():
    fired = "Ruiz, a 21-year veteran of the harbour police, was fired on Friday."
    assert _differing("Inspector Ruiz, who served fewer than 20 years in the harbour police, was fired.",
                      fired) == ["fewer than 20 years / 21-year veteran"]
    assert _differing("Inspector Ruiz, who rose over 20 years in the harbour police, was fired.",
                      "Ruiz, a 19-year veteran of the harbour police, was fired on Friday.") == \
        ["19-year veteran / over 20 years"]
    # 'no more than' is an upper bound, not the 'more than' at its end
    assert _differing("The storm sank no more than 50 boats in the harbour.",
                      "The storm sank 52 boats in the harbour.") == ["no more than 50 boats / 52 boats"]
    assert _differing("The storm sank no more than 50 boats in the harbour.",
                      "The storm sank 48 boats in the harbour.") == []


def test_an_approximation_agrees_with_values_within_five_percent():
    boats = "The storm sank {} boats in the harbour."
    assert _differing(boats.format("about 100"), boats.format("97")) == []
    assert _differing(boats.format("roughly 20"), boats.format("21")) == []  # 5%, the tolerance itself
    assert _differing(boats.format("about 100"), boats.format("93")) == ["93 boats / about 100 boats"]
    assert _differing(boats.format("nearly 50"), boats.format("48")) == []
    assert _differing(boats.format("nearly 50"), boats.format("52")) == ["nearly 50 boats / 52 boats"]  # below it


def test_bounded_numbers_as_the_straightforward_comparison():
    """The fast grouping and the all-pairs reference (``compare_reference``) dispute the same bounded values."""
    templates = ["Crews evacuated {q}{n} homes in the valley on Tuesday.",
                 "Police said {q}{n} people were rescued in the valley.",
                 "The storm cut power to {q}{n} homes in the valley, officials said.",
                 "{Q}{n} people were rescued in the valley."]
    qualifiers = ["", "", "about ", "more than ", "nearly ", "up to ", "fewer than ", "at least "]

    def sentence(rng: random.Random) -> str:
        q = rng.choice(qualifiers)
        return rng.choice(templates).format(q=q, Q=q.capitalize(), n=rng.choice([1150, 1200, 1250, 1300]))

    said = ref.random_stories_agree(sentence, per_article=(1, 1, 1, 2))
    assert any(label[0].isalpha() for label in said)  # bounded values were among those compared


def _shared(*texts: str) -> list[str]:
    arts = [Article(id=f"a{i}", title="Valley fire", text=t, source=f"Outlet {i}", published=DAY + timedelta(hours=i))
            for i, t in enumerate(texts)]
    cov = compare_coverage(Story("s1", "Valley fire", article_ids=tuple(a.id for a in arts)), arts)
    return [n.label for n in cov.numbers_shared]


def test_one_value_with_bounds_reaching_opposite_ways_is_a_dispute_not_a_shared_number():
    said = "Officials said {} 20 homes were destroyed by the fire in the valley on Sunday."
    more, fewer = said.format("more than"), said.format("fewer than")
    assert _differing(more, fewer) == ["fewer than 20 homes / more than 20 homes"]  # the lower values first
    assert _shared(more, fewer) == []  # the code review found them listed as one shared '20 homes'
    assert _differing(said.format("up to"), said.format("over")) == ["up to 20 homes / over 20 homes"]
    # bounds that meet in the value ('at least 20', 'up to 20': exactly 20), and one value said with a bound
    # and without (a rounded figure: 'more than 150,000 troops', '150,000 troops'), are one figure
    for a, b in (("at least", "up to"), ("more than", ""), ("about", "nearly")):
        assert _differing(said.format(a), said.format(b)) == [], (a, b)
        assert _shared(said.format(a), said.format(b)) == ["20 homes"], (a, b)
