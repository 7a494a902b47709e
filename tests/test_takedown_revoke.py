"""A takedown recorded by mistake can be revoked: the pages it covers are let in again when delivered again, the record stays."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from helpers import cli
from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.errors import NotFoundError
from newsloom.model import FetchedDocument
from newsloom.web import create_app

TOKEN = "revoke-token"
BODY = ("<p>The harbour authority of Port Elsworth said on Monday that container traffic rose by a tenth in the "
        "first quarter, a record for the season.</p><p>Dock workers handled more ships than in any quarter "
        "before, the authority said in a statement on Monday.</p>")


def _doc(url: str) -> FetchedDocument:
    return FetchedDocument(url=url, body=f"<html><head><title>Port Elsworth record</title></head><body><article>"
                                         f"<h1>Port Elsworth record</h1>{BODY}</article></body></html>".encode())


def test_a_revoked_takedown_lets_the_pages_in_again_and_stays_on_record(tmp_path):
    nl = open_newsloom(Settings(data_dir=tmp_path, admin_token=TOKEN), clock=lambda: datetime(2026, 3, 2, tzinfo=UTC))
    try:
        (first,) = nl.ingest_documents([_doc("https://port.example.org/a")])
        assert nl.takedown("port.example.org", scope="domain") == [first.article_id]
        (refused,) = nl.ingest_documents([_doc("https://port.example.org/a")])
        assert refused.status == "suppressed"
        (taken,) = nl.takedowns()
        assert taken.id is not None and taken.removed == 1 and taken.revoked_at is None
        revoked = nl.revoke_takedown(taken.id)
        assert revoked.revoked_at is not None and nl.takedowns() == []
        assert [t.id for t in nl.takedowns(revoked=True)] == [taken.id]
        (again,) = nl.ingest_documents([_doc("https://port.example.org/a")])
        assert again.status == "stored"
        assert nl.revoke_takedown(taken.id).revoked_at == revoked.revoked_at  # revoking twice changes nothing
        with pytest.raises(NotFoundError):
            nl.revoke_takedown(999)
        with TestClient(create_app(nl), raise_server_exceptions=False) as client:
            assert client.get("/api/v1/takedowns").status_code == 401  # requesters are not public
            nl.takedown("https://port.example.org/b")
            listed = client.get("/api/v1/takedowns", headers={"X-Admin-Token": TOKEN}).json()["takedowns"]
            assert [t["target"] for t in listed] == ["https://port.example.org/b"]
            both = client.get("/api/v1/takedowns?revoked=true", headers={"X-Admin-Token": TOKEN}).json()
            assert len(both["takedowns"]) == 2
            gone = client.delete(f"/api/v1/takedowns/{listed[0]['id']}", headers={"X-Admin-Token": TOKEN})
            assert gone.status_code == 200 and gone.json()["takedown"]["revoked_at"]
            assert gone.json()["already_revoked"] is False
            again = client.delete(f"/api/v1/takedowns/{listed[0]['id']}", headers={"X-Admin-Token": TOKEN}).json()
            assert again["already_revoked"] is True
            assert again["takedown"]["revoked_at"] == gone.json()["takedown"]["revoked_at"]
            assert client.delete("/api/v1/takedowns/999", headers={"X-Admin-Token": TOKEN}).status_code == 404
            assert client.delete("/api/v1/takedowns/1").status_code == 401
    finally:
        nl.close()


def test_the_cli_lists_and_revokes_takedowns(tmp_path):
    assert cli("takedown", "example.com", "--scope", "domain", home=tmp_path).returncode == 0
    listed = json.loads(cli("takedowns", "--json", home=tmp_path).stdout)
    assert [(t["target"], t["scope"], t["revoked_at"]) for t in listed] == [("example.com", "domain", None)]
    done = json.loads(cli("takedowns", "--revoke", str(listed[0]["id"]), "--json", home=tmp_path).stdout)
    assert done[0]["revoked_at"]
    assert json.loads(cli("takedowns", "--json", home=tmp_path).stdout) == []
    assert len(json.loads(cli("takedowns", "--all", "--json", home=tmp_path).stdout)) == 1
    missing = cli("takedowns", "--revoke", "42", home=tmp_path)
    assert missing.returncode == 1 and "no such takedown" in (missing.stderr + missing.stdout)
