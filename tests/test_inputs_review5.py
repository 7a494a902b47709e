"""Hostile inputs, fifth review: a text dump with one corrupt (NUL-filled) record keeps its good records;
UTF-16 without a byte-order mark in a script other than Latin (CJK, Cyrillic: no NUL bytes alternate) is read
as text while binary and single-byte texts are not taken for it; an array of 16-bit printable values with NULs
between is not taken for UTF-16 text; junk sitemaps are refused or stopped early instead of being parsed whole."""

from __future__ import annotations

import codecs
import gzip
import random
import struct
import zlib
from pathlib import Path

import pytest

from newsloom.errors import FeedError, InputError
from newsloom.extract.decode import decode_body
from newsloom.model import FetchedDocument
from newsloom.sources import sitemaps as sitemaps_module
from newsloom.sources.charset import is_binary, utf16_without_bom
from newsloom.sources.files import iter_inputs
from newsloom.sources.sitemaps import parse_sitemap
from newsloom.sources.text import iter_text_dump

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
if not SHARED.exists():
    SHARED = Path("/work/shared")


def _article(n: int) -> str:
    return (f"Report {n}: harbour traffic\n\nThe harbour authority said on Monday that shipping traffic rose by a "
            f"tenth in the first quarter of year {2000 + n}, with container volumes at a record level.\n"
            "Officials expect the growth to continue through the summer as two new cranes arrive.")


def _dump(records: list[str]) -> str:
    return "".join(f"===== doc {n}\n{text}\n" for n, text in enumerate(records, start=1))


def _split(items):
    items = list(items)
    return ([i for i in items if isinstance(i, FetchedDocument)], [i for i in items if isinstance(i, InputError)])


# -- 1. a text dump with a corrupt record ------------------------------------------------------------------------

@pytest.mark.parametrize("gzipped", [False, True])
def test_a_dump_with_one_nul_filled_record_keeps_the_good_records(tmp_path, gzipped):
    records = [_article(n) for n in range(30)]
    records[1] = records[1][:60] + "\x00" * 2048 + records[1][60:]  # a zeroed block inside record 2: its text is read
    records[2] = "\x00" * 2048  # record 3 zeroed whole: no text left, its own error
    data = _dump(records).encode("utf-8")
    assert is_binary(data)  # the head of the dump has too many NULs: it was refused whole
    path = tmp_path / ("dump.txt.gz" if gzipped else "dump.txt")
    path.write_bytes(gzip.compress(data) if gzipped else data)

    docs, errors = _split(iter_inputs([path]))

    assert len(docs) == 29
    assert [d.url.rsplit("#", 1)[1] for d in docs] == [f"doc={n}" for n in range(1, 31) if n != 3]
    assert all(b"\x00" not in d.body for d in docs)
    assert docs[0].body.decode("utf-8") == records[0].strip()
    assert docs[1].body.decode("utf-8") == records[1].replace("\x00", "").strip()  # NULs carry no text
    [error] = errors
    assert error.subject.endswith("#doc=3") and "binary" in error.message and "NUL" in error.message


def test_a_stray_nul_inside_a_record_is_dropped_not_kept():
    records = [_article(n) for n in range(3)]
    records[0] = records[0].replace("harbour authority", "harbour\x00 authority")
    docs = list(iter_text_dump(_dump(records).encode(), url="file:///dump.txt"))
    assert len(docs) == 3 and all(isinstance(d, FetchedDocument) for d in docs)
    assert "The harbour authority said" in docs[0].body.decode() and b"\x00" not in docs[0].body


@pytest.mark.parametrize("body", [
    random.Random(7).randbytes(300_000),  # holds form feeds and "=====" by chance: splits into many parts
    bytes(range(256)) * 200,
    b"\x89PNG\r\n\x1a\n" + bytes(4000) + b"\f" + _article(1).encode(),
], ids=["random", "bytes", "png"])
def test_a_binary_file_named_txt_is_still_one_error(tmp_path, body):
    path = tmp_path / "b.txt"
    path.write_bytes(body)
    [error] = list(iter_inputs([path]))
    assert isinstance(error, InputError) and "binary" in error.message and error.subject == str(path)


def test_a_dump_ending_in_a_block_of_nuls_keeps_its_texts(tmp_path):
    path = tmp_path / "d.txt"
    path.write_bytes(("\f".join(_article(n) for n in range(3)) + "\f").encode() + bytes(9000))
    docs, errors = _split(iter_inputs([path]))
    assert [d.body.decode() for d in docs] == [_article(n) for n in range(3)]
    assert [e.subject.rsplit("#", 1)[1] for e in errors] == ["doc=4"] and "9000 NUL bytes" in errors[0].message


