"""The patterns quotes are read by: the verbs that report speech and the regular expressions of attribution
(a name, a pronoun, a role, two joined names, what may stand between a speaker and the verb). Shared by
:mod:`.quotes` (which quote is whose) and :mod:`.cast` (who the people of an article are)."""

from __future__ import annotations

import re

from ..names import PARTICLES, ROLES, SURNAME_PREFIXES
from ..text import PLACE_ABBREVIATIONS, TITLE_ABBREVIATIONS

__all__ = [
    "ADVERB", "AFFILIATION", "AFTER_AFFILIATED", "AFTER_AFFILIATION", "AFTER_JOINT", "AFTER_NAME",
    "AFTER_PRONOUN", "AFTER_ROLE", "AFTER_UNNAMED", "AFTER_VERB_OFFICE", "AFTER_VERB_ROLE_NAME", "AGE_AFTER_NAME",
    "AND", "APPOSITION", "APPOSITION_BODY", "AT_START", "BY_SOMEONE", "CLAUSE_BOUNDARY", "CLAUSE_END",
    "FORMER", "FOR_WHOM", "FRAGMENT_WORDS", "FUNCTION_WORD", "INVERTED", "JOINT", "LIST_AFTER",
    "LIST_BEFORE", "MARKS", "MIN_QUOTE", "NAME", "NAME_APPOSITION", "NAME_GAP", "NOUN_USE", "OBJECT", "OFFICE_HOLDER",
    "OPENING_PRONOUN", "PARTICIPLES", "PARTICLE", "PARTY", "PASSIVE", "POSSESSIVE_ROLE_NAME", "PREFIXED", "PREPOSITION",
    "PRONOUN", "QUALIFIED", "QUOTED_WORDS", "QUOTE_END_BEFORE", "REPORTING_VERBS", "ROLE_AFTER_NAME",
    "ROLE_AT_END", "ROLE_BEFORE_NAME", "ROLE_HEAD", "ROLE_MODIFIER", "ROLE_PHRASE", "ROLE_USE",
    "SHARES_SUBJECT", "SUBJECT", "SUBJECT_JOINT", "SUBJECT_OFFICE", "SUBJECT_PRONOUN", "SUBJECT_ROLE", "SURNAME_WORD", "TITLED", "TOLD",
    "UNNAMED", "UPPER", "VERB", "VERB_AT", "VERB_FIRST",
]

#: Verbs that report speech, in the forms news copy uses them.
REPORTING_VERBS = (
    "said", "says", "say", "added", "adds", "told", "tells", "asked", "asks", "warned", "warns", "stressed",
    "stresses", "noted", "notes", "quipped", "declared", "declares", "wrote", "writes", "insisted", "insists",
    "explained", "explains", "reiterated", "reiterates", "argued", "argues", "acknowledged", "acknowledges",
    "admitted", "admits", "claimed", "claims", "countered", "counters", "replied", "replies", "responded",
    "responds", "cautioned", "urged", "announced", "announces", "confirmed", "confirms", "conceded",
    "concedes", "recalled", "remarked", "observed", "suggested", "suggests", "predicted", "complained",
    "tweeted", "posted", "continued", "vowed", "pledged", "promised", "denied", "denies", "maintained",
    "maintains", "emphasized", "emphasised", "emphasizes", "emphasises", "underlined", "underscored",
    "stated", "states", "commented", "concluded", "joked", "reaffirmed", "repeated", "called", "described",
    "branded", "dismissed", "lamented", "laments", "testified", "contended", "boasted",
    "wondered", "signaled", "signalled", "shouted", "accused", "accuses",
)
#: Participles of reporting verbs: their subject is the clause's ('Lee spoke, saying "…"').
PARTICIPLES = ("saying", "telling", "writing", "adding", "noting", "arguing", "insisting", "warning",
               "tweeting", "asking", "calling", "explaining", "declaring", "responding", "replying",
               "claiming", "describing")
