"""From the review of figures and ranges: a range keeps the words that bound it or make it approximate ('about
20 to 30 people') as a single value does, and is compared as the values they allow; a range from 0 of a time
('0-14 years') and a range of a capitalised group ('20-30 Democrats') are read as ranges, while scores, votes,
records, dates, times and phone numbers are read as before; one large exact value said of one thing named two
ways ('689,800 DACA recipients', '689,800 Dreamers') is one shared figure, a round one ('12,000 homes', '12,000
people') never."""

from __future__ import annotations

from harbour import HURT
from harbour import coverage as _coverage
from harbour import differing as _differing
from harbour import figures as _figures
from newsloom.compare import extract_numbers


def _shared(*texts: str) -> list[tuple[str, str, list[str], int]]:
    return [(n.value, n.label, sorted(n.labels), len(n.article_ids)) for n in _coverage(*texts).numbers_shared]


def test_a_range_after_a_qualifier_keeps_it_as_a_single_value_does():
    (single,) = _figures(HURT.format("about 20"))
    assert (single.label, single.said, single.qualifier) == ("20 people", "about 20 people", "about")
    for said, qualifier, label in (("about 20 to 30", "about", "20 to 30 people"),
                                   ("as many as 20 to 30", "as many as", "20 to 30 people"),
                                   ("some 20-30", "some", "20-30 people"),
                                   ("roughly between 20 and 30", "roughly", "between 20 and 30 people")):
        (fig,) = _figures(HURT.format(said))
        assert (fig.key, fig.label, fig.said, fig.qualifier, fig.amount, fig.upper) == (
            "20-30", label, f"{qualifier} {label}", qualifier, 20.0, 30.0), said
    (fig,) = _figures("The repairs will cost about $5 to $10 billion, the port said.")
    assert (fig.key, fig.label, fig.said, fig.currency, fig.amount, fig.upper) == (
        "5-10 billion", "$5 to $10 billion", "about $5 to $10 billion", "$", 5e9, 1e10)
    (fig,) = _figures("Some $5-10 billion will be spent.")
    assert (fig.label, fig.said) == ("$5-10 billion", "some $5-10 billion")


def test_a_qualifier_naming_the_lower_end_of_a_range_is_no_bound_of_it():
    (fig,) = _figures("The contract could have been worth between a minimum of $888,600 to $1.4 million.")
    assert (fig.label, fig.said, fig.qualifier, fig.amount, fig.upper) == (
        "$888,600 to $1.4 million", "$888,600 to $1.4 million", "", 888600.0, 1.4e6)


def test_a_qualified_range_is_compared_as_the_values_its_qualifier_allows():
    # 'about 20 to 30': 19 to 31.5 (``APPROXIMATE`` from each end)
    assert _differing(HURT.format("about 20 to 30"), HURT.format("31")) == []
    assert _differing(HURT.format("about 20 to 30"), HURT.format("33")) == ["about 20 to 30 people / 33 people"]
    # 'as many as 20 to 30': up to 30; 'at least 20 to 30': 20 or above
    assert _differing(HURT.format("as many as 20 to 30"), HURT.format("19")) == []
    assert _differing(HURT.format("as many as 20 to 30"), HURT.format("32")) == [
        "as many as 20 to 30 people / 32 people"]
    assert _differing(HURT.format("at least 20 to 30"), HURT.format("32")) == []
    assert _differing(HURT.format("at least 20 to 30"), HURT.format("19")) == ["19 people / at least 20 to 30 people"]
    # the same range with a qualifier and without is one shared figure, as before
    assert _shared(HURT.format("about 20 to 30"), HURT.format("20-30")) == [
        ("20-30", "20 to 30 people", ["20 to 30 people", "20-30 people"], 2)]


def test_a_change_from_an_approximate_value_is_two_values_not_a_range():
    assert extract_numbers("The death toll rose from about 20 to 30 people on Monday.") == ["20", "30 people"]
    assert [f.upper for f in _figures("The death toll rose from about 20 to 30 people on Monday.")] == [None]
    (fig,) = _figures("Estimates of the toll ranged from about 20 to 30 people.")
    assert (fig.label, fig.said, fig.amount, fig.upper) == ("20 to 30 people", "about 20 to 30 people", 20.0, 30.0)


