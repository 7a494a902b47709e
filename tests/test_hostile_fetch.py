"""Hostile HTTP answers, against a real server on 127.0.0.1: compression bombs, stacked or unknown
content codings, invalid host names in URLs and redirects, odd Retry-After values, huge robots.txt.

Every case ends in a clear FetchError (or a result), never in an uncaught exception or a body
decompressed past the limit."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from datetime import UTC, datetime

import brotli
import pytest

from newsloom.errors import BlockedURLError, FetchError, RobotsDisallowedError, TooLargeError
from newsloom.sources import fetcher as fetcher_module
from newsloom.sources.fetcher import FetchSettings, parse_retry_after
from servers import Reply, ScriptedServer, fetch, fetch_settings

CAP = 2**20  # the decompressed-body limit these tests fetch with


@pytest.fixture
def site():
    with ScriptedServer() as server:
        yield server


def settings_for(server: ScriptedServer, **kw) -> FetchSettings:
    return fetch_settings(server, **{"timeout_s": 5.0, "max_body_bytes": CAP, **kw})


@pytest.fixture
def decoders(monkeypatch):
    """Every body decoder the fetcher makes, to read how many bytes each one produced."""
    made = []
    base = getattr(fetcher_module, "_BodyDecoder", None)
    if base is None:  # a fetcher without an incremental decoder: nothing to count (the tests then fail)
        return made

    class Counting(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(fetcher_module, "_BodyDecoder", Counting)
    return made


STEP = 64 * 1024  # the most one decompression step may produce past the limit


def _gzip_bomb(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * 2**20
    return b"".join([packer.compress(block) for _ in range(size // 2**20)] + [packer.flush()])


def _brotli_bomb(size: int) -> bytes:
    packer = brotli.Compressor(quality=5)
    block = b"\0" * 2**20
    return b"".join([packer.process(block) for _ in range(size // 2**20)] + [packer.finish()])


def _peak_during(call) -> tuple[object, int]:
    tracemalloc.start()
    try:
        try:
            result = call()
        except Exception as exc:  # noqa: BLE001 - returned for the test to inspect
            result = exc
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --------------------------------------------------------------------------- compression bombs


@pytest.mark.timeout(120)
def test_gzip_bomb_is_never_decompressed_past_the_limit(site, decoders):
    bomb = _gzip_bomb(50 * 2**20)  # 50 MB of zeros in about 50 KB
    assert len(bomb) < 100_000
    site.route("/bomb", Reply(body=bomb, headers={"Content-Encoding": "gzip"}))
    error, peak = _peak_during(lambda: fetch(settings_for(site), site.url("/bomb")))
    assert isinstance(error, TooLargeError), error
    assert peak < 8 * CAP, f"peak traced memory {peak} bytes"
    assert f"{CAP} byte limit" in error.message and "gzip" in error.message
    body_decoders = [d for d in decoders if d.coding == "gzip"]
    assert body_decoders and max(d.produced for d in body_decoders) <= CAP + STEP


@pytest.mark.timeout(120)
def test_brotli_bomb_of_four_gigabytes_is_refused_with_bounded_memory(site, decoders):
    bomb = _brotli_bomb(4 * 2**30)  # 4 GiB of zeros in a few kilobytes
    assert len(bomb) < 20_000
    site.route("/br", Reply(body=bomb, headers={"Content-Encoding": "br"}))
    error, peak = _peak_during(lambda: fetch(settings_for(site), site.url("/br")))
    assert isinstance(error, TooLargeError), error
    assert peak < 8 * CAP, f"peak traced memory {peak} bytes"
    assert "br" in error.message
    body_decoders = [d for d in decoders if d.coding == "br"]
    assert body_decoders and max(d.produced for d in body_decoders) <= CAP + 2 * STEP


def test_stacked_content_encodings_are_refused(site, decoders):
    inner = gzip.compress(gzip.compress(b"\0" * (8 * 2**20)))
    site.route("/twice", Reply(body=inner, headers={"Content-Encoding": "gzip, gzip"}))
    with pytest.raises(FetchError, match="stacked Content-Encoding") as refused:
        fetch(settings_for(site), site.url("/twice"))
    assert not isinstance(refused.value, TooLargeError)
    assert all(d.produced == 0 for d in decoders if d.coding != "identity")


def test_unknown_content_encoding_is_refused(site):
    site.route("/zz", Reply(body=b"\x28\xb5\x2f\xfd garbage", headers={"Content-Encoding": "zstd"}))
    with pytest.raises(FetchError, match="unsupported Content-Encoding 'zstd'"):
        fetch(settings_for(site), site.url("/zz"))


def test_only_decodable_codings_are_asked_for(site):
    site.route("/a", Reply(body=b"<p>plain</p>"))
    fetch(settings_for(site), site.url("/a"))
    assert site.requests_to("/a")[0].headers["Accept-Encoding"] == "gzip, deflate, br"


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize("packed", [zlib.compress(b"<p>deflated page</p>"), _raw_deflate(b"<p>deflated page</p>")],
                         ids=["zlib-wrapped", "raw"])
def test_deflate_bodies_decode_with_or_without_the_zlib_header(site, packed):
    site.route("/d", Reply(body=packed, headers={"Content-Encoding": "deflate"}))
    assert fetch(settings_for(site), site.url("/d")).body == b"<p>deflated page</p>"


def test_multi_member_gzip_decodes_whole(site):
    site.route("/m", Reply(body=gzip.compress(b"<p>one ") + gzip.compress(b"two</p>"),
                           headers={"Content-Encoding": "gzip"}))
    assert fetch(settings_for(site), site.url("/m")).body == b"<p>one two</p>"


def test_truncated_and_corrupt_compressed_bodies_are_clear_errors(site):
    packed = gzip.compress(b"<p>" + b"words " * 5000 + b"</p>")
    site.route("/cut", Reply(body=packed[: len(packed) // 2], headers={"Content-Encoding": "gzip"}))
    site.route("/junk", Reply(body=b"\x1f\x8b\x08\x00 this is not deflate data", headers={"Content-Encoding": "gzip"}))
    with pytest.raises(FetchError, match="truncated gzip-encoded body"):
        fetch(settings_for(site), site.url("/cut"))
    with pytest.raises(FetchError, match="corrupt gzip-encoded body"):
        fetch(settings_for(site), site.url("/junk"))


# --------------------------------------------------------------------------- invalid host names


@pytest.mark.parametrize("url,reason", [
    ("http://a..b/x", "empty label"),
    ("http://xn--a.com/x", "invalid punycode"),
    ("http://" + "a" * 64 + ".example/x", "longer than 63"),
    ("http://exa mple.com/x", "only letters"),
])
def test_invalid_host_names_are_refused_before_any_request(url, reason):
    with pytest.raises(BlockedURLError, match=reason) as refused:
        fetch(FetchSettings(allow_private=True, min_host_interval_s=0), url)
    assert "malformed URL" in refused.value.message and refused.value.subject == url


# redirects to invalid hosts and IDNA failures at connect time: see test_sources_fetcher
# (test_every_redirect_hop_is_checked, test_host_names_are_checked_at_connect_time)


# --------------------------------------------------------------------------- Retry-After and robots.txt


@pytest.mark.parametrize("value", ["²", "٣", "1²", "¹²⁰"])
def test_retry_after_with_non_ascii_digits_is_ignored(value):
    assert parse_retry_after(value, now=datetime(2026, 11, 23, tzinfo=UTC)) is None


def test_retry_after_with_unicode_digits_from_a_server_is_not_a_crash(site):
    site.route("/busy", Reply(status=429, headers={"Retry-After": "²"}, body=b"later"))
    with pytest.raises(FetchError, match="HTTP 429") as busy:
        fetch(settings_for(site), site.url("/busy"))
    assert busy.value.retry_after_s is None


def test_robots_txt_over_512_kib_is_parsed_up_to_the_limit(site):
    rules = b"User-agent: *\nDisallow: /private/\n"
    padding = b"".join(b"# comment line %06d of a very long robots.txt file\n" % n for n in range(12_000))
    late = b"Disallow: /late/\n"  # past the limit: not seen, so not applied
    body = rules + padding + late
    assert len(rules + padding) > 512 * 1024 and len(rules + padding) < 700 * 1024
    site.route("/robots.txt", Reply(body=body, content_type="text/plain"))
    site.route("/private/page", Reply(body=b"secret"))
    site.route("/late/page", Reply(body=b"late"))
    with pytest.raises(RobotsDisallowedError):
        fetch(settings_for(site), site.url("/private/page"))
    assert site.hits("/private/page") == 0
    assert fetch(settings_for(site), site.url("/late/page")).body == b"late"


def test_robots_txt_prefix_is_cut_at_a_line_so_no_rule_is_half_read(site):
    head = b"User-agent: *\n" + b"#" * (512 * 1024 - 30) + b"\n"
    body = head + b"Disallow: /a-very-long-prefix-that-is-cut/\n"  # cut inside this line at 512 KiB
    site.route("/robots.txt", Reply(body=body, content_type="text/plain"))
    site.route("/a-very-long-pre", Reply(body=b"ok"))
    assert fetch(settings_for(site), site.url("/a-very-long-pre")).body == b"ok"


def test_error_answers_are_judged_by_status_whatever_their_body(site):
    site.route("/gone", Reply(status=404, body=b"\x28\xb5\x2f\xfd junk", headers={"Content-Encoding": "zstd"}))
    with pytest.raises(FetchError, match="HTTP 404") as gone:
        fetch(settings_for(site), site.url("/gone"))
    assert gone.value.permanent


@pytest.mark.parametrize(("address", "internal"), [
    ("2002:7f00:1::", True),  # 6to4 carrying 127.0.0.1
    ("2002:a9fe:a9fe::", True),  # 6to4 carrying the cloud metadata address 169.254.169.254
    ("fec0::1", True),  # site-local (deprecated, still routed inside some networks)
    ("64:ff9b::7f00:1", True),  # NAT64 of 127.0.0.1
    ("::ffff:10.0.0.1", True),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", True),  # Teredo (not global)
    ("64:ff9b::808:808", False),  # NAT64 of a public address: how IPv6-only networks reach IPv4 sites
    ("::ffff:8.8.8.8", False), ("2002:808:808::", False), ("2001:4860:4860::8888", False), ("8.8.8.8", False),
])
def test_an_ipv4_address_inside_an_ipv6_one_is_judged_as_itself(address, internal):
    import ipaddress

    from newsloom.sources.safety import is_internal_ip

    assert is_internal_ip(ipaddress.ip_address(address)) is internal