VERB = r"(?:" + "|".join(REPORTING_VERBS + PARTICIPLES) + r")"
# A reporting verb before its subject ('"…," said Reid'): never "told", whose object is the listener
# ('"…," Ann Lee, of the parish, told HuffPost').
TOLD = ("told", "tells", "telling")  # reporting verbs whose object is the listener, not the speaker
VERB_FIRST = r"(?:(?!(?:" + "|".join(TOLD) + r")\b)" + VERB + r")"
MARKS = re.compile(r"[“”\"]")
MIN_QUOTE = 12  # characters
#: Most words of a quotation that may be a fragment: a phrase the writer quotes, not a statement.
FRAGMENT_WORDS = 4
# A lower-case word inside a surname, and a word of a surname: capitalised, or after a lower-case prefix
# ('diGenova', 'al-Assad'). A name may open with particles ('de Blasio said', 'von der Leyen said').
PARTICLE = r"(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + r")"
# The start of a surname written with a lower-case prefix: 'diG' of 'diGenova', 'al-A' of 'al-Assad'.
# A capital letter opening a word of a name, accented ones too ('Ángel Núñez', 'Łukasz Nowak', 'Émile Zola').
UPPER = "[A-Z" + "".join(c for c in map(chr, range(0xC0, 0x180)) if c.isupper()) + "]"
PREFIXED = r"(?:" + "|".join(SURNAME_PREFIXES) + r")-?" + UPPER
SURNAME_WORD = r"(?:" + UPPER + r"[\w'’.-]+|(?<![\w'’.-])" + PREFIXED + r"[\w'’.-]+)"
# The space between two words of a name: not after a word closing a sentence ('said Reid. Then Sen. Tom Berg
# spoke' names Reid), after an initial or an abbreviated title ('Ann H. Dunn', 'Sen. Tom Berg').
NAME_GAP = (r"(?:(?<![a-z]\.)|" + "|".join(r"(?<=\b" + a + r"\.)" for a in sorted(
    {a.capitalize() for a in TITLE_ABBREVIATIONS | PLACE_ABBREVIATIONS}
    | {"Sens", "Reps", "Jr", "Sr", "Cpl", "Pvt", "Supt", "Det", "Insp", "Amb", "Atty", "Hon", "Msgr", "Fr", "Dist",
       "Asst", "Dep", "Sec", "Secy", "Cong", "Comm", "Brig", "Spc", "Pfc", "Cpt", "Ald", "Assn", "Bros", "Corp",
       "Inc", "Co", "No"})) + r")\s+")
NAME = (r"((?:" + SURNAME_WORD + r"|(?<![\w'’-])(?:" + PARTICLE + r"\s+){1,2}" + UPPER + r"[\w'’.-]+)(?:" + NAME_GAP + r"(?:"
        + PARTICLE + r"\s+){0,2}" + SURNAME_WORD + r"){0,5})")
PRONOUN = r"(he|she|they|He|She|They)"
# Words that may stand between a speaker and the verb: "Wallace also said", "Biden on Tuesday said".
ADVERB = (r"(?:\s+(?:also|again|later|then|once|further|earlier|previously|separately|repeatedly|already|"
           r"had|has|have|[a-z]+ly|on\s+[A-Z][a-z]+day|in\s+a\s+statement))")
# An apposition after a name: "Lis Smith, a spokeswoman for the campaign, said"; "Reid, who ..., said".
APPOSITION_BODY = r"(?:,[^,“”\"]{1,120}){1,3},"
APPOSITION = r"(?:" + APPOSITION_BODY + r")?"
# A party after a name: "Ann Lee (R) said", "Ann Lee (D-Maine) said".
PARTY = r"(?:\s*\([A-Z][\w.]*(?:-[^()]{1,20})?\))?"
# Who someone speaks for, between the name and the verb: "Ronald Johnson of the State Highway Patrol said".
AFFILIATION = r"(?:\s+(?:of|at|for|from|with)\s+(?:the\s+)?" + UPPER + r"[\w'’.&-]*(?:\s+" + UPPER + r"[\w'’.&-]*){0,5})?"
# What may follow an attribution after a quote: an object, then the end of the clause or a phrase
# of time, place or manner ('he said on Tuesday', 'Anand said as she arrived').
OBJECT = (r"(?:\s+(?:reporters|journalists|lawmakers|supporters|members|"
           r"(?:about\s+|some\s+|nearly\s+)?\d[\d,]*\s+[a-z]+|"
           r"(?:the|a|an|his|her|their)\s+[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,2}|"
           r"(?:[a-z]+\s+)?" + UPPER + r"[\w'’.-]+(?:\s+" + UPPER + r"[\w'’.-]+){0,3}))?")
