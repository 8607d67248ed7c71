"""STAR analysis in pure code: sentences, Situation/Task/Action/Result labels, and measured findings.

Deterministic and offline. Each sentence is labelled by weighted cue patterns (explainable: the
UI shows the label of every sentence and the reasons behind the score). STAR cue words are only
scaffolding: a sentence whose words are all cues, vague words or the question's own words is
"hollow" and earns a part no credit, and a result counts as measured only when a number is attached
to something that changed. Answers that are not in English, hypothetical answers to behavioural
questions, off-topic answers and answers where nobody acts in the first person are flagged.
Figures for the method are in README and come from `evals/evaluate_star.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from interviewer.text import (
    QUESTION_WORDS,
    STOP_WORDS,
    content_stems,
    count_fillers,
    count_hedges,
    looks_english,
    looks_past_tense,
    normalise,
    stem,
)

Component = Literal["situation", "task", "action", "result"]
COMPONENTS: tuple[Component, ...] = ("situation", "task", "action", "result")
Ownership = Literal["I", "we", "mixed", "unclear"]
Flag = Literal["hypothetical", "off_topic", "not_english", "ownership_unclear", "label_stuffing"]
FLAGS: tuple[Flag, ...] = ("hypothetical", "off_topic", "not_english", "ownership_unclear",
                           "label_stuffing")

WORDS_PER_MINUTE = 150
TARGET_SECONDS = 120
TOO_SHORT_WORDS = 40
TOO_LONG_WORDS = 420
BRIEF_WORDS = 70  # under ~30 seconds spoken: rarely room for all four parts with detail
PART_POINTS = 0.75  # each STAR part with content; a full, measured answer reaches 4.5
BASE_POINTS = 1.0
QUANTIFIED_POINTS = 0.5

# --- sentence splitting -------------------------------------------------------------------

_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "vs", "dr", "mr", "mrs", "ms", "prof", "approx", "no", "inc", "ltd",
    "jr", "sr", "st", "co", "corp", "dept", "est", "fig", "min", "max", "avg", "a.m", "p.m",
    "u.s", "u.k", "sept", "oct", "nov", "dec", "jan", "feb", "aug", "mt", "ph.d", "cf", "al",
}
_BULLET = re.compile(r"^\s*(?:[-*•‣◦▪–—]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+", re.IGNORECASE)
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+|$)")
_RUNON_BREAK = re.compile(
    r"\s+(?=(?:and then|so then|so|then|but|after that|in the end|eventually|which meant|"
    r"and that|because of that|as a result|at the end|and (?:i|we|they|he|she|it)|by the end|"
    r"and after|after (?:a|about|the|that|two|three|four|six) (?:week|month|year|day|quarter)s?)\b)",
    re.IGNORECASE,
)
_RUNON_WORDS = 22


@dataclass(frozen=True)
class Sentence:
    """One sentence of an answer, with its character span and STAR labels."""

    index: int
    text: str
    start: int
    end: int
    labels: tuple[Component, ...] = ()


def _is_abbreviation(text: str, dot_at: int) -> bool:
    match = re.search(r"([A-Za-z][A-Za-z.]*)$", text[:dot_at])
    if not match:
        return False
    token = match.group(1).lower().rstrip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token not in {"i", "a"})


def _split_line(line: str, offset: int, runon: bool = True) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(line):
        dot_at = match.start()
        if line[dot_at] == "." and _is_abbreviation(line, dot_at):
            continue
        end = match.end()
        if line[start:end].strip():
            spans.append((start, end))
        start = end
    if line[start:].strip():
        spans.append((start, len(line)))
    result: list[tuple[int, int]] = []
    for s, e in spans:
        result.extend(_split_runon(line, s, e) if runon else [(s, e)])
    return [(offset + s, offset + e) for s, e in result]


def _split_runon(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """Break long unpunctuated stretches (speech transcripts) at discourse markers."""
    piece = line[start:end]
    if len(piece.split()) <= _RUNON_WORDS:
        return [(start, end)]
    cuts = [start] + [start + m.start() for m in _RUNON_BREAK.finditer(piece) if m.start() > 0]
    spans: list[tuple[int, int]] = []
    last = cuts[0]
    for cut in cuts[1:]:
        if len(line[last:cut].split()) >= 6:
            spans.append((last, cut))
            last = cut
    spans.append((last, end))
    return spans


def _is_unpunctuated(text: str) -> bool:
    """True for speech-like text: on average more than 30 words per sentence end or line break."""
    ends = len(_END.findall(text)) + text.count("\n")
    return len(text.split()) > 30 * max(ends, 1)


def split_sentences(text: str) -> list[tuple[str, int, int]]:
    """Split an answer into sentences: (text, start, end), robust to abbreviations, decimals,
    bullet lists and transcripts without capitals or punctuation."""
    spans: list[tuple[int, int]] = []
    offset = 0
    # Discourse markers split only speech that lacks punctuation; a writer's long sentence stays whole.
    runon = _is_unpunctuated(text)
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        bullet = _BULLET.match(body)
        skip = bullet.end() if bullet else 0
        spans.extend(_split_line(body[skip:], offset + skip, runon))
        offset += len(line)
    out = []
    for s, e in spans:
        raw = text[s:e]
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        if stripped:
            out.append((stripped, s + lead, s + lead + len(stripped)))
    return out


# --- cues -------------------------------------------------------------------------------

def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


_NUM_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|"
    r"millions|billion|half|dozen|dozens|double|doubled|triple|tripled|halved|quadrupled)"
)
_TIME_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|quarters?|years?)"

_SUBJECT_I = r"\b(?:i|i've|i'd|i'll|ive|id)\b"
_SUBJECT_WE = r"\b(?:we|we've|we'd|we'll|weve)\b"
_ACTION_VERB = (
    r"(?:\w+ed|built|wrote|led|ran|set|made|took|spoke|met|began|chose|drove|went|sat|put|got|"
    r"found|gave|kept|sent|told|brought|did|sought|taught|caught|held|laid|rebuilt|rewrote|"
    r"broke|split|cut|shut|spent|dug|fought|won|drew|grew|sold|bought|thought|flew|stood|"
    r"would|will|'d|'ll|start|begin|make|take|talk|reach|ask|schedule|set up|meet|call|"
    r"focus|prioriti[sz]e|gather|review|check|create|propose|work|sit|map|break|write|build)"
)

_SITUATION = [
    (2.0, _rx(r"\b(?:the )?(?:situation|context|background) (?:was|is)\b", r"\bat the time\b",
              r"\bback (?:in|when)\b", r"\b(?:a few|two|three|several) (?:years|months) ago\b",
              r"\bin (?:19|20)\d\d\b", r"\blast (?:year|spring|summer|autumn|fall|winter|quarter)\b",
              r"\bwhen i (?:was|worked|joined|started)\b", r"\bi (?:was )?work(?:ed|ing) (?:as|at|for|on)\b",
              r"\bat my (?:last|previous|current|old|first) (?:job|company|role|employer|position|school|hospital|firm|store)\b",
              r"\bin my (?:last|previous|current|old|first) (?:job|role|position)\b",
              r"\bi joined\b", r"\bi was (?:a|an|the) \w+(?: \w+)? (?:at|in|for|on)\b")),
    (1.5, _rx(r"\b(?:our|the) (?:team|company|client|customer|system|process|department|store|"
              r"ward|school|project|product|site|warehouse|office|service|app|website|unit|branch|"
              r"organi[sz]ation|business|manager|startup)\b.{0,40}\b(?:was|were|had|kept|used to)\b",
              r"\bthere (?:was|were|had been)\b", r"\bwe (?:were|had) (?:a|an|no|about|only|just|been)\b",
              r"\b(?:was|were) (?:struggling|failing|behind|losing|missing|late|down|overloaded|"
              r"complaining|growing|slow|unhappy|stuck)\b", r"\bwas (?:causing|getting|taking|running)\b",
              r"\bthe problem (?:was|is)\b", r"\bhad been\b", r"\bduring (?:a|an|the|my|our)\b",
              r"\bwe'?re (?:a|an)\b",
              # state described in the past progressive or past perfect: the backdrop, not the deed
              r"\b(?:was|were) (?:\w+ing)\b", r"\b(?:had|'d) (?:already |just |never |always )?"
              r"(?:been|hit|slipped|grown|fallen|dropped|risen|started|become|got|gotten)\b",
              r"\bkept (?:\w+ing)\b", r"^(?:at|in|during|while|when) (?:a|an|my|our|the)\b",
              r"\bi'?m (?:a|an|the)\b", r"\b(?:i|we) (?:was|were) (?:a|an|the|on|part of|one of)\b")),
    (1.4, _rx(r"\bi (?:took over|inherited|moved into|was (?:working|running|leading|the only|one of))\b",
              r"\bi had (?:a|an|this|one|two|three|four|five|six|\d+) (?!days?\b|weeks?\b|hours?\b|months?\b)",
              r"\b(?:i|we) (?:work|manage|run|lead|teach) (?:a|an|the|in|at|for|on)\b")),
    # "was/were" in the main clause describes a state; in a subordinate clause it is incidental.
    (0.8, _rx(r"^\W*(?:[\w'’-]+\s+){1,5}(?:was|were)\b")),
]
_TASK = [
    (2.5, _rx(r"\bmy (?:task|job|role|goal|responsibility|objective|mandate|aim|assignment|brief|"
              r"mission|remit|part) (?:was|became|is)\b",
              r"\bi was (?:asked|tasked|responsible|charged|assigned|brought in|hired|put in charge|"
              r"given|expected|supposed|in charge|the one|appointed|told)\b",
              r"\b(?:the|our) (?:goal|task|objective|aim|challenge|mandate|ask|brief|target) (?:was|is)\b",
              r"\bit was (?:up to me|my job|my responsibility|on me)\b", r"\bi (?:was|am) responsible\b",
              r"\bi (?:needed|had|wanted|set out|decided i needed) to\b", r"\bwe (?:needed|had) to\b",
              r"\bneeded to be\b", r"\bi had (?:two|three|four|\d+) (?:days|weeks|hours|months)\b",
              r"\bmy manager asked me\b", r"\basked me to\b", r"\bi owned\b",
              r"\bi volunteered to\b", r"\bi(?:'d| would) (?:need|want|have) to\b",
              r"\bi (?:wanted|was trying|tried|aimed|had been asked) to\b", r"\bthe aim\b",
              r"\b(?:was|were) (?:given|made) (?:the )?(?:job|task|responsibility|target|goal|brief|"
              r"ownership|responsible)\b",
              r"\bset (?:myself|me|us) (?:a |the )?(?:target|goal|deadline)\b",
              r"\bmy (?:brief|target|goal|remit)\b", r"\b(?:goal|target|aim|brief)\s*[:(-]",
              r"\bon me\b", r"\bi owned\b", r"\bi (?:set out|volunteered|took it on|made it my)\b",
              r"\b(?:i|we) (?:needed|wanted) (?!to (?:say|ask|know|add|mention)\b)",
              r"\b(?:i|we) had (?:a|an|one|two|three|four|five|six|eight|ten|\d+|only|just) "
              r"(?:\w+ )?(?:days?|weeks?|months?|hours?) to\b",
              r"^\W*task\b", r"\basked by\b", r"^\W*(?:owned|took ownership of|was responsible for)\b", r"\bi was (?:the )?(?:project |programme )?(?:lead|owner)\b",
              r"\bas (?:her|his|their|the) (?:assigned |named )?(?:mentor|lead|owner|manager)\b",
              r"\b(?:i|we) had to (?:decide|get|find|make|keep|bring|cut|reduce|protect|deliver|"
              r"recommend|move|raise|win|stop|work out)\b")),
    (1.0, _rx(r"\bdeadline\b", r"\bneeded to\b", r"\bhad to\b", r"\bresponsible for\b",
              r"\bin charge of\b", r"\bgoal\b", r"\btarget\b")),
]
_ACTION = [
    (2.0, _rx(rf"{_SUBJECT_I}\s+(?:then\s+|also\s+|first\s+|quickly\s+|immediately\s+|personally\s+)?{_ACTION_VERB}\b",
              r"\b(?:first|firstly|next|then|after that|afterwards|finally|second|secondly|third)\s*,?\s+(?:i|we)\b",
              r"\bmy first (?:step|move|priority)\b", r"\bi'd\b", r"\bi would\b",
              r"\bso i\b", r"\bi decided\b", r"\bi (?:started|began) (?:by|with)\b")),
    (1.4, _rx(rf"{_SUBJECT_WE}\s+(?:then\s+|also\s+|first\s+|quickly\s+)?{_ACTION_VERB}\b",
              r"^(?:first|then|next|after that|finally|so),?\s",
              r"^(?:set up|built|wrote|created|ran|led|met|organi[sz]ed|introduced|automated|"
              r"designed|launched|trained|mapped|called|reviewed|proposed|negotiated|analy[sz]ed)\b")),
]
_RESULT = [
    (2.5, _rx(r"\bas a result\b", r"\b(?:the )?(?:result|outcome|impact) (?:was|is)\b",
              r"\bin the end\b", r"\bended up\b", r"\bwhich (?:meant|led to|resulted in|saved|cut)\b",
              r"\bthis (?:meant|led to|resulted in|saved|cut|reduced|increased)\b",
              r"\b(?:reduced|increased|improved|cut|saved|grew|raised|lowered|boosted|doubled|"
              r"tripled|halved|dropped|fell|rose|shrank|went (?:up|down)|jumped|climbed|decreased)\b"
              r".{0,60}(?:\d|%|percent|" + _NUM_WORD + r")",
              r"\bfrom [^.]{1,30} to (?:about |around |under |over |just |only |nearly )?(?:\d|" + _NUM_WORD + r"|zero)", r"\b\d+(?:\.\d+)?\s?(?:%|percent|x\b|times)",
              r"\d[^.;]{0,25}?(?:->|→|=>|⇒)\s*[~≈<>]?\s*(?:under\s+|below\s+)?\d",
              r"\b(?:brought|got|came|went|is|are|now|fell|dropped|cut|reduced) (?:down|up)? ?to (?:under |below |about |just |only )?(?:\d|zero|" + _NUM_WORD + r")",
              r"\bzero\b", r"\bno (?:\w+ )?(?:since|ever since)\b",
              r"\bsince then\b", r"\bto this day\b", r"\bstill (?:use|in use|running|used)\b",
              r"\b(?:got|was) promoted\b", r"\bthat would (?:mean|give|let|cut|reduce|save)\b",
              r"\b(?:on time|ahead of schedule|under budget|early)\b",
              r"\bsigned (?:off|the)\b", r"\brenewed\b",
              r"\bby the end\b", r"\bhave(?:n't| not)? (?:had|seen)\b.{0,30}\bsince\b",
              r"\bsince\b\W*$", r"\bback to normal\b", r"\b(?:went|came) (?:well|smoothly)\b",
              r"\b(?:was|were|got) (?:promoted|approved|adopted|accepted|rolled out)\b",
              r"\b(?:approved|extended|adopted)\b")),
    (1.2, _rx(r"\b(?:successful|success|succeeded|worked|paid off|delivered|launched|shipped|"
              r"resolved|solved|fixed|achieved|won|hit|met|exceeded|passed|completed|finished|"
              r"retained|praised|thanked|recogni[sz]ed|award)\b",
              r"\b(?:happy|pleased|satisfied|impressed|grateful)\b",
              r"\bfeedback (?:was|from)\b", r"\bafterwards\b", r"\bnow\b", r"\btoday\b",
              r"\beventually\b", r"\bfinally\b", r"\bso that\b", r"\bshould (?:mean|help|give)\b",
              r"\b(?:stopped|loved|helped|worked out|settled|supporters?|win|wins|positive|smoother|"
              r"smoothest|better|faster|fewer|lower|higher)\b", r"\bafter that\b")),
]
_THRESHOLD = 1.3

# A lesson, a reflection or a changed habit is "learning" (see evals/LABELLING.md), not the Result.
_LEARNING = _rx(r"\b(?:i|we) (?:have )?(?:learned|learnt|realised|realized)\b", r"\blessons?\b",
                r"\b(?:taught|showed) me\b", r"\blooking back\b", r"\bin hindsight\b",
                r"\bnext time\b", r"\b(?:do|would do|have done) (?:it |things )?differently\b",
                r"\b(?:now|since then) i (?:always|never|make sure|check|do|try|ask)\b",
                r"\bi (?:now |still )?(?:always|never) (?:\w+ )?(?:check|ask|launch|start|write|make)\b",
                r"\blearning (?:experience|curve|point)\b")

# Verbs in the passive that describe a state or a request, not a deed: "was based", "were asked".
_STATE_PARTICIPLES = frozenset("""
based located called named supposed used interested tired worried concerned scared excited involved
pleased asked tasked expected required given told assigned responsible surprised shocked frustrated
stressed overwhelmed disappointed annoyed confused amazed impressed delighted satisfied engaged
employed hired promoted allowed meant known seen considered needed
""".split())
_PASSIVE = re.compile(r"\b(?:was|were|been|being|got|get|is|are)\s+(?:\w+ly\s+|then\s+|also\s+|all\s+)?"
                      r"([a-z]+)\b", re.IGNORECASE)
_BY_ME = re.compile(r"\bby (?:me|myself|us)\b", re.IGNORECASE)
_OPENER_SKIP = frozenset({"then", "also", "first", "next", "finally", "so", "and", "after", "that", "later"})

_POSITION_PRIOR: dict[Component, tuple[float, float]] = {
    # bonus for (first third, last third) of the answer
    "situation": (0.5, -0.4),
    "task": (0.3, -0.3),
    "action": (0.0, 0.0),
    "result": (-0.4, 0.5),
}

_GENERIC = _rx(r"\balways\b", r"\busually\b", r"\bgenerally\b", r"\bin general\b", r"\bthings\b",
               r"\bstuff\b", r"\ba lot\b", r"\bvarious\b", r"\bsomething\b", r"\bwhatever\b",
               r"\bteam player\b", r"\bhard work(?:er|ing)?\b", r"\bpassionate\b",
               r"\bi'm (?:a|the) (?:kind|type) of person\b")

_QUANTITY = re.compile(
    r"(?:\d+(?:[.,]\d+)?\s?(?:%|percent|k\b|m\b|x\b|bn\b)?|[$€£¥]\s?\d|\b" + _NUM_WORD + r"\b|"
    r"\b(?:top|first|second|third)\s+(?:place|rank|\d+)\b|#\d+)",
    re.IGNORECASE,
)
_BARE_TIMEFRAME = re.compile(
    r"(?<!\bto )(?<!\bfrom )\b(?:within|in|after|over|for|during|by|around|about|inside|under|of|every|each|per|a|the|"
    r"next|first|last|past)\s+(?:the\s+)?(?:next\s+|first\s+|last\s+|following\s+)?(?:a|an|one|two|"
    r"three|four|five|six|seven|eight|nine|ten|twelve|a few|several|couple of|\d+)\s+" + _TIME_UNIT + r"\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DATE = re.compile(r"\b(?:q[1-4]|\d{1,2}(?:st|nd|rd|th))\b", re.IGNORECASE)


_BASELINE = _rx(r"\b(?:had|'d) (?:already |just )?(?:hit|slipped|grown|fallen|dropped|risen|climbed|"
                r"reached|crept|been (?:running|averaging|stuck|hovering|sitting))\b",
                r"\bwas (?:averaging|running at|hovering|sitting at|stuck at)\b")


def opens_with_past_verb(text: str) -> bool:
    """True when a sentence or bullet starts with a past-tense verb and no subject: "Traced the lock"."""
    tokens = [normalise(t) for t in text.split()[:4]]
    tokens = [t for t in tokens if t]
    while tokens and tokens[0] in _OPENER_SKIP:
        tokens = tokens[1:]
    return len(tokens) >= 2 and looks_past_tense(tokens[0]) and tokens[0] not in {"was", "were", "had"}


def _passive_deed(text: str) -> bool:
    """True for a deed told in the passive: "the job was rewritten", "alerts were added"."""
    for match in _PASSIVE.finditer(text):
        verb = match.group(1).lower()
        if verb not in _STATE_PARTICIPLES and (looks_past_tense(verb) or verb.endswith("en")):
            return True
    return False


_OUTCOME_VERBS = frozenset("""
got hit won signed achieved reached raised sold delivered launched shipped finished completed saved
passed lost went ended earned secured closed exceeded beat kept retained received gained grew
""".split())
_ROLE = _rx(r"\b(?:i|we)(?:'m| am| was| were)? (?:\w+ ){0,2}?(?:at|for|in|with) (?:a|an|the|my|our) "
            r"(?:\w+ ){0,3}?(?:company|firm|team|school|college|hospital|council|centre|center|chain|"
            r"agency|bank|startup|store|shop|ward|practice|charity|group|lab|department|unit|site)\b",
            r"\bfor (?:the last )?(?:\w+ )?(?:years|months)\b", r"\b(?:i|we)(?:'m| am| was| were)? (?:a|an|the) "
            r"(?:\w+ )?(?:manager|lead|engineer|teacher|nurse|analyst|dispatcher|assistant|officer|"
            r"designer|developer|consultant|supervisor|director|advisor|coordinator)\b",
            r"\b(?:where|when) (?:the |our |my )?\w+ (?:was|were|had)\b")
_STATE_VERBS = frozenset("""
was were had felt thought knew wanted needed liked loved hated seemed meant used became believed
hoped expected worried wondered assumed guessed
""".split())
_EXPLICIT_RESULT = _rx(r"\bas a result\b", r"\bwhich (?:meant|led to|resulted in)\b", r"\bin the end\b",
                       r"\bended up\b", r"\bthis (?:meant|led to|resulted in)\b")
_FIRST_VERB = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:i|we)\s+(?:also\s+|then\s+|just\s+|finally\s+|"
                         r"eventually\s+|quickly\s+|first\s+|both\s+|all\s+)?([a-z'-]+)", re.IGNORECASE)


def _first_person_verb(text: str) -> str:
    """The verb after an opening "I" or "we" ("so i um cleaned" -> "cleaned"), or ""."""
    match = _FIRST_VERB.search(text)
    return match.group(1).lower() if match else ""


def is_learning(text: str) -> bool:
    """True for a lesson, a reflection or a changed habit (its own label, not the Result)."""
    return bool(_LEARNING.search(text))


def _score_labels(text: str, position: float) -> dict[Component, float]:
    scores: dict[Component, float] = {}
    for name, table in (("situation", _SITUATION), ("task", _TASK), ("action", _ACTION),
                        ("result", _RESULT)):
        total = 0.0
        for weight, pattern in table:
            hits = len(pattern.findall(text))
            if hits:
                total += weight + 0.3 * min(hits - 1, 2)
        if name == "action":
            if opens_with_past_verb(text):
                total += 2.0  # a bullet or clipped sentence: "Rewrote the export as three stages."
            elif _passive_deed(text) and (position >= 0.2 or _BY_ME.search(text)):
                # Opening sentences in the passive usually set the scene ("staff were paid late").
                total += 2.0 if _BY_ME.search(text) else 1.4
        early, late = _POSITION_PRIOR[name]  # type: ignore[index]
        if total:
            if position < 0.34:
                total += early
            elif position > 0.66:
                total += late
        scores[name] = total  # type: ignore[index]
    verb = _first_person_verb(text)
    if verb and looks_past_tense(verb) and verb not in _STATE_VERBS and not _EXPLICIT_RESULT.search(text):
        # "I moved the early shift" is a deed; "I got the promotion" is an outcome.
        if verb in _OUTCOME_VERBS:
            scores["result"] += 1.0
        else:
            scores["result"] -= 1.0
            scores["action"] = max(scores["action"], 2.0)
    if position < 0.2 and _ROLE.search(text):
        scores["situation"] += 1.5  # "I taught science for six years", "I managed a contact centre where..."
    if position == 0.0 and scores["action"] and not opens_with_past_verb(text):
        scores["action"] = max(0.0, scores["action"] - 0.6)  # an opening sentence sets the scene
    if _BASELINE.search(text):
        # "had hit 14%" states the starting point in the past perfect: a baseline, not an outcome.
        scores["result"] = max(0.0, scores["result"] - 2.0)
    if is_learning(text) and not has_measured_quantity(text):
        scores["result"] = max(0.0, scores["result"] - 2.0)
    return scores


def label_sentence(text: str, position: float) -> tuple[Component, ...]:
    """STAR labels for one sentence at a relative position (0 = first, 1 = last) in its answer."""
    scores = _score_labels(text, position)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, best_score = ranked[0]
    if best_score < _THRESHOLD:
        return ()
    labels = [best]
    second, second_score = ranked[1]
    if second_score >= _THRESHOLD + 0.4 and second_score >= best_score - 0.6:
        labels.append(second)
    return tuple(c for c in COMPONENTS if c in labels)


def has_measured_quantity(text: str) -> bool:
    """True when the text states a measured amount: a bare timeframe, a year or a date is not one."""
    cleaned = _BARE_TIMEFRAME.sub(" ", text)
    cleaned = _YEAR.sub(" ", cleaned)
    cleaned = _DATE.sub(" ", cleaned)
    return bool(_QUANTITY.search(cleaned))


# --- the analysis -------------------------------------------------------------------------

@dataclass(frozen=True)
class ComponentFinding:
    """Whether a STAR component is present, and in which sentences."""

    present: bool
    sentences: tuple[int, ...]


@dataclass(frozen=True)
class Analysis:
    """Everything the analyzer measured about one answer; all later feedback rests on this."""

    question: str
    answer: str
    sentences: tuple[Sentence, ...]
    star: dict[Component, ComponentFinding]
    quantified_result: bool
    ownership: Ownership
    i_count: int
    we_count: int
    specificity: float
    specific_terms: tuple[str, ...]
    word_count: int
    estimated_seconds: int
    filler_words: dict[str, int]
    hedges: dict[str, int]
    answers_question: bool
    score: int
    reasons: tuple[str, ...]
    gaps: tuple[str, ...] = field(default_factory=tuple)
    flags: tuple[str, ...] = field(default_factory=tuple)
    """Named findings from `FLAGS`: hypothetical, off_topic, not_english, ownership_unclear, label_stuffing."""
    learning: tuple[int, ...] = field(default_factory=tuple)
    """Sentences that state a lesson or a changed habit (not counted as the Result)."""
    hollow: tuple[int, ...] = field(default_factory=tuple)
    """Labelled sentences with no content beyond STAR cue words, vague words and the question's words."""

    @property
    def missing(self) -> list[Component]:
        """STAR components with no sentence."""
        return [c for c in COMPONENTS if not self.star[c].present]

    @property
    def present(self) -> list[Component]:
        """STAR components with at least one sentence."""
        return [c for c in COMPONENTS if self.star[c].present]

    def evidence(self, component: Component) -> list[str]:
        """The sentences that carry a component."""
        return [self.sentences[i].text for i in self.star[component].sentences]

    def to_dict(self) -> dict[str, object]:
        """The stable JSON shape used by `interviewer critique`."""
        return {
            "sentences": [s.text for s in self.sentences],
            "labels": [list(s.labels) for s in self.sentences],
            "star": {c: {"present": f.present, "sentences": list(f.sentences)}
                     for c, f in self.star.items()},
            "quantified_result": self.quantified_result,
            "ownership": self.ownership,
            "specificity": round(self.specificity, 2),
            "specific_terms": list(self.specific_terms),
            "word_count": self.word_count,
            "estimated_seconds": self.estimated_seconds,
            "filler_words": dict(self.filler_words),
            "hedges": dict(self.hedges),
            "answers_question": self.answers_question,
            "score": self.score,
            "reasons": list(self.reasons),
            "gaps": list(self.gaps),
            "flags": list(self.flags),
            "learning": list(self.learning),
            "hollow": list(self.hollow),
        }


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


