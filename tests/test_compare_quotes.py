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
    assert "150,000 troops" in nums and "4,000 soldiers" in nums and "3.5 percent" in nums
    assert not any(n.startswith(("16", "2022")) for n in nums)


def test_coverage_lines_up_one_speaker_across_sources():
    cov = compare_coverage(Story("s", "t"), [_art("a", TEXT_A, "WINK"), _art("b", TEXT_B, "Reuters")])
    stolt = cov.quotes_by_speaker["Jens Stoltenberg"]
    assert {q.article_id for q in stolt} == {"a", "b"}
    assert "150,000" in {n.value for n in cov.numbers_shared}


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


def test_outlet_name_falls_back_to_host_then_unknown_publisher_never_the_headline():
    from newsloom.compare import outlet_name
    from newsloom.model import WireCredit

    assert outlet_name(Article(id="x", title="T", text="", source="WINK News")) == "WINK News"
    assert outlet_name(Article(id="x", title="T", text="", url="https://www.example.com/a")) == "example.com"
    local = Article(id="x", title="Headline", text="", url="file:///tmp/a.txt")
    assert outlet_name(local) == "unknown publisher"
    wired = Article(id="x", title="Headline", text="", url="file:///tmp/a.txt",
                    wire=(WireCredit("Reuters", "(Reporting by A. Writer)", "credit"),))
    assert outlet_name(wired) == "unknown publisher (Reuters)"
    assert outlet_name(local, "AP") == "unknown publisher (AP)"
    assert "Headline" not in outlet_name(wired)


# -- attribution: "<Speaker> <verb> (that)? … “quote”" within the sentence ------------------------

def _speakers(text: str) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in extract_quotes(_art("q", text, "Test"))]


PEOPLE = ("German Chancellor Greta Hollweg met Prime Minister Tomas Varga and Foreign Minister Ilse Brandt "
          "on Monday.\n\n")


def test_reiterated_that_and_said_it_was_attribute_to_the_speaker_not_the_next_clause():
    text = PEOPLE + ("While Hollweg reiterated that membership for the region was “simply not on the table "
                     "this year,” Varga countered that his country would keep asking.")
    assert _speakers(text) == [("Greta Hollweg", "simply not on the table this year")]


def test_also_said_it_was_attributes_past_an_earlier_speaker_in_the_sentence():
    text = PEOPLE + ("Varga on Monday said the talks had gone well and Brandt also said it was “far too early "
                     "to judge” whether the deal would hold.")
    assert _speakers(text) == [("Ilse Brandt", "far too early to judge")]


def test_pronoun_with_added_that_resolves_to_the_last_person_named():
    text = PEOPLE + ("Varga said on Monday that the border would stay open. He added that his government "
                     "would talk, but only about “questions of real importance to us.”")
    assert _speakers(text) == [("Tomas Varga", "questions of real importance to us.")]


def test_more_reporting_verbs_are_known():
    for verb in ("insisted", "stressed", "noted", "warned", "argued", "acknowledged", "admitted", "claimed",
                 "declared", "reiterated"):
        text = PEOPLE + f"Brandt {verb} that the plan was “the only serious option left to us”."
        assert _speakers(text) == [("Ilse Brandt", "the only serious option left to us")], verb


def test_a_quote_after_a_different_persons_verb_is_not_given_to_the_earlier_speaker():
    text = PEOPLE + ("“We are not moving an inch on this,” Varga said, while Hollweg insisted the offer was "
                     "“still very much on the table for now”.")
    assert _speakers(text) == [("Tomas Varga", "We are not moving an inch on this"),
                               ("Greta Hollweg", "still very much on the table for now")]


def test_a_quote_reported_by_someone_unnamed_stays_unattributed():
    text = PEOPLE + ("Varga declared Monday – which some officials say could mark a turning point – a "
                     "“day of quiet national resolve”.")
    assert _speakers(text) == [(None, "day of quiet national resolve")]
    text = PEOPLE + "Advisers close to Varga said the offer was “a cynical way to buy more time”."
    assert _speakers(text) == [(None, "a cynical way to buy more time")]
    text = PEOPLE + "Those claims were met with what Brandt's office called “deep and lasting scepticism”."
    assert _speakers(text) == [(None, "deep and lasting scepticism")]