def test_a_dump_with_a_corrupt_record_is_ingested_and_the_record_recorded(tmp_path):
    from newsloom.config import Settings
    from newsloom.core import open_newsloom

    records = [_article(n) for n in range(3)]
    records[1] = "\x00" * 500  # zeroed whole (a record with text after its NULs is read without them)
    path = tmp_path / "dump.txt"
    path.write_bytes(_dump(records).encode())
    nl = open_newsloom(Settings(data_dir=tmp_path / "home"))
    try:
        results = nl.ingest_files([str(path)])
        errors = nl.store.list_errors(limit=0)
    finally:
        nl.close()
    assert [r.status for r in results].count("stored") == 2
    assert any(e.subject.endswith("#doc=2") and "NUL" in e.message for e in errors)


# -- 2. UTF-16 without a byte-order mark in a script other than Latin ---------------------------------------------

TEXTS = {
    "zh": "港口管理局星期一表示，第一季度航运量增长了一成，集装箱吞吐量创下这个小港口的历史"
          "新高。官员预计，随着两台新起重机的到来，增长势头将持续到夏季。市议会承诺下周再次"
          "审议这些规定，咖啡馆老板们说这些规定会让他们付出沉重代价。",
    "ja": "港湾当局は月曜日、第一四半期の海上輸送量が一割増えたと発表した。コンテナの取扱量"
          "は小さな港としては過去最高となった。当局者は、新しいクレーン二基の到着に伴い、夏"
          "の間も成長が続くと見込んでいる。",
    "ko": "항만 당국은 월요일 1분기 해상 운송량이 10% 증가했으며 컨테이너 물동량이 이 작은 항구의 사상 최대치를 기록했다고 밝혔다. 당국자들은 새 크레인 두 대가 도착"
          "함에 따라 여름 내내 성장이 이어질 것으로 내다봤다.",
    "ru": "Управление порта заявило в понедельник, что объём морских перевозок в первом квартале выро"
          "с на десятую часть, а контейнерооборот достиг рекордного уровня для этого небольшого порта"
          ". Чиновники ожидают роста и летом.",
}


def _long(lang: str, size: int = 3000) -> str:
    text, n = "", 0
    while len(text) < size:
        text += f"{TEXTS[lang]}\n（{n}）\n" if lang in ("zh", "ja") else f"{TEXTS[lang]} ({n})\n"
        n += 1
    return text


@pytest.mark.parametrize("lang", sorted(TEXTS))
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_in_a_non_latin_script_is_text(lang, codec):
    text = _long(lang)
    body = text.encode(codec)
    assert not body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    assert utf16_without_bom(body) == codec
    assert is_binary(body) is False
    assert decode_body(body, html=False) == (text, codec)
    docs = list(iter_text_dump(body, url="file:///t.txt"))
    assert [d.body.decode("utf-8") for d in docs] == [text.strip()]


def test_symbols_and_emoji_in_a_utf16_text_are_no_reason_to_doubt():
    text = "".join(f"{TEXTS['zh']} ★ \U0001F600 → ①\n" for _ in range(20))
    assert utf16_without_bom(text.encode("utf-16-le")) == "utf-16-le"


def test_a_cjk_utf16_page_with_its_markup_is_text():
    page = "<html><head><title>港口</title></head><body>" + "".join(f"<p>{TEXTS['zh']}</p>" for _ in range(12))
    body = page.encode("utf-16-le")
    assert utf16_without_bom(body) == "utf-16-le" and not is_binary(body)


def _gzip_body() -> bytes:
    return zlib.compress(_long("zh").encode("utf-8") + _long("ru").encode("utf-8"))


@pytest.mark.parametrize("seed", range(40))
def test_random_bytes_are_not_taken_for_utf16(seed):
    body = random.Random(seed).randbytes(6000)
    assert utf16_without_bom(body) is None


@pytest.mark.parametrize("body", [
    _gzip_body(),  # compressed, magic number gone
    gzip.compress(_long("ja").encode("utf-16-le")),
    b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(5000),
    b"%PDF-1.5\n" + random.Random(2).randbytes(5000),
    b"PK\x03\x04" + random.Random(3).randbytes(5000),
], ids=["zlib", "gzip", "png", "pdf", "zip"])
def test_binary_bodies_stay_binary(body):
    assert utf16_without_bom(body) is None
    assert is_binary(body)


