"""STAR analysis in pure code: sentences, Situation/Task/Action/Result labels, and measured findings.

Deterministic and offline. Each sentence is labelled by weighted cue patterns (explainable: the
UI shows the label of every sentence and the reasons behind the score). Figures for the method
on the project's development set are in README and come from `evals/evaluate_star.py`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

Component = Literal["situation", "task", "action", "result"]
COMPONENTS: tuple[Component, ...] = ("situation", "task", "action", "result")
Ownership = Literal["I", "we", "mixed"]

WORDS_PER_MINUTE = 150
TARGET_SECONDS = 120
TOO_SHORT_WORDS = 40
TOO_LONG_WORDS = 420
BRIEF_WORDS = 100  # under ~40 seconds spoken: rarely room for all four parts with detail
PART_POINTS = 0.75  # each STAR part present; a full, measured answer reaches 4.5

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
    r"and that|because of that|as a result|at the end|and (?:i|we|they|he|she|it)|by the end)\b)",
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


def _split_line(line: str, offset: int) -> list[tuple[int, int]]:
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
        result.extend(_split_runon(line, s, e))
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


def split_sentences(text: str) -> list[tuple[str, int, int]]:
    """Split an answer into sentences: (text, start, end), robust to abbreviations, decimals,
    bullet lists and transcripts without capitals or punctuation."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        bullet = _BULLET.match(body)
        skip = bullet.end() if bullet else 0
        spans.extend(_split_line(body[skip:], offset + skip))
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
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
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
    (0.8, _rx(r"\b(?:was|were)\b")),
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
              r"\bi (?:wanted|was trying|tried|aimed|had been asked) to\b", r"\bthe aim\b")),
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
              r"\bfrom [^.]{1,30} to [^.]{1,30}", r"\b\d+(?:\.\d+)?\s?(?:%|percent|x\b|times)",
              r"\b(?:i|we) (?:learned|learnt|realised|realized)\b", r"\blesson\b",
              r"\bsince then\b", r"\bto this day\b", r"\bstill (?:use|in use|running|used)\b",
              r"\b(?:got|was) promoted\b", r"\bthat would (?:mean|give|let|cut|reduce|save)\b",
              r"\b(?:on time|ahead of schedule|under budget|early)\b",
              r"\bsigned (?:off|the)\b", r"\brenewed\b",
              r"\b(?:taught|showed) me\b", r"\bby the end\b", r"\bhave(?:n't| not)? (?:had|seen)\b.{0,30}\bsince\b",
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

_POSITION_PRIOR: dict[Component, tuple[float, float]] = {
    # bonus for (first third, last third) of the answer
    "situation": (0.5, -0.4),
    "task": (0.3, -0.3),
    "action": (0.0, 0.0),
    "result": (-0.4, 0.5),
}

_FILLERS = _rx(r"\bum+\b", r"\buh+\b", r"\berm?\b", r"\bah+\b", r"\bhmm+\b", r"\byou know\b",
               r"\bi mean\b", r"(?:^|,\s*)like(?=\s*,)", r"\blike,", r"\bbasically\b",
               r"\bliterally\b", r"\bso yeah\b", r"\byou see\b", r"\bactually\b")
_HEDGES = _rx(r"\bi think\b", r"\bmaybe\b", r"\bperhaps\b", r"\bi guess\b", r"\bprobably\b",
              r"\bsort of\b", r"\bkind of\b", r"\bi believe\b", r"\bmight\b", r"\bnot sure\b",
              r"\bhopefully\b", r"\bsomewhat\b", r"\bi suppose\b", r"\bmore or less\b",
              r"\bi'm not sure\b", r"\bpossibly\b")
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
    r"\b(?:within|in|after|over|for|during|by|around|about|inside|under|of|every|each|per|a|the|"
    r"next|first|last|past)\s+(?:the\s+)?(?:next\s+|first\s+|last\s+|following\s+)?(?:a|an|one|two|"
    r"three|four|five|six|seven|eight|nine|ten|twelve|a few|several|couple of|\d+)\s+" + _TIME_UNIT + r"\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DATE = re.compile(r"\b(?:q[1-4]|\d{1,2}(?:st|nd|rd|th))\b", re.IGNORECASE)


_BASELINE = _rx(r"\b(?:had|'d) (?:already |just )?(?:hit|slipped|grown|fallen|dropped|risen|climbed|"
                r"reached|crept|been (?:running|averaging|stuck|hovering|sitting))\b",
                r"\bwas (?:averaging|running at|hovering|sitting at|stuck at)\b")


