"""Cheap text signals: dates written in the text, capitalised-phrase entities, terms; odd input."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from newsloom.model import Article
from newsloom.stories import StoryClusterer, featurize
from newsloom.stories.features import features_from_blob, features_to_blob
from newsloom.stories.scoring import ClusterConfig, article_query, number_conflict, score
from newsloom.stories.state import StoryState, Vocabulary
from newsloom.stories.text import entities, mentioned_dates, mentioned_days, numbers, terms


@pytest.mark.parametrize("text,month", [
    ("18 September 2013 Last updated at 13: 59 GMT", "2013-09"),
    ("Published on 18th September 2013", "2013-09"),
    ("Sep 18, 2013, 02. 16PM IST", "2013-09"),
    ("WEDNESDAY, MARCH 4, 2009, 10: 53 AM", "2009-03"),
    ("in downtown Kyiv on February 16, 2022.", "2022-02"),
])
def test_month_mentions(text, month):
    years, months = mentioned_dates(text)
    assert list(months) == [month] and list(years) == [int(month[:4])]


@pytest.mark.parametrize("text", ["broke out at about 2045 GMT", "they decided 2013 was", "1,999 people"])
def test_not_dates(text):
    assert not mentioned_dates(text)[1]
    assert 2045 not in mentioned_dates(text)[0] and 1999 not in mentioned_dates(text)[0]


def test_entities_skip_sentence_initial_function_words():
    found = entities("The NATO Secretary General Jens Stoltenberg met Anita Anand in Brussels. But Kyiv waited.")
    assert "nato secretary general jens stoltenberg" in found and "anita anand" in found
    assert "brussels" in found and "kyiv" in found and "the" not in found and "but kyiv" not in found


def test_entities_keep_place_names_with_st_and_bodies_named_with_for_or_on_whole():
    found = entities("Protesters marched in St. Louis on Sunday. Officials in Ferguson and Mt. Vernon said. "
                     "The Centers for Disease Control and Prevention warned, and the National Organization for "
                     "Women and the Council on Foreign Relations spoke.")
    assert {"st louis", "mt vernon", "centers for disease control", "national organization for women",
            "council on foreign relations", "ferguson"} <= set(found)
    assert not {"louis", "st", "centers", "disease control", "national organization", "women", "vernon"} & set(found)


def test_entities_join_no_name_over_for_or_on_after_other_words_nor_a_sentence_end_after_titles():
    found = entities("Obama Calls for Peace. The Supreme Court on Monday ruled. Sen. Ann Lee said. "
                     "He lives on Main St. Police said.")
    assert "obama calls" in found and "peace" in found  # 'Calls' is no body: 'for' joins nothing
    assert "supreme court" in found  # a weekday is no name
    assert "ann lee" in found and "sen ann lee" not in found  # titles end a sentence here as before
    assert "main st police" not in found and "main st" in found  # 'Police' is no place's name
    found = entities("The fire started on 42nd St. Firefighters arrived quickly. On W. 125th St. Officials met.")
    assert "firefighters" in found and "officials" in found  # a numbered street ends its sentence too


def test_terms_drop_stop_words_keep_numbers():
    got = terms("The magnitude 6.1 quake said to kill 150,000 in Ridgeford's valley")
    assert {"magnitude", "6.1", "150000", "ridgeford", "valley"} <= set(got) and "the" not in got


@pytest.mark.parametrize("title,text", [("", ""), ("Only a title", ""), ("\x00\ufffd", "<script>x</script> " * 3)])
def test_featurize_odd_articles(title, text):
    f = featurize(Article(id="x", title=title, text=text))
    assert f.article_id == "x" and f.embedding is None
    again = features_from_blob(features_to_blob(f))
    assert again.terms == f.terms and again.entities == f.entities
    assert again.lead_terms == f.lead_terms and again.numbers == f.numbers
    clusterer = StoryClusterer()
    first, second = clusterer.assign(f), clusterer.assign(replace(again, article_id="y"))
    assert first.new_story and second.new_story  # nothing in common: no story from emptiness


def test_numbers_are_event_figures_not_years_or_single_digits():
    got = numbers("A 5.6 magnitude quake hit in 2008, killing 10 and leaving 2,500 homeless; 3 were hurt. Aged 95.")
    assert got == ("5.6", "10", "2500", "95")


def test_lead_terms_cover_title_and_first_sentences():
    body = "Rescuers searched collapsed homes on the island all night. " * 1 + "Officials later praised volunteers."
    f = featurize(Article(id="q", title="Earthquake shakes Ridgeford island", text=body + "\n\nZebra tail."))
    assert {"earthquake", "ridgeford", "rescuers"} <= set(f.lead_terms) and "zebra" not in f.lead_terms


def test_number_conflict_counts_missing_signature_figures():
    story = StoryState("s")
    for i in range(3):
        story.add(featurize(Article(id=f"a{i}", title="Quake", text="A 5.6 quake hurt 12 people.")))
    same = featurize(Article(id="b", title="Quake", text="The 5.6 quake hurt 12."))
    other = featurize(Article(id="c", title="Quake", text="A 6.1 quake killed 40 people."))
    silent = featurize(Article(id="d", title="Quake", text="A quake hurt people."))
    assert number_conflict(same, story, 0.3) == 0.0
    assert number_conflict(other, story, 0.3) == 1.0
    assert number_conflict(silent, story, 0.3) == 0.0  # no figures: no evidence either way


def test_mentioned_days_weekdays_and_day_months_without_year():
    weekdays, months = mentioned_days("On Thursday, Dec. 11, the rule changed; by 17 September it was gone. "
                                      "Officials met Thursday and again on Monday. At 10:30 nothing.")
    assert weekdays == {"thursday": 2, "monday": 1} and months == {12: 1, 9: 1}
    f = featurize(Article(id="w", title="Rule", text="On Thursday, Dec. 11, the rule changed. Thursday again."))
    assert f.weekdays == ("thursday",) and f.day_months == (12,)


def _day_story(published):
    story = StoryState("s")
    for i in range(3):
        story.add(featurize(Article(id=f"a{i}", title="Quake on Qeshm island",
                                    text="The quake struck Qeshm island on Sunday, Nov. 27.", published=published)))
    return story


@pytest.mark.parametrize("published", [None, datetime(2005, 11, 28, tzinfo=UTC)], ids=["undated", "dated"])
def test_the_day_of_the_event_weighs_only_without_publish_times(published):
    story, cfg = _day_story(published), ClusterConfig()
    same = featurize(Article(id="b", title="Quake on Qeshm island", text="The quake struck Qeshm island on Sunday, "
                             "Nov. 27.", published=published))
    other = featurize(Article(id="c", title="Quake on Qeshm island", text="The quake struck Qeshm island on Tuesday, "
                              "Sept. 10.", published=published))
    vocab = Vocabulary()
    story.refresh(vocab)
    a, b = (score(f, article_query(f, vocab), story, cfg).date for f in (same, other))
    if published is None:
        assert a == pytest.approx(cfg.weekday_bonus + cfg.day_month_bonus)
        assert b == pytest.approx(-cfg.weekday_penalty - cfg.day_month_penalty)
    else:
        assert a == b  # known publish times: decay judges closeness in time


def test_a_report_naming_the_next_day_is_no_conflict_but_two_days_away_is():
    """Reports a day later say "late Thursday" and "police said Friday": a member naming Friday most does
    not count against an article naming Thursday (nor Sunday against Monday, across the week's end);
    Saturday does, in the similarity's date evidence and in the pair model's day features alike."""
    from newsloom.stories.decide import _days, weekday_share

    counts = Counter({"friday": 2, "thursday": 1, "saturday": 1})
    assert weekday_share(("thursday",), counts, 4) == (0.25, 0.25)  # Saturday conflicts, Friday does not
    assert weekday_share(("monday",), Counter({"sunday": 3}), 3) == (0.0, 0.0)
    assert weekday_share(("monday",), Counter({"wednesday": 3}), 3) == (0.0, 1.0)
    assert weekday_share(("monday",), Counter(), 0) == (0.0, 0.0)
    story, cfg, vocab = StoryState("s"), ClusterConfig(), Vocabulary()
    for i in range(2):
        story.add(featurize(Article(id=f"a{i}", title="Heist in Paris", text="Police said Friday the robbers fled.")))
    story.refresh(vocab)
    day_after, two_days = (featurize(Article(id=i, title="Heist in Paris", text=f"Robbers struck on {d}."))
                           for i, d in (("b", "Thursday"), ("c", "Wednesday")))
    after, apart = (score(f, article_query(f, vocab), story, cfg).date for f in (day_after, two_days))
    assert after == 0.0 and apart == pytest.approx(-cfg.weekday_penalty)
    assert _days(day_after, story) == (0.0, 0.0) and _days(two_days, story) == (0.0, 1.0)


def test_one_sentence_splitter_keeps_each_stage_s_rules():
    """newsloom.text.split_sentences serves compare, trace and stories; what differs is a parameter."""
    from newsloom.stories.text import sentences as story_sentences
    from newsloom.text import split_sentences
    from newsloom.trace.text import sentences as trace_sentences

    text = "Gen. Ilse Brandt met Dr. Varga on Feb. 16 in St. Gallen. “We saw no change. None at all.” She left.\nA line"
    assert split_sentences(text, min_words=1) == [  # compare: quotations and abbreviations hold together
        "Gen. Ilse Brandt met Dr. Varga on Feb. 16 in St. Gallen.", "“We saw no change. None at all.”", "She left.",
        "A line"]
    assert trace_sentences(text, min_words=1) == [  # titles and initials only; the closing quote left out
        "Gen. Ilse Brandt met Dr. Varga on Feb.", "16 in St. Gallen.", "“We saw no change.", "None at all.",
        "She left.", "A line"]
    assert story_sentences(text) == ["Gen.", "Ilse Brandt met Dr.", "Varga on Feb.", "16 in St.", "Gallen.",
                                     "“We saw no change.", "None at all.", "She left.", "A line"]


def test_one_stop_word_list_with_each_stage_s_additions():
    from newsloom.compare.text import terms as statement_terms
    from newsloom.text import FILLER_WORDS, NEWS_WORDS, STOP_WORDS, stop_words
    from newsloom.trace.text import content_words

    assert "not" in STOP_WORDS and "not" not in stop_words(filler=True, negations=False)
    assert "not" in statement_terms("Russia has not withdrawn its forces").words  # compare keeps negations
    assert content_words(["russia", "has", "not", "withdrawn", "according"]) == {"russia", "withdrawn", "according"}
    assert "according" in FILLER_WORDS and "according" not in statement_terms("according to Kyiv").words
    assert "reuters" in NEWS_WORDS and not terms("Reuters said on Monday, according to the photo caption")
    assert stop_words(english=True, news=True) >= STOP_WORDS | NEWS_WORDS | {"amongst", "fire"}  # scikit-learn's
