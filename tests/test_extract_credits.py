"""Credit lines, datelines and wire agencies (tables in newsloom.extract.agencies/rules)."""

from __future__ import annotations

import pytest

from newsloom.extract.agencies import AGENCIES, agency_by_token, match_agency_name
from newsloom.extract.credits import (
    authors_from_credits,
    classify_credit,
    detect_wire,
    find_dateline,
    split_names,
)
from newsloom.extract.lines import clean_blocks
from newsloom.model import Credit


@pytest.mark.parametrize(("para", "place", "agency"), [
    ("BRUSSELS — NATO accused Russia on Wednesday.", "BRUSSELS", None),
    ("MOSCOW (AP) — Russia said on Tuesday.", "MOSCOW", "AP"),
    ("WASHINGTON, Feb 16 (Reuters) - The United States said.", "WASHINGTON", "Reuters"),
    ("KYIV, Ukraine (AP) — Ukraine's leaders said.", "KYIV, Ukraine", "AP"),
    ("NEW DELHI (PTI) - The government said.", "NEW DELHI", "PTI"),
    ("Berlin (dpa) - Die Regierung hat am Montag beschlossen.", "Berlin", "dpa"),
    ("PARIS (AFP) -- Le gouvernement a annoncé.", "PARIS", "AFP"),
])
def test_datelines(para, place, agency):
    found = find_dateline([para])
    assert found is not None and found[0] == place and found[1] == agency


@pytest.mark.parametrize("para", [
    "NATO accused Russia on Wednesday — again.", "The AP reported - on Monday - that talks failed.",
    "A — B", "US officials said on Tuesday that the talks would resume.",
])
def test_not_datelines(para):
    assert find_dateline([para]) is None


@pytest.mark.parametrize(("line", "kinds"), [
    ("(Reporting by Phil Stewart and Sabine Siebold; editing by Alex Richardson)", {"reporting", "editing"}),
    ("Additional reporting by Jane Roe in Paris", {"reporting"}),
    ("Writing by John Doe; Editing by Mary Major", {"editing"}),
    ("Karmanau reported from Kyiv, Ukraine. Jill Lawless in London contributed to this report.",
     {"reported_from", "contributed"}),
    ("By Jane Doe and John Roe", {"byline"}),
    ("The minister said the report was contributed to by no one in particular at all.", set()),
])
def test_credit_lines(line, kinds):
    assert {c.kind for c in classify_credit(line)} == kinds


def test_names_from_credit():
    assert split_names("Phil Stewart, Sabine Siebold, and Robin Emmott") == (
        "Phil Stewart", "Sabine Siebold", "Robin Emmott")
    assert split_names("Ana Ruiz in Kyiv, Ukraine, and Ben Lowe in Paris") == ("Ana Ruiz", "Ben Lowe")


@pytest.mark.parametrize(("line", "kind", "names"), [
    # every reporter of an AP "reported from" line, not only the one before the first "reported from"
    ("Roe reported from Kyiv, Ukraine and Doe from Brussels. Ana Ruiz in Paris contributed to this report.",
     "reported_from", ("Roe", "Doe")),
    ("Roe reported from Kyiv, Ukraine. Jane Doe reported from Brussels.", "reported_from", ("Roe", "Jane Doe")),
    ("Roe and Doe reported from Brussels.", "reported_from", ("Roe", "Doe")),
    ("Jane Roe reported from Kyiv and John Doe and Ana Ruiz from Brussels.", "reported_from",
     ("Jane Roe", "John Doe", "Ana Ruiz")),
    ("Ana Ruiz and Ben Lowe contributed to this report.", "contributed", ("Ana Ruiz", "Ben Lowe")),
    ("Associated Press writers Ana Ruiz in Paris and Ben Lowe in Berlin contributed.", "contributed",
     ("Ana Ruiz", "Ben Lowe")),
    ("AP writers Ana Ruiz in Kyiv, Ukraine, and Ben Lowe in New York contributed to this report.", "contributed",
     ("Ana Ruiz", "Ben Lowe")),
    ("By JANE ROE and JOHN DOE Associated Press", "byline", ("JANE ROE", "JOHN DOE")),
    ("By Jane Roe, Reuters", "byline", ("Jane Roe",)),
    ("By Jane Roe, staff writer | Updated 3 hours ago", "byline", ("Jane Roe",)),
])
def test_every_name_of_a_credit_line(line, kind, names):
    credit = next(c for c in classify_credit(line) if c.kind == kind)
    assert credit.names == names and credit.text == line


@pytest.mark.parametrize("line", [
    "He reported from Kyiv.", "By Tuesday, the army had withdrawn from the town.", "By then it was too late.",
    "Officials reported from the scene that the fire was out and that nobody was hurt.",
])
def test_prose_is_not_a_credit_line(line):
    assert classify_credit(line) == []


@pytest.mark.parametrize(("lines", "authors", "how"), [
    (["By JANE ROE and JOHN DOE Associated Press"], ("Jane Roe", "John Doe"), "byline"),
    (["Roe reported from Kyiv. Ana Ruiz in Paris contributed to this report."], ("Roe",), "credit"),
    (["(Reporting by Jane Roe and John Doe; Editing by Mary Major)"], ("Jane Roe", "John Doe"), "credit"),
    (["Ana Ruiz and Ben Lowe contributed to this report."], (), None),  # contributors are not authors
    (["Written by Mary Major"], (), None),  # nor are editors and writers-up
])
def test_authors_from_credits(lines, authors, how):
    credits = [c for line in lines for c in classify_credit(line)]
    assert authors_from_credits(credits) == (authors, how)