def _score_labels(text: str, position: float) -> dict[Component, float]:
    scores: dict[Component, float] = {}
    for name, table in (("situation", _SITUATION), ("task", _TASK), ("action", _ACTION),
                        ("result", _RESULT)):
        total = 0.0
        for weight, pattern in table:
            hits = len(pattern.findall(text))
            if hits:
                total += weight + 0.3 * min(hits - 1, 2)
        early, late = _POSITION_PRIOR[name]  # type: ignore[index]
        if total:
            if position < 0.34:
                total += early
            elif position > 0.66:
                total += late
        scores[name] = total  # type: ignore[index]
    if _BASELINE.search(text):
        # "had hit 14%" states the starting point in the past perfect: a baseline, not an outcome.
        scores["result"] = max(0.0, scores["result"] - 1.5)
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
        }


_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*")
_STOP = set(
    ["a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "with", "about", "from", "by", "as", "is", "are", "was", "were", "be", "been", "you", "your", "yours", "me", "my", "i", "we", "our", "us", "they", "them", "their", "it", "its", "this", "that", "these", "those", "what", "when", "where", "which", "who", "whom", "how", "why", "would", "could", "should", "can", "will", "do", "did", "does", "have", "has", "had", "tell", "describe", "give", "example", "time", "times", "walk", "through", "talk", "share", "situation", "one", "some", "any", "there", "thing", "things", "way", "ways", "like", "most", "more", "very", "really", "just", "let", "know", "think"]
)
_SYNONYMS = [
    {"fail", "failure", "failed", "mistak", "wrong", "error", "setback", "missed", "miss", "lost"},
    {"conflict", "disagre", "argument", "tension", "clash", "dispute", "pushback", "friction", "upset"},
    {"deadline", "late", "schedule", "urgent", "tight", "rush", "deliver"},
    {"lead", "led", "leader", "leadership", "manag", "mentor", "team"},
    {"customer", "client", "user", "patient", "guest", "stakeholder"},
    {"priorit", "urgent", "compet", "juggl", "balanc", "workload"},
    {"chang", "shift", "pivot", "reorg", "adapt", "new"},
    {"improv", "better", "faster", "reduc", "increas", "optimi"},
    {"strateg", "vision", "long-term", "future", "direction", "plan"},
    {"feedback", "criticism", "critic", "review"},
    {"difficult", "hard", "challeng", "tough", "problem", "complex"},
    {"persuad", "convinc", "influenc", "buy-in", "negotiat"},
    {"data", "analy", "metric", "number", "measur"},
    {"decision", "decid", "choice", "chose", "judgment", "trade"},
    {"colleague", "coworker", "teammate", "peer", "team"},
    {"learn", "learnt", "lesson", "grow"},
]


def _stems(text: str) -> set[str]:
    words = {w.lower().strip(".'’-") for w in _WORD.findall(text)}
    # A five-letter prefix is a crude stem that still joins "costs"/"cost", "reduced"/"reducing".
    return {w[:5] for w in words if w and w not in _STOP and len(w) > 2}


def _answers_question(question: str, answer: str, components: int) -> bool:
    q = _stems(question)
    if not q:
        return True
    a = _stems(answer)
    if q & a:
        return True
    for group in _SYNONYMS:
        if any(any(s.startswith(g[:5]) or g.startswith(s) for g in group) for s in q) and any(
            any(s.startswith(g[:5]) or g.startswith(s) for g in group) for s in a
        ):
            return True
    # Word overlap misses paraphrases, so a story with some structure (2+ STAR parts) gets the
    # benefit of the doubt; unstructured text that shares no word with the question does not.
    return components >= 2


def _ownership(sentences: list[Sentence]) -> tuple[Ownership, int, int]:
    actions = [s.text for s in sentences if "action" in s.labels] or [s.text for s in sentences]
    text = " ".join(actions)
    i_count = len(re.findall(r"\b(?:i|i'm|i've|i'd|i'll|me|my|myself)\b", text, re.IGNORECASE))
    we_count = len(re.findall(r"\b(?:we|we're|we've|we'd|we'll|us|our|ourselves)\b", text,
                              re.IGNORECASE))
    if we_count == 0 or i_count >= 3 * we_count:
        return "I", i_count, we_count
    if i_count == 0 or we_count >= 3 * i_count:
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


def _count(pattern: re.Pattern[str], text: str) -> dict[str, int]:
    counts = Counter(m.group(0).lower().strip(" ,") for m in pattern.finditer(text))
    return dict(sorted(counts.items()))


def analyze(question: str, answer: str) -> Analysis:
    """Analyze one answer to one question. Pure, deterministic, fast."""
    spans = split_sentences(answer)
    n = len(spans)
    sentences: list[Sentence] = []
    for i, (text, start, end) in enumerate(spans):
        position = 0.5 if n == 1 else i / (n - 1)
        sentences.append(Sentence(i, text, start, end, label_sentence(text, position)))
    star = {
        c: ComponentFinding(
            present=any(c in s.labels for s in sentences),
            sentences=tuple(s.index for s in sentences if c in s.labels),
        )
        for c in COMPONENTS
    }
    result_text = " ".join(sentences[i].text for i in star["result"].sentences)
    quantified = bool(result_text) and has_measured_quantity(result_text)
    ownership, i_count, we_count = _ownership(sentences)
    words = _WORD.findall(answer)
    word_count = len(words)
    terms = _specific_terms(answer, {s.start for s in sentences})
    generic = len(_GENERIC.findall(answer))
    specificity = (len(terms) - 0.5 * generic) / max(word_count, 1) * 100
    fillers = _count(_FILLERS, answer)
    hedges = _count(_HEDGES, answer)
    present = sum(f.present for f in star.values())
    on_topic = _answers_question(question, answer, present)
    score, reasons, gaps = _grade(star, quantified, ownership, word_count, specificity, fillers,
                                  hedges, on_topic, _is_cased(answer))
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
    )