@pytest.mark.parametrize("low,high", [(0x4E00, 0xA000), (0xAC00, 0xD7A4), (0x0400, 0x0500), (0x3000, 0xA000)])
def test_16bit_noise_in_the_ranges_of_a_script_is_not_utf16(low, high):
    # noise, however it falls in the blocks of one script (no surrogates: it decodes), is not taken for text
    rnd = random.Random(low)
    for order in "<>":
        body = struct.pack(f"{order}3000H", *[rnd.randrange(low, high) for _ in range(3000)])
        assert utf16_without_bom(body) is None


@pytest.mark.parametrize("lang,codec", [
    ("zh", "utf-8"), ("zh", "gbk"), ("zh", "big5"), ("zh", "gb18030"), ("ja", "shift_jis"), ("ja", "euc-jp"),
    ("ja", "utf-8"), ("ko", "euc-kr"), ("ko", "utf-8"), ("ru", "cp1251"), ("ru", "koi8-r"), ("ru", "utf-8"),
])
def test_single_byte_and_multibyte_legacy_texts_are_not_utf16(lang, codec):
    body = _long(lang).encode(codec, errors="ignore")
    assert utf16_without_bom(body) is None
    assert not decode_body(body, html=False)[1].startswith("utf-16")


@pytest.mark.parametrize("text", [
    "The harbour authority said on Monday that traffic rose. " * 80,  # ASCII read as UTF-16 is "CJK"
    "Le port a annoncé lundi que le trafic a augmenté d'un dixième, à un niveau record. " * 60,
])
@pytest.mark.parametrize("codec", ["ascii", "cp1252", "utf-8"])
def test_latin_texts_are_not_utf16(text, codec):
    body = text.encode(codec, errors="replace")
    assert utf16_without_bom(body) is None
    assert decode_body(body, html=False)[0] == body.decode(codec, errors="replace")


# -- 3. 16-bit printable values with NULs between ---------------------------------------------------------------

@pytest.mark.parametrize("low,high", [(0x20, 0x7F), (0x20, 0x100), (0x21, 0x7F)])
@pytest.mark.parametrize("order", ["<", ">"])
def test_an_array_of_small_16bit_values_is_not_utf16_text(tmp_path, low, high, order):
    rnd = random.Random(low * high)
    body = struct.pack(f"{order}6000H", *[rnd.randrange(low, high) for _ in range(6000)])
    assert utf16_without_bom(body) is None
    assert is_binary(body)
    path = tmp_path / "values.txt"
    path.write_bytes(body)
    [error] = list(iter_inputs([path]))
    assert isinstance(error, InputError) and "binary" in error.message


def test_a_minified_utf16_page_with_few_spaces_is_still_text():
    style = "".join(f".c{n}{{color:#{n:03x};margin:0;padding:{n}px}}" for n in range(120))
    page = f"<!DOCTYPE html><html><head><style>{style}</style></head><body><p>Zürich café news, every day.</p>"
    for codec in ("utf-16-le", "utf-16-be"):
        assert utf16_without_bom(page.encode(codec)) == codec


def _real_utf16_files() -> list[Path]:
    folder = SHARED / "data" / "rss-feeds-feedparser-tests" / "tests" / "encoding"
    return sorted(p for p in folder.glob("*16*.xml") if "bom" not in p.name) if folder.exists() else []


@pytest.mark.skipif(not _real_utf16_files(), reason="feedparser's test feeds are not in ../shared")
def test_feedparsers_bomless_utf16_feeds_are_still_text():
    for path in _real_utf16_files():
        body = path.read_bytes()
        assert utf16_without_bom(body) in ("utf-16-le", "utf-16-be"), path.name
        assert not is_binary(body), path.name


@pytest.mark.skipif(not (SHARED / "data").exists(), reason="../shared is not there")
def test_real_pages_saved_as_utf16_are_still_text():
    pages = sorted((SHARED / "data" / "article-extraction-trafilatura-eval" / "html").glob("*.html.gz"))[:300]
    if not pages:
        pytest.skip("no pages")
    for path in pages:
        text = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        for codec in ("utf-16-le", "utf-16-be"):
            assert utf16_without_bom(text.encode(codec, errors="replace")) == codec, (path.name, codec)


# -- 4. junk sitemaps ------------------------------------------------------------------------------------------------

URLSET = b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'


def _urls(count: int) -> bytes:
    return b"".join(b"<url><loc>https://n.example/a/%d</loc></url>\n" % i for i in range(count))