_DURATION = re.compile(r"\b(?:\d+(?:\.\d+)?|" + _NUM_WORD + r"|a|an)\s*-?\s*(" + _TIME_UNIT + r")\b",
                       re.IGNORECASE)


def _units(text: str) -> set[str]:
    return {m.group(1).lower().rstrip("s")[:3] for m in _DURATION.finditer(text)}


def _against_baseline(sentences: list[Sentence], result: tuple[int, ...]) -> bool:
    """A duration in a result measured in the unit of a duration stated earlier: "nine days" -> "two days"."""
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


# --- the question and the answer -------------------------------------------------------------

_BEHAVIOURAL_Q = _rx(r"\btell (?:me|us) about\b", r"\bdescribe (?:a|an|the|one|your)\b",
                     r"\bgive (?:me |us )?(?:an |one )?examples?\b", r"\bhave you (?:ever|had|been)\b",
                     r"\bwhen (?:did|have) you\b", r"\bwhat did you\b", r"\bwalk (?:me|us) through a\b",
                     r"\bshare an? (?:example|time|situation|story)\b", r"\brecall a\b",
                     r"\bthink of a time\b", r"\btalk (?:me |us )?(?:through|about) a time\b")
_SITUATIONAL_Q = _rx(r"\b(?:what|how) would you\b", r"\bif you (?:were|had|found|saw|joined)\b",
                     r"\bimagine\b", r"\bsuppose\b", r"\bwhat will you\b", r"\bhow do you\b",
                     r"\bwhat do you\b", r"\bwhy do you\b", r"\bwhere do you\b")
