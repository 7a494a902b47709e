"""Figures, fifth review (every sentence here is made up for the test): a capitalised plural after a number is
what it counts when a verb follows it ('some 20-30 Democrats oppose the bill' counts Democrats, not 'oppose'); a
hyphenated pair before the plural of a word naming a person by party ('the 20-30 Democrats') is a range of
them, not a team's record; records, scores and votes are read as before."""

from __future__ import annotations

from harbour import differing as _differing
from harbour import figures as _figures
from newsloom.compare import extract_numbers


def _read(sentence: str) -> list[tuple[str, str, str | None, float | None]]:
    return [(f.key, f.label, f.noun, f.upper) for f in _figures(sentence)]


# -- a capitalised plural before a verb is what the number counts -------------------------------------------

def test_a_capitalised_plural_before_a_verb_is_what_a_range_counts():
    for sentence, said in (("Some 20-30 Democrats oppose the bill.", "some"),
                           ("About 20-30 Democrats oppose the bill.", "about"),
                           ("20-30 Democrats oppose the bill.", ""),
                           ("As many as 20-30 Republicans back the plan.", "as many as")):
        (fig,) = _figures(sentence)
        assert (fig.key, fig.noun, fig.amount, fig.upper, fig.qualifier) == ("20-30", fig.label.split()[-1], 20.0,
                                                                            30.0, said), sentence
        assert fig.noun in ("Democrats", "Republicans"), sentence
    (fig,) = _figures("Between 20 and 30 Democrats oppose the bill.")
    assert (fig.label, fig.noun, fig.upper) == ("between 20 and 30 Democrats", "Democrats", 30.0)


def test_a_capitalised_plural_before_a_verb_is_what_a_single_value_counts():
    assert extract_numbers("Some 25 Democrats oppose the bill.") == ["25 Democrats"]
    assert extract_numbers("Nearly 40 Britons want a new vote.") == ["40 Britons"]
    assert extract_numbers("Some 20 Democrats abstain.") == ["20 Democrats"]
    assert extract_numbers("Some 20 Democrats oppose Smith.") == ["20 Democrats"]
    assert extract_numbers("He had 121 RBIs along with 30 homers.") == ["121 RBIs", "30 homers"]
    # a source saying 'oppose' and another 'voted' count the same Democrats
    assert _differing("Aides said 30 Democrats oppose the harbour plan in the Senate.",
                      "Aides said 32 Democrats voted against the harbour plan in the Senate.") == [
        "30 Democrats / 32 Democrats"]


def test_a_capitalised_plural_before_a_plural_noun_still_describes_it():
    assert extract_numbers("The club sold 3,000 Yankees caps on Sunday.") == ["3,000 caps"]
    assert extract_numbers("Some 40 Fox News staff left.") == ["40 staff"]
    assert extract_numbers("Some 40 CBS News people left.") == ["40 people"]
    # a singular noun with another after it is no verb: the words read as before
    assert extract_numbers("A 31-year-old Elm Gardens band member spoke.") == ["31-year-old band"]


# -- the range of a party's members after a determiner -------------------------------------------------------

def test_a_range_of_a_partys_members_after_a_determiner_is_a_range():
    assert _read("The 20-30 Democrats oppose the bill.") == [("20-30", "20-30 Democrats", "Democrats", 30.0)]
    assert _read("Leaders met the 20-30 Republicans who oppose the plan.") == [
        ("20-30", "20-30 Republicans", "Republicans", 30.0)]
    assert _differing("Leaders met the 20-30 Democrats who oppose the plan.",
                      "Leaders met the 32 Democrats who oppose the plan.") == ["20-30 Democrats / 32 Democrats"]


def test_records_scores_and_votes_are_read_as_before():
    for sentence, expected in (("The team has a 20-30 record.", ["20-30 record"]),
                               ("The Hawks won 20-30 on Sunday.", ["20-30"]),
                               ("The bill failed on a 20-30 vote.", ["20-30 vote"]),
                               ("The Senate voted 52-48 on Sunday.", ["52-48"]),
                               ("The 15-17 Bulldogs lost again.", ["15-17 Bulldogs"]),
                               ("The 0-14 Lions lost to the 15-17 Bulldogs.", ["0-14 Lions", "15-17 Bulldogs"]),
                               ("Detroit's 2-13 Chiefs lost again.", ["2-13 Chiefs"]),
                               ("They beat 15-17 Bulldogs on Sunday.", ["15-17 Bulldogs"])):
        assert extract_numbers(sentence) == expected, sentence
        assert all(f.upper is None for f in _figures(sentence)), sentence
