"""Comparing big stories once per distinct text gives the coverage the straightforward comparison
of every pair gives (``compare_reference``): synthetic stories of wire copies, rewrites and
independent reports, with shared and near-equal numbers and quotes repeated, split and unattributed."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

import compare_reference as ref
from newsloom.compare import align_statements, compare_coverage, coverage
from newsloom.compare.numbers import compared_figures, differing_numbers, shared_numbers
from newsloom.compare.statements import _group_by_speaker, lend_speakers
from newsloom.compare.text import Linked, components, fact_terms
from newsloom.model import Article, ChainLink, PrimarySource, Provenance, Quote, Story
from newsloom.text import split_sentences

DAY = datetime(2025, 6, 2, 8, tzinfo=UTC)
WIRE = [
    ("LAKETON — Floodwaters broke through two levees early Tuesday, forcing 12,400 people from their homes "
     "and cutting power to about 38,000 households, officials said."),
    "Rescue crews pulled 314 people from rooftops using boats and two military helicopters, the county said.",
    ("“The water rose faster than anything we have seen in fifty years,” said Mayor Ana Petrescu, who spent "
     "the night at a school turned into a shelter."),
    "“We had perhaps forty minutes between the first warning and water in the streets,” she said.",
    "At least six people were confirmed dead and 11 were missing, Interior Minister Radu Vasile told reporters.",
    ("“Our priority is to reach every family that is still cut off, and we have asked for help through the "
     "European civil protection mechanism,” Vasile said."),
    "The agriculture ministry estimated damage to crops at 85 million euros, a figure it called preliminary.",
    ("Rail traffic was suspended after a section of embankment collapsed, and about 1,200 passengers were "
     "taken on by buses."),
    "Officials declined to comment further.",
    "The government will release 50 million lei from its reserve fund for the first repairs.",
]
OWN = [
    "Local volunteers in {c} collected blankets and money at the cultural centre on Wednesday.",
    "“We know many of our readers have family in the valley,” said {n}, who leads the community association.",
    "The {c} branch of the Red Cross said it would accept donations through the end of the month.",
    "About {k} households in the region were still without power on Wednesday evening, the utility said.",
    "“The water rose faster than anything we have seen,” a resident told the {c} Herald.",
    "Damage to crops was put at {m} million euros by the agriculture ministry.",
    "“We are doing everything we can,” said Ana Petrescu.",
    "“Everything we had for the winter is gone,” said {n}, 63, standing beside a barn.",
    "Everything we had for the winter is gone, {n} said.",
    "Officials declined to comment.",
]
CITIES = ["Leeds", "Turin", "Lyon", "Graz", "Porto"]
NAMES = ["Maria Pop", "Andrei Ionescu", "Dana Stoica", "Victor Marin"]
RARE = ["saxophonist", "greenhouse", "lighthouse", "tapestry", "orchard", "glacier", "windmill", "violinist",
        "monastery", "vineyard", "carpenter", "apiary", "bakery", "ferryman", "quarry", "pharmacist"]


def _article(i: int, text: str, rng: random.Random, source: str | None = None) -> Article:
    published = DAY + timedelta(minutes=rng.choice([0, 0, 30, 60 * i]))
    if rng.random() < 0.1:
        published = published.replace(hour=0, minute=0)  # dated without a time of day
    return Article(id=f"a{i:02d}", title=f"Floods {i}", text=text, url=f"https://site{i}.example/floods",
                   source=source if source is not None else f"Site {i}", published=published,
                   fetched_at=DAY + timedelta(hours=i))


def synthetic_story(seed: int, n: int = 30) -> tuple[Story, list[Article], dict[str, Provenance]]:
    """The wire text; identical copies; shortened, re-credited and altered copies (a number changed,
    a quote split, words substituted); independent reports on the event."""
    rng = random.Random(seed)
    arts = [_article(0, "\n\n".join(WIRE), rng, "Wire Service")]
    provenance: dict[str, Provenance] = {}
    for i in range(1, n):
        kind = rng.choice(["same", "same", "short", "altered", "own", "own"])
        if kind == "same":
            paras = list(WIRE)
        elif kind == "short":
            paras = WIRE[:rng.randint(3, len(WIRE))]
            if rng.random() < 0.5:  # a quote the copy adds to the wire's text
                paras.append(f"“We are sending two boats from {rng.choice(CITIES)},” said {rng.choice(NAMES)}.")
        elif kind == "altered":
            paras = [p.replace("12,400", rng.choice(["12,400", "12,900", "13,000"]))
                     .replace("38,000", rng.choice(["38,000", "39,000"]))
                     .replace("faster than anything", rng.choice(["faster than anything", "quicker than anything"]))
                     for p in WIRE]
            if rng.random() < 0.5:  # the quote in two parts
                paras[5] = ("“Our priority is to reach every family that is still cut off,” Vasile said, adding "
                            "that help had been asked for: “we have asked for help through the European civil "
                            "protection mechanism.”")
            paras = paras[:rng.randint(5, len(paras))]
        else:
            c, name = rng.choice(CITIES), rng.choice(NAMES)
            picks = rng.sample(OWN, rng.randint(3, 6)) + rng.sample(WIRE, rng.randint(0, 2))
            paras = [p.format(c=c, n=name, k=rng.choice([38_000, 39_500, 52_000]), m=rng.choice([85, 88, 120]))
                     for p in picks]
            paras.append(f"A {rng.choice(RARE)} {rng.choice(RARE)} from {c} described the {rng.choice(RARE)} "
                         f"near the {rng.choice(RARE)} as {rng.choice(RARE)}.")  # what this source alone says
            if rng.random() < 0.4:  # someone unnamed quoted
                paras.append("Residents said the message was clear: “We were warned three times and nobody "
                             "listened to us.”")
            if rng.random() < 0.3:
                paras.append(paras[0] if paras[0].startswith("“") else "“We are doing everything we can,” she said.")
        arts.append(_article(i, "\n\n".join(paras), rng))
        if kind in ("same", "short", "altered") and rng.random() < 0.7:
            automated = kind == "altered" and rng.random() < 0.5
            provenance[f"a{i:02d}"] = Provenance(
                f"a{i:02d}", PrimarySource("Wire Service", "wire", article_id="a00"),
                (ChainLink(f"Site {i}", f"a{i:02d}", relation="reprint", automated=automated),
                 ChainLink("Wire Service", "a00", relation="wire credit")), is_copy=True, automated=automated)
    rng.shuffle(arts)
    return Story("s", "Floods", article_ids=tuple(a.id for a in arts)), arts, provenance


@pytest.mark.parametrize("seed", range(6))
def test_coverage_as_the_straightforward_comparison(seed, monkeypatch):
    story, arts, provenance = synthetic_story(seed)
    texts = {a.id: a.text.rsplit("\n\n", 1)[0] for a in arts[:3]}  # some shown cut
    fast = compare_coverage(story, arts, provenance, texts=texts)
    assert fast.numbers_shared and fast.aligned_quotes
    with monkeypatch.context() as m:
        ref.use_reference(m)
        slow = compare_coverage(story, arts, provenance, texts=texts)
    assert fast == slow


def test_synthetic_stories_say_what_is_compared():
    """The synthetic stories hold what the comparison must get right: near-equal values, quotes
    lined up across many copies, unattributed quotes given a speaker, sentences only one source has."""
    covs = [compare_coverage(*synthetic_story(seed)) for seed in range(6)]
    assert any(c.numbers_differing for c in covs)
    assert any(len(row.quotes) - row.quotes.count(None) >= 5 for c in covs for s in c.aligned_quotes
               for row in s.rows)
    assert any(s.unique_sentences for c in covs for s in c.sources)
    assert any(c.unattributed for c in covs)
    assert any(row.also for c in covs for s in c.aligned_quotes for row in s.rows)  # a quote in two parts
    assert any("adds to" in (q.label or "") for c in covs for s in c.sources for q in s.quotes)


def _quotes(seed: int, n: int) -> list[Quote]:
    """Quotes of one speaker from ``n`` articles: whole, in parts, reworded, repeated in one article."""
    rng = random.Random(seed)
    whole = ("We have asked for help through the European civil protection mechanism and we expect the "
             "first teams by Wednesday")
    pool = [whole, whole, whole.lower() + ".", whole[:62], whole[63:], "We have asked for help through the European",
            "asked for help through the European civil", "the European civil protection mechanism and we",
            "Our priority is to reach every family that is still cut off",
            "Our priority is reaching every family still cut off by the water",
            "No family will be left to rebuild alone", "No family will be left alone to rebuild",
            "help through the European civil protection mechanism", "we expect the first teams"]
    speakers = ["Radu Vasile", "Vasile", "Mr. Vasile", None, None]
    out = []
    for i in range(n):
        for text in rng.sample(pool, rng.randint(1, 3)) + ([pool[0]] if rng.random() < 0.1 else []):
            out.append(Quote(text=text, speaker=rng.choice(speakers), article_id=f"a{i:03d}"))
    return out


@pytest.mark.parametrize("seed", range(30))
def test_statements_lined_up_as_the_straightforward_comparison(seed):
    quotes = _quotes(seed, 50)
    order = [f"a{i:03d}" for i in reversed(range(50))] if seed % 2 else [f"a{i:03d}" for i in range(50)]
    assert align_statements("Vasile", quotes, order) == ref.align_statements("Vasile", quotes, order)
    assert lend_speakers(quotes) == ref.lend_speakers(quotes)
    assert _group_by_speaker(quotes) == ref.group_by_speaker(quotes)


@pytest.mark.parametrize("seed", range(6))
def test_numbers_as_the_straightforward_comparison(seed):
    rng = random.Random(seed)
    templates = ["Crews evacuated {n} homes in the valley on Tuesday.", "About {n} homes were evacuated, officials said.",
                 "The storm cut power to {n} homes and {m} businesses.", "Police said {n} people were rescued.",
                 "Damage was put at ${n} million by the ministry.", "Turnout rose to {p}% from {q}%.",
                 "The fund holds {n} million euros for repairs.", "{n} people were rescued in 24 hours."]
    figures = {}
    for i in range(60):
        sents = [rng.choice(templates).format(n=rng.choice([1200, 1250, 1300, 2000, 12, 13]), m=rng.choice([40, 42]),
                                              p=rng.choice([48, 50, 51]), q=rng.choice([45, 47]))
                 for _ in range(rng.randint(1, 4))]
        figures[f"a{i}"] = compared_figures([(s, fact_terms(s)) for s in dict.fromkeys(sents)])
    assert shared_numbers(figures) == ref.shared_numbers(figures)
    assert differing_numbers(figures) == ref.differing_numbers(figures)


def test_groups_joined_class_by_class_as_pair_by_pair():
    """``Linked.join_across`` links at most two items per item and groups as linking every pair of
    different owners does."""
    rng = random.Random(0)
    for _ in range(3000):
        n = rng.randint(1, 9)
        owners = [rng.choice("abcd"[:rng.randint(1, 4)]) for _ in range(n)]
        cls = [rng.randrange(rng.randint(1, n)) for _ in range(n)]
        members = [m for c in range(n) if (m := [k for k in range(n) if cls[k] == c])]
        links = [(a, b) for a in range(len(members)) for b in range(a, len(members)) if rng.random() < 0.5]
        linked = Linked(n)
        for a, b in links:
            linked.join_across(members[a], members[b], owners)
        pairs = [(i, j) for a, b in links for i in members[a] for j in members[b] if owners[i] != owners[j]]
        assert linked.groups() == components(n, pairs)


def test_runs_found_where_a_scan_finds_them():
    """The index of runs of words finds a run in the articles a scan of every text finds it in."""
    _, arts, _ = synthetic_story(1)
    words = {a.id: coverage.quote_words(a.text) for a in arts}
    runs = coverage._Runs(words)
    for a in arts[:8]:
        for sent in split_sentences(a.text):
            ws = coverage.quote_words(sent)
            for k in (1, 2, 3, 4, 7, len(ws)):
                for i in range(0, max(1, len(ws) - k + 1), 3):
                    run = ws[i:i + k]
                    if run:
                        assert runs.elsewhere(run, a.id) == ref._carried_elsewhere(run, a.id, runs.texts)