CLAUSE_END = (r"(?=\s*(?:[.,;!?)\]—–―-]|$)|\s+(?:on|in|at|during|before|after|as|when|while|from|to|with|"
               r"via|by|for|of|who|which|last|this|earlier|later|yesterday|today|tonight|recently|then|"
               r"according|adding|noting|referring|saying|calling|echoing|offering|comparing|claiming|"
               r"aligning|concluding|that\s+(?:morning|afternoon|evening|night|day|week))\b)")
# "Boehner spokesman Michael Steel said": who the speaker speaks for, before the name;
# "the commentator Ann Coulter": what the speaker is.
FOR_WHOM = (r"(?:the\s+[a-z]+\s+(?=" + UPPER + r")|" + UPPER + r"[\w'’.-]*(?:\s+" + UPPER + r"[\w'’.-]*){0,2}\s+(?:(?!(?:" + VERB + r"|"
             + PARTICLE + r")\b)[a-z]+\s+){1,2}(?=" + UPPER + r"))?")
AT_START = r"^[\s,]*"
# Who a speaker speaks for right after the name in an attribution after a quote, maybe closed by a
# comma: '"…," Ann Lee of Our Lady of Hope, told reporters'.
AFTER_AFFILIATION = (r"(?:\s+(?:of|at|for|from|with)\s+(?:the\s+)?" + UPPER + r"[\w'’.&-]*"
                      r"(?:\s+(?:of\s+|the\s+|for\s+)?" + UPPER + r"[\w'’.&-]*){0,5},?)?")
# Attributions right after a quote, in the order they are tried: a pronoun; the verb first ("said
# Reid", "said the Democratic leader, Justin Alfond"); the name first, maybe after what the person
# is ("the Republican leader, Michael Thibodeau, said"); someone unnamed ("the letter said").
AFTER_PRONOUN = re.compile(AT_START + PRONOUN + ADVERB + r"?\s+" + VERB + OBJECT + CLAUSE_END)
AFTER_NAME = (
    re.compile(AT_START + VERB_FIRST + r"\s+" + NAME),
    re.compile(AT_START + VERB_FIRST + r"\s+the\s+[^,“”\"]{1,60},\s+" + NAME),
    re.compile(AT_START + FOR_WHOM + NAME + PARTY + APPOSITION + ADVERB + r"?\s+" + VERB + OBJECT
               + CLAUSE_END),
    re.compile(AT_START + r"the\s+[^,“”\"]{1,50}?,\s+" + NAME + r"," + ADVERB + r"?\s+" + VERB),
)
# The verb first, then whom the speaker works for and what the speaker is: '"…," said Lee campaign manager
# Ann Dunn' is Ann Dunn's, not Lee's.
FUNCTION_WORD = (r"(?:in|on|at|of|for|to|with|by|from|and|or|but|the|a|an|who|which|that|after|before|during|"
                  r"while|as|when|about|according|than|into|over|under|said|says|told|added)\b")
AFTER_VERB_ROLE_NAME = re.compile(AT_START + VERB_FIRST + r"\s+" + UPPER + r"[\w'’.-]*(?:\s+" + UPPER + r"[\w'’.-]*){0,2}\s+"
                                   r"(?:(?!" + FUNCTION_WORD + r"|" + PARTICLE + r"\s)[a-z][\w-]*\s+){1,2}" + NAME)
# The verb first, then a title of an office and the person holding it: '"…," said Secretary of State Ann Lowry',
# 'said Director of National Intelligence Dan Coats' (the title's last word is a role: :mod:`.quotes` tells).
OFFICE_HOLDER = (r"((?:" + UPPER + r"[\w'’.-]*\s+){1,3})(?:of|for)\s+(?:the\s+)?(" + UPPER + r"[\w'’.-]*(?:" + NAME_GAP
                 + r"(?:(?:of|and|for)\s+(?:the\s+)?|" + PARTICLE + r"\s+)?" + SURNAME_WORD + r"){1,8})")
AFTER_VERB_OFFICE = re.compile(AT_START + VERB_FIRST + r"\s+(?:the\s+)?" + OFFICE_HOLDER)
# A full name with whom the person speaks for: tried first, taken only when the name is a person's.
AFTER_AFFILIATED = re.compile(AT_START + NAME + PARTY + AFTER_AFFILIATION + APPOSITION + ADVERB + r"?\s+"
                               + VERB + OBJECT + CLAUSE_END)
AFTER_UNNAMED = re.compile(AT_START + r"(?:the|a|an|his|her|its|their)\s+(?:[\w'’.-]+\s+){1,4}?" + VERB
                            + r"\b")