_MODAL = re.compile(r"\b(?:i|we|you)\s*(?:would|will|could|should|might|can|'d|’d|'ll|’ll)\s+(\w+)|"
                    r"\bif (?:i|we) (?:were|was|had|saw|failed|found|had to|needed|noticed)\b|"
                    r"\bmy first (?:step|move) would\b|\bi(?:'d| would) (?:start|begin|first)\b",
                    re.IGNORECASE)
_PERFECT_AUX = frozenset({"been", "never", "already", "just", "always", "only", "had", "done", "gone"})
_SUBJECT = re.compile(r"\b(i|we)\b(?:\s+(?:have|has|had|then|also|just|first|quickly|finally|"
                      r"immediately|personally|actually|really|eventually|later|both|all))*\s+([a-z']+)",
                      re.IGNORECASE)


def _modal_sentence(text: str) -> bool:
    for match in _MODAL.finditer(text):
        following = (match.group(1) or "").lower()
        # "I'd built" is "I had built": past, not conditional.
        if following and (following in _PERFECT_AUX or looks_past_tense(following)) and "'d" in match.group(0):
            continue
        return True
    return False


def _past_narrative(text: str) -> bool:
    """True when someone in the first person did something in the past: "I traced", "we have rebuilt"."""
    if opens_with_past_verb(text):
        return True
    for match in _SUBJECT.finditer(text):
        verb = match.group(2).lower()
        # "if I saw ..." is conditional, not narrative.
        if (looks_past_tense(verb) and verb != "had"
                and not re.search(r"\bif\s*$", text[: match.start()].lower())):
            return True
    return bool(_BY_ME.search(text) and _passive_deed(text))