@pytest.mark.parametrize(("line", "agency"), [
    ("(Reporting by Jane Roe and John Doe; editing by Mary Major.)", "Reuters"),
    ("Reporting by Jane Roe; Writing by John Doe; Editing by Mary Major and Ben Lowe", "Reuters"),
    ("Roe reported from Kyiv, Ukraine and Doe from Brussels. Ana Ruiz in Paris contributed to this report.", "AP"),
    ("Associated Press writers Ana Ruiz in Paris and Ben Lowe in Berlin contributed.", "AP"),
])
def test_wire_evidence_is_the_whole_credit_line(line, agency):
    wire = detect_wire(dateline=None, credits=classify_credit(line), paragraphs=[])
    assert [(w.agency, w.evidence, w.how) for w in wire] == [(agency, line, "credit")]


def test_wire_evidence_of_a_long_line_is_the_declaring_part():
    long_line = "A story sentence that goes on. " * 25 + "(Reporting by Jane Roe; Editing by Mary Major) More text."
    wire = detect_wire(dateline=None, credits=[Credit("reporting", long_line)], paragraphs=[])
    assert wire[0].evidence == "(Reporting by Jane Roe; Editing by Mary Major)"


def test_wire_evidence_spanning_two_credit_lines_keeps_both():
    credits = [c for line in ("Roe reported from Kyiv.", "Ana Ruiz in Paris contributed to this report.")
               for c in classify_credit(line)]
    wire = detect_wire(dateline=None, credits=credits, paragraphs=[])
    assert wire[0].agency == "AP"
    assert wire[0].evidence == "Roe reported from Kyiv. Ana Ruiz in Paris contributed to this report."


@pytest.mark.parametrize(("credits", "paragraphs", "authors", "expected"), [
    ([Credit("copyright", "Copyright 2022 The Associated Press. All rights reserved.")], [], [], [("AP", "copyright")]),
    ([Credit("byline", "By Jane Doe, Reuters")], [], [], [("Reuters", "byline")]),
    ([], ["Story text.", "The talks will resume next week. (AFP)"], [], [("AFP", "credit")]),
    ([], ["Story."], ["Associated Press"], [("AP", "meta")]),
    ([], ["Officials told Reuters that AFP and AP reported nothing."], ["Jane Doe"], []),
    ([Credit("reporting", "(Reporting by A B; Editing by C D)")], [], [], [("Reuters", "credit")]),
])
def test_wire_detection(credits, paragraphs, authors, expected):
    wire = detect_wire(dateline=None, credits=credits, paragraphs=paragraphs, authors=authors)
    assert [(w.agency, w.how) for w in wire] == expected
    assert all(w.evidence for w in wire)


def test_agency_table_is_consistent():
    names = [a.name for a in AGENCIES]
    assert len(names) == len(set(names))
    for agency in AGENCIES:
        for token in agency.tokens:
            assert agency_by_token(token) is not None
        for name in agency.names:
            assert match_agency_name(f"Copyright 2020 {name}") is agency or name in {"Reuters"}
    for required in ("AP", "Reuters", "AFP", "dpa", "PA", "UPI", "Xinhua", "Bloomberg", "ANI", "PTI", "EFE",
                     "ANSA", "Kyodo", "Yonhap", "TASS", "CP"):
        assert required in names


@pytest.mark.parametrize(("line", "kind"), [
    ("ADVERTISEMENT", "ad"), ("Back to top button", "nav"), ("We are part of The Trust Project.", "badge"),
    ("CARLOS BARRIA/REUTERS", "photo"), ("Copyright 2022 Fort Myers Broadcasting Company.", "copyright"),
    ("Lesen Sie auch:", "related"), ("Related Topics: RUSSIA", "related"), ("Zum Newsletter anmelden", "nav"),
    ("[ 167 comments ]", "comments"),
    ("XYZ is an automatic aggregator of the all world's media.", "aggregator"),
    ("This website uses cookies to improve your experience.", "consent"),
    ("Related: The 15 Weirdest Galaxies in Our Universe", "teaser"),
    ("Ana Ruiz on September 12, 2018 at 4:47 pm said:", "comment-header"),
    ("Read more: Looted colonial art: Germany to set up new contact office", "teaser"),
    ("For the latest stories and breaking news updates download the Example apps for iOS and Android.", "badge"),
    ("Anzeige, enthält Affiliate Links", "badge"), ("(Credit: Ana Ruiz / Example)", "photo"),
    ("Inhaltsverzeichnis", "nav"), ("Copyright: Ana Ruiz", "copyright"), ("Pressekontakt:", "related"),
    ("| Weitere Artikel zum Thema |", "related"), ("Informationsschreiben vom 14. Mai 2021PDF | 38 KB", "nav"),
    ("Logo des Preises | © Example Verlag", "copyright"), ("Release Date:", "nav"),
])
def test_boilerplate_rules(line, kind):
    cleaned = clean_blocks([["A first story paragraph that is long enough to be prose, surely."], [line]])
    assert cleaned.removed and cleaned.removed[0][0] == kind


@pytest.mark.parametrize("line", [
    "Brussels/Reuters officials met on Tuesday to discuss the plan.", "Home prices rose 5% last year.",
    "Related to that, the minister said more talks would follow next week.", "EASTERN FLANK",
    "Copyright law was changed in 2019 to cover news snippets, the court said.",
    "Bakers said cookie sales rose 5% this year.", "The minister said:",
    "Users can download the app for free, the company said.", "Read more about the plan on Tuesday, he added.",
    "Contact with the crew was lost at 3 a.m.", "Readers can subscribe to the newsletter, which costs $5 a month.",
])
def test_story_lines_survive(line):
    cleaned = clean_blocks([["A first story paragraph that is long enough to be prose, surely."], [line]])
    assert line in cleaned.lines