def test_a_verb_used_as_a_noun_does_not_steal_the_quote():
    text = PEOPLE + "Hollweg said Varga's claims about the pipeline were “frankly not credible at all”."
    assert _speakers(text) == [("Greta Hollweg", "frankly not credible at all")]


def test_countered_that_after_a_quote_is_not_an_attribution_of_it():
    text = PEOPLE + "“There is nothing left to negotiate here,” Varga countered that evening, unmoved."
    # 'countered that evening' is a time phrase: still Varga's
    assert _speakers(text) == [("Tomas Varga", "There is nothing left to negotiate here")]
    text = PEOPLE + ("Brandt wrote that the treaty was “a dead letter for everyone involved,” Varga countered "
                     "that it was alive.")
    assert _speakers(text) == [("Ilse Brandt", "a dead letter for everyone involved")]


def test_quote_sentence_is_the_sentence_not_the_paragraph():
    text = PEOPLE + ("The meeting ran late. “We have agreed on almost everything today,” Hollweg said. "
                     "Nobody else spoke.")
    (quote,) = extract_quotes(_art("q", text, "Test"))
    assert quote.sentence == "“We have agreed on almost everything today,” Hollweg said."


# -- sentences and numbers ----------------------------------------------------------------------------

def test_sentences_do_not_split_inside_quotes_or_after_abbreviations():
    from newsloom.compare import split_sentences

    text = ('"We have seen no change at all. And that worries us," Brandt said. "So far, nothing has moved '
            'in the north."\n\nGen. Ilse Brandt met Dr. Varga and the No. 2 official of the ministry on Feb. '
            '16 in St. Gallen.')
    assert split_sentences(text) == [
        '"We have seen no change at all. And that worries us," Brandt said.',
        '"So far, nothing has moved in the north."',
        "Gen. Ilse Brandt met Dr. Varga and the No. 2 official of the ministry on Feb. 16 in St. Gallen."]


def test_numbers_skip_ranks_and_take_the_head_noun_after_adjectives():
    assert extract_numbers("Anna Kovac, the No. 2 official at the council, resigned.") == []
    assert extract_numbers("That could involve 4,000 new troops in the east.") == ["4,000 troops"]
    assert extract_numbers("More than 150,000 Russian troops were massed.") == ["150,000 troops"]
    assert extract_numbers("About 150,000 troops are there; all 150,000 are ready.") == ["150,000 troops"]
    assert extract_numbers("They planted a 200-meter flag; prices rose 5% and 1.5 million people left.") == [
        "200-meter flag", "5%", "1.5 million people"]


def test_attribution_after_a_quote_with_an_apposition_or_an_affiliation():
    text = PEOPLE + ("“The quay will not reopen before the summer season,” Marta Olsen, the port's director, "
                     "said in a statement.\n\n"
                     "Captain Luis Ortega of the Harbour Patrol said the crews were “working around the clock "
                     "to clear the debris”.")
    assert _speakers(text) == [("Marta Olsen", "The quay will not reopen before the summer season"),
                               ("Luis Ortega", "working around the clock to clear the debris")]


def test_a_verb_before_its_subject_between_two_quotes():
    text = PEOPLE + ('"It had been my intention to call the vote tonight," said Varga on the floor, "but the '
                     'other side asked for more time."')
    assert [s for s, _ in _speakers(text)] == ["Tomas Varga", "Tomas Varga"]


def test_names_in_quotes_and_short_scare_quotes_are_not_statements():
    text = PEOPLE + ('Brandt said on "Morning Politics Hour" that the plan had "pushback" from allies, and '
                     'that it was "a plan nobody had asked for".')
    assert _speakers(text) == [("Ilse Brandt", "a plan nobody had asked for")]


def test_a_weekday_after_the_verb_is_not_the_speaker():
    text = PEOPLE + '"These claims are simply false," Varga said Friday in a statement posted online.'
    assert _speakers(text) == [("Tomas Varga", "These claims are simply false")]