@pytest.fixture
def fed(monkeypatch):
    """The chunks the XML parser is given."""
    chunks: list[int] = []
    real = sitemaps_module._feed

    def feed(parser, chunk, url):
        if chunk is not None:
            chunks.append(len(chunk))
        return real(parser, chunk, url)

    monkeypatch.setattr(sitemaps_module, "_feed", feed)
    return chunks


def test_a_gzipped_sitemap_over_the_limit_is_refused_before_it_is_parsed(fed):
    body = URLSET + b"<x/>" * (sitemaps_module.MAX_SITEMAP_BYTES // 4 + 1000) + b"</urlset>"
    with pytest.raises(FeedError, match="sitemap larger than 50 MiB uncompressed"):
        parse_sitemap(gzip.compress(body, 1), "https://n.example/s.xml.gz")
    assert fed == []


def test_a_urlset_of_elements_that_are_not_entries_stops_early(fed):
    body = URLSET + b"<x/>" * 500_000 + b"</urlset>"  # 2 MB of nonsense, 31 chunks
    with pytest.raises(FeedError, match=r"reading stopped: more than 1000 elements of <urlset> that are no <url>"):
        parse_sitemap(body, "https://n.example/s.xml")
    assert len(fed) <= 2


def test_entries_before_the_nonsense_are_kept_and_the_warning_says_why(fed):
    body = URLSET + _urls(20) + b"<x/>" * 500_000 + _urls(5) + b"</urlset>"
    sitemap = parse_sitemap(body, "https://n.example/s.xml")
    assert [i.url for i in sitemap.urls] == [f"https://n.example/a/{i}" for i in range(20)]
    assert "reading stopped: more than 1000 elements of <urlset> that are no <url> entry" in sitemap.warning
    assert "20 complete <url> entries kept" in sitemap.warning
    assert len(fed) <= 2


def test_a_few_other_elements_in_a_urlset_cost_nothing():
    body = URLSET + b"<meta>x</meta>" * 50 + _urls(30) + b"</urlset>"
    sitemap = parse_sitemap(body, "https://n.example/s.xml")
    assert len(sitemap.urls) == 30 and sitemap.warning is None


def test_an_entry_of_millions_of_elements_stops_at_the_element_budget(monkeypatch, fed):
    monkeypatch.setattr(sitemaps_module, "_MAX_ELEMENTS", 100_000, raising=False)
    body = URLSET + _urls(3) + b"<url><loc>https://n.example/big</loc>" + b"<x/>" * 1_000_000 + b"</url></urlset>"
    sitemap = parse_sitemap(body, "https://n.example/s.xml")
    assert [i.url for i in sitemap.urls] == [f"https://n.example/a/{i}" for i in range(3)]
    assert "reading stopped: more than 100000 elements" in sitemap.warning
    assert sum(fed) < 1_000_000  # about 400 KB of the 4 MB were parsed


def test_the_element_budget_is_above_a_real_sitemap_at_the_limits():
    # 50,000 news entries with a dozen images each are some 1.3 million elements in 47 MB
    assert sitemaps_module._MAX_ELEMENTS >= 2_000_000


@pytest.mark.parametrize("junk", [
    random.Random(5).randbytes(3 << 20).replace(b"<", b"("),
    b"lorem ipsum dolor: sit/amet. " * 100_000,
], ids=["random", "words"])
def test_a_text_sitemap_of_junk_is_refused_after_its_first_words(monkeypatch, junk):
    checked: list[str] = []
    real = sitemaps_module._web_url
    monkeypatch.setattr(sitemaps_module, "_web_url", lambda url, base=None: checked.append(url) or real(url, base))
    with pytest.raises(FeedError, match="not a sitemap: neither XML nor a list of URLs"):
        parse_sitemap(junk, "https://n.example/s.txt")
    assert len(checked) <= 10_001


def test_a_text_sitemap_with_a_word_beside_each_url_is_read_whole():
    text = b"".join(b"https://n.example/t/%d 2024-05-0%d\n" % (i, 1 + i % 9) for i in range(20_000))
    sitemap = parse_sitemap(text, "https://n.example/s.txt")
    assert len(sitemap.urls) == 20_000 and sitemap.warning is None


def test_urls_before_junk_in_a_text_sitemap_are_kept_and_the_warning_says_why():
    text = b"".join(b"https://n.example/t/%d\n" % i for i in range(10)) + b"junk words here " * 20_000
    sitemap = parse_sitemap(text, "https://n.example/s.txt")
    assert [i.url for i in sitemap.urls] == [f"https://n.example/t/{i}" for i in range(10)]
    assert sitemap.warning.startswith("text sitemap: reading stopped after 10000 words that are no web address")