def is_behavioural(question: str) -> bool:
    """True for a question about the past ("Tell me about a time..."), not "What would you do if..."."""
    return bool(_BEHAVIOURAL_Q.search(question)) and not _SITUATIONAL_Q.search(question)


def _hypothetical(question: str, sentences: list[Sentence]) -> bool:
    """A behavioural question answered with what the candidate would do, and no past story."""
    if not is_behavioural(question):
        return False
    modal = sum(_modal_sentence(s.text) for s in sentences)
    past = sum(_past_narrative(s.text) for s in sentences)
    return modal >= 1 and (past == 0 or (modal >= 3 and past <= 1 and modal >= 3 * past))


# Topic groups: a question that names one of the "decisive" topics (a conflict, a failure, feedback,
# ethics...) must be answered with a story that touches it. Generic topics (improving something, a
# difficult situation, a team) fit almost any story, so they decide nothing on their own.
_TOPICS: list[tuple[bool, set[str]]] = [
    (True, {"fail", "failure", "failed", "mistake", "wrong", "error", "setback", "missed", "miss", "lost",
            "broke", "broken", "cancelled", "overturned", "apologised", "apologized", "blame", "didn't work",
            "struggled", "too much", "burned", "burnt", "post-mortem", "owning", "fault", "regret",
            "lesson", "learned", "learnt", "taught me", "hindsight", "differently", "rejected"}),
    (True, {"conflict", "disagree", "disagreed", "disagreement", "argument", "arguing", "argue", "tension",
            "clash", "clashing", "dispute", "pushback", "pushed back", "friction", "upset", "opposed",
            "hostile", "fell out", "angry", "unhappy", "convinced", "concern",
            "objected", "against", "refused", "frustrated", "disliked"}),
    (True, {"deadline", "late", "schedule", "urgent", "tight", "rush", "deliver", "date", "due", "launch",
            "days", "weeks", "target", "volume", "order", "time"}),
    (True, {"lead", "led", "leader", "leadership", "in charge",
            "took charge", "supervise", "coordinate", "organise", "organize", "delegate", "mentor", "ran"}),
    (False, {"customer", "client", "user", "patient", "guest", "stakeholder", "member", "parent", "account",
             "buyer", "shopper", "caller", "resident", "learner", "student", "family", "complaint"}),
    (True, {"priority", "prioritise", "prioritize", "prioritising", "urgent", "compete", "competing",
            "juggle", "juggling", "balance", "workload", "busy", "both", "calendar", "block", "split"}),
    (False, {"adapt", "change", "changed", "shift", "pivot", "reorg", "moved", "merge", "merged",
            "acquired", "switch", "instead", "unexpected", "suddenly", "died", "last minute", "overnight"}),
    (False, {"improve", "better", "faster", "reduce", "increase", "optimise", "optimize", "cut", "raised",
             "rose", "fell", "dropped", "saved", "grew", "process"}),
    (False, {"strategy", "vision", "long-term", "future", "direction", "plan", "roadmap"}),
    (True, {"feedback", "criticism", "critical", "review", "reviewed", "told me", "showed me",
            "pointed out", "appraisal", "rating", "coached"}),
    (False, {"difficult", "hard", "challenge", "tough", "problem", "complex", "struggling", "crisis",
             "issue", "situation", "fail", "failing", "failures", "broken", "bug", "late", "delay", "slow",
             "crash", "outage", "error", "stuck", "backlog"}),
    (True, {"news", "bad news", "told", "tell", "announce", "announced", "inform", "informed", "break",
            "honest", "explained", "called"}),
    (True, {"persuade", "convince", "influence", "buy-in", "negotiate", "agreed", "sign-off", "signed off",
            "opposed", "changed minds", "argue", "proposed", "case", "won over", "authority"}),
    (True, {"negotiate", "negotiation", "supplier", "contract", "price", "quote", "deal", "terms",
            "renewal", "renewed", "offer", "concession", "vendor"}),
    (False, {"data", "analysis", "analysed", "analyzed", "metric", "number", "measure", "dashboard",
             "report"}),
    (False, {"decision", "decide", "decided", "choice", "chose", "judgment", "judgement", "trade-off",
             "recommend"}),
    (False, {"colleague", "coworker", "teammate", "peer", "team", "nurse", "engineer", "designer"}),
    (True, {"learn", "learnt", "lesson", "grow", "training", "course", "studied", "taught", "glossary",
            "shadowing", "never used", "knew nothing", "up to speed", "modules", "tutorial",
            "documentation", "workshop", "session", "practise", "practice", "read"}),
    (True, {"mentor", "coach", "taught", "train", "trained", "junior", "graduate", "buddy", "develop",
            "guided", "shadow", "pair", "paired", "new starter", "onboard"}),
    (True, {"initiative", "nobody asked", "no one asked", "volunteered", "proactive", "own initiative",
            "noticed", "idea", "took it on", "wasn't my job", "asked if i could", "on my own", "beyond"}),
    (True, {"pressure", "stress", "stressful", "urgent", "crisis", "deadline", "busy", "alone", "sick",
            "outage", "storm", "emergency", "overnight", "tight", "panic", "calm"}),
    (True, {"creative", "creativity", "idea", "innovative", "new way", "invent", "design", "novel",
            "instead", "unusual", "different"}),
    (True, {"ethic", "ethical", "integrity", "honest", "right thing", "escalate", "escalated", "fraud",
            "policy", "altered", "compliance", "whistle", "confidential"}),
    (True, {"empathy", "listen", "listened", "support", "supported", "upset", "struggling", "cared",
            "worried", "tears", "bereavement", "feel", "felt"}),
    (False, {"communicate", "communication", "explain", "explained", "present", "presented", "update",
             "email", "meeting", "handover", "call"}),
    (True, {"budget", "cost", "costs", "money", "saving", "saved", "spend", "cheap", "£", "$", "€", "price",
            "revenue", "funding"}),
    (True, {"risk", "safety", "safe", "unsafe", "accident", "incident", "hazard", "injury", "falls",
            "security", "breach", "guard", "dangerous", "hurt", "health"}),
    (False, {"quality", "defect", "error", "accuracy", "mistake", "bug", "crash", "reject"}),
    (True, {"sale", "sales", "sell", "sold", "revenue", "deal", "deals", "quota", "pipeline", "signed",
            "client", "business"}),
    (True, {"resilience", "resilient", "setback", "kept going", "persevere", "bounce", "failed", "resat",
            "again", "rejected"}),
    (True, {"ambiguity", "ambiguous", "unclear", "uncertain", "unknown", "without all", "incomplete",
            "no reliable", "forecast", "estimate", "assum"}),
]
_TOPIC_STEMS = [frozenset(stem(w) for w in group if " " not in w and w.isalpha()) for _, group in _TOPICS]
_TOPIC_PHRASES = [tuple(w for w in group if " " in w or not w.isalpha()) for _, group in _TOPICS]
_TOPIC_STOP = QUESTION_WORDS | frozenset("""
show showed shown demonstrate demonstrated handle handled handling deal dealt make made work worked
working take took taken use used get got went come came face faced need needed want wanted
particular specific single own someone person people example instance biggest most best proud
""".split())


