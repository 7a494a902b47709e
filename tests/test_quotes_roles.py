"""Speakers named by a role alone ('the former vice president said'), never the object of the verb,
joint statements ('Lee and Berg said') and quoted fragments ('called it "a clear violation"'). Every
text here is made up for the test."""

from __future__ import annotations

from newsloom.compare import align_statements, compare_coverage, extract_quotes, same_speaker
from newsloom.model import Article, Quote, Story
from test_compare_alignment import _page


def _speakers(text: str) -> list[str | None]:
    return [q.speaker for q in extract_quotes(Article(id="q", title="t", text=text))]


# -- 1. a role phrase resolves to the one person introduced with that role -----------------------------------

def test_the_former_vice_president_is_the_one_introduced_so_not_another_name_in_the_sentence():
    text = ("Mary Dale, the daughter of former Vice President Rick Dale, wrote about her sister's stand.\n\n"
            "Her father backed the bill in 2009.\n\n"
            "“I think that freedom means freedom for all of us,” the former vice president said.")
    assert _speakers(text) == ["Rick Dale"]


def test_roles_introduced_by_an_apposition_or_an_age():
    text = ("Abbe Lowe, an attorney for the family, spoke after Attorney General Tom Hart did.\n\n"
            "“This decision should trouble every one of us,” the attorney said.\n\n"
            "Ana Ruiz, 45, toured the levee.\n\n"
            "“We will rebuild the wall before winter,” the 45-year-old said.\n\n"
            "Governor Ann Cole signed the bill. The governor said it was “the best we could do this year”.")
    assert _speakers(text) == ["Abbe Lowe", "Ana Ruiz", "Ann Cole"]


def test_a_role_names_no_one_when_two_were_introduced_with_it_or_it_is_someone_elses():
    one = "Senator Ann Cole spoke.\n\n“We will rebuild the wall before winter,” the senator said."
    two = ("Senator Ann Cole met Senator Tom Reyes.\n\n"
           "“We will rebuild the wall before winter,” the senator said.")
    assert _speakers(one) == ["Ann Cole"] and _speakers(two) == [None]
    text = ("President Tom Reyes spoke on Monday.\n\n"
            "“We will rebuild the wall before winter,” said the president.\n\n"
            "“We will never pay for the wall ourselves,” said the president of the port authority.")
    assert _speakers(text) == ["Tom Reyes", None]


def test_a_quote_is_not_given_to_the_one_a_role_spoke_to():
    text = ("Gov. Paul Lamar apologized for the message he left for state Rep. Drew Galt.\n\n"
            "In a recording of the message, the governor identified himself and went on to curse out Galt.\n\n"
            "“I want you to prove that I am a racist, and I am after you,” he said in the message.")
    assert _speakers(text) == ["Paul Lamar"]
    unknown = ("The governor identified himself and went on to curse out Drew Galt.\n\n"
               "“I want you to prove that I am a racist, and I am after you,” he said in the message.")
    assert _speakers(unknown) == [None]  # a role no one was introduced with: no speaker, not Galt


def test_a_role_subject_before_a_quote():
    text = ("Tom Reyes, the port's spokesman, inspected the quay.\n\n"
            "The spokesman later told Ana Ruiz that the wall was “beyond any repair this year”.")
    assert _speakers(text) == ["Tom Reyes"]


# -- 2. joint statements ---------------------------------------------------------------------------------------

def test_two_named_speakers_of_one_statement_are_both_its_speakers():
    after = ("“Every day the mayor gives people more reason to worry,” House Leader Jeff Moss (D) and "
             "Assistant Leader Sara Glen (D) said in a statement.")
    before = "Jeff Moss and Sara Glen said: “Every day the mayor gives people more reason to worry.”"
    assert _speakers(after) == _speakers(before) == ["Jeff Moss and Sara Glen"]
    assert same_speaker("Jeff Moss and Sara Glen", "Sara Glen and Jeff Moss")
    assert not same_speaker("Jeff Moss and Sara Glen", "Glen")
    assert not same_speaker("Jeff Moss and Sara Glen", "Jeff Moss")


def test_a_joint_statement_is_lined_up_with_each_speakers_quotes():
    said = "Every day the mayor gives people more reason to worry about the wall"
    a = Article(id="a", title="t", source="A", text=f"“{said},” Jeff Moss and Sara Glen said.")
    b = Article(id="b", title="t", source="B", text=f"Sara Glen spoke on Monday.\n\n“{said},” Glen said.")
    cov = compare_coverage(Story("s", "t", article_ids=("a", "b")), [a, b])
    assert set(cov.quotes_by_speaker) == {"Jeff Moss", "Sara Glen"}
    glen = next(s for s in cov.aligned_quotes if s.speaker == "Sara Glen")
    assert [[q.article_id for q in row.quotes if q] for row in glen.rows] == [["a", "b"]]


# -- 3. fragments ------------------------------------------------------------------------------------------------

def test_a_few_words_quoted_inside_a_sentence_are_a_fragment():
    text = ("Mayor Ana Ruiz called the contract “a clear violation” of the law.\n\n"
            "“We will not resign,” Ruiz said.\n\n"
            "Ruiz said: “We will not resign.”\n\n"
            "Ruiz said the plan was “dead on arrival.”")
    quotes = extract_quotes(Article(id="q", title="t", text=text))
    assert [(q.text, q.fragment) for q in quotes] == [
        ("a clear violation", True), ("We will not resign", False), ("dead on arrival.", True)]


def test_a_fragment_lines_up_only_with_a_quote_that_has_its_words():
    qs = [Quote("The contract is a clear violation of the law", "Ana Ruiz", "a"),
          Quote("a clear violation", "Ana Ruiz", "b", fragment=True),
          Quote("the law was clearly violated", "Ana Ruiz", "c", fragment=True)]
    rows = align_statements("Ana Ruiz", qs, ["a", "b", "c"]).rows
    assert [[q.article_id if q else None for q in row.quotes] for row in rows] == [
        ["a", "b", None], [None, None, "c"]]


def test_the_story_page_marks_fragments_and_joint_statements():
    said = "Every day the mayor gives people more reason to worry about the wall"
    arts = [Article(id="a", title="Harbour wall", source="Outlet A",
                    text=f"“{said},” Jeff Moss and Sara Glen said on Monday."),
            Article(id="b", title="Harbour wall", source="Outlet B",
                    text="Mayor Ana Ruiz called the harbour contract “a clear violation” of the law on Monday.")]
    html = _page(arts)
    quotes = html[html.index('id="quotes"'):html.index('id="adds"')]
    ruiz = quotes[quotes.index("<h3>Ana Ruiz</h3>"):]
    assert 'class="badge partial"' in ruiz[:ruiz.index("</table>")]
    moss = quotes[quotes.index("<h3>Jeff Moss</h3>"):]
    assert "said jointly: <bdi>Jeff Moss and Sara Glen</bdi>" in moss[:moss.index("</table>")]
    assert quotes.count("said jointly") == 2  # under each of its speakers
