"""What the candidate's story is about, in their own words: one short field a small model fills.

A small model is good at one thing here and unreliable at the rest: naming the piece of work an
answer is about ("the monthly board reports"). Both the coaching note (`coach_note`) and the
interviewer's acknowledgement (`wording`, mode "focus") ask it for only that, under a grammar, and
code keeps the head of the phrase, checks that every word is the candidate's own, and says it back
in a sentence code wrote. Anything that fails the checks is dropped: nothing else depends on it.
"""

from __future__ import annotations

import re
from pathlib import Path

from interviewer import templates
from interviewer.llm.base import ChatMessage, Prompt
from interviewer.prompting import truncate
from interviewer.text import content_stems, stem
from interviewer.text import words as words_of

ANSWER_TOKENS = 200
"""How much of the candidate's answer the model reads (the head of a long answer names its topic)."""

FOCUS_WORDS = (2, 9)
_GLUE = frozenset("the a an of for in on at to with and your project problem work issue case "
                  "process".split())
"""Words a focus may add to the answer's own: joining words and the nouns the prompt asks for
(every other word must be one of the answer's, compared by stem)."""
MAX_WORD_CHARS = 18

# Words a focus must not hold: a judgement, the interview itself; and a STAR part named as such
# ("the results", "your actions"), though a STAR word inside a name is the candidate's subject
# ("the lab results cycle", "the disciplinary action plan").
_NOT_A_FOCUS = re.compile(r"\b(?:star|score\w*|candidate|interviewee|answer|story|great|good|excellent|"
                          r"strong|weak|impressive|question)\b|(?:^|\b(?:the|a|an|your|my|our|their|"
                          r"his|her|its)\s+)(?:situation|context|task|responsib\w*|actions?|steps?|"
                          r"results?|outcomes?|impact)\b", re.IGNORECASE)
_LINE = re.compile(r"^focus:\s*(?P<focus>[^\n]+?)\s*\.?\s*$", re.IGNORECASE)
_OWN = {"my": "your", "our": "the", "i": "you", "me": "you"}

# The field's shape for llama.cpp: the story's focus as a short noun phrase opening with "the" (at
# most ten words, so a model is never forced to run words together; longer than FOCUS_WORDS is
# refused). Every word is then checked against the answer's own words.
FOCUS_GBNF = r"""
root ::= "focus: the " plain (" " plain){0,9} "\n"
plain ::= [a-zA-Z0-9'-]{1,18}
"""


def focus_problem(focus: str, text: str) -> str | None:
    """Why a focus cannot be said back to the candidate, or None. `text` is what they said: every
    word of the focus must be theirs."""
    words = focus.split()
    if not FOCUS_WORDS[0] <= len(words) <= FOCUS_WORDS[1]:
        return f"the focus has {len(words)} words"
    if any(len(w) > MAX_WORD_CHARS for w in words):
        return "the focus runs words together"
    content = [w.lower() for w in words if w.lower() not in _GLUE]
    if len(content) != len(set(content)):
        return "the focus repeats a word"
    named = _NOT_A_FOCUS.search(focus)
    if named:
        return f"the focus names the interview or judges it ({named.group(0)!r})"
    own = _answer_words(text)
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


def second_person(focus: str) -> str:
    """"my project" said back to the candidate: "your project"."""
    return " ".join(_OWN.get(w.lower(), w) for w in focus.split())


_TRAILING = frozenset("the a an of for in on at to with and into from by about over under across "
                      "through onto off out up".split())
"""Words a focus may not end on."""
_CLAUSE_WORDS = frozenset("is are was were be been because which that who whom to during by since "
                          "while when as where after before so but if than then".split())
# Verbs end a noun phrase: a phrase that runs on into one is a clause ("the coffee machine broke").
_OBJECT_STARTS = frozenset("a an the my our his her their its it them this that to by with in on at "
                           "for from up down out off".split())
_VERBS = frozenset("do does did done doing has have had having goes went gone makes made takes "
                   "took gets got gave broke came said told wanted knew thought felt saw kept ran "
                   "can could would should will may might must i you he she it we they".split())


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
    given = focus.split()
    for index, word in enumerate(given):
        bare = word.strip(",;:'\"").lower()
        after = given[index + 1].lower() if index + 1 < len(given) else ""
        if bare in _CLAUSE_WORDS or bare in _VERBS or (
                len(kept) >= 2 and bare.endswith("ed") and not bare.endswith("eed")
                and (not after or after in _OBJECT_STARTS)):
            # a clause starts: a verb, or a past tense after the phrase's head that takes an
            # object ("the COO wanted a pay rise"), not a participle before a noun ("the
            # abandoned baskets")
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


# For an interviewer turn: the same shape, but the phrase may not open on "project" or "problem"
# (the model's "the project to help the senior driver..." trims to nothing; made to start on
# another word it names the subject: "the new driver's route problem", measured 10 of 11).
TURN_GBNF = r"""
root ::= "focus: the " first (" " plain){0,9} "\n"
plain ::= [a-zA-Z0-9'-]{1,18}
first ::= [a-oq-zA-OQ-Z0-9] [a-zA-Z0-9'-]{0,17} | [pP] p1
p1 ::= ( [a-qs-zA-QS-Z0-9'-] [a-zA-Z0-9'-]{0,16} | [rR] p2 )?
p2 ::= ( [a-np-zA-NP-Z0-9'-] [a-zA-Z0-9'-]{0,15} | [oO] p3 )?
p3 ::= ( [ac-ik-zAC-IK-Z0-9'-] [a-zA-Z0-9'-]{0,14} )?
"""


def prompt(question: str, answer: str, prompts_dir: Path, *, draft: str = "",
           template: str = "note_fields", answer_tokens: int = ANSWER_TOKENS,
           grammar: str | None = None) -> Prompt:
    """The focus prompt: the coach's fixed system prompt (its saved state is shared by every
    focus call) and the template with the question and the head of the answer. An interviewer
    turn uses `turn_focus`, whose instruction comes before the answer so only the answer is new
    text for the model to read, and a shorter head of the answer (the candidate is waiting)."""
    user = templates.render(
        templates.load(prompts_dir, template), f"{template}.txt",
        question=question or "(not given)",
        answer=truncate(answer, answer_tokens),
    )
    system = templates.load(prompts_dir, "critique_system").strip()
    return Prompt((ChatMessage("system", system), ChatMessage("user", user)), draft=draft,
                  max_tokens=20, temperature=0.1, shape="focus", grammar=grammar)


def spoken(raw: str, answer: str) -> tuple[str | None, str]:
    """The focus as an interviewer says it back: only the first of joined items ("the repair
    process and customer" -> "the repair process": a reader found the joins garbled or half-true
    in 6 of 42 lines), and more than a generic noun ("the project" named nothing)."""
    named, why = read(raw, answer)
    if named is None:
        return None, why
    head = named.split(" and ")[0]
    if head != named:
        problem = focus_problem(head, answer)
        if problem is not None:
            return None, problem
    if not [w for w in head.lower().split()[1:] if w not in _GLUE]:
        return None, "the focus names nothing in particular"
    return head, ""


def read(raw: str, answer: str) -> tuple[str | None, str]:
    """The focus in a model's reply, said to the candidate and trimmed to a checked noun phrase;
    or None and why not."""
    match = _LINE.match(raw.strip())
    if match is None:
        return None, "the model's reply is not the focus field"
    focus = trim_focus(second_person(match.group("focus").strip(" ,-'")), answer)
    why = focus_problem(focus, answer)
    return (None, why) if why is not None else (focus, "")