def topic_overlap(question: str, answer: str) -> tuple[int, bool]:
    """(question topics the answer touches: shared stems plus topic groups, whether a topic is decisive)."""
    q = {s for s in content_stems(question, _TOPIC_STOP) if not s.isdigit()}
    q_lower = question.lower()
    a = content_stems(answer)
    a_lower = answer.lower()
    hits = len(q & a)
    decisive = False
    for (is_decisive, _), stems_, phrases in zip(_TOPICS, _TOPIC_STEMS, _TOPIC_PHRASES, strict=True):
        if q & stems_ or any(p in q_lower for p in phrases):
            decisive = decisive or is_decisive
            hits += bool(a & stems_) or any(p in a_lower for p in phrases)
    return hits, decisive


def _answers_question(question: str, answer: str, story_parts: int, word_count: int) -> bool:
    """Whether the answer addresses the question, by topic overlap plus rules.

    A question naming a decisive topic (a conflict, a failure, feedback...) needs an answer that touches
    it. Otherwise only a long answer that shares no word with a behavioural question and tells no story
    is judged off-topic; word overlap cannot tell more without a model.
    """
    hits, decisive = topic_overlap(question, answer)
    if hits > 0 or decisive:
        return hits > 0
    if not is_behavioural(question):
        return True
    return story_parts >= 2 or word_count < TOO_SHORT_WORDS


