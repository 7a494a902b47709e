"""Boilerplate line rules, kept as data: which whole lines of a page are not part of a story.

Each table is a tuple of regular-expression sources matched (case-insensitively) against
one whitespace-normalised line. ``*_LINE`` tables must match the whole line; ``*_START``
tables mark a line that opens a block of teasers (everything after it in its block goes,
and at the end of a page everything after it). Languages: en, de, fr, es, it, pl, nl, pt.
"""

from __future__ import annotations

import re

__all__ = ["COMPILED", "RuleSet"]

# Ad markers and sponsor labels standing alone on a line.
AD_LINE = (
    r"advertisement", r"advertisment", r"advertising", r"ad", r"ads", r"sponsored( content)?",
    r"story continues below( this)? (advertisement|ad)", r"article continues below( advertisement)?",
    r"continue reading (the main story|below)", r"anzeige", r"werbung", r"publicité", r"publicidad",
    r"pubblicità", r"reklama", r"advertentie", r"publicidade", r"- advertisement -",
)

# Navigation, sharing and sign-up prompts standing alone on a line.
NAV_LINE = (
    r"back to top( button)?", r"skip to (main )?content", r"(open|close|toggle) (menu|navigation)",
    r"menu", r"home", r"search", r"share( this( article| story| page)?)?( on \w+)?", r"tweet",
    r"print( this( article| page)?)?", r"e-?mail( this( article| story)?)?", r"copy link", r"comments?",
    r"(\d+ )?comments?", r"leave a (comment|reply)", r"facebook", r"twitter", r"linkedin", r"whatsapp",
    r"pinterest", r"reddit", r"telegram", r"(sign|log) (in|up)", r"subscribe( now)?", r"next( article)?",
    r"previous( article)?", r"show (more|less)", r"load more", r"read more", r"more", r"click here",
    r"(listen|listen to this article)( \d+ min(ute)?s?)?", r"\d+ min(ute)?s? read",
    r"(follow|like) us( on \w+)?", r"teilen", r"drucken", r"artikel (teilen|drucken|merken)",
    r"zum newsletter anmelden", r"newsletter", r"jetzt abonnieren", r"partager", r"imprimer",
    r"compartir", r"imprimir", r"condividi", r"udostępnij", r"zur startseite", r"nach oben",
    r"(sign|signup|sign up) for (our|the) \w+( newsletter)?.*", r"image \d+ of \d+", r"\d+ of \d+",
    r"(photo|image|video|gallery)( \d+)?", r"top( stories)?", r"trending( now)?",
    r"(table of )?contents", r"inhaltsverzeichnis", r"sommaire", r"índice", r"spis treści",
    r"(bild|foto) (anzeigen|vergrößern)", r"(enlarge|view) (image|photo|gallery)",
    r"(zuletzt |last )?(aktualisiert|updated|veröffentlicht|erstellt) (am|on) .{0,30}\d{4}.{0,20}",
    r"(release date|veröffentlichung|veröffentlicht|published|datum|date)\s*:",
    r".{0,150}(pdf|docx?|xlsx?)\s*\|\s*\d+([.,]\d+)? ?[kmg]b\b.{0,60}",
)

# Trust badges and site notices.
BADGE_LINE = (
    r"we are part of the trust project\.?", r"this article (is|was) (brought to you|produced) by .*",
    r"(all|some) (of the )?(products|items) (featured|recommended) .*(commission|independently).*",
    r"subscribe (now )?to our .* (edition|newsletter).*", r"materiał chroniony prawem.*",
    r"our standards: the thomson reuters trust principles\.?",
    r"(download|get) (the|our) .{0,40}\bapps?\b.{0,60}", r".{0,120}\bapps? (for|on) (ios|android|iphone)\b.{0,40}",
    r"to (view|read|continue reading) (the|this) (full|rest of the|entire)? ?(story|article).{0,40}subscribe.*",
    r"if you('|’)re seeing this message.{0,40}subscriber.*", r"(submit|send|write) (a|your) letter to the editor.*",
    r".{0,80}\bsign up (here|now|today|for free)\W*", r"get (the|our) .{1,60} (by|via) e-?mail\b.*",
    r"this (post|article|page) contains (affiliate links|references to products).*",
    r"(anzeige, )?enthält affiliate[- ]links\W*",
    r"(verraten|schreiben|sagen) sie (uns )?(gerne )?in den kommentaren.*", r"(let us know|tell us) in the comments.*",
    r"we want to hear what you think about this article.*",
    r".{0,80}\b(nuestro|our|unser(en)?) (canal|channel|kanal)( de| on| auf)? (telegram|youtube|whatsapp)\b.*",
    r".{0,160}\b(suscribirse aquí|suscríbete|subscribe (here|now|today)|abonnieren sie)\b.{0,60}\bnewsletter\b.{0,40}",
    r"subscribe to (our|the) .{0,30}newsletter.*", r".{0,80}\b(handelt es sich um|sind) affiliate[- ]links?\b.{0,120}",
)

