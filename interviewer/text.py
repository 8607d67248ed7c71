"""Shared text utilities: words, one stemmer, one stop-word list, one filler counter, hedges,
past-tense morphology, an English check and one percentile function.

Pure and dependency-free. The STAR analyzer uses every one of them; other modules that judge text
(the guard, the story bank, delivery metrics, benchmarks, evaluations) should use these instead of
their own copies, so two parts of the app cannot disagree about the same answer.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

# --- words ---------------------------------------------------------------------------------

WORD = re.compile(r"[A-Za-z0-9À-ÖØ-öø-ÿ][A-Za-z0-9À-ÖØ-öø-ÿ'’.-]*")
_EDGE_PUNCT = re.compile(r"^[^\w']+|[^\w']+$")


def normalise(token: str) -> str:
    """A token lower-cased without surrounding punctuation ("Um," -> "um"; "I’m" -> "i'm")."""
    return _EDGE_PUNCT.sub("", token.strip().lower().replace("’", "'"))


def words(text: str) -> list[str]:
    """The words of a text, lower case, edge punctuation removed ("3.2" and "e-mail" stay whole)."""
    out = []
    for match in WORD.finditer(text):
        word = normalise(match.group(0)).rstrip(".")
        if word:
            out.append(word)
    return out


# --- stop words ------------------------------------------------------------------------------

STOP_WORDS: frozenset[str] = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each even ever every few for from
further get gets got had has have having he her here hers him his how i i'd i'll i'm i've if in into
is it it's its itself just let let's me more most much my myself no nor not now of off on once one
only or other our ours ourselves out over own quite really same she should so some still such than
that that's the their theirs them then there there's these they they're this those through to too
under until up upon us very was we we'd we'll we're we've were what when where which while who whom
whose why will with would you you'd you're you've your yours yourself like well yeah um uh ok okay
""".split())
"""Function words of English: carry grammar, not topic."""

QUESTION_WORDS: frozenset[str] = frozenset("""
tell describe give example time times walk talk share situation moment occasion instance case
experience recall think explain discuss know something someone thing things way ways
""".split())
"""Words every interview question uses ("Tell me about a time..."): no topic in them either."""

NUMBER_WORDS: dict[str, int] = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split())
}


# --- the stemmer -------------------------------------------------------------------------------

_SUFFIXES = ("isations", "izations", "isation", "ization", "ations", "ation", "nesses", "ness",
             "ments", "ment", "ities", "ity", "ships", "ship", "ings", "ing", "ions", "ion", "ies",
             "ied", "ures", "ure", "ful", "ers", "er", "ed", "es", "ly", "s")