_I_SUBJECT = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|myself)\b|\bby me\b", re.IGNORECASE)
_WE_SUBJECT = re.compile(r"\b(?:we|we're|we've|we'd|we'll|ourselves)\b|\bby us\b", re.IGNORECASE)


def _ownership(sentences: list[Sentence]) -> tuple[Ownership, int, int]:
    """Who acts in the action sentences, counted by subjects ("I", "we"), not possessives ("our CRM")."""
    actions = [s.text for s in sentences if "action" in s.labels] or [s.text for s in sentences]
    text = " ".join(actions)
    # A clipped bullet ("Traced the lock") has the speaker as its unspoken subject.
    implicit = sum(opens_with_past_verb(t) for t in actions)
    i_count = len(_I_SUBJECT.findall(text)) + implicit
    we_count = len(_WE_SUBJECT.findall(text))
    if i_count == 0 and we_count == 0:
        whole = " ".join(s.text for s in sentences)
        acting = len(_I_SUBJECT.findall(whole)) + len(_WE_SUBJECT.findall(whole))
        if acting == 0 and len(whole.split()) >= 8:
            return "unclear", 0, 0
    if we_count == 0 or i_count >= 2 * we_count:
        return "I", i_count, we_count
    if i_count == 0 or we_count >= 2 * i_count:
        return "we", i_count, we_count
    return "mixed", i_count, we_count


