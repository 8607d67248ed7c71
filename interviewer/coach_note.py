"""A coaching note a small model can word without contradicting the findings: code's claims, one
model field.

Measured on 100 notes from the default 1.5B model written freely (evals/evaluate_notes.py, with
labels by a reader who never saw the gate's code), 13 of the 76 notes the gate let through still
contradicted the findings and 15 were garbled. A first version in two model fields ("you ..." and
a next step) garbled or drifted in every one of five trial notes: the small model retold the
answer at length and was cut off. So for a small model code states every claim:

- code picks the part to praise (one the analyzer found, in order result, action, task,
  situation) and the gap to work on (the analyzer's first), and writes both sentences;
- the model fills one short field under a grammar: what the story is about (its focus, a noun
  phrase of the answer's own words, such as "the monthly board reports"), which code puts into
  the praise ("Your story about the monthly board reports reaches an outcome."); a second trial
  where the model wrote the whole next step copied the prompt's example story or advised on parts
  the answer already had in 7 of 8 notes;
- code keeps the head of the phrase (up to a clause word or a word the answer lacks, at most
  seven words), checks it (the answer's words, no STAR part, judgement or figure) and assembles
  the note. Anything that fails leaves the template note.

A third version quoted the candidate's sentence for the praised part: an independent reader found
39 of 83 shown notes false about the answer, mostly because the quoted sentence was not that part
(the analyzer's sentence labels are less reliable than its answer-level findings), and 12 read
"tell what you did yourself" as saying the actions were missing where the analyzer found them
(a "we"-only answer). So the note names the part without quoting. The next round (no quotes)
still had 15/110 contradictions, all that "we" advice; and notes on "How would you handle...?"
questions praised stories that were not there. So a "we"-only note first says the team's steps
come through, and questions that do not ask for a past story get the template note.

A capable model (free wording) still writes the whole note; `feedback.word_summary` chooses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from interviewer import templates
from interviewer.llm.base import ChatMessage, Prompt
from interviewer.prompting import truncate
from interviewer.star import Analysis, is_behavioural
from interviewer.text import content_stems, stem
from interviewer.text import words as words_of

NOTE_ANSWER_TOKENS = 200
FOCUS_WORDS = (2, 9)
_GLUE = frozenset("the a an of for in on at to with and your project problem work issue case "
                  "process".split())
"""Words a focus may add to the answer's own: joining words and the nouns the prompt asks for
(every other word must be one of the answer's, compared by stem)."""
MAX_WORD_CHARS = 18

# The part praised, in order of preference, and how code says it is there, around the story's focus.
_PRAISE_ORDER = ("result", "action", "task", "situation")
_PRAISE = {
    "result": "Your story about {focus} reaches an outcome.",
    "action": "Your own steps on {focus} come through.",
    "task": "Your responsibility in {focus} is clear.",
    "situation": "You set the scene for {focus}.",
}
# Gaps a model can make specific: code's advice, in full.
_GAP = {
    "missing_result": "To finish the story, say what came of it in the end.",
    "unquantified_result": "To show the size of the result, put a number on what changed.",
    "missing_action": "To show what you did, walk through the steps you took yourself.",
    "missing_task": "To make your part clear, say what you were responsible for.",
    "missing_situation": "To set the scene, open with where things stood and why it mattered.",
    "we_only": "To make your own part stand out, say which of them you took, with 'I'.",
}
# A "we"-only story has actions (the team's): the praise says so, so the advice reads as asking
# for the candidate's share of them, not as saying there were none.
_TEAM_PRAISE = "Your team's steps on {focus} come through."
# Steps told in the passive or about others: there, but nobody's in particular.
_UNOWNED_PRAISE = "You lay out the steps taken on {focus}."
# Words a focus must not hold: a STAR part, a judgement, the interview itself.
_NOT_A_FOCUS = re.compile(r"\b(?:situation|context|task|responsib\w*|actions?|steps?|results?|outcomes?|"
                          r"impact|star|score\w*|candidate|interviewee|answer|story|great|good|"
                          r"excellent|strong|weak|impressive|question)\b", re.IGNORECASE)
_LINE = re.compile(r"^focus:\s*(?P<focus>[^\n]+?)\s*\.?\s*$", re.IGNORECASE)
_OWN = {"my": "your", "our": "the", "i": "you", "me": "you"}

# The field's shape for llama.cpp: the story's focus as a short noun phrase opening with "the" (at
# most ten words, so a model is never forced to run words together; longer than FOCUS_WORDS is
# refused). Every word is then checked against the answer's own words.
FIELDS_GBNF = r"""
root ::= "focus: the " plain (" " plain){0,9} "\n"
plain ::= [a-zA-Z0-9'-]{1,18}
"""


@dataclass(frozen=True)
class Plan:
    """What code decided the note says: the part praised, the gap, and both sentences (the praise
    waits for the story's focus)."""

    part: str | None
    gap: str | None
    praise: str
    advice: str


def plan(analysis: Analysis) -> Plan:
    """The part to praise and the gap to work on, from the findings alone."""
    part = next((p for p in _PRAISE_ORDER if analysis.star[p].present), None)  # type: ignore[index]
    if analysis.question and not is_behavioural(analysis.question):
        # "How would you handle...", "Why should we hire you?": no story to praise a part of.
        part = None
    # An off-topic, hypothetical or non-English answer needs the template's plain advice first.
    gap = analysis.gaps[0] if analysis.gaps and analysis.gaps[0] in _GAP else None
    praise = _PRAISE[part] if part else ""
    if gap == "we_only" and part is not None and analysis.star["action"].present:
        part, praise = "action", _TEAM_PRAISE
    elif part == "action" and analysis.ownership in {"we", "unclear"}:
        # The steps are there but not told as the candidate's own: praise never says "your own".
        praise = _TEAM_PRAISE if analysis.ownership == "we" else _UNOWNED_PRAISE
    advice = _GAP[gap] if gap else ""
    return Plan(part, gap, praise, advice)


def prompt(analysis: Analysis, prompts_dir: Path, fallback: str) -> Prompt | None:
    """The focus prompt, or None when there is nothing a model could make specific."""
    decided = plan(analysis)
    if decided.part is None or decided.gap is None:
        return None
    user = templates.render(
        templates.load(prompts_dir, "note_fields"), "note_fields.txt",
        question=analysis.question or "(not given)",
        answer=truncate(analysis.answer, NOTE_ANSWER_TOKENS),
    )
    system = templates.load(prompts_dir, "critique_system").strip()
    return Prompt((ChatMessage("system", system), ChatMessage("user", user)), draft=fallback,
                  max_tokens=20, temperature=0.1, shape="note_fields")


def focus_problem(focus: str, analysis: Analysis) -> str | None:
    """Why the model's focus cannot go into the note, or None."""
    words = focus.split()
    if not FOCUS_WORDS[0] <= len(words) <= FOCUS_WORDS[1]:
        return f"the focus has {len(words)} words"
    if any(len(w) > MAX_WORD_CHARS for w in words):
        return "the focus runs words together"
    named = _NOT_A_FOCUS.search(focus)
    if named:
        return f"the focus names the interview or judges it ({named.group(0)!r})"
    own = _answer_words(analysis.answer)
    foreign = [w for w in words_of(focus) if not _from_answer(w.lower(), own)]
    if foreign:
        return f"the focus is not in the answer's words ({foreign[0]!r})"
    if not content_stems(focus):
        return "the focus has no content word"
    return None


def _answer_words(answer: str) -> dict[str, int]:
    """The answer's word stems, each with the length of its longest word."""
    own: dict[str, int] = {}
    for word in words_of(answer):
        key = stem(word)
        own[key] = max(own.get(key, 0), len(word))
    return own


def _from_answer(word: str, own: dict[str, int]) -> bool:
    """A joining word, or one of the answer's words in another form ("training" for "trained");
    not several of them run together ("monthlyreports")."""
    return word in _GLUE or len(word) <= own.get(stem(word), -9) + 3


def _second_person(focus: str) -> str:
    return " ".join(_OWN.get(w.lower(), w) for w in focus.split())


_TRAILING = frozenset("the a an of for in on at to with and into from by about over under across "
                      "through onto off out up".split())
"""Words a focus may not end on."""
_CLAUSE_WORDS = frozenset("is are was were be been because which that who whom to during by since "
                          "while when as where after before so but".split())


_PREPOSITIONS = frozenset("of for in on at with from over under about into across through after "
                          "among between".split())
_PRONOUNS = frozenset("i you he she it we they me him her us them my your his its our their this "
                      "these those".split())
_NUMBER = re.compile(r"\d[\d,.%]*|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
                     r"million|billion|dozen")


def trim_focus(focus: str, answer: str) -> str:
    """The noun phrase at the head of the model's focus: cut where a clause starts or at the first
    word the answer does not contain, at most FOCUS_WORDS[1] words. A phrase cut mid-way ("the
    launch for the pet" of "the launch for the pet food brand") loses its unfinished prepositional
    tail, and the phrase ends on a noun: no dangling "for"/"the", pronoun, number, participle or
    possessive."""
    own = _answer_words(answer)
    kept: list[str] = []
    cut_mid_phrase = False
    for word in focus.split():
        bare = word.strip(",;:'\"").lower()
        if bare in _CLAUSE_WORDS:
            break
        if not _from_answer(bare, own) or len(kept) == FOCUS_WORDS[1]:
            cut_mid_phrase = True
            break
        kept.append(word.strip(",;:"))
    if cut_mid_phrase:
        tails = [i for i, w in enumerate(kept) if i >= 2 and w.lower() in _PREPOSITIONS]
        if tails:
            kept = kept[:tails[-1]]
    while kept:
        last = kept[-1].lower()
        if (last in _TRAILING or last in _PRONOUNS or _NUMBER.fullmatch(last)
                or (last in _GLUE and stem(last) not in own)  # "project" the model added
                or (len(kept) > 2 and last.endswith("ed") and not last.endswith("eed"))):
            kept.pop()
            continue
        if last.endswith("'s"):
            kept[-1] = kept[-1][:-2]
        break
    return " ".join(kept)


def assemble(raw: str, analysis: Analysis) -> tuple[str | None, str]:
    """The note from the model's field, or None and why not."""
    decided = plan(analysis)
    if decided.part is None or decided.gap is None:
        return None, "nothing in the findings for a model to make specific"
    match = _LINE.match(raw.strip())
    if match is None:
        return None, "the model's reply is not the focus field"
    focus = trim_focus(_second_person(match.group("focus").strip(" ,-'")), analysis.answer)
    why = focus_problem(focus, analysis)
    if why is not None:
        return None, why
    return f"{decided.praise.format(focus=focus)} {decided.advice}", "worded in fields"