VERB_AT = re.compile(r"\b" + VERB + r"\b")
# The subject of a reporting verb that ends ``head``: a name or a pronoun, possibly with an
# affiliation, an apposition ("Serhii Demediuk, a senior official, said") and adverbs.
SUBJECT = re.compile(r"(?:\b" + PRONOUN + r"|" + NAME + PARTY + AFFILIATION + r")(?:" + APPOSITION_BODY
                      + r"|,\s+who)?" + ADVERB + r"{0,3}\s+$")
# An office holder as the subject: 'Secretary of State Ann Lowry said: "…"'.
SUBJECT_OFFICE = re.compile(r"(?<![\w'’.-])" + OFFICE_HOLDER + PARTY + ADVERB + r"{0,3}\s+$")
# A verb before its subject: '"…," said Reid on the Senate floor, "…"'.
INVERTED = re.compile(r"\s+" + NAME)
QUOTE_END_BEFORE = re.compile(r"[”\"][\s,]*$|,[”\"]\s*$")
# A verb form used as a noun: "those claims", "Russia's claims", "his remarks".
NOUN_USE = re.compile(r"(?:\b(?:the|a|an|those|these|this|that|such|his|her|its|their|our|my|your|any|"
                       r"some|no)|['’]s)\s+$", re.IGNORECASE)
PREPOSITION = re.compile(r"\b(?:in|of|at|from|for|with|by|to|near|on|inside|outside|across)\s+(?:the\s+)?$")
# What a verb without a subject of its own follows: 'Lee spoke, saying', 'Lee said, before adding',
# 'Lee called it "…" and said'.
SHARES_SUBJECT = re.compile(r"(?:,|\b(?:by|before|after|while|when|and))(?:\s+(?:again|also|then|[a-z]+ly))?"
                             r"[\s”\"]*$")
AND = re.compile(r"\band(?:\s+(?:again|also|then|[a-z]+ly))?[\s”\"]*$")
QUOTED_WORDS = re.compile(r"“[^“”]*”?|\"[^\"]*\"?")
SUBJECT_PRONOUN = re.compile(r"\b(?:he|she|they|we|it|I)\b", re.IGNORECASE)
# A pronoun opening a sentence: 'He made reference to …, calling it a "…"'.
OPENING_PRONOUN = re.compile(r"\s*(?:(?:But|And|Then|Later|Still|So|Yet)\s+)?(He|She)\b")
# A surname after a title: 'Mr. Trump', 'President Trump', 'Justices Kennedy and …' (not 'President
# Donald Trump', where the title goes with the full name).
TITLED = re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr|Sen|Sens|Rep|Reps|Gov|Gen|Rev|Prof|President|Senator|Senators|"
                     r"Justice|Justices|Judge|Representative|Secretary|Chairman|Chairwoman|Agent|Speaker|"
                     r"Leader|Governor|Mayor|Ambassador|Minister|Chancellor|Director)\.?\s+((?:" + PARTICLE
                     + r"\s+){0,2}(?:" + UPPER + r"|" + PREFIXED + r")[\w'’-]+)"
                     r"(?![\w'’-])(?!\s+" + UPPER + r"[\w'’-])")
# Where a clause begins: after a sentence's end, a comma, a colon, a line or an opening quote.
CLAUSE_BOUNDARY = re.compile(r".*(?:[.!?;:][\"”’]?\s|,\s|\n|[“\"])", re.DOTALL)
# Someone unnamed said it ('the letter said', 'they said'): attributed, but to no one.
UNNAMED = ""
# A role a person was introduced with, and a phrase naming someone by it alone: 'the former vice
# president', 'the Republican governor', "the women's lawyer", 'the 45-year-old'. The words between
# "the" and the role qualify it; none may end the phrase or start another ('the statement by the
# president' names no one by a role).
ROLE_HEAD = (r"(?i:(?:" + "|".join(re.escape(r).replace(r"\ ", r"\s+") for r in sorted(ROLES, key=len, reverse=True))
              + r"|\d{1,3}-year-old)(?![\w'’-]))")
ROLE_MODIFIER = (r"(?:(?!(?:the|a|an|of|for|to|by|from|with|in|on|at|and|or|who|that|which|than|"
                  + "|".join(REPORTING_VERBS) + r")\b)[\w'’.-]+\s+)")
