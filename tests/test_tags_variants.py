"""Story tags (``tags.shown_entities``): variants of one name are shown once, in their fullest form and
ranked by their mentions together; different people or groups that share a word are not merged."""

from __future__ import annotations

from collections import Counter

from newsloom.stories.tags import shown_entities


def test_plural_and_singular_are_one_tag_ranked_by_their_mentions_together():
    counts = Counter({"senate": 5, "republicans": 4, "harbour board": 3, "republican": 2})
    assert shown_entities(counts) == ("republicans", "senate", "harbour board")
    assert counts == Counter({"senate": 5, "republicans": 4, "harbour board": 3, "republican": 2})  # display only


def test_a_title_or_a_first_name_with_a_name_is_one_tag_in_its_fullest_form():
    counts = Counter({"trump": 6, "senate": 5, "obama": 4, "president trump": 3, "barack obama": 2,
                      "president obama": 2})
    assert shown_entities(counts) == ("trump", "barack obama", "senate")
    # the longer name counts once its titles are left out: 'secretary of state hillary clinton' is hers
    counts = Counter({"clinton": 3, "benghazi": 3, "secretary of state hillary clinton": 2, "hillary clinton": 1})
    assert shown_entities(counts) == ("hillary clinton", "benghazi")
    # a party and state after a name, a dateline run into one (shown without it)
    counts = Counter({"hunter": 3, "michael hunter r calif": 2, "washington president barack obama": 1, "obama": 1})
    assert shown_entities(counts) == ("michael hunter r calif", "barack obama")


def test_people_and_groups_that_share_a_word_stay_apart():
    counts = Counter({"clinton": 5, "hillary clinton": 4, "bill clinton": 3, "jackson": 3, "sandra jackson": 2,
                      "jesse jackson jr": 2, "jesse jackson": 1})
    # 'clinton' and 'jackson' may be either: left as they are; 'jesse jackson jr' is not 'jesse jackson'
    assert shown_entities(counts) == ("clinton", "hillary clinton", "bill clinton", "jackson", "sandra jackson",
                                      "jesse jackson jr", "jesse jackson")
    counts = Counter({"democrats": 5, "senate democrats": 3, "house": 3, "white house": 2, "house democrat": 1})
    assert shown_entities(counts) == ("democrats", "senate democrats", "house", "white house", "house democrat")