STEM_LENGTH = 5


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A light stem: up to two common suffixes off, British -is- as -iz-, at most five letters.

    Joins inflections and common derivations ("conflicts"/"conflict", "prioritise"/"priorities",
    "managed"/"manager"/"management", "failed"/"failure", "leadership"/"leader"). Figures and
    spelled numbers come back as digits, so "two days" and "2 days" match.
    """
    word = normalise(word)
    if word.endswith("'s"):
        word = word[:-2]
    if word in NUMBER_WORDS:
        return str(NUMBER_WORDS[word])
    if any(ch.isdigit() for ch in word):
        return word
    for _ in range(2):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                if suffix == "s" and word.endswith(("ss", "us", "is")):
                    continue
                word = word[: -len(suffix)]
                break
        else:
            break
    word = re.sub(r"(?<=\w{3})is(?=e?$)", "iz", word)
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word[:STEM_LENGTH]


def content_stems(text: str, extra_stop: Iterable[str] = ()) -> set[str]:
    """Stems of the content words of a text: stop words (and `extra_stop`) out, words of 3+ letters."""
    stop = STOP_WORDS | frozenset(extra_stop)
    return {stem(w) for w in words(text) if w not in stop and (len(w) > 2 or w.isdigit())}


# --- fillers and hedges ------------------------------------------------------------------------

_HESITATION = {
    "um": re.compile(r"u+h?m+|h?m+"),  # um, umm, uhm, hm, mm
    "uh": re.compile(r"u+h+"),
    "er": re.compile(r"e+r+m*"),  # er, erm
    "ah": re.compile(r"a+h+"),
    "hmm": re.compile(r"h+m{2,}"),
}
_PLAIN_FILLERS = frozenset({"basically", "literally"})
_CLAUSE_END = tuple(",.;:!?…—-")


def _hesitation(token: str) -> str | None:
    for name in ("hmm", "um", "uh", "er", "ah"):
        if _HESITATION[name].fullmatch(token):
            return name
    return None


def _ends_clause(raw: str) -> bool:
    return raw.rstrip().endswith(_CLAUSE_END)


def filler_positions(tokens: Sequence[str]) -> list[tuple[int, str]]:
    """Which tokens are fillers: (index of the filler's first token, filler name), in order.

    `tokens` are words as written, punctuation attached ("like," or "Um"). Hesitations (um, uh, er,
    ah, hmm) and "basically"/"literally" always count. "like" counts only when a comma follows it
    or it comes straight after another filler ("so, like, we..."; not "I'd like to"). "you know"
    and "I mean" count when they open a clause or a comma follows them, and not in a question.
    """
    plain = [normalise(t) for t in tokens]
    found: list[tuple[int, str]] = []
    i = 0
    while i < len(tokens):
        token = plain[i]
        clause_start = i == 0 or _ends_clause(tokens[i - 1])
        name = _hesitation(token) or (token if token in _PLAIN_FILLERS else None)
        if name is not None:
            found.append((i, name))
            i += 1
            continue
        if token == "like":
            after_filler = bool(found) and found[-1][0] + len(found[-1][1].split()) == i
            if tokens[i].rstrip().endswith(",") or after_filler:
                found.append((i, "like"))
            i += 1
            continue
        pair = (token, plain[i + 1]) if i + 1 < len(tokens) else None
        if pair in {("you", "know"), ("i", "mean")}:
            second = tokens[i + 1].rstrip()
            if not second.endswith("?") and (clause_start or second.endswith(",")):
                found.append((i, f"{pair[0]} {pair[1]}"))
                i += 2
                continue
        i += 1
    return found


def count_fillers(text_or_tokens: str | Sequence[str]) -> dict[str, int]:
    """Filler counts by name, sorted by name, for a text (split on white space) or its tokens."""
    tokens = text_or_tokens.split() if isinstance(text_or_tokens, str) else text_or_tokens
    return dict(sorted(Counter(name for _, name in filler_positions(tokens)).items()))


HEDGES = re.compile(
    r"\b(?:i think|maybe|perhaps|i guess|probably|sort of|kind of|i believe|might|not sure|"
    r"hopefully|somewhat|i suppose|more or less|possibly)\b",
    re.IGNORECASE,
)


def count_hedges(text: str) -> dict[str, int]:
    """Hedge counts ("I think", "maybe"...) by phrase, sorted."""
    counts = Counter(m.group(0).lower() for m in HEDGES.finditer(text))
    return dict(sorted(counts.items()))


# --- past tense --------------------------------------------------------------------------------

IRREGULAR_PAST: frozenset[str] = frozenset("""
began bent bought brought broke built burnt caught chose came cut dealt did drew drove dug fed felt
fought found flew forgot forgave froze gave got went grew had heard held hid hit hurt kept knew laid
led leant learnt left lent let lost made meant met paid put quit ran rang read rebuilt redid rewrote
reran rethought rode rose said sat saw sent set shook shot showed shut sold sought spent split spoke
spun stood stole struck stuck swept swore taught told took thought threw understood undid upheld
withdrew woke won wore wound wrote overcame oversaw overtook undertook
""".split())
"""Irregular past forms: the part of English past tense no rule predicts."""

_ED_NOT_PAST = frozenset("""
need needs bed red shed seed speed feed greed bleed breed deed weed steed indeed hundred proceed
exceed succeed embed sacred naked wicked rugged ragged kindred shred
""".split())


def looks_past_tense(word: str) -> bool:
    """True for a past-tense verb form: regular "-ed" by rule ("traced", "rewired"), irregular by form."""
    token = normalise(word)
    if token in IRREGULAR_PAST:
        return True
    return len(token) >= 4 and token.endswith("ed") and token not in _ED_NOT_PAST and token.isalpha()


# --- language ----------------------------------------------------------------------------------

_ENGLISH_MARKERS = frozenset("""
the and to of i was we my it that for on with is had so but they this at be as have were our me
he she his her from by an not or which when what there their did after all about would been then
out up them do if can could also just very more because into than no how who got some like will
are you your has its
""".split())
_FOREIGN_MARKERS = frozenset("""
el la los las que y en con por para una del es mi se lo muy pero cuando como fue habia estaba
der die das und ich wir ist mit nicht ein eine zu auf dem des sich auch war hat haben wurde
je nous les et est pas une des du le mon avec pour dans sur qui été était ai ils elle
eu não com uma os em ao da foi mas meu minha nós
ik het een niet van zijn wij heb hebben werd maar ook voor naar
il di che non per sono ho abbiamo nel della ma gli
""".split())


def english_share(text: str) -> float:
    """Share of a text's words that are common English function words (about 0.35-0.55 in English)."""
    tokens = words(text)
    if not tokens:
        return 0.0
    return sum(t in _ENGLISH_MARKERS for t in tokens) / len(tokens)


def looks_english(text: str) -> bool:
    """False when a text of a few words is clearly written in another language (or script)."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) >= 12 and sum(ch.isascii() for ch in letters) / len(letters) < 0.6:
        return False  # another script: Cyrillic, Greek, CJK, Arabic...
    tokens = words(text)
    if len(tokens) < 4:
        return True
    english = sum(t in _ENGLISH_MARKERS for t in tokens)
    foreign = sum(t in _FOREIGN_MARKERS for t in tokens)
    share = english / len(tokens)
    return not (foreign > english or (share < 0.12 and foreign >= 1))


# --- statistics --------------------------------------------------------------------------------

def percentile(values: Iterable[float], q: float) -> float:
    """The q-th quantile (0 <= q <= 1) by linear interpolation between order statistics (NaN if empty)."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"q must be between 0 and 1, got {q}")
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