def _grade(
    star: dict[Component, ComponentFinding],
    quantified: bool,
    ownership: Ownership,
    word_count: int,
    specificity: float,
    fillers: dict[str, int],
    hedges: dict[str, int],
    on_topic: bool,
    cased: bool = True,
) -> tuple[int, list[str], list[str]]:
    """A 1-5 score, the reasons that produced it, and the gaps ordered for follow-up probes."""
    reasons: list[str] = []
    gaps: list[str] = []
    if word_count < 8:
        return 1, [f"Only {word_count} word(s): too short to show any STAR structure."], ["too_short"]
    present = [c for c in COMPONENTS if star[c].present]
    missing = [c for c in COMPONENTS if not star[c].present]
    points = 1.0 + PART_POINTS * len(present)
    reasons.append(
        f"STAR parts present: {', '.join(present) or 'none'} ({len(present)} of 4)"
        + (f"; missing: {', '.join(missing)}." if missing else ".")
    )
    if not on_topic:
        gaps.append("off_topic")
        points = min(points, 2.0)
        reasons.append("The answer does not address the question asked (capped at 2).")
    if word_count > TOO_LONG_WORDS:
        gaps.append("too_long")
        points -= 0.5
        reasons.append(f"{word_count} words is over three minutes spoken: aim for about two (-0.5).")
    elif word_count < TOO_SHORT_WORDS:
        gaps.append("too_short")
        points -= 1.0
        reasons.append(f"{word_count} words is under 20 seconds spoken: too thin to convince (-1).")
    elif word_count < BRIEF_WORDS:
        points -= 0.5
        reasons.append(f"{word_count} words is under 40 seconds spoken: little room for detail (-0.5).")
    for gap_component in ("result", "action"):
        if not star[gap_component].present:
            gaps.append(f"missing_{gap_component}")
    if "too_short" in gaps and len(present) >= 2:
        # A short answer with some structure is best probed for what it lacks, not its length.
        gaps.remove("too_short")
        gaps.append("too_short")
    if star["result"].present and not quantified:
        gaps.append("unquantified_result")
        reasons.append("The result is not measured: no number, percentage, amount or time saved.")
    elif quantified:
        points += 0.5
        reasons.append("The result is quantified (+0.5).")
    if ownership == "we":
        gaps.append("we_only")
        points -= 0.5
        reasons.append("Actions are told only as 'we': your own part is unclear (-0.5).")
    elif ownership == "mixed":
        reasons.append("Actions mix 'I' and 'we': make sure your own part stands out.")
    for component in ("task", "situation"):
        if not star[component].present:
            gaps.append(f"missing_{component}")
    # A transcript without capitals cannot show names, so it is not judged on them.
    if specificity < 2.0 and word_count >= TOO_SHORT_WORDS and cased:
        points -= 0.5
        reasons.append("Few specifics (names, tools, numbers): it sounds generic (-0.5).")
    filler_total = sum(fillers.values())
    if word_count and filler_total / word_count > 0.04:
        points -= 0.5
        reasons.append(f"{filler_total} filler words in {word_count} words (-0.5).")
    hedge_total = sum(hedges.values())
    if hedge_total >= 3:
        points -= 0.5
        reasons.append(f"{hedge_total} hedges ('I think', 'maybe'): state what you did with confidence (-0.5).")
    score = int(max(1, min(5, round(points + 1e-9))))
    return score, reasons, gaps
