"""`newsloom ingest URL`: a page fetched once, as the poller would fetch it (robots.txt, the internal-address
guard, limits), then through every stage like a file; failures named and recorded, the other inputs go on.
Also how a page comes back after a revoked takedown: the README sends the user here."""

from __future__ import annotations

import json

from helpers import cli
from servers import Reply, ScriptedServer

BODY = ("<p>The harbour authority of Port Elsworth said on Monday that container traffic rose by a tenth in the "
        "first quarter, a record for the season.</p><p>Dock workers handled more ships than in any quarter "
        "before, the authority said in a statement on Monday.</p>")


def _page(title: str) -> bytes:
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{BODY}</article>"
            f"</body></html>").encode()


def _served():
    server = ScriptedServer()
    server.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    server.route("/news/port.html", Reply(body=_page("Port Elsworth record")))
    server.route("/private/memo.html", Reply(body=_page("Internal memo")))
    return server


def test_ingest_fetches_urls_with_the_files_and_names_each_failure(tmp_path, seeds_dir):
    home = tmp_path / "home"
    with _served() as server:
        page = server.url("/news/port.html")
        out = cli("ingest", page, server.url("/private/memo.html"), server.url("/missing.html"), str(seeds_dir),
                  "--allow-private", "--json", home=home)
        assert out.returncode == 1, out.stderr  # two URLs failed; everything else was stored
        report = json.loads(out.stdout)
        by_subject = {r["subject"]: r for r in report["results"]}
        assert by_subject[page]["status"] == "stored" and by_subject[page]["title"] == "Port Elsworth record"
        assert "robots.txt" in by_subject[server.url("/private/memo.html")]["message"]
        assert "404" in by_subject[server.url("/missing.html")]["message"]
        assert report["counts"] == {"stored": 3, "duplicate": 0, "suppressed": 0, "error": 2}  # page + 2 seeds
        assert server.hits("/private/memo.html") == 0  # robots.txt said no: never asked for
        assert "5 input(s), 5 item(s): stored 3" in out.stderr  # 3 URLs and the folder's 2 files
        assert f"error {server.url('/missing.html')}: fetch: HTTP 404" in out.stderr
        errors = cli("errors", "--json", home=home)
        assert {e["subject"] for e in json.loads(errors.stdout)} >= {server.url("/private/memo.html"),
                                                                        server.url("/missing.html")}
        shown = cli("show", page, "--json", home=home)
        assert shown.returncode == 0 and json.loads(shown.stdout)["article"]["url"] == page


def test_ingest_refuses_internal_addresses_unless_allowed_and_reads_an_upper_case_scheme(tmp_path):
    home = tmp_path / "home"
    with _served() as server:
        page = server.url("/news/port.html")
        refused = cli("ingest", page, home=home, env={"NEWSLOOM_ALLOW_PRIVATE": ""})
        assert refused.returncode == 1 and "internal" in refused.stderr.lower()
        assert server.hits("/news/port.html") == 0
        shouted = "HTTP://" + page.removeprefix("http://")
        stored = cli("ingest", shouted, "--allow-private", home=home)
        assert stored.returncode == 0, stored.stderr
        assert "stored 1" in stored.stderr and "no such file" not in stored.stderr
        shown = cli("show", shouted, "--json", home=home)  # found by its URL, the scheme in any case
        assert shown.returncode == 0 and json.loads(shown.stdout)["article"]["title"] == "Port Elsworth record"


def test_a_page_comes_back_through_ingest_url_after_its_takedown_is_revoked(tmp_path):
    home = tmp_path / "home"
    with _served() as server:
        page = server.url("/news/port.html")
        assert cli("ingest", page, "--allow-private", home=home).returncode == 0
        assert cli("takedown", page, home=home).returncode == 0
        again = cli("ingest", page, "--allow-private", "--json", home=home)
        assert json.loads(again.stdout)["counts"]["suppressed"] == 1
        listed = json.loads(cli("takedowns", "--json", home=home).stdout)
        assert cli("takedowns", "--revoke", str(listed[0]["id"]), home=home).returncode == 0
        back = cli("ingest", page, "--allow-private", "--json", home=home)
        assert back.returncode == 0 and json.loads(back.stdout)["counts"]["stored"] == 1


def test_one_allowed_internal_host_is_fetched_while_every_other_stays_refused(tmp_path):
    home = tmp_path / "home"
    with _served() as server:
        server.route("/elsewhere.html", Reply(status=302, headers={"Location": "http://169.254.169.254/latest/"}))
        env = {"NEWSLOOM_ALLOWED_HOSTS": f" 127.0.0.1:{server.port} ,intranet.example:443", "NEWSLOOM_ALLOW_PRIVATE": ""}
        out = cli("ingest", server.url("/news/port.html"), server.url("/elsewhere.html"), "--json", home=home,
                  env=env)
        by_subject = {r["subject"]: r for r in json.loads(out.stdout)["results"]}
        assert by_subject[server.url("/news/port.html")]["status"] == "stored"
        [refused] = [r for r in by_subject.values() if r["status"] == "error"]  # redirected to the metadata address
        assert "internal" in refused["message"].lower() and server.hits("/elsewhere.html") == 1


def test_the_allowed_hosts_setting_reaches_the_poller_and_refuses_what_is_not_host_port(tmp_path):
    import pytest

    from newsloom.cli.serve import poll_settings
    from newsloom.config import load_settings
    from newsloom.errors import ConfigError

    settings = load_settings({"NEWSLOOM_HOME": str(tmp_path), "NEWSLOOM_ALLOWED_HOSTS": "Intranet.Example:8080,[::1]:80"})
    assert settings.allowed_hosts == {"intranet.example:8080", "[::1]:80"}
    assert poll_settings(settings).fetch.allowed_hosts == settings.allowed_hosts
    for bad in ("intranet.example", "http://x:80", "x:99999", "a b:80"):
        with pytest.raises(ConfigError, match="NEWSLOOM_ALLOWED_HOSTS"):
            load_settings({"NEWSLOOM_ALLOWED_HOSTS": bad})
