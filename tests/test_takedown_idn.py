"""Takedowns of internationalised domains (either form of the name), one record per request in force, and a
bound on what a request may name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.errors import TakedownError
from newsloom.model import FetchedDocument
from newsloom.policy import is_public_suffix
from newsloom.urls import ascii_host

BODY = ("<p>The harbour authority of Port Elsworth said on Monday that container traffic rose by a tenth in the "
        "first quarter, a record for the season.</p><p>Dock workers handled more ships than in any quarter "
        "before, the authority said in a statement on {n}.</p>")


def _doc(url: str, n: int) -> FetchedDocument:
    return FetchedDocument(url=url, body=(f"<html><head><title>Port Elsworth record {n}</title></head><body><article>"
                                          f"<h1>Port Elsworth record {n}</h1>{BODY.format(n=n)}</article></body>"
                                          f"</html>").encode())


@pytest.fixture
def nl(tmp_path):
    nl = open_newsloom(Settings(data_dir=tmp_path), clock=lambda: datetime(2026, 3, 2, tzinfo=UTC))
    yield nl
    nl.close()


def test_ascii_host_gives_one_form_of_a_name():
    assert ascii_host("WWW.Bücher.DE.") == "xn--bcher-kva.de" == ascii_host("xn--bcher-kva.de")
    assert ascii_host("☃.com") == "xn--n3h.com"
    assert ascii_host("a..ü") == "a..ü"  # IDNA refuses it: left as written (lower case)


def test_a_domain_takedown_matches_either_form_of_an_internationalised_name(nl):
    urls = ["https://xn--bcher-kva.de/a", "https://news.bücher.de/b", "https://www.xn--bcher-kva.de/c",
            "https://bucher.de/d"]
    stored = [r.article_id for r in nl.ingest_documents([_doc(u, i) for i, u in enumerate(urls)])]
    assert all(stored)
    removed = nl.takedown("bücher.de", scope="domain")
    assert sorted(removed) == sorted(stored[:3])  # not bucher.de: another name
    (again,) = nl.ingest_documents([_doc("https://xn--bcher-kva.de/a", 0)])
    assert again.status == "suppressed"
    assert nl.takedown("☃.com", scope="domain") == []  # a registrable name, if an odd one
    assert nl.takedown("xn--n3h.com", scope="domain") == []


@pytest.mark.parametrize("suffix", ["рф", "xn--p1ai", "com", "co.uk"])
def test_a_public_suffix_is_refused_in_either_form(nl, suffix):
    assert is_public_suffix(suffix)
    with pytest.raises(TakedownError):
        nl.takedown(suffix, scope="domain")
    assert nl.takedowns() == []


def test_a_request_in_force_is_recorded_once(nl):
    (first,) = nl.ingest_documents([_doc("https://port.example.org/a", 1)])
    assert nl.takedown("https://port.example.org/a") == [first.article_id]
    assert nl.takedown("https://port.example.org/a") == []
    assert [(t.target, t.scope, t.removed) for t in nl.takedowns()] == [("https://port.example.org/a", "url", 1)]
    nl.takedown("https://port.example.org/a", scope="prefix")  # another request: recorded
    assert len(nl.takedowns()) == 2
    nl.revoke_takedown(nl.takedowns()[0].id)
    nl.takedown("https://port.example.org/a")  # in force no more: a new request is recorded again
    assert len(nl.takedowns()) == 2 and len(nl.takedowns(revoked=True)) == 3


def test_a_target_longer_than_any_url_is_refused(nl):
    with pytest.raises(TakedownError, match="longer than 2048"):
        nl.takedown("https://port.example.org/" + "a" * 3000)
    assert nl.takedowns() == []