def _specific_terms(text: str, sentence_starts: set[int]) -> list[str]:
    terms: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group(0).rstrip(".")
        if match.start() in sentence_starts or word in {"I", "I'm", "I've", "I'd"}:
            if any(ch.isdigit() for ch in word):
                terms.append(word)
            continue
        if (any(ch.isdigit() for ch in word) or (word[:1].isupper() and len(word) > 1)
                or re.fullmatch(r"[A-Z]{2,6}s?", word)):
            terms.append(word)
    return terms


def _is_cased(text: str) -> bool:
    """False for speech transcripts written all in lower case (apart from a stray "I")."""
    return any(ch.isupper() for ch in re.sub(r"\bI\b", "", text))


@dataclass(frozen=True)
class _Findings:
    """What the grade is computed from (kept apart so the grading rule reads as one function)."""

    star: dict[Component, ComponentFinding]
    substantive: tuple[Component, ...]
    quantified: bool
    ownership: Ownership
    word_count: int
    specificity: float
    fillers: dict[str, int]
    hedges: dict[str, int]
    flags: tuple[str, ...]
    cased: bool = True
    content: int = 0
    situational: bool = False
    bulleted: bool = False


def _not_english(question: str, answer: str, spans: list[tuple[str, int, int]]) -> Analysis:
    """No STAR verdict for an answer in another language: score 1, flag and gap `not_english`."""
    word_count = len(_WORD.findall(answer))
    empty = ComponentFinding(False, ())
    return Analysis(
        question=question, answer=answer,
        sentences=tuple(Sentence(i, t, s, e) for i, (t, s, e) in enumerate(spans)),
        star=dict.fromkeys(COMPONENTS, empty), quantified_result=False, ownership="unclear",
        i_count=0, we_count=0, specificity=0.0, specific_terms=(), word_count=word_count,
        estimated_seconds=round(word_count / WORDS_PER_MINUTE * 60), filler_words={}, hedges={},
        answers_question=False, score=1,
        reasons=("The answer does not look like English, so it was not analysed for STAR parts:"
                 " answer in English to get feedback.",),
        gaps=("not_english",), flags=("not_english",),
    )


def analyze(question: str, answer: str) -> Analysis:
    """Analyze one answer to one question. Pure, deterministic, fast."""
    spans = split_sentences(answer)
    if answer.strip() and not looks_english(answer):
        return _not_english(question, answer, spans)
    n = len(spans)
    sentences: list[Sentence] = []
    acted = False
    for i, (text, start, end) in enumerate(spans):
        position = 0.5 if n == 1 else i / (n - 1)
        labels = label_sentence(text, position)
        if is_learning(text) and not has_measured_quantity(text):
            labels = ()  # a lesson is its own part ("learning"), reported in `Analysis.learning`
        if (not labels and acted and position >= 0.6 and len(text.split()) >= 4
                and not is_learning(text) and not _I_SUBJECT.search(text)):
            # After the actions, a closing statement about something else is what came of them.
            labels = ("result",)
        acted = acted or "action" in labels
        sentences.append(Sentence(i, text, start, end, labels))
    first_action = next((s.index for s in sentences if "action" in s.labels), n)
    for i in range(first_action):
        if not sentences[i].labels and len(sentences[i].text.split()) >= 5 and first_action < n:
            # Before the first deed, a sentence about the circumstances is the situation.
            sentences[i] = Sentence(i, *spans[i], ("situation",))
    star = {
        c: ComponentFinding(
            present=any(c in s.labels for s in sentences),
            sentences=tuple(s.index for s in sentences if c in s.labels),
        )
        for c in COMPONENTS
    }
    q_stems = frozenset(content_stems(question, _TOPIC_STOP))
    hollow = tuple(s.index for s in sentences if s.labels and is_hollow(s.text, q_stems))
    substantive = tuple(c for c in COMPONENTS
                        if any(i not in hollow for i in star[c].sentences))
    learning = tuple(s.index for s in sentences if is_learning(s.text))
    quantified = (any(measured_change(sentences[i].text) for i in star["result"].sentences)
                  or _against_baseline(sentences, star["result"].sentences))
    ownership, i_count, we_count = _ownership(sentences)
    words = _WORD.findall(answer)
    word_count = len(words)
    terms = _specific_terms(answer, {s.start for s in sentences})
    generic = len(_GENERIC.findall(answer))
    specificity = (len(terms) - 0.5 * generic) / max(word_count, 1) * 100
    fillers = count_fillers(answer)
    hedges = count_hedges(answer)
    content = len(content_words(answer, q_stems))
    flags: list[str] = []
    if _hypothetical(question, sentences):
        flags.append("hypothetical")
    on_topic = _answers_question(question, answer, sum(f.present for f in star.values()), word_count)
    if not on_topic and word_count >= 8:
        flags.append("off_topic")
    if ownership == "unclear" and word_count >= 8 and star["action"].present:
        flags.append("ownership_unclear")
    labelled = [s for s in sentences if s.labels]
    if len(hollow) >= 2 and 2 * len(hollow) >= len(labelled):
        flags.append("label_stuffing")
    if "label_stuffing" in flags:
        quantified = False  # a number in a hollow story measures nothing
    findings = _Findings(star, substantive, quantified, ownership, word_count, specificity, fillers,
                         hedges, tuple(flags), _is_cased(answer), content,
                         bool(_SITUATIONAL_Q.search(question)) and not is_behavioural(question),
                         sum(bool(_BULLET.match(line)) for line in answer.splitlines()) >= 3)
    score, reasons, gaps = _grade(findings)
    return Analysis(
        question=question,
        answer=answer,
        sentences=tuple(sentences),
        star=star,
        quantified_result=quantified,
        ownership=ownership,
        i_count=i_count,
        we_count=we_count,
        specificity=specificity,
        specific_terms=tuple(dict.fromkeys(terms))[:20],
        word_count=word_count,
        estimated_seconds=round(word_count / WORDS_PER_MINUTE * 60),
        filler_words=fillers,
        hedges=hedges,
        answers_question=on_topic,
        score=score,
        reasons=tuple(reasons),
        gaps=tuple(gaps),
        flags=tuple(flags),
        learning=learning,
        hollow=hollow,
    )