# Openers of related-content blocks ("Related Articles", "Lesen Sie auch:", ...).
RELATED_START = (
    r"related(\s+[\w-]+){0,2}(\s*:.*)?", r"more [A-Z][\w.-]+( [A-Z][\w.-]+)?", r"read these next",
    r"what to read next", r"(you|you might|you may) (also )?(like|enjoy|be interested in)\W*",
    r"more (from|on|about|in) .{1,40}", r"(more|other|latest|top|popular|recommended) (stories|news|articles|videos|posts)\W*",
    r"recommended( for you)?\W*", r"(editors'? picks|most (read|popular|viewed|shared))\W*", r"read (more|also|next)\W*",
    r"see also\W*", r"further reading\W*", r"lesen sie (auch|mehr|hier)\b.*", r"(das|dies) könnte sie (auch )?interessieren\W*",
    r"auch interessant\W*", r"weitere (artikel|beiträge|themen|nachrichten|meldungen)\b.*", r"mehr (zum thema|dazu|lesen)\b.*",
    r"(zum|zu diesem) thema\W*", r"top-themen\b.*", r"verwandte (artikel|themen)\W*", r"à lire (aussi|également)\b.*",
    r"(lire|voir) aussi\b.*", r"sur le même sujet\W*", r"dans la même rubrique\W*", r"lea( también| además)?\s*:.*", r"lea también\b.*",
    r"(vea|ver) también\b.*", r"le puede interesar\W*", r"(notas|noticias|artículos) relacionad[oa]s\W*",
    r"te puede interesar\W*", r"leggi anche\b.*", r"czytaj (też|także|również|więcej)\b.*", r"zobacz (też|także)\b.*",
    r"lees ook\b.*", r"leia (também|mais)\b.*",
    r"read (more|also|next)\s*:.*", r"(le|te) puede interesar\s*:.*", r"(auch|mehr) lesen\s*:.*",
    r"dowiedz się więcej\s*:.*", r"zum weiterlesen\W*", r"schon gelesen\W*",
    r"(das|dieses) thema könnte (dich|sie) auch interessieren\W*", r"(weitere|mehr) artikel zum thema\W*",
    r"weitere informationen\W*", r"zusatzinformationen\W*",
)

# Appendix headings after a story (contacts, about-boxes, source notes): what follows them is never the
# story's own, however long (an about-box is prose too). They open a related block as well.
APPENDIX_START = (
    r"(presse|medien)?kontakt\W*", r"(press|media) contacts?\W*",
    r"über (uns|diese reihe|den autor|die autorin)\W*", r"about (the author|us|this series)\W*",
    r"original ?publi(kation|cation)\W*",
)

# Openers of reader-comment sections.
COMMENTS_START = (
    r"\[?\s*\d+\s+(comments?|responses?|replies)\s*\]?", r"(top rated |reader |show |view )?comments?( \(\d+\))?",
    r"(leave|post|add|write) a (comment|reply|response)", r"join the (discussion|conversation)",
    r"\d* ?(kommentare?|commentaires?|comentarios?|commenti|komentarze?)( \(\d+\))?",
    r"what do you think\?", r"discussion", r"conversation",
)

# Cookie and consent banners.
CONSENT_LINE = (
    r".*\b(we|this (web)?site|our (web)?site) uses? cookies\b.*",
    r".*\bcookies?\b.*\b(consent|opt[- ]out|your browser|your experience|cookie settings|accept)\b.*",
    r".*\b(necessary|essential|functional|analytics?) cookies\b.*",
)

# The header of one reader comment ("Ana on May 2, 2018 at 4:47 pm said:"): the comments have begun.
COMMENT_HEADER = (
    r"(?!by ).{1,60}\bon .{3,30}\d{4},? (at|um|à|a las) \d{1,2}[:.]\d\d\s*([ap]\.?m\.?)? ?(said|says|schrieb|a écrit):?",
    r"\d+ (minutes?|hours?|days?|weeks?) ago at \d{1,2}:\d\d\s*([ap]\.?m\.?)?",
    r"(posted|filed) (in|under) .{1,80}\|\s*\d+ (comments?|responses?)",
)

# Aggregator disclaimers: the page says a machine republished it.
AGGREGATOR_LINE = (
    r".*\bis an automatic aggregator\b.*", r".*\ball trademarks belong to their rightful owners\b.*",
    r".*\bif you are the owner of the content and do not want us to publish\b.*",
    r".*\bautomatically (generated|aggregated|published) (from|by)\b.*feed.*",
    r"this (story|article) (has not been edited|was auto-?generated) .*(syndicated|feed).*",
)

# Copyright and rights notices (kept as credits, never as body text).
COPYRIGHT_LINE = (
    r"(copyright\s*)?(©|\(c\))\s*\S.*", r"copyright\s+(\d{4}|by|of|the)\b.*", r".*\ball rights reserved\b.*",
    r".*\bmay not be (re)?published, broadcast, rewritten,? or redistributed\b.*",
    r"this (article|material|content) is the copyrighted property of .*",
    r"written permission must be obtained before .*", r"alle rechte vorbehalten\.?.*",
    r"tous droits réservés\.?.*", r"todos los derechos reservados\.?.*", r"copyright\s*:\s*.{1,80}",
    r".{1,150}\|\s*©.{1,60}",
)

