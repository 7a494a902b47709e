"""Language of the body text when the page's metadata gives none (stop-word profiles and scripts)."""

from __future__ import annotations

import pytest

from newsloom.extract import extract_article
from newsloom.extract.metadata import LANGUAGE_SOURCE, detect_language
from newsloom.model import FetchedDocument

# Short hand-written paragraphs, one per language (about the same made-up council story).
SAMPLES = {
    "en": "The council said on Tuesday that the new tram line would be built after the summer, and that "
          "the work was expected to take two years. It has been debated for a long time by the people who "
          "live in the city.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, dass die neue Straßenbahnlinie nach dem Sommer gebaut "
          "wird. Die Arbeiten sollen zwei Jahre dauern, und es gibt auch Kritik von den Anwohnern, die sich "
          "mehr Busse wünschen.",
    "fr": "Le conseil municipal a annoncé mardi que la nouvelle ligne de tramway sera construite après "
          "l'été. Les travaux doivent durer deux ans et ils sont critiqués par des habitants qui veulent plus "
          "de bus dans la ville.",
    "es": "El consejo municipal anunció el martes que la nueva línea de tranvía se construirá después del "
          "verano. Las obras van a durar dos años y los vecinos, que quieren más autobuses, han criticado el "
          "proyecto por su coste.",
    "it": "Il consiglio comunale ha annunciato martedì che la nuova linea del tram sarà costruita dopo "
          "l'estate. I lavori dureranno due anni e sono criticati dagli abitanti, che vogliono più autobus "
          "per la città e non un tram.",
    "pt": "O conselho municipal anunciou na terça-feira que a nova linha de elétrico vai ser construída "
          "depois do verão. As obras vão durar dois anos e os moradores, que querem mais autocarros, não "
          "estão contentes com o projeto.",
    "nl": "De gemeenteraad heeft dinsdag besloten dat de nieuwe tramlijn na de zomer wordt gebouwd. Het werk "
          "duurt twee jaar en er is ook kritiek van bewoners die liever meer bussen willen, maar de raad "
          "houdt vast aan het plan.",
    "pl": "Rada miasta ogłosiła we wtorek, że nowa linia tramwajowa zostanie zbudowana po lecie. Prace "
          "potrwają dwa lata, ale mieszkańcy, którzy chcą więcej autobusów, nie są zadowoleni i mówią, że to "
          "jest za drogie dla miasta.",
    "ru": "Городской совет объявил во вторник, что новая трамвайная линия будет построена после лета. "
          "Работы продлятся два года, и жители, которые хотят больше автобусов, этим недовольны.",
    "uk": "Міська рада оголосила у вівторок, що нову трамвайну лінію збудують після літа. Роботи "
          "триватимуть два роки, і мешканці, які хочуть більше автобусів, цим незадоволені.",
    "ja": "市議会は火曜日、新しい路面電車の路線を夏の後に建設すると発表しました。工事は二年かかる見込みです。",
    "zh": "市议会周二宣布，新的有轨电车线路将在夏天之后开始建设。工程预计需要两年时间。",
    "el": "Το δημοτικό συμβούλιο ανακοίνωσε την Τρίτη ότι η νέα γραμμή του τραμ θα κατασκευαστεί μετά το καλοκαίρι.",
}


@pytest.mark.parametrize(("lang", "text"), SAMPLES.items())
def test_language_of_a_paragraph(lang, text):
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", [
    "",
    "NATO Ukraine Russia",  # too few words to tell
    "12 345 678 — 2022-02-16 14:00 UTC",  # no letters at all
    # a list of names: no function words to go by
    ("Jens Stoltenberg, Volodymyr Zelenskyy, Olaf Scholz, Vladimir Putin, Joe Biden, Ben Wallace, Dmitry "
     "Peskov, Vladimir Makei, Vladimir Chizhov, Serhii Demediuk, Aamer Madhani, Jill Lawless, Frank Jordans"),
])
def test_unsure_is_none(text):
    assert detect_language(text) is None


def test_half_english_half_german_is_unsure():
    assert detect_language(SAMPLES["en"] + " " + SAMPLES["de"]) is None


def _text_page(body: str) -> FetchedDocument:
    return FetchedDocument(url="https://news.example/2024/05/01/tram", body=body.encode("utf-8"),
                           content_type="text/plain")


def test_text_page_language_is_read_from_the_body_with_its_source():
    article = extract_article(_text_page("Straßenbahn kommt\n\n" + SAMPLES["de"]))
    assert article.lang == "de" and article.field_sources["lang"] == LANGUAGE_SOURCE


def test_text_page_in_an_unknown_language_has_no_language():
    gibberish = " ".join(f"Xq{i}zz vlorp{i} gnarf." for i in range(30))
    article = extract_article(_text_page("Title\n\n" + gibberish))
    assert article.lang is None and "lang" not in article.field_sources


def _html_page(lang_attr: str, body: str) -> FetchedDocument:
    paragraphs = "".join(f"<p>{body}</p>" for _ in range(4))
    html = (f"<!doctype html><html{lang_attr}><head><title>Tram</title></head><body><article><h1>Tram</h1>"
            f"{paragraphs}</article></body></html>")
    return FetchedDocument(url="https://news.example/tram", body=html.encode("utf-8"), content_type="text/html")


def test_html_lang_attribute_wins_over_the_body():
    article = extract_article(_html_page(' lang="fr"', SAMPLES["en"]))
    assert article.lang == "fr" and article.field_sources["lang"] == "html"


def test_html_page_without_lang_gets_the_body_language():
    article = extract_article(_html_page("", SAMPLES["es"]))
    assert article.lang == "es" and article.field_sources["lang"] == LANGUAGE_SOURCE