def _grade(f: _Findings) -> tuple[int, list[str], list[str]]:
    """A 1-5 score, the reasons that produced it, and the gaps ordered for follow-up probes."""
    reasons: list[str] = []
    gaps: list[str] = []
    star, word_count = f.star, f.word_count
    if word_count < 8:
        return 1, [f"Only {word_count} word(s): too short to show any STAR structure."], ["too_short"]
    present = [c for c in COMPONENTS if star[c].present]
    missing = [c for c in COMPONENTS if not star[c].present]
    hollow_parts = [c for c in present if c not in f.substantive]
    points = BASE_POINTS + PART_POINTS * len(f.substantive) + 0.2 * len(hollow_parts)
    reasons.append(
        f"STAR parts present: {', '.join(present) or 'none'} ({len(present)} of 4)"
        + (f"; missing: {', '.join(missing)}." if missing else ".")
    )
    if f.situational and "situation" not in f.substantive and star["action"].present:
        # "What would you do if..." sets the scene itself; the answer owes a plan and its outcome.
        points += PART_POINTS
        reasons.append("The question sets the situation, so the answer is not marked down for it.")
    if hollow_parts:
        reasons.append(f"Only STAR label words, no content, in: {', '.join(hollow_parts)}"
                       " (these parts earn little).")
    cap = 5.0  # flags cap the score after every other point is counted
    if "hypothetical" in f.flags:
        gaps.append("hypothetical")
        cap = 2.0
        reasons.append("You said what you would do, not what you did: the question asks for a real"
                       " example (capped at 2).")
    if "off_topic" in f.flags:
        gaps.append("off_topic")
        cap = 2.0
        reasons.append("The answer does not address the question asked (capped at 2).")
    if "label_stuffing" in f.flags:
        cap = 2.0
        reasons.append("STAR label words stand in for the story: say what happened, what you did and"
                       " what changed (capped at 2).")
    if word_count > TOO_LONG_WORDS:
        gaps.append("too_long")
        points -= 0.5
        reasons.append(f"{word_count} words is over three minutes spoken: aim for about two (-0.5).")
    elif word_count < TOO_SHORT_WORDS:
        gaps.append("too_short")
        points -= 1.0
        reasons.append(f"{word_count} words is under 20 seconds spoken: too thin to convince (-1).")
    elif word_count < BRIEF_WORDS and not f.bulleted:
        # Bullet points say in few words what prose needs many for: not marked down for brevity.
        points -= 0.5
        reasons.append(f"{word_count} words is under 30 seconds spoken: little room for detail (-0.5).")
    for gap_component in ("result", "action"):
        if not star[gap_component].present:
            gaps.append(f"missing_{gap_component}")
    if "too_short" in gaps and len(present) >= 2:
        # A short answer with some structure is best probed for what it lacks, not its length.
        gaps.remove("too_short")
        gaps.append("too_short")
    if star["result"].present and not f.quantified:
        gaps.append("unquantified_result")
        reasons.append("The result is not measured: no number attached to something that changed.")
    elif f.quantified:
        points += QUANTIFIED_POINTS
        reasons.append(f"The result is quantified (+{QUANTIFIED_POINTS:g}).")
    if f.ownership == "we":
        gaps.append("we_only")
        points -= 0.5
        reasons.append("Actions are told only as 'we': your own part is unclear (-0.5).")
    elif f.ownership == "mixed":
        reasons.append("Actions mix 'I' and 'we': make sure your own part stands out.")
    elif f.ownership == "unclear" and "ownership_unclear" in f.flags:
        gaps.append("ownership_unclear")
        points -= 0.5
        reasons.append("Nobody acts in the first person (passive voice or 'the team'): say what you"
                       " did (-0.5).")
    for component in ("task", "situation"):
        if not star[component].present:
            gaps.append(f"missing_{component}")
    # A transcript without capitals cannot show names, so it is not judged on them.
    # A plan for a hypothetical ("What would you do if...") cannot name real people or figures.
    if f.specificity < 2.0 and word_count >= TOO_SHORT_WORDS and f.cased and not f.situational:
        points -= 0.5
        reasons.append("Few specifics (names, tools, numbers): it sounds generic (-0.5).")
    filler_total = sum(f.fillers.values())
    if word_count and filler_total / word_count > 0.04:
        points -= 0.5
        reasons.append(f"{filler_total} filler words in {word_count} words (-0.5).")
    hedge_total = sum(f.hedges.values())
    if hedge_total >= 3:
        points -= 0.5
        reasons.append(f"{hedge_total} hedges ('I think', 'maybe'): state what you did with confidence (-0.5).")
    score = int(max(1, min(cap, round(points + 1e-9))))
    return score, reasons, gaps