# Photo credits: "CARLOS BARRIA/REUTERS", "Photo: AFP", "(Getty Images)", "Crédits photos : X".
PHOTO_CREDIT_LINE = (
    (r"[A-ZÀ-Ý][A-ZÀ-Ý .'’-]+/\s?(REUTERS|AP|AFP|GETTY( IMAGES)?|EPA(-EFE)?|BLOOMBERG|XINHUA|DPA|ANSA|SIPA|POOL)"
     r"( (FILE )?PHOTO)?"),
    r"\(?(photo|image|picture|foto|bild|photograph)s?( credit)?\s*(:|by)\s*.{1,80}",
    r"\(?(getty images|reuters|ap photo|afp|shutterstock|istock|dpa)( via getty images)?(/[\w .]+)?\)?",
    r"cr[ée]dits? photos?\s*:.*", r"fotos?\s*:\s*.{1,60}", r"file photo",
    r"\(?(image |photo |bild )?credits?\s*:.{1,100}\)?", r".{0,200}\blicen[cs]e creative commons\b.{0,40}", r"(beitragsbild|titelbild|headerbild|symbolbild)\s*:.{1,100}",
)

RULE_TABLES = {
    "ad": AD_LINE,
    "nav": NAV_LINE,
    "badge": BADGE_LINE,
    "consent": CONSENT_LINE,
    "aggregator": AGGREGATOR_LINE,
    "copyright": COPYRIGHT_LINE,
    "photo": PHOTO_CREDIT_LINE,
}


# Words one of which a line must hold for a table to match it (lower case): a substring test spares the
# regular expressions, whose leading ".*" costs most on the long lines of prose every page has.
NEEDS = {
    "consent": ("cookie",),
    "aggregator": ("aggregator", "trademark", "owner of the content", "automatically", "syndicated", "feed"),
    "copyright": ("©", "(c)", "copyright", "rights reserved", "may not be", "written permission",
                  "rechte vorbehalten", "droits réservés", "derechos reservados"),
}

LONG_LINE = 300  # longer lines are prose unless they are a disclaimer or a rights notice
LONG_KINDS = ("aggregator", "copyright", "consent")
# A long line is a consent banner only when it says the site uses cookies: one that merely names cookies with
# "your browser" or "opt out" is prose (an article about them).
LONG_PATTERNS = {"consent": CONSENT_LINE[:1]}
_LEAD = r"^[|•·»>\s]*"  # separators some pages print before a label ("| Weitere Artikel zum Thema |")


class RuleSet:
    """The compiled tables: ``kind_of(line)`` names the rule a whole line matches, or None."""

    def __init__(self) -> None:
        self.tables = {
            kind: re.compile(_LEAD + "(?:" + "|".join(pats) + r")\W*$", re.IGNORECASE)
            for kind, pats in RULE_TABLES.items() if kind != "photo"
        }
        self.long_tables = {kind: re.compile(_LEAD + "(?:" + "|".join(pats) + r")\W*$", re.IGNORECASE)
                            for kind, pats in LONG_PATTERNS.items()}
        # photo credits in capitals must stay case-sensitive (else "Brussels/Reuters" prose matches)
        self.photo = re.compile("^(?:" + PHOTO_CREDIT_LINE[0] + r")\W*$")
        self.photo_ci = re.compile("^(?:" + "|".join(PHOTO_CREDIT_LINE[1:]) + r")\W*$", re.IGNORECASE)
        self.related = re.compile(_LEAD + "(?:" + "|".join(RELATED_START + APPENDIX_START) + r")\W*$", re.IGNORECASE)
        self.appendix = re.compile(_LEAD + "(?:" + "|".join(APPENDIX_START) + r")\W*$", re.IGNORECASE)
        self.comments = re.compile("^(?:" + "|".join(COMMENTS_START) + r")\W*$", re.IGNORECASE)
        self.comment_header = re.compile("^(?:" + "|".join(COMMENT_HEADER) + r")\W*$", re.IGNORECASE)

    def kind_of(self, line: str) -> str | None:
        long = len(line) > LONG_LINE
        low = line.lower()
        for kind, rx in self.tables.items():
            if long and kind not in LONG_KINDS:
                continue
            needs = NEEDS.get(kind)
            if needs is not None and not any(word in low for word in needs):
                continue
            if (self.long_tables.get(kind, rx) if long else rx).match(line):
                return kind
        if len(line) <= 120 and (self.photo.match(line) or self.photo_ci.match(line)):
            return "photo"
        return None

    def is_related(self, line: str) -> bool:
        return len(line) <= 120 and bool(self.related.match(line))

    def is_appendix(self, line: str) -> bool:
        return len(line) <= 120 and bool(self.appendix.match(line))

    def is_comments(self, line: str) -> bool:
        return len(line) <= 60 and bool(self.comments.match(line))

    def is_comment_header(self, line: str) -> bool:
        return len(line) <= 160 and bool(self.comment_header.match(line))


COMPILED = RuleSet()
