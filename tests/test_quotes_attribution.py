"""Who said a quote: pronouns, attributions after a quote, people sharing a surname, names that are
no one's, and quote marks of two kinds. Every text here is made up for the test."""

from __future__ import annotations

from newsloom.compare import compare_coverage, extract_quotes, same_speaker, speaker_key
from newsloom.compare.speakers import people as _people
from newsloom.model import Article, Story


def _speakers(text: str) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in extract_quotes(Article(id="q", title="t", text=text, source="Test"))]


# -- 1. pronouns -------------------------------------------------------------------------------------

def test_a_pronoun_skips_names_inside_the_quote_and_prefers_the_subject():
    text = ("Press Secretary Sarah Lind said on Friday that it would be up to Grace Moreau to unite her "
            "party.\n\n"
            "“The people who elected Grace Moreau did not elect her to do nothing,” she said.")
    assert [s for s, _ in _speakers(text)] == ["Sarah Lind"]


def test_she_is_not_given_to_the_last_man_named():
    text = ("Mayor Linda Ortiz met Senator Tom Reyes on Monday.\n\n"
            "Ortiz thanked Reyes for his help with the new bridge.\n\n"
            "“We could not have built it without the state,” she said.")
    assert [s for s, _ in _speakers(text)] == ["Linda Ortiz"]


def test_a_surname_after_a_title_is_a_mention_of_a_person():
    text = ("Senator Ann Cole criticised the plan on Monday.\n\n"
            "President Varga defended it at length.\n\n"
            "“It is the best deal we could get this year,” he said.")
    assert [s for s, _ in _speakers(text)] == ["Varga"]


def test_the_object_of_the_last_sentence_when_it_has_no_named_subject():
    text = ("Justice Paul Brandt said that the class was “far too large to certify”.\n\n"
            "That did not satisfy Justice Hugo Lamm.\n\n"
            "“If somebody tells you how to use discretion, you do not have any,” he said.")
    assert [s for s, _ in _speakers(text)] == ["Paul Brandt", "Hugo Lamm"]


# -- 2. attributions after a quote; no guessing from the previous quote -------------------------------

def test_said_the_noun_phrase_comma_name():
    text = ("“We will not back down on this bill,” said Tom Reyes.\n\n"
            "“A special session will be discussed with everyone,” said the Democratic leader of the Senate, "
            "Justin Alvarez.")
    assert [s for s, _ in _speakers(text)] == ["Tom Reyes", "Justin Alvarez"]


def test_a_quote_someone_unnamed_reports_is_not_given_to_the_previous_speaker():
    text = ("“We need a deal before the deadline,” Reyes said.\n\n"
            "“Agency staff should not have to rely on charity to feed their families,” the letter said.\n\n"
            "“This is simply unacceptable.”")
    assert [s for s, _ in _speakers(text)] == ["Reyes", None, None]


def test_more_forms_of_attribution_after_a_quote():
    text = ("Governor Tom Reyes spoke first.\n\n"
            "“With all due respect, I completely disagree,” Senate President Carl Dunne (R) said "
            "Wednesday.\n\n"
            "“It could take a long time to resolve this,” Mr. Reyes said of the talks.\n\n"
            "“We have already lost this fight,” lamented Senator Johnny Rowe, Republican of Georgia.\n\n"
            "“I am getting whipsawed here,” he told the plaintiffs’ lawyer, Joseph Sellers.")
    assert [s for s, _ in _speakers(text)] == ["Carl Dunne", "Tom Reyes", "Johnny Rowe", "Johnny Rowe"]


def test_a_participle_reports_for_the_subject_of_its_clause():
    text = ("Mr. Reyes began his remarks as if he had won, saying that he was “very proud to announce a "
            "deal tonight”.\n\n"
            "“I may do it soon,” he said, before adding, “If we can negotiate, we will give it a shot.”")
    assert [s for s, _ in _speakers(text)] == ["Reyes", "Reyes", "Reyes"]


# -- 3. people sharing a surname ----------------------------------------------------------------------