def test_a_range_from_zero_of_a_time_or_with_a_unit_is_a_range():
    for sentence, key, label, upper, noun in (
            ("Children aged 0-14 years make up a third of the camp.", "0-14", "0-14 years", 14.0, "years"),
            ("Infants aged 0-5 months were treated first.", "0-5", "0-5 months", 5.0, "months"),
            ("Rates of 0-5% were reported in the camp.", "0-5%", "0-5%", 5.0, None)):
        (fig,) = _figures(sentence)
        assert (fig.key, fig.label, fig.amount, fig.upper, fig.noun) == (key, label, 0.0, upper, noun), sentence


def test_a_range_of_a_capitalised_group_is_a_range():
    (fig,) = _figures("Police said 20-30 Democrats were arrested outside the Capitol.")
    assert (fig.key, fig.label, fig.amount, fig.upper, fig.noun) == ("20-30", "20-30 Democrats", 20.0, 30.0,
                                                                      "Democrats")
    (fig,) = _figures("About 20-30 Democrats voted against the bill.")
    assert (fig.label, fig.said, fig.amount, fig.upper) == ("20-30 Democrats", "about 20-30 Democrats", 20.0, 30.0)
    assert _differing("Police said 20-30 Democrats were arrested outside the Capitol.",
                      "Police said 32 Democrats were arrested outside the Capitol.") == [
        "20-30 Democrats / 32 Democrats"]


def test_ranges_of_percent_on_both_ends_or_the_second_are_read_as_before():
    """Already ranges before the review (kept so)."""
    for sentence, label in (("Fares rose 5%-10% in the city.", "5%-10%"), ("Fares rose 5-10% in the city.", "5-10%"),
                            ("Fares rose 5%–10% in the city.", "5%–10%")):
        (fig,) = _figures(sentence)
        assert (fig.key, fig.label, fig.amount, fig.upper) == ("5-10%", label, 5.0, 10.0), sentence


def test_scores_votes_records_dates_times_and_phone_numbers_stay_as_they_were():
    cases = [
        ("The Hawks won 20-30 on Sunday.", ["20-30"]),  # a score
        ("Spain beat Italy 3-1 on Sunday.", ["3-1"]),
        ("They beat 15-17 Bulldogs on Sunday.", ["15-17 Bulldogs"]),  # a record after a verb of winning
        ("The Senate voted 52-48 on Sunday.", ["52-48"]),  # a vote
        ("The team has a 20-30 record.", ["20-30 record"]),  # a record
        ("The 0-14 Lions lost again.", ["0-14 Lions"]),
        ("The 15-17 Bulldogs lost again.", ["15-17 Bulldogs"]),
        ("Detroit's 2-13 Chiefs lost again.", ["2-13 Chiefs"]),
        ("The Jets made a 0-3 start.", ["0-3 start"]),
        ("The Jets went 0-14 in the season.", ["0-14"]),
        ("The Jets have 0-3 Sundays.", ["0-3 Sundays"]),  # from 0: a record unless a time or a unit
        ("The harbour was closed March 3-5.", []),  # days of the month
        ("The 2010-11 season ended.", []),  # years
        ("The shelter was open 9-10 a.m. daily.", ["9-10 a.m."]),  # a time of day
        ("Callers to 555-1234 lines were told to wait.", ["555-1234 lines"]),  # a phone number
        ("Memorials to the 9-11 attacks were closed.", ["9-11 attacks"]),
    ]
    for sentence, expected in cases:
        assert extract_numbers(sentence) == expected, sentence
        assert all(f.upper is None for f in _figures(sentence)), sentence


