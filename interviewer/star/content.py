"""Content, scaffolding and measured change: what makes a sentence hollow or a result measured."""

from __future__ import annotations

import re

from interviewer.star.cues import _NUM_WORD, _TIME_UNIT, _rx, has_measured_quantity
from interviewer.star.model import Sentence
from interviewer.text import QUESTION_WORDS, STOP_WORDS, normalise, stem

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*")

# --- content, scaffolding and measured change ---------------------------------------------

# Words that name a STAR part, or say nothing a listener could picture: "I took action and fixed the
# problem; as a result things improved". A sentence made only of these (plus stop words and the
# question's own words) is scaffolding.
_SCAFFOLD = frozenset("""
situation situations context background scenario problem problems issue issues challenge challenges
challenging difficult difficulty tough hard task tasks tasked goal goals objective objectives aim
aims target targets responsibility responsibilities responsible duty duties job jobs role roles
mission assignment action actions act acted acting step steps measures measure took take taken
taking result results resulted resulting outcome outcomes impact impacts effect effects
consequence consequences success successful successfully succeeded succeed solution solutions
solve solved solving resolve resolved resolving resolution fix fixed fixing fixes handle handled
handling deal dealt improve improved improvement improvements improving increase increased
increasing decrease decreased reduce reduced better worse best good great well fine happy pleased
satisfied everyone everybody anyone thing things stuff something everything anything team teams
project projects process processes work worked working works hard effort efforts ownership owned
owner charge lead led leading last year years month months week weeks ago once previous prior
recent recently current company companies organisation organization firm workplace business
employer needed need needs implemented implement implementing implementation analysed analyzed
analyse analyze analysing analyzing analysis decided decision decisions decide made make making
significant significantly percent per cent overall whole lot lots also finally eventually end
first next later therefore achieved achieve achievement delivered deliver met meet plan planned
did done doing approach approaches given help helped helping people person someone way ways time
times point points level levels aspect aspects area areas matter matters value efficiency
efficient inefficiencies inefficiency efficiencies productivity steps strategy strategies
initiative appropriate necessary needed required various several many much more less big small
huge large major minor key important critical main situation-wise got get gets went go going
came come sure certain really actually basically positive negative positively negatively tried
try trying ensure ensured ensuring complete completed completing completion able unable
successfully overall previously today quickly properly effectively efficiently
""".split())

_CHANGE = _rx(
    r"\b(?:reduc|increas|improv|cut|cutting|sav|grew|grow|rais|lower|boost|doubl|tripl|halv|drop|"
    r"fell|fall|rose|rise|shrank|jump|climb|decreas|went|came|brought|dropp|fall|gain|won|win|"
    r"sign|sold|hit|exceed|beat|recover|clos|pass|complet|finish|reach|retain|achiev|deliver|"
    r"generat|earn|rais|book|secur|convert|ship|launch|approv|renew|got|scor|attract|lost|miss)\w*",
    r"\bfrom\b[^.;]{1,40}\bto\b", r"(?:->|→|=>|⇒)", r"\b(?:up|down|over|under|below|above|within|"
    r"ahead|early|faster|sooner|fewer|less|more|higher|lower|instead of|now|highest|lowest|best|top|"
    r"record)\b", r"\bzero\b",
    r"\b(?:of|out of)\s+(?:the\s+)?\d", r"\bno (?:\w+ )?(?:since|ever since|after)\b",
)
_NOW = re.compile(r"\b(?:now|today|currently|these days|nowadays)\b", re.IGNORECASE)
_QUANTITY_WORD = re.compile(r"\d|\b(?:zero|half|halved|doubled|tripled|dozens?|hundreds?|thousands?|"
                            r"millions?)\b", re.IGNORECASE)


def content_words(text: str, question_stems: frozenset[str] = frozenset()) -> list[str]:
    """Words that carry content: not stop words, STAR cues, vague words or the question's own words."""
    out = []
    for match in _WORD.finditer(text):
        word = normalise(match.group(0)).rstrip(".")
        if (len(word) < 3 or not word.replace("'", "").replace("-", "").isalpha()
                or word in STOP_WORDS or word in _SCAFFOLD or word in QUESTION_WORDS):
            continue
        root = stem(word)
        if root in question_stems or root in _SCAFFOLD_STEMS:
            continue
        out.append(word)
    return out


_SCAFFOLD_STEMS = frozenset(stem(w) for w in _SCAFFOLD)


_NAMES_A_PART = _rx(r"\b(?:situation|context|background|problem|issue|challenge|task|goal|objective|"
                    r"responsib\w*|action|steps?|results?|outcome|impact|success\w*|improv\w*|solution|"
                    r"fix\w*|solv\w*|resolv\w*|handl\w*|implement\w*|analy[sz]\w*)\b")


def is_hollow(text: str, question_stems: frozenset[str] = frozenset()) -> bool:
    """True for scaffolding: no content word, or one beside a word that only names a STAR part.

    "I took action and fixed it" and "the result was a 50% improvement" are hollow; "I rang the fraud
    team every half an hour" is not.
    """
    content = len(content_words(text, question_stems))
    return content == 0 or (content == 1 and bool(_NAMES_A_PART.search(text)))


def measured_change(text: str) -> bool:
    """True when a sentence measures a change: a quantity, a word of change or outcome, and a named thing.

    "Failed runs dropped from 9 a month to zero" and "Export time 4 h -> 35 min" are; "things improved
    by 30 percent" (nothing named), "we had 40 people" (nothing changed) and a bare date are not.
    """
    quantity = has_measured_quantity(text) or bool(_NOW.search(text) and _QUANTITY_WORD.search(text))
    # The question's own words count here: "Costs were cut to £41,000" names what changed.
    return quantity and bool(_CHANGE.search(text)) and len(content_words(text)) >= 1


# A duration may carry one qualifier ("ten working days"); a share is a unit of its own ("80 percent").
_DURATION = re.compile(r"\b(?:\d+(?:\.\d+)?|" + _NUM_WORD + r"|a|an)\s*-?\s*"
                       r"(?:working\s+|full\s+|calendar\s+)?(" + _TIME_UNIT + r")\b", re.IGNORECASE)
_SHARE = re.compile(r"(?:\d|\b" + _NUM_WORD + r")\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)


def _units(text: str) -> set[str]:
    units = {m.group(1).lower().rstrip("s")[:3] for m in _DURATION.finditer(text)}
    return units | ({"pct"} if _SHARE.search(text) else set())


def _against_baseline(sentences: list[Sentence], result: tuple[int, ...]) -> bool:
    """A result measured in the unit of a figure stated earlier: "nine days" -> "two days", "80%" -> "40%"."""
    chosen = set(result)
    seen: set[str] = set()
    for s in sentences:
        units = _units(s.text)
        if s.index in chosen:
            if units & seen:
                return True
        else:
            seen |= units
    return False