ROLE_PHRASE = r"\b[Tt]he\s+" + ROLE_MODIFIER + r"{0,3}?" + ROLE_HEAD + r"(?!\s+" + UPPER + r")"  # not 'the Justice Department'
ROLE_USE = re.compile(ROLE_PHRASE)
ROLE_AT_END = re.compile(r"\b" + ROLE_HEAD + r"\s*$")
FORMER = re.compile(r"\bformer\b", re.IGNORECASE)
# Who the role is of, said after it: 'the president of Mexico' need not be the president introduced.
QUALIFIED = re.compile(r"\s+(?:of|for|at|to)\s")
# Introductions: 'NAME, the lawyer for …,' / 'NAME, 45,' after a name; 'the ROLE (of …), NAME' before one.
# The apposition ends at the role or at whose it is ('Ann Lee, the senator said' introduces no one).
ROLE_AFTER_NAME = re.compile(r"(?:\s+\([^()]{1,20}\))?,\s+(?:(?:the|a|an|his|her|their|its)\s+)?"
                              + ROLE_MODIFIER + r"{0,3}?(" + ROLE_HEAD + r")(?=\s*[,;.)]|\s+(?:of|for|at|in|from|"
                              r"on|to|with)\b)")
AGE_AFTER_NAME = re.compile(r"(?:\s+\([^()]{1,20}\))?,\s+(\d{1,3}),")
# Before a name, only where the phrase opens its clause or follows the verb: 'said the Democratic leader
# of the Senate, Ann Lee' (not 'After meeting the president, Ann Lee said').
ROLE_BEFORE_NAME = re.compile(r"(?:[.!?;:“”\"\n]\s*|\b" + VERB + r"\s+)(" + ROLE_PHRASE
                               + r")(?:\s+(?:of|for|at|in)\s+[^,“”\"]{1,50})?,\s*$")
# Two people reporting one statement: 'Jeff Lee (D) and Sara Dunn (D) said', 'said Lee and Dunn'.
JOINT = NAME + PARTY + r"\s+and\s+" + NAME + PARTY
AFTER_JOINT = (
    re.compile(AT_START + VERB + r"\s+" + JOINT + r"(?=\s*(?:[.,;!?]|$))"),
    re.compile(AT_START + JOINT + APPOSITION + ADVERB + r"?\s+" + VERB + r"\b"),
)
# A name and a comma before the first of two joined names: they end a list of more ('Ann Lee, Tom Berg and …').
LIST_BEFORE = re.compile(UPPER + r"[\w'’.-]*" + PARTY + r",\s*$")
# A list of names after a name: 'said Ann Lee, Tom Berg and Sara Glen' is none of them alone.
LIST_AFTER = re.compile(PARTY + r"(?:,\s+" + NAME + PARTY + r")+,?\s+and\s+" + UPPER)
SUBJECT_JOINT = re.compile(JOINT + r"(?:" + APPOSITION_BODY + r")?" + ADVERB + r"{0,3}\s+$")
# Someone named by a role reporting a quote: '"…," the former vice president said', '"…," said the
# senator', 'The attorney said it was "…"' (an apposition naming the person wins: 'the president's
# lawyer, Ann Lee, said').
AFTER_ROLE = (
    re.compile(AT_START + r"(" + ROLE_PHRASE + r")" + ADVERB + r"?\s+" + VERB + r"\b"),
    re.compile(AT_START + VERB + r"\s+(" + ROLE_PHRASE + r")"),
)
SUBJECT_ROLE = re.compile(r"(" + ROLE_PHRASE + r")(" + APPOSITION_BODY + r"|,\s+who)?" + ADVERB + r"{0,3}\s+$")
# A relative clause saying by whom something was done, before a name: the name is not the subject.
BY_SOMEONE = re.compile(r",\s+(?:which|that)\b[^,“”\"]*\bby\b[^“”\"]*$")
# A reporting verb used as a passive participle: 'the talks described by the White House'.
PASSIVE = re.compile(r"\s+by\b")
# A name in apposition to someone's role opening a clause, subject of the verb after it: "After the
# hearing, Mr. Lee's lawyer, Ann H. Dunn, said" (not 'The suit, brought by … and Ohio's lawyer, Ann Dunn, accused').
POSSESSIVE_ROLE_NAME = re.compile(r"(?:^|[,:;]\s+)(?:" + UPPER + r"[\w.]*\s+){0,3}" + UPPER + r"[\w.]*['’]s\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*,\s+" + NAME + r",\s+$")
NAME_APPOSITION = re.compile(r",\s*" + NAME + r"\s*,")
