"""A range ('between 20 and 30 people', '20 to 30 people', '20-30 people', 'ranging from 20 to 30 years') is one
figure with a lower and an upper value: it agrees with the values inside it and the ranges it overlaps, is
disputed by a near value outside it, and is shown as the source wrote it. What only looks like a range (a
score, a vote, a poll's two shares, a change, a date, a time, a phone number) is read as before."""

from __future__ import annotations

import random

import compare_reference as ref
from harbour import HURT
from harbour import coverage as _coverage
from harbour import differing as _differing
from harbour import figures as _figures
from newsloom.compare import extract_numbers
from newsloom.compare.numbers import consistent


def test_each_way_of_saying_a_range_is_one_figure_with_its_two_values():
    for said, label in (("between 20 and 30", "between 20 and 30 people"), ("20 to 30", "20 to 30 people"),
                        ("20-30", "20-30 people"), ("20–30", "20–30 people")):
        (fig,) = _figures(HURT.format(said))
        assert (fig.key, fig.label, fig.amount, fig.upper, fig.noun) == ("20-30", label, 20.0, 30.0, "people"), said
    (fig,) = _figures("Between 20 and 30 people were hurt.")
    assert (fig.label, fig.amount, fig.upper) == ("between 20 and 30 people", 20.0, 30.0)
    (fig,) = _figures("He faces sentences ranging from 20 to 30 years in prison.")
    assert (fig.label, fig.amount, fig.upper, fig.noun) == ("20 to 30 years", 20.0, 30.0, "years")


def test_a_range_takes_the_unit_scale_and_currency_of_its_numbers():
    (fig,) = _figures("The repairs will cost between $5 and $10 billion, the port said.")
    assert (fig.key, fig.label, fig.currency, fig.amount, fig.upper) == (
        "5-10 billion", "between $5 and $10 billion", "$", 5e9, 1e10)
    (fig,) = _figures("Fares rose 5 to 10 percent last year.")
    assert (fig.key, fig.amount, fig.upper) == ("5-10 percent", 5.0, 10.0)
    (fig,) = _figures("Estimates of the women in the suit run from 500,000 to 1.6 million.")
    assert (fig.key, fig.amount, fig.upper) == ("500,000 to 1.6 million", 5e5, 1.6e6)  # 500,000, not 500,000 million
    (fig,) = _figures("The city set aside a 1.5-2.5 million budget.")
    assert (fig.amount, fig.upper, fig.noun) == (1.5e6, 2.5e6, "budget")
    (fig,) = _figures("The Orioles offered $140-150 million over seven years.")
    assert (fig.key, fig.label, fig.currency, fig.upper) == ("140-150 million", "$140-150 million", "$", 1.5e8)


def test_a_range_agrees_with_the_values_inside_it_and_the_ranges_it_overlaps():
    (rng,) = _figures(HURT.format("between 20 and 30"))
    for inside in ("20", "25", "30", "25 to 35", "10-20", "about 31", "more than 25", "at least 30", "up to 22"):
        (other,) = _figures(HURT.format(inside))
        assert consistent(rng, other) and consistent(other, rng), inside
    for outside in ("19", "32", "50", "31 to 40", "fewer than 20", "more than 30"):
        (other,) = _figures(HURT.format(outside))
        assert not consistent(rng, other) and not consistent(other, rng), outside
    # a value inside it is no dispute (read as '30 people', 29 was one)
    assert _differing(HURT.format("between 20 and 30"), HURT.format("29")) == []
    assert _differing(HURT.format("20 to 30"), HURT.format("25 to 35")) == []


def test_a_near_value_outside_a_range_is_a_dispute_shown_as_each_source_wrote_it():
    assert _differing(HURT.format("between 20 and 30"), HURT.format("32")) == ["between 20 and 30 people / 32 people"]
    assert _differing(HURT.format("19"), HURT.format("20-30")) == ["19 people / 20-30 people"]
    assert _differing(HURT.format("20 to 30"), HURT.format("31 to 40")) == ["20 to 30 people / 31 to 40 people"]
    assert _differing(HURT.format("fewer than 20"), HURT.format("between 20 and 30")) == [
        "fewer than 20 people / between 20 and 30 people"]
    # a value far outside it ('50') agrees no more than '20 people' and '50 people' do: not one shared figure,
    # and, like those, too far apart (``NEAR_VALUES``) to be listed as one thing said differently
    cov = _coverage(HURT.format("between 20 and 30"), HURT.format("50"))
    assert [n.value for n in cov.numbers_shared] == [] and cov.numbers_differing == ()
    assert [f.upper for f in _figures(HURT.format("between 20 and 30"))] == [30.0]


def test_one_range_said_three_ways_is_one_shared_figure():
    cov = _coverage(HURT.format("between 20 and 30"), HURT.format("20 to 30"), HURT.format("20-30"))
    assert [(n.value, set(n.labels), len(n.article_ids)) for n in cov.numbers_shared] == [
        ("20-30", {"between 20 and 30 people", "20 to 30 people", "20-30 people"}, 3)]
    assert cov.numbers_differing == ()


