"""Pages, API answers and feeds are gzip-compressed for a client that accepts it (a story page or a feed of
thirty stories is tens of kilobytes of repetitive markup); HEAD says what the GET sends; the security
headers stay; and a feed's ETag is weak, as the same feed goes out in two encodings."""

from __future__ import annotations

import gzip

import pytest
from fastapi.testclient import TestClient

from helpers import HARBOUR, html_doc
from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.web import create_app


@pytest.fixture
def client(tmp_path):
    nl = open_newsloom(Settings(data_dir=tmp_path))
    nl.ingest_documents([html_doc(f"https://site{i}.example.org/a", f"Port Elsworth record, report {i}", HARBOUR)
                         for i in range(3)])
    with TestClient(create_app(nl), raise_server_exceptions=False) as client:
        yield client
    nl.close()


def _raw(client, method: str, path: str, **headers):
    """The response as sent: the body still encoded (httpx would decode it)."""
    with client.stream(method, path, headers=headers) as response:
        return response, b"".join(response.iter_raw())


@pytest.mark.parametrize("path", ["/", "/stories/{story}", "/api/v1/stories/{story}", "/feeds/stories.atom",
                                  "/feeds/stories.json"])
def test_answers_are_compressed_for_a_client_that_accepts_gzip(client, path):
    path = path.format(story=client.get("/api/v1/stories").json()["stories"][0]["id"])
    plain, plain_body = _raw(client, "GET", path, **{"Accept-Encoding": "identity"})
    packed, packed_body = _raw(client, "GET", path, **{"Accept-Encoding": "gzip"})
    assert plain.status_code == packed.status_code == 200
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip" and "accept-encoding" in packed.headers["vary"].lower()
    assert gzip.decompress(packed_body) == plain_body and len(packed_body) < len(plain_body)
    assert packed.headers["content-security-policy"] == plain.headers["content-security-policy"]
    head, head_body = _raw(client, "HEAD", path, **{"Accept-Encoding": "gzip"})
    assert head_body == b"" and head.headers["content-length"] == str(len(packed_body))
    assert head.headers["content-encoding"] == "gzip"


def test_a_short_answer_is_sent_as_it_is(client):
    short, body = _raw(client, "GET", "/api/v1/stories?limit=1", **{"Accept-Encoding": "gzip"})
    assert len(body) < 1024 and "content-encoding" not in short.headers  # compressing it would gain nothing


def test_a_feeds_etag_is_weak_and_still_answers_304_in_either_encoding(client):
    first = client.get("/feeds/stories.atom", headers={"Accept-Encoding": "gzip"})
    assert first.headers["etag"].startswith('W/"')
    for encoding in ("gzip", "identity"):
        again = client.get("/feeds/stories.atom", headers={"If-None-Match": first.headers["etag"],
                                                            "Accept-Encoding": encoding})
        assert again.status_code == 304 and again.content == b"", encoding
    strong = first.headers["etag"].removeprefix("W/")  # a client that kept the tag without its W/
    assert client.get("/feeds/stories.atom", headers={"If-None-Match": strong}).status_code == 304