def test_one_precise_value_of_one_thing_named_two_ways_is_one_shared_figure():
    assert _shared("Trump offered protections for 689,800 DACA recipients in exchange for wall funding.",
                   "Trump offered protections for 689,800 Dreamers in exchange for wall funding.") == [
        ("689,800", "689,800 recipients", ["689,800 Dreamers", "689,800 recipients"], 2)]
    assert _shared("The shutdown left 812,500 federal employees without pay.",
                   "The shutdown left 812,500 federal workers without pay.") == [
        ("812,500", "812,500 employees", ["812,500 employees", "812,500 workers"], 2)]
    assert _shared("Officials said 1,234 voters cast ballots in the town.",  # 4 significant digits
                   "Officials said 1,234 residents cast ballots in the town.") == [
        ("1,234", "1,234 voters", ["1,234 residents", "1,234 voters"], 2)]


def test_a_small_round_or_measured_value_with_two_nouns_is_no_shared_figure():
    for a, b in (("The army sent 5,000 troops to the border on Monday.",  # below 10,000, round
                  "Some 5,000 protesters marched to the border on Monday."),
                 ("Officials said 1,200 voters cast ballots in the town.",
                  "Officials said 1,200 residents cast ballots in the town."),
                 ("The tank farm in the valley holds 100,000 gallons of fuel.",  # measures: two quantities
                  "The creamery in the valley stored 100,000 pounds of cheese."),
                 ("The judge set a $5 million bail for the banker on Monday.",  # a round sum
                  "The judge ordered a $5 million fine for the banker on Monday."),
                 ("The fund bought a 12.75% stake in the bank on Monday.",  # a share of two things
                  "The fund reported a 12.75% gain in the bank on Monday."),
                 ("Trump offered protections for 700,000 DACA recipients in exchange for wall funding.",
                  "Trump offered protections for 800,000 Dreamers in exchange for wall funding."),
                 # round values, however large: two things of one story as often as one thing named twice
                 ("The fire destroyed 12,000 homes in the county, officials said.",
                  "The fire displaced 12,000 people in the county, officials said."),
                 ("About 10,000 residents were evacuated in Butte County as the fire spread.",
                  "The fire left 10,000 homes without power in Butte County."),
                 ("The storm left 2 million customers without power in Florida.",
                  "In Florida 2 million residents were ordered to leave as the storm came."),
                 ("Trump offered protections for 700,000 DACA recipients in exchange for wall funding.",
                  "Trump offered protections for 700,000 Dreamers in exchange for wall funding.")):
        assert _shared(a, b) == [], (a, b)


def test_qualified_ranges_and_values_named_two_ways_as_the_straightforward_comparison():
    """The fast grouping and the all-pairs reference (``compare_reference``) share and dispute alike qualified
    ranges and large values said with two nouns."""
    import random

    import compare_reference as ref

    templates = ["Crews evacuated {q}{n} {noun} in the valley on Tuesday.",
                 "The storm cut power to {q}{n} {noun} in the valley, officials said."]
    qualifiers = ["", "", "about ", "as many as ", "at least ", "some "]

    def sentence(rng: random.Random) -> str:
        q, n = rng.choice(qualifiers), rng.choice([11000, 12000, 12500, 13000])
        if rng.random() < 0.5:  # a range ending at n
            n = rng.choice([f"{n - 1000:,} to {n:,}", f"{n - 500:,}-{n:,}"])
        else:
            n = f"{n:,}"
        return rng.choice(templates).format(q=q, n=n, noun=rng.choice(["homes", "houses", "residents"]))

    said = ref.random_stories_agree(sentence)
    assert any(label.startswith(("about ", "as many as ", "at least ", "some ")) and " to " in label
               for label in said)  # qualified ranges were among those disputed


def test_an_emergency_number_named_with_what_it_is_for_counts_nothing():
    assert extract_numbers("The 911 call came in at 9 p.m., and a 911 dispatcher sent 3 units.") == ["9 p.m.", "3 units"]
    assert extract_numbers("Police said 999 operators took the call.") == []
    assert extract_numbers("There were 911 votes cast in the ward.") == ["911 votes"]  # a count
    assert _shared("A 911 caller reported the fire on Main Street.",
                   "The 911 supervisor said the fire on Main Street was reported at once.") == []