def test_what_only_looks_like_a_range_is_read_as_before():
    """Each beside a range in its sentence, which is read as one."""
    tail = " after 20 to 30 people were hurt."
    cases = [
        ("The Hawks won 3-2", ["3-2", "20 to 30 people"]),  # a score
        ("The nominee was confirmed in a 98-0 vote and a 5-4 decision", ["98-0 vote", "5-4 decision", "20 to 30 people"]),
        ("The team finished with a 2-3 record", ["2-3 record", "20 to 30 people"]),  # a tally's noun
        ("The 0-14 Lions lost to the 15-17 Bulldogs", ["0-14 Lions", "15-17 Bulldogs", "20 to 30 people"]),  # records
        ("The 2020-2021 season ended", ["20 to 30 people"]),  # years
        ("Memorials to the 9-11 attacks were closed", ["9-11 attacks", "20 to 30 people"]),
        ("The 24-7 stores closed", ["24-7 stores", "20 to 30 people"]),
        ("Callers to 555-1234 lines were told", ["555-1234 lines", "20 to 30 people"]),  # a phone number
        ("The Senate voted 52 to 48", ["52", "48", "20 to 30 people"]),  # a vote, higher first
        ("The bill passed by a 3 to 1 margin", ["3", "1 margin", "20 to 30 people"]),
        ("The shelter was open from 9 to 11 p.m.", ["9", "11 p.m.", "20 to 30 people"]),  # a time of day
        ("The shelter was open between 9 and 11 p.m.", ["9", "11 p.m.", "20 to 30 people"]),
        ("The harbour was closed March 3 to 5", ["5", "20 to 30 people"]),  # days of the month
    ]
    for first, expected in cases:
        assert extract_numbers(first + tail) == expected, first
    # a change ('rose from 20 to 30') and a poll's two shares are two values
    assert extract_numbers("The toll rose from 20 to 30 people; sentences ranging from 20 to 30 years.") == [
        "20", "30 people", "20 to 30 years"]
    assert extract_numbers("Obama led Romney 44 percent to 49 percent; 5 to 10 percent were undecided.") == [
        "44 percent", "49 percent", "5 to 10 percent"]


def test_a_range_needs_what_it_counts_a_unit_or_a_currency():
    assert [f.label for f in _figures("Ages 18 to 24 were hurt; 18 to 24 people were hurt.")] == ["18 to 24 people"]
    assert [f.label for f in _figures("Between 20 and 30 were hurt, and between $20 and $30 was paid.")] == [
        "between $20 and $30"]


def test_ranges_as_the_straightforward_comparison():
    """The fast grouping (a range compared by either end) and the all-pairs reference agree with ranges."""
    templates = ["Crews evacuated {q}{n} homes in the valley on Tuesday.",
                 "Police said {q}{n} people were rescued in the valley.",
                 "The storm cut power to {q}{n} homes in the valley, officials said."]
    qualifiers = ["", "", "about ", "more than ", "fewer than ", "between R", "R", "R-"]

    def sentence(rng: random.Random) -> str:
        q, n = rng.choice(qualifiers), rng.choice([1000, 1100, 1150, 1200, 1300, 1400])
        if "R" in q:  # a range ending at n
            low = rng.choice([900, 1000, 1100])
            low = low if low < n else n - 100
            q, n = "", {"between R": f"between {low} and {n}", "R": f"{low} to {n}", "R-": f"{low}-{n}"}[q]
        return rng.choice(templates).format(q=q, n=n)

    said = ref.random_stories_agree(sentence)
    assert any(" to " in label or "between" in label for label in said)  # ranges were among those disputed


def test_a_change_a_poll_after_a_verb_of_winning_and_a_sum_then_a_count_are_no_ranges():
    """From the code review: 'rose by 12 to 40 people' is a change to 40 (a source saying 38 disputes it), 'led
    44 to 49 percent' a poll, '$10 to 20 charities' a sum and a count; a rise given as a range of percent stays one."""
    for sentence in ("The death toll rose by 12 to 40 people on Monday.", "The toll rose 12 to 40 people.",
                     "The toll climbed by 5 to 40 people.", "The Dow fell 300 to 25,000 points."):
        assert all(f.upper is None for f in _figures(sentence)), sentence
    assert _differing("The death toll rose by 12 to 40 people on Monday.",
                      "The death toll rose to 38 people on Monday.") == ["38 people / 40 people"]
    assert [f.upper for f in _figures("Obama led Romney 44 to 49 percent among women.")] == [None]
    assert [f.label for f in _figures("He gave $10 to 20 charities.")] == ["$10", "20 charities"]
    (fig,) = _figures("Fares rose 5 to 10 percent last year.")
    assert (fig.amount, fig.upper) == (5.0, 10.0)


def test_a_lower_number_above_the_upper_is_no_range_unless_it_stands_alone():
    assert all(f.upper is None for f in _figures("Sales ranged from $20 to $10 billion."))
    (fig,) = _figures("Estimates of the women in the suit run from 500,000 to 1.6 million.")
    assert (fig.amount, fig.upper) == (5e5, 1.6e6)
