"""Policy fixes: domain takedowns refuse public suffixes; passages quoted as evidence follow the quoted
article's robots directives (nosnippet, max-snippet, noarchive)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsloom.errors import TakedownError
from newsloom.model import AlignedPair, Article, Credit, Evidence, Relation, RelationKind
from newsloom.policy import (
    WITHHELD,
    is_public_suffix,
    may_show,
    parse_takedown,
    restricted,
    shown_evidence,
    shown_relation,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)


# -- domain takedowns --------------------------------------------------------------------------------------
@pytest.mark.parametrize("target", [
    "com", "COM", "org", "uk", "localhost",  # one label: a top-level domain or a bare host name
    "www.com", "https://com/", "http://www.com",  # the store strips www. and reads a URL's host: still "com"
    "co.uk", "www.co.uk", "com.au", "Co.Uk",  # multi-label public suffixes (ICANN section)
    "github.io", "blogspot.com", "appspot.com",  # public suffixes from the list's private section
    "anything.ck",  # a wildcard rule: *.ck
    "www.ck",  # registrable by an exception rule, but the store matches it without its www.: all of .ck
    ".com", "example..com", "example.com.", "example.com:80", "http://[::1", "",
])
def test_domain_takedown_refuses_public_suffixes_and_non_domains(target):
    with pytest.raises(TakedownError) as err:
        parse_takedown(target, scope="domain", now=NOW)
    assert "registrable domain" in str(err.value)


@pytest.mark.parametrize("target", [
    "example.com", "www.example.com", "news.example.com", "example.co.uk", "news.bbc.co.uk",
    "harbour.example.org", "someone.github.io",
    "https://example.com/", "Example.COM", "127.0.0.1",
])
def test_domain_takedown_accepts_registrable_domains_and_their_subdomains(target):
    req = parse_takedown(target, scope="domain", now=NOW)
    assert req.scope == "domain" and req.target == target.strip()


def test_public_suffix_list_is_read_offline_from_an_installed_package():
    assert is_public_suffix("com") and is_public_suffix("co.uk") and is_public_suffix("COM.")
    assert not is_public_suffix("example.com") and not is_public_suffix("bbc.co.uk")


def test_url_and_prefix_takedowns_are_unchanged():
    assert parse_takedown("https://com.example/a", scope="url", now=NOW).target == "https://com.example/a"
    assert parse_takedown("https://example.com/politics/", scope="prefix", now=NOW).scope == "prefix"


# -- passages quoted outside the article's page ----------------------------------------------------------
SENTENCES = [f"Sentence number {w} of the protected report says something quite specific." for w in
             ("one", "two", "three", "four", "five", "six", "seven", "eight")]
TEXT = " ".join(SENTENCES)


def _art(aid: str, robots: tuple[str, ...] = (), text: str = TEXT, credits=()) -> Article:
    return Article(id=aid, title="t", text=text, robots=robots, credits=credits)


@pytest.mark.parametrize("robots,first,last", [
    ((), True, True),
    (("nosnippet",), False, False),
    (("none",), False, False),
    (("max-snippet:30",), False, False),  # not even the first sentence fits in 30 characters
    (("max-snippet:200",), True, False),
    (("noarchive",), True, False),  # a 320-character excerpt
    (("max-snippet:-1",), True, True),
])
def test_may_show_follows_the_quoted_articles_directives(robots, first, last):
    art = _art("a", robots)
    assert may_show(art, SENTENCES[0]) is first
    assert may_show(art, SENTENCES[-1]) is last
    assert may_show(art, SENTENCES[0].upper()) is first  # compared case- and whitespace-blind


def test_may_show_nothing_of_an_unknown_article():
    assert not may_show(None, SENTENCES[0])


def _relation() -> Relation:
    return Relation("copy", "orig", RelationKind.REWRITE, 0.7, Evidence(
        aligned=tuple(AlignedPair(s, s.replace("protected", "original"), 0.9) for s in SENTENCES[:3]),
        shared_quotes=("something quite specific",), notes=("jaccard 0.5",)))


def test_shown_relation_withholds_the_sentences_of_a_nosnippet_copy():
    copy = _art("copy", ("nosnippet", "noarchive"))
    orig = _art("orig", text=TEXT.replace("protected", "original"))
    rel, withheld = shown_relation(_relation(), {"copy": copy, "orig": orig})
    assert withheld == 3 + 1
    assert all(p.copy_sentence == "" for p in rel.evidence.aligned)
    assert [p.original_sentence for p in rel.evidence.aligned] == [p.original_sentence for p in _relation().evidence.aligned]
    assert rel.evidence.shared_quotes == ()  # the copy's text too: both publishers must allow it
    assert "withheld" in rel.evidence.notes[-1] and rel.evidence.notes[0] == "jaccard 0.5"
    assert [p.similarity for p in rel.evidence.aligned] == [0.9, 0.9, 0.9]


def test_shown_relation_withholds_the_sentences_of_a_protected_original():
    copy = _art("copy")
    orig = _art("orig", ("max-snippet:30",), text=TEXT.replace("protected", "original"))
    rel, withheld = shown_relation(_relation(), {"copy": copy, "orig": orig})
    assert withheld == 4
    assert all(p.original_sentence == "" and p.copy_sentence for p in rel.evidence.aligned)


def test_shown_relation_keeps_what_lies_inside_the_excerpt():
    copy = _art("copy", ("max-snippet:130",))  # the first sentence and a half
    rel, withheld = shown_relation(_relation(), {"copy": copy, "orig": _art("orig", text=TEXT.replace("protected", "original"))})
    assert [bool(p.copy_sentence) for p in rel.evidence.aligned] == [True, False, False]
    assert withheld == 2
    assert rel.evidence.shared_quotes == ("something quite specific",)  # inside the excerpt too


def test_shown_relation_changes_nothing_for_unrestricted_articles():
    rel = _relation()
    assert shown_relation(rel, {"copy": _art("copy"), "orig": _art("orig", text=TEXT.replace("protected", "original"))}) == (rel, 0)


def test_shown_relation_shows_nothing_of_an_article_it_cannot_find():
    rel, withheld = shown_relation(_relation(), {"orig": _art("orig", text=TEXT.replace("protected", "original"))})
    assert withheld == 4 and all(p.copy_sentence == "" for p in rel.evidence.aligned)


def test_shown_evidence_withholds_quoted_text_of_a_restricted_article_but_keeps_credits():
    art = _art("a", ("nosnippet",), text=TEXT + " Copyright 2026 Example Wire.",
               credits=(Credit("copyright", "Copyright 2026 Example Wire."),))
    line = ('automated republication; 3 sentences broken mid-way, e.g. "… number two of the protected …"; '
            'copyright line "Copyright 2026 Example Wire."; score "0.93"')
    shown = shown_evidence(line, list(restricted([art]).values()))
    assert "number two" not in shown and f'"{WITHHELD}"' in shown
    assert '"Copyright 2026 Example Wire."' in shown and '"0.93"' in shown
    assert restricted([_art("a")]) == {} and shown_evidence(line, []) == line  # as it was
