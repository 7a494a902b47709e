"""Quotes, speakers, numbers and the copy tree (pure functions over Articles)."""

from __future__ import annotations

from newsloom.compare import compare_coverage, extract_numbers, extract_quotes, same_speaker
from newsloom.compare.tree import copy_tree
from newsloom.model import Article, ChainLink, PrimarySource, Provenance, Story

TEXT_A = (
    "NATO Secretary General Jens Stoltenberg poured cold water on those claims.\n\n"
    "“At the moment, we have not seen any Russian forces withdraw,” he said in Brussels.\n\n"
    "“If they actually start withdrawing, that’s something we would welcome.”\n\n"
    "More than 150,000 troops are massed near the border, officials said on Feb. 16."
)
TEXT_B = (
    "NATO Secretary-General Jens Stoltenberg appeared unconvinced.\n\n"
    '"We have not seen any withdrawal of Russian forces," Soltenberg said.\n\n'
    '"The escalation is increasing and significant," Canada\'s Defence Minister Anita Anand said.\n\n'
    "Diplomats said that could involve 4,000 new troops and 150,000 soldiers already there."
)


def _art(i, text, source):
    return Article(id=i, title="t", text=text, source=source)


def test_pronoun_and_continuation_quotes_resolve_to_the_named_speaker():
    quotes = extract_quotes(_art("a", TEXT_A, "WINK"))
    assert [q.speaker for q in quotes] == ["Jens Stoltenberg", "Jens Stoltenberg"]
    assert quotes[0].text.startswith("At the moment")


def test_misspelt_speaker_is_matched_to_the_full_name():
    quotes = extract_quotes(_art("b", TEXT_B, "Reuters"))
    assert quotes[0].speaker == "Jens Stoltenberg"
    assert quotes[1].speaker == "Anita Anand"
    assert same_speaker("Soltenberg", "Jens Stoltenberg")
    assert not same_speaker("Putin", "Jens Stoltenberg")


def test_numbers_skip_years_and_days_of_month():
    nums = extract_numbers("On Feb. 16, 2022 about 150,000 troops and 4,000 new soldiers; 3.5 percent.")
    assert "150,000 troops" in nums and "4,000 new" in nums and "3.5 percent" in nums
    assert not any(n.startswith(("16", "2022")) for n in nums)


def test_coverage_lines_up_one_speaker_across_sources():
    cov = compare_coverage(Story("s", "t"), [_art("a", TEXT_A, "WINK"), _art("b", TEXT_B, "Reuters")])
    stolt = cov.quotes_by_speaker["Jens Stoltenberg"]
    assert {q.article_id for q in stolt} == {"a", "b"}
    assert "150,000" in cov.shared_numbers


def test_copy_tree_puts_the_primary_source_first():
    arts = [_art("agg", TEXT_A, "USTimeToday"), _art("reu", TEXT_B, "Reuters")]
    prov = {
        "agg": Provenance("agg", PrimarySource("AP", "wire"), (
            ChainLink("USTimeToday", "agg", relation="rewrite", automated=True),
            ChainLink("WINK News", None, "https://www.winknews.com/x", relation="reprint"),
            ChainLink("AP", relation="wire credit")), is_copy=True, automated=True),
        "reu": Provenance("reu", PrimarySource("Reuters", "wire")),
    }
    roots = copy_tree(arts, prov)
    assert [r.name for r in roots] == ["Reuters", "AP"]
    ap = roots[1]
    assert [c.name for c in ap.children] == ["WINK News"]
    agg = ap.children[0].children[0]
    assert agg.article_id == "agg" and agg.automated


def test_pronoun_after_a_surname_only_mention_goes_to_that_person():
    text = ("President Joe Biden spelled out the stakes on Tuesday.\n\n"
            "NATO Secretary-General Jens Stoltenberg attended the meeting.\n\n"
            "Stoltenberg cautioned that Russians have often repositioned troops.\n\n"
            '"Movement of forces, of battle tanks, doesn\'t confirm a real withdrawal," he said.')
    (quote,) = extract_quotes(_art("c", text, "Reuters"))
    assert quote.speaker == "Jens Stoltenberg"


def test_outlet_name_falls_back_to_host_then_headline():
    from newsloom.compare import outlet_name

    assert outlet_name(Article(id="x", title="T", text="", source="WINK News")) == "WINK News"
    assert outlet_name(Article(id="x", title="T", text="", url="https://www.example.com/a")) == "example.com"
    assert outlet_name(Article(id="x", title="Headline", text="", url="file:///tmp/a.txt")) == "“Headline”"