def test_mrs_goes_to_the_woman_of_that_surname():
    text = ("Hillary Hart spoke in Iowa on Sunday, a day after Bill Hart campaigned there.\n\n"
            "“We want a better deal for workers,” Mrs. Hart said at a rally.")
    assert [s for s, _ in _speakers(text)] == ["Hillary Hart"]


def test_two_people_of_one_surname_keep_their_own_names():
    text = ("Mary Dale wrote that her sister, Liz Dale, was wrong about the bill.\n\n"
            "“I am not for this bill at all,” Liz Dale said.\n\n"
            "“It is not something to be decided by a show of hands,” Mary Dale wrote.")
    assert [s for s, _ in _speakers(text)] == ["Liz Dale", "Mary Dale"]


def test_same_speaker_never_unifies_two_first_names():
    assert not same_speaker("Mary Cheney", "Liz Cheney")
    assert same_speaker("Liz Cheney", "Elizabeth Cheney")  # one first name, short and long
    assert same_speaker("Cheney", "Mary Cheney") and same_speaker("Mr. Trump", "Donald Trump")
    assert speaker_key("Mary Cheney") != speaker_key("Liz Cheney") == speaker_key("Elizabeth Cheney")


def test_coverage_keeps_two_people_of_one_surname_apart():
    a = Article(id="a", title="t", source="A", text="“I am not for this bill at all,” Liz Dale said.")
    b = Article(id="b", title="t", source="B",
                text="“It is not something to be decided by a show of hands,” Mary Dale wrote.")
    cov = compare_coverage(Story("s", "t"), [a, b])
    assert set(cov.quotes_by_speaker) == {"Liz Dale", "Mary Dale"}


# -- 4. places, organisations and garbled names ---------------------------------------------------------

def test_a_state_is_not_the_speaker():
    text = ("Representative-elect Ana Ruiz, Democrat of New Jersey, said Wednesday that she had asked for "
            "her pay to be withheld.\n\n"
            "She noted that thousands of workers in her state were unpaid. “I came here to govern, not to "
            "play politics,” she said.")
    assert [s for s, _ in _speakers(text)] == ["Ana Ruiz"]


def test_names_lose_possessives_plural_titles_and_keep_middle_names():
    text = ("Liz Dale’s campaign declined to comment.\n\n"
            "“I am not for this bill at all,” Dale said.\n\n"
            "Justices Kennedy and Alito pressed the lawyer.\n\n"
            "“Your complaint faces in two directions,” Justice Kennedy said.\n\n"
            "Justice Ruth Bader Lind said the bar was low.\n\n"
            "“We are talking about getting a foot in the door,” Lind said.")
    assert [s for s, _ in _speakers(text)] == ["Liz Dale", "Kennedy", "Ruth Bader Lind"]


def test_places_organisations_and_sentence_openers_are_not_people():
    text = ("Yet AARP said so. With AARP officials in Shelby County and on Capitol Hill, the Christian "
            "Coalition and the Keystone Pipeline were discussed, the Christian Science Monitor wrote.")
    assert _people(text) == []


# -- 8. quote marks of two kinds ------------------------------------------------------------------------

def test_a_curly_quote_closed_by_a_straight_one_stops_there():
    text = ("Mary Dale took to her page to answer her sister.\n\n"
            "“For the record, I love my sister, but she is dead wrong on this,\" she wrote.\n\n"
            "\"This is national security we are talking about,\" he told reporters. “We are not playing "
            "games, we have to do it.\"")
    quotes = _speakers(text)
    assert quotes[0] == ("Mary Dale", "For the record, I love my sister, but she is dead wrong on this")
    assert quotes[-1][1] == "We are not playing games, we have to do it."


def test_a_pronoun_goes_to_the_person_known_to_be_of_its_gender():
    from newsloom.compare import extract_quotes
    from newsloom.model import Article

    text = "Jacinda Ardern met Mr Key in Wellington. He said “We agreed on the plan for the harbour today.”"
    (quote,) = extract_quotes(Article(id="a", title="t", text=text))
    assert quote.speaker == "Key"
