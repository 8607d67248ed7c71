"""The analysis of one answer: labels, findings, flags, ownership and the 1-5 grade."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from interviewer.star import learned, relevance
from interviewer.star.content import (
    _DEED_OPENING,
    _PARTICIPLE,
    _WORD,
    _against_baseline,
    _counted,
    _is_cased,
    _specific_terms,
    _state_after,
    _units,
    against_plan,
    compares_figures,
    content_words,
    counts_an_outcome,
    is_hollow,
    measured_change,
    moves_figure,
    outturn,
    states_plan,
    tells_before_and_after,
)
from interviewer.star.cues import (
    _EXPLICIT_RESULT,
    _GENERIC,
    _OUTCOME_VERBS,
    has_measured_quantity,
    is_baseline,
    is_learning,
    is_lesson,
    is_preamble,
    label_sentence,
    opens_with_past_verb,
)
from interviewer.star.model import (
    BASE_POINTS,
    BRIEF_WORDS,
    CLAUSES_PER_SPOKEN_STEP,
    COMPONENTS,
    POINTS,
    STEPS_TOLD,
    TOO_LONG_WORDS,
    TOO_SHORT_WORDS,
    WORDS_PER_MINUTE,
    Analysis,
    Component,
    ComponentFinding,
    Ownership,
    Sentence,
)
from interviewer.star.persona import is_persona, persona_grade
from interviewer.star.question import (
    _TOPIC_STOP,
    OFF_TOPIC_DOUBT_ODDS,
    _answers_question,
    _hypothetical,
    asks_about_a_failure,
    is_behavioural,
    is_situational,
    on_topic_odds,
    what_it_misses,
)
from interviewer.star.relevance import Similarity
from interviewer.star.sentences import _BULLET, is_unpunctuated, split_sentences
from interviewer.text import content_stems, count_fillers, count_hedges, looks_english, looks_past_tense

_I_SUBJECT = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|myself)\b|\bby me\b", re.IGNORECASE)
_MODAL_OPENING = re.compile(r"\b(?:i|we)\s*(?:would|will|'d|'ll)\b|\b(?:i|we)(?:'m| am| are|'re) going to\b",
                            re.IGNORECASE)
# "would" and its kin; "'d" before a past participle is "had" ("I'd filled all fourteen roles by March").
# "I'd cut it to three" and "I'd set up" stay ambiguous, read as "would".
_MODAL = re.compile(r"\b(?:would|will|might|should|could)\b|'ll\b|'d\b(?!\s+(?:already\s+|just\s+|also\s+)?"
                    r"(?!(?:cut|put|set|hit|run|let|need|feed|proceed|succeed|exceed)\b)"
                    r"(?:" + _PARTICIPLE + r"|\w+ed)\b)", re.IGNORECASE)
_SEQUENCE_OPENING = re.compile(r"^\W*(?:first|firstly|to start|to begin|my first)\b", re.IGNORECASE)
# The outcome said first and the story promised: "let me explain how", "here's how we did it".
_PROMISES_STORY = re.compile(r"\b(?:the short version is|long story short|in a nutshell|the headline is|"
                             r"let me (?:explain|tell|walk)|i'll (?:explain|tell you|walk)|"
                             r"i will (?:explain|tell you|walk)|here's how|here is how|this is how|"
                             r"how (?:we|i) (?:did|got) (?:it|there)|"
                             r"(?:i|we) can (?:explain|tell you|walk you)|"
                             r"(?:that|this)(?:'s| is| was) the "
                             r"(?:one|job|project|story|example|time|piece of work) "
                             r"(?:i'?d|i would|i want) (?:like )?to (?:talk|tell|describe|share)|"
                             # the outcome said first and put down to the speaker: "and that started with
                             # something I changed", "and I'd put most of that down to one change I made"
                             r"(?:that|it|this|most of (?:that|it)) (?:came from|started with|"
                             r"was (?:mainly |mostly |largely |all |really )?down to) "
                             r"(?:a|an|one|something|the)\b|"
                             # the outcome said first as what the speaker is proudest of: "and that's the
                             # thing I'm proudest of", "it's the result I'm most proud of"
                             r"(?:that|it|this)(?:'s| is| was) (?:the|my) (?:[\w-]+ )?"
                             r"(?:thing|result|achievement|one|piece of work) (?:i'm|i am|i was|i feel) "
                             r"(?:most |really |particularly )?proud(?:est)?|"
                             r"i'?d put (?:most of |a lot of )?(?:that|it) down to|"
                             r"(?:that|it)(?:'s| is| was) something (?:i|we) (?:led|did|started|changed))\b",
                             re.IGNORECASE)
# What others did in answer to the deed, in the same sentence: "..., and he redid them", "and the auditors
# signed them off", "but they agreed" (not a purpose: "so she was working with someone who knew").
_CONSEQUENCE = re.compile(r"(?:,\s*|\s)(?:and|but)\s+(?:then\s+|in the end\s+|eventually\s+)?"
                          r"(?:he|she|they|it|everyone|everybody|nobody|the [\w-]+(?: [\w-]+)?)\s+"
                          r"(?:\w+ly\s+)?([a-z']+)",
                          re.IGNORECASE)
_CONSEQUENCE_VERBS = frozenset("was were went came got left made took gave said told kept stayed won".split())
_WE_SUBJECT = re.compile(r"\b(?:we|we're|we've|we'd|we'll|ourselves)\b|\bby us\b", re.IGNORECASE)


# A sentence that opens on the name of its STAR part: "Situation -", "The action I took was", "In terms of
# result,".
_NAMES_ITS_PART = re.compile(r"^\W*(?:so,?\s+)?(?:(?:the |in terms of (?:the )?|my |as for (?:the )?)?"
                             r"(?:situation|task|action|actions|result|results|learning|learnings|outcome|"
                             r"context|challenge)s?(?: and (?:the )?(?:task|action|result)s?)?"
                             r"(?: i took| taken)?\s*(?:was|were|is|:|-|–|,)|i took action\b|as a result\b)",
                             re.IGNORECASE)
# Fewer content words than this per sentence, on average, in such an outline: the labels carry it. Strong
# answers told under STAR headings carry 4-7 (measured on the development set).
_OUTLINE_CONTENT = 4.0


def _labelled_outline(sentences: list[Sentence]) -> bool:
    """Three or more sentences opening on the name of their STAR part, with little said in them: the
    labels stand in for the story ("Situation - our logistics were inefficient. Task - to optimise
    them...")."""
    if sum(bool(_NAMES_ITS_PART.search(s.text)) for s in sentences) < 3:
        return False
    return sum(len(content_words(s.text)) for s in sentences) / len(sentences) < _OUTLINE_CONTENT


def _bullet_deed(text: str) -> bool:
    """A clipped bullet that opens on its past-tense verb: "Introduced a weekly check", "Set up alerts"."""
    words = text.lstrip("-•*·– \t").split()
    if not words or not words[0][:1].isupper() or not opens_with_past_verb(text):
        return False
    first = words[0].lower().strip(",.;:")
    return (looks_past_tense(first) or first in _IRREGULAR_DEEDS) and first not in _OUTCOME_VERBS


_IRREGULAR_DEEDS = frozenset("set put cut ran led built wrote made took got sent".split())


def _ownership(sentences: list[Sentence]) -> tuple[Ownership, int, int]:
    """Who acts in the action sentences, counted by subjects ("I", "we"), not possessives ("our CRM")."""
    # A sentence that is also the result tells what came of the deeds ("five of the features we shipped"):
    # its "we" is the outcome's, not the doer's.
    actions = ([s.text for s in sentences if "action" in s.labels and "result" not in s.labels]
               or [s.text for s in sentences if "action" in s.labels] or [s.text for s in sentences])
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
    missing: str = ""  # what the story lacks of what the question asks about, when that made it off-topic
    steps: int = 0  # action sentences with content
    lesson: bool = False  # a story of a mistake that says what the candidate learned from it
    spoken: bool = False  # cut into clauses at discourse markers, as speech without punctuation is
    doubtful: bool = False  # flagged off-topic on weak evidence (`question.OFF_TOPIC_DOUBT_ODDS`)


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


def _outturn_against_plan(sentences: list[Sentence], result: tuple[int, ...]) -> bool:
    """How long or how much it really took, in figures, after a stated estimate or deadline: "I told
    them six weeks." ... "It took eleven." measures the outcome against the plan."""
    return any(outturn(sentences[i].text) and has_measured_quantity(sentences[i].text)
               and any(states_plan(s.text) for s in sentences[:i]) for i in result)


def _label_sentences(spans: list[tuple[str, int, int]]) -> list[Sentence]:
    """Each sentence's STAR labels: the cue scores of `label_sentence`, then what the sentence does in
    the story around it (an opening figure is the setting, a measured change after the deeds is the
    result, a lesson is its own part...)."""
    n = len(spans)
    sentences: list[Sentence] = []
    acted = False
    stated: set[str] = set()
    counted: set[str] = set()
    for i, (text, start, end) in enumerate(spans):
        position = 0.5 if n == 1 else i / (n - 1)
        labels = label_sentence(text, position)
        if is_learning(text) and (not has_measured_quantity(text) or is_lesson(text)):
            labels = ()  # a lesson is its own part ("learning"), reported in `Analysis.learning`
        if i == 0 and n > 1 and _PROMISES_STORY.search(text) and measured_change(text):
            # The result told first, the story promised after it: "We went from nine juniors to 46 in two
            # years, so I'll explain how we did it."
            labels = ("result",)
        elif (n > 1 and "result" in labels and (i == 0 or position < 0.25)
              and not any("action" in s.labels and "situation" not in s.labels for s in sentences)
              and not _PROMISES_STORY.search(text)):
            # A story opens on its setting: a figure in the first sentence is where things started
            # ("Our churn was 8% a month", "they asked for an 11% increase"), not what came of it; in a
            # transcript cut into short clauses the opening runs over the first few.
            labels = tuple(c for c in labels if c != "result") or ("situation",)
        if (i and outturn(text) and any(states_plan(s.text) for s in sentences)
                and not any("action" in s.labels and not states_plan(s.text) for s in sentences)):
            # Before the recovery, how long it really took against the estimate is a failure's result
            # (the estimate itself may read as a deed: "I estimated two weeks").
            labels = ("result",)
        if (not labels and acted and position >= 0.6 and len(text.split()) >= 4
                and not is_learning(text) and not _I_SUBJECT.search(text)):
            # After the actions, a closing statement about something else is what came of them.
            labels = ("result",)
        if (labels == ("situation",) and acted and i == n - 1 and n >= 3 and not is_learning(text)
                and not _PROMISES_STORY.search(text) and has_measured_quantity(text)):
            # The last word on a story told in order is not its setting: a state after the deeds ("By the
            # second week I was filing 40 a day", "At the reinspection we were given a five") is the outcome.
            labels = ("result",)
        if labels == ("action", "result") and _bullet_deed(text) and not moves_figure(text) and n > 1:
            # A bullet that opens on its deed is the deed; an outcome word inside it ("a check signed off by
            # two staff") belongs to the deed's description.
            labels = ("action",)
        if (n > 1 and i == n - 1 and not labels and not acted and not is_learning(text)
                and not is_baseline(text) and measured_change(text)):
            # A short answer whose deed reads as its setting ("I'm a sander, and I suggested a coarser grit")
            # ends on what came of it: "It cut sanding time by about a third."
            labels = ("result",)
        if (n > 1 and i == n - 1 and labels == ("action",) and not acted and not is_learning(text)
                and not is_baseline(text) and not _MODAL.search(text) and measured_change(text)):
            # A short answer whose one deed comes last, with what came of it: "I took them on myself and had
            # them down to nine in six weeks" after the setting's 64 overdue.
            labels = ("action", "result")
        if n == 1 and "result" not in labels and measured_change(text):
            # One sentence that measures what came of the deed is the whole story: "I organised a sponsored
            # walk that raised £18,000 for the children's ward."
            labels = tuple(c for c in COMPONENTS if c in (*labels, "result"))
        if (acted and position >= 0.7 and "result" not in labels and not is_baseline(text)
                and not is_lesson(text) and not (_bullet_deed(text) and not moves_figure(text))
                and (measured_change(text) or _units(text, True) & stated
                     or (has_measured_quantity(text) and _counted(text) & counted
                         and not _I_SUBJECT.search(text) and not _WE_SUBJECT.search(text)))):
            # After the deeds, a sentence that measures a change reports what came of them, even when
            # its grammar is a deed: "we got it down to one a month", "I signed 71".
            labels = tuple(c for c in COMPONENTS if c in (*labels, "result"))
        elif (acted and position >= 0.4 and "result" not in labels and not _I_SUBJECT.search(text)
              and not _WE_SUBJECT.search(text) and not opens_with_past_verb(text) and not is_baseline(text)
              and not is_learning(text)
              and measured_change(text)):
            # Mid-story, a measured change nobody in the story did is what came of the deeds so far, as in
            # a failure told before its recovery: "Only about half of the people who signed up came."
            labels = ("result",)
        if (i and (acted or "action" in labels) and "result" not in labels and not is_learning(text)
                and against_plan(text)):
            # Measured against the plan, whoever is the subject, an outcome is a result, in a failure told
            # before its recovery too: "we took about £1,800 less than the forecast", "I finished the month
            # on 41 sales against a target of 30".
            labels = tuple(c for c in COMPONENTS if c in (*labels, "result"))
        acted = acted or "action" in labels
        if not acted:
            stated |= _units(text)  # the figures the story starts from ("ten days", "80%")
            counted |= _counted(text)  # and the things it counts ("eleven spills")
        sentences.append(Sentence(i, text, start, end, labels))
    if (n >= 3 and sentences[0].labels == ("action",) and any("action" in s.labels for s in sentences[1:])
            and not _MODAL_OPENING.search(sentences[0].text) and not opens_with_past_verb(sentences[0].text)
            and not _SEQUENCE_OPENING.search(sentences[0].text)):
        # A story opens on its setting even when the verb is a deed ("As a payroll officer I ran the
        # monthly payroll", "I pitched a coding club to the leadership team"): the deeds follow it.
        sentences[0] = Sentence(0, *spans[0], ("situation",))
    sentences = _result_told_first(sentences)
    sentences = _what_the_mistake_cost(sentences)
    sentences = _steps_before_the_outcome(sentences)
    sentences = _deeds_over_requests(sentences)
    sentences = _work_handed_over(sentences)
    sentences = _last_word_as_outcome(sentences)
    first_action = next((s.index for s in sentences if "action" in s.labels), n)
    for i in range(first_action):
        if not sentences[i].labels and len(sentences[i].text.split()) >= 5 and first_action < n:
            # Before the first deed, a sentence about the circumstances is the situation.
            sentences[i] = Sentence(i, *spans[i], ("situation",))
    return _without_preamble(sentences)


def _relabel(sentences: list[Sentence], i: int, labels: tuple[Component, ...]) -> None:
    sentences[i] = replace(sentences[i], labels=labels)


# The opening of a story's setting: who the speaker was and where ("I was product manager for...", "I'd
# taken over as...", "While I was finishing my degree...", "Context: ...").
_INTRODUCTION = re.compile(
    r"^\W*(?:so\s+|okay\s+|well\s+)*(?:context\b|background\b|"
    r"i(?:'m| am| was| had been|'d been| have been|'ve been)\s+(?:a|an|the|working|\w+ing\b|"
    r"\w+\s+(?:manager|lead|officer|engineer|adviser|advisor|worker|coordinator|planner|analyst|director|head)\b)|"
    r"i(?:'d| had)? (?:just\s+)?(?:taken over|took over|joined|started|moved|been sent|become|been made)|"
    r"i (?:work|worked|joined|ran|run|led|lead|supervise|supervised|manage|managed|coordinate|coordinated|"
    r"look after|looked after|teach|taught)\b|i was (?:on|at|in)\b|"
    r"while i was|when i (?:was|first|took|started|joined|arrived|came|picked|became|moved)|"
    r"as (?:a|an|the)\b|at the time\b|"
    r"back then|this was\b|at (?:my|our|the)\b|in my (?:last|previous|current|first|second|old)\b|"
    r"it(?:'s| is| was) (?:a|an)\b)",
    re.IGNORECASE)


# The speaker's achievement as an answer's opening words: "I took our class from six to twenty", "Last year
# we doubled...", "The year I took over the shop, I doubled...". Not a setting ("I was...", "we had...").
_ACHIEVED_FIRST = re.compile(
    r"^\W*(?!(?:when|while|as|after|before|because|if|since|until|once|by the time)\b)(?:[\w'-]+,?\s+){0,8}?"
    r"(?:i|we)\s+(?:\w+ly\s+|also\s+)?(?:took(?!\s+over)|cut|doubled|tripled|trebled|halved|grew|raised|brought|"
    r"increased|reduced|turned|won|sold|saved|recovered|wrote off|collected|signed|lifted|built|went from|"
    r"got)\b",
    re.IGNORECASE)


# A sentence that goes back to before what was just told: "Before that, ...", "Until then, ...".
_FLASHBACK = re.compile(r"^\W*(?:so\s+|and\s+)?(?:before (?:that|this|then|i (?:started|took|joined|came))|"
                        r"until (?:then|that|this)|up to then|prior to (?:that|this)|back then|"
                        r"(?:when|the day) i (?:started|took over|joined|arrived|came)|"
                        r"it (?:wasn't|was not|hadn't|had not) (?:always )?been)\b", re.IGNORECASE)


def _result_told_first(sentences: list[Sentence]) -> list[Sentence]:
    """An answer that opens on a measured outcome and then introduces the speaker and the setting tells its
    result first: "We cut the wait from two hours to forty minutes." "I was volunteering at..."."""
    sentences = list(sentences)
    if (len(sentences) >= 3 and "result" not in sentences[0].labels and "action" not in sentences[0].labels
            and measured_change(sentences[0].text) and not _INTRODUCTION.search(sentences[0].text)
            and (moves_figure(sentences[0].text) or counts_an_outcome(sentences[0].text)
                 or compares_figures(sentences[0].text)
                 or outturn(sentences[0].text))
            and not is_baseline(sentences[0].text) and _INTRODUCTION.search(sentences[1].text)):
        _relabel(sentences, 0, ("result",))
    elif (len(sentences) >= 3 and "result" not in sentences[0].labels and "action" not in sentences[0].labels
          and _FLASHBACK.search(sentences[1].text) and measured_change(sentences[0].text)
          and not _INTRODUCTION.search(sentences[0].text) and not is_baseline(sentences[0].text)):
        # The next sentence goes back to before it ("Before that, the home was losing half its new starters"):
        # the opening was the outcome. "All six of the carers I buddied are still with us."
        _relabel(sentences, 0, ("result",))
    elif (len(sentences) >= 3 and "result" not in sentences[0].labels
          and _ACHIEVED_FIRST.search(sentences[0].text)
          and (moves_figure(sentences[0].text) or compares_figures(sentences[0].text))
          and measured_change(sentences[0].text) and not is_baseline(sentences[0].text)):
        # An answer that opens on what the speaker achieved, in figures, tells its result first: "I took our
        # overdue inspections from 310 down to zero in nine months." "Last year I doubled my direct income."
        _relabel(sentences, 0, ("result",))
    elif (len(sentences) >= 4 and not any("result" in s.labels for s in sentences)
          and "action" not in sentences[0].labels and len(sentences[0].text.split()) >= 8
          and not _INTRODUCTION.search(sentences[0].text) and not _I_SUBJECT.search(sentences[0].text)
          and not _OPINION.search(sentences[0].text) and not is_learning(sentences[0].text)
          and _INTRODUCTION.search(sentences[1].text)
          and any("action" in s.labels for s in sentences[2:])):
        # A story whose deeds end it without an outcome, and whose speaker is introduced second, told the
        # outcome first: "Nobody got hurt, and he was still living with us the next morning." "I was on a
        # late shift when..."
        _relabel(sentences, 0, ("result",))
    if (len(sentences) >= 3 and sentences[0].labels == ("result",) and "action" in sentences[1].labels
            and _INTRODUCTION.search(sentences[1].text)
            and any("action" in s.labels for s in sentences[2:])):
        # After the result told first, the speaker's introduction opens the story: "I'd taken over a team of
        # 14 agents who'd had three team leaders in a year", then the deeds.
        _relabel(sentences, 1, ("situation",))
    return sentences


# An opinion that opens an answer ("For me, leadership is about..."), not an outcome.
_OPINION = re.compile(
    r"^\W*(?:for me|to me|in my (?:view|opinion|experience)|i think|i believe|personally)\b", re.IGNORECASE)


# What a mistake cost, in so many words: late, over, lost, paid out, fined, wasted, complaints.
_LOSS = re.compile(r"\b(?:late|later than|over (?:the |its |our )?(?:budget|estimate|quote)|"
                   r"lost|lose|losing|(?:at )?a loss|paid|pay out|fined|fine of|"
                   r"cost (?:us|the|him|her|them|me)|"
                   r"couldn't sell|could not sell|wasted|write-?off|written off|missed|complain\w*|refund\w*|"
                   r"behind|short of|charged|overcharged|undercharged|delay\w*)\b", re.IGNORECASE)


_WOULD = re.compile(r"\b(?:would|will|might)\b|'ll\b", re.IGNORECASE)


def _what_the_mistake_cost(sentences: list[Sentence]) -> list[Sentence]:
    """After the first deed, a sentence not told as the speaker's deed that measures a loss ("we served the
    statements four days late", "the paper paid him £5,000 to settle") is what came of the deeds so far, as a
    failure story tells it before the recovery."""
    sentences = list(sentences)
    first_deed = next((s.index for s in sentences if "action" in s.labels and "situation" not in s.labels),
                      len(sentences))
    for s in sentences[first_deed + 1:]:
        if ("result" not in s.labels and _LOSS.search(s.text) and measured_change(s.text)
                and not is_learning(s.text) and not _WOULD.search(s.text) and not _I_SUBJECT.search(s.text)):
            _relabel(sentences, s.index, ("result",))
    return sentences


# The deed where it went wrong: "I didn't check", "I assumed", "I took it for granted", "without checking".
_WENT_WRONG = re.compile(
    r"\b(?:didn't|did not|hadn't|had not|never|forgot|assumed|without \w+ing|"
    r"took (?:it|that|this) (?:for granted|at face value)|underestimated|overlooked|misread|misjudged|"
    r"miscalculated|skip|skipped|ignored|"
    r"overpromised|wrong|mistake)\b", re.IGNORECASE)


# The speaker's own slip, in so many words, whatever the sentence was read as.
_SLIP = re.compile(
    r"\b(?:i|i'd|i had)\s+(?:just\s+|simply\s+|also\s+)?(?:didn't|did not|forgot|skipped|overlooked|misread|"
    r"misjudged|miscalculated|took (?:it|that|this) for granted)\b(?!\s+(?:know|have|want|like|get|need)\b)|"
    r"\bwithout \w+ing\b|"
    r"\btoo (?:early|soon|late|quickly|fast)\b", re.IGNORECASE)


# First-person present-tense verbs that tell a state or a habit, not a deed: "I am", "I work", "I speak".
_PRESENT_STATES = frozenset("""
am have has think know like love want need feel work live speak come believe hope see mean understand
remember agree enjoy prefer usually always never still also just really can do don didn won haven isn
""".split())  # the regex stops at an apostrophe: "I don't" reads as "don"
_PRESENT_DEED = re.compile(r"^\W*(?:\w+\W+){0,8}?(?:i|we)\s+(?:also\s+|then\s+|first\s+|quickly\s+|just\s+)?"
                           r"([a-z]+)\b", re.IGNORECASE)


def _told_in_the_present(question: str, sentences: list[Sentence]) -> list[Sentence]:
    """A story about the past told in the present tense, as many speakers of English as a second language
    tell one ("one time I go to a home visit... I explain to him in Arabic... I fit the alarms"): with no
    first-person verb in the past and no "would" anywhere, an unlabelled sentence after the first whose
    speaker does something in the present tense is a deed."""
    sentences = list(sentences)
    if (len(sentences) < 3 or not is_behavioural(question) or any(_MODAL.search(s.text) for s in sentences)
            or any(_past_first_person(s.text) for s in sentences)):
        return sentences
    for s in sentences[1:]:
        match = _PRESENT_DEED.search(s.text)
        if (not s.labels and match and match.group(1).lower() not in _PRESENT_STATES
                and not is_learning(s.text) and not looks_past_tense(match.group(1))):
            _relabel(sentences, s.index, ("action",))
    last = sentences[-1]
    if (not last.labels and any("action" in s.labels for s in sentences) and not _I_SUBJECT.search(last.text)
            and not is_learning(last.text)):
        _relabel(sentences, last.index, ("result",))  # "The landlord fix the heating the next week"
    return sentences


def _past_first_person(text: str) -> bool:
    """True when the speaker did something in the past tense: "I went", "we rang", "Rewrote the export"."""
    verb = _PRESENT_DEED.search(text)
    return opens_with_past_verb(text) or bool(verb and looks_past_tense(verb.group(1))
                                              and verb.group(1).lower() != "had")


def _what_went_wrong(question: str, sentences: list[Sentence]) -> tuple[list[Sentence], int | None]:
    """In a story about a mistake, the first sentence after the deed that went wrong which is not another
    deed and carries a figure is what the mistake cost, the failure's result: "I didn't check the
    connection." "The container arrived eight days after the date I'd given the customer." Returns the
    sentences (that one labelled the result) and its index."""
    sentences = list(sentences)
    if not asks_about_a_failure(question):
        return sentences, None
    deed = next((s.index for s in sentences if "action" in s.labels and _WENT_WRONG.search(s.text)), None)
    # The slip told as the setting or as what happened, before any deed that went wrong ("I was rushing to
    # finish, and I didn't scan the last cart"; "I drove past without getting out to check") and before the
    # confession that follows it ("I told my supervisor I hadn't done the full check").
    slip = next((s.index for s in sentences[1:deed] if "task" not in s.labels and "action" not in s.labels
                 and _I_SUBJECT.search(s.text) and _SLIP.search(s.text) and not is_learning(s.text)
                 and not _WOULD.search(s.text)), None)
    if slip is not None and "result" in sentences[slip].labels and measured_change(sentences[slip].text):
        slip = None  # the slip and what it cost in one sentence: it stays the result
    wrong = slip if slip is not None else deed
    if wrong is None:
        return sentences, None
    if wrong == slip:
        _relabel(sentences, wrong, ("action",))
    for s in sentences[wrong + 1:]:
        if _DEED_OPENING.search(s.text) or is_learning(s.text) or _WOULD.search(s.text):
            break
        if has_measured_quantity(s.text) or counts_an_outcome(s.text):
            _relabel(sentences, s.index, ("result",))
            return sentences, s.index
    after = sentences[wrong + 1] if wrong + 1 < len(sentences) else None
    if (after is not None and "result" not in after.labels
            and not _DEED_OPENING.search(after.text) and not is_learning(after.text)
            and not _WOULD.search(after.text) and not _I_SUBJECT.search(after.text)):
        # Without a figure, what happened next, not done by the candidate, is what the mistake cost: "Some
        # of the younger children were frightened, and several parents complained."
        _relabel(sentences, after.index, ("result",))
    return sentences, None


# One more deed in a list of them: "I also rang...", "and we also agreed...".
_ANOTHER_DEED = re.compile(
    r"^\W*(?:(?:and|so|then)\s+)?(?:i|we)\s+also\s+(?!(?:saw|got|had|managed)\b)[a-z]+", re.IGNORECASE)


def _steps_before_the_outcome(sentences: list[Sentence]) -> list[Sentence]:
    """Mid-story, a deed with an outcome word in it ("so patients could book in", "in 15-minute blocks
    instead of one rota") is a step when the story reports what came of it later (and measures it there,
    if the deed carried a measure)."""
    sentences = list(sentences)
    for i in range(len(sentences) - 2, -1, -1):
        s, later = sentences[i], sentences[i + 1:]
        if (s.labels == ("action", "result") and any("result" in t.labels for t in later)
                and not moves_figure(s.text) and not _EXPLICIT_RESULT.search(s.text)
                and (not measured_change(s.text) or _deed_with_a_count(s.text)
                     or any("result" in t.labels and measured_change(t.text) for t in later))):
            _relabel(sentences, i, ("action",))
        elif ("result" in s.labels and _ANOTHER_DEED.search(s.text)
              and any("result" in t.labels for t in later)):
            # "I also phoned everyone from the last two weeks", "We also changed the gap from four weeks to
            # six": one more deed in the list, whatever figure it carries, when the outcome comes later.
            _relabel(sentences, i, ("action",))
    return sentences


def _deed_with_a_count(text: str) -> bool:
    """A deed that carries a figure ("I phoned everyone from the previous two weeks") without counting an
    outcome the set ways: the figure belongs to the deed, not to what came of it."""
    return bool(_DEED_OPENING.search(text)) and not counts_an_outcome(text)


# What the candidate set out to do, and nothing done in the same sentence: "I wanted to get them working as a
# team again before we lost anyone else" (not "I wanted to know why, so I rang four of them").
_INTENT = re.compile(r"^\W*(?:(?:so|and|but|then)\s+)?(?:i|we)\s+(?:really\s+|just\s+|also\s+)?"
                     r"(?:wanted|aimed|hoped|set out|was determined|were determined)\s+to\b", re.IGNORECASE)
_THEN_DONE = re.compile(r"[,;]?\s+(?:so|and|then|and then|which is why)\s+(?:i|we)\s+(?!(?:would|could|might|"
                        r"should|had to|needed|wanted)\b)[a-z]+", re.IGNORECASE)


def _deeds_over_requests(sentences: list[Sentence]) -> list[Sentence]:
    """Once the deeds have begun, a sentence that is both a deed (or an outcome) and a request is the deed:
    "I offered to pair with any team", "the head asked me to set it up for science too". A sentence that only
    says what the candidate set out to do is the task, wherever it comes: "I wanted to get them working as
    a team again"."""
    sentences = list(sentences)
    first_deed = next((t.index for t in sentences if "action" in t.labels), len(sentences))
    for s in sentences:
        if "task" in s.labels and {"action", "result"} & set(s.labels):
            if _INTENT.search(s.text) and not _THEN_DONE.search(s.text):
                _relabel(sentences, s.index, ("task",))
            elif s.index > first_deed:
                _relabel(sentences, s.index, tuple(c for c in s.labels if c != "task"))
    return sentences


# Someone else handing the candidate the work: "The owner asked me, as yard manager, to deal with it", "My
# operations manager wanted it under 4%", "The director gave me two seasons to make it pay its way".
_HANDED_OVER = re.compile(
    r"^\W*(?:(?:so|and|but|then)\s+)?(?:the|my|our|their|his|her)\s+(?:[\w'’&-]+\s+){0,3}?"
    r"(?:asked (?:me|us|each|every|all)\b|wanted\b|needed (?!to know\b)|expected (?:me|us)\b|"
    r"gave (?:me|us) (?:the|a|an|one|two|three|four|six|\d+|until)\b|told (?:me|us)(?:,[^,]{1,40},)? to\b|"
    r"challenged (?:me|us)\b|tasked (?:me|us)\b)", re.IGNORECASE)
_AFTER_THE_FACT = re.compile(r"\b(?:afterwards|since|later|again|next time|now)\b", re.IGNORECASE)


def _work_handed_over(sentences: list[Sentence]) -> list[Sentence]:
    """Before the candidate's first deed, a sentence in which someone else asks for the work, wants an
    outcome or hands it over is the task, wherever the story put its result: "The committee wanted the
    numbers back over 500 so we could replace the greens mowers"."""
    sentences = list(sentences)
    first_deed = next((t.index for t in sentences if "action" in t.labels and "situation" not in t.labels),
                      len(sentences))
    for s in sentences[1:first_deed]:
        if ("task" not in s.labels and _HANDED_OVER.search(s.text) and not _AFTER_THE_FACT.search(s.text)
                and not is_learning(s.text)):
            _relabel(sentences, s.index, ("task",))
    return sentences


def _last_word_as_outcome(sentences: list[Sentence]) -> list[Sentence]:
    """The outcome of a story that ends without one told apart.

    A last sentence with the deed and what others did about it ("I told the CFO his accrual was wrong, and
    he changed it") is the deed and its result. The last word on a story told in order, about what others
    did or what became of things ("The audit was closed without a finding", "We came through the year
    without a redundancy"), is its outcome; a story told in the passive throughout tells its deeds that way
    to the end.
    """
    sentences = list(sentences)
    if not sentences:
        return sentences
    last = sentences[-1]
    if ("action" in last.labels and "result" not in last.labels
            and not any("result" in t.labels for t in sentences) and not _MODAL.search(last.text)
            and any(looks_past_tense(m.group(1).lower()) or m.group(1).lower() in _CONSEQUENCE_VERBS
                    for m in _CONSEQUENCE.finditer(last.text))):
        _relabel(sentences, last.index, tuple(c for c in COMPONENTS if c in (*last.labels, "result")))
        last = sentences[-1]
    if (len(sentences) >= 3 and last.labels in (("action",), ("situation",))
            and any("action" in s.labels for s in sentences[:-1]) and not is_learning(last.text)
            and not _I_SUBJECT.search(last.text) and not _MODAL.search(last.text)
            and any(_I_SUBJECT.search(s.text) or _WE_SUBJECT.search(s.text) for s in sentences[:-1])):
        _relabel(sentences, last.index, ("result",))
    return sentences


def _without_preamble(sentences: list[Sentence]) -> list[Sentence]:
    """The preamble before a story ("Good question - the one that comes to mind is...") is none of it."""
    sentences = list(sentences)
    for s in sentences[:min(2, len(sentences) - 1)]:
        if (s.labels and "result" not in s.labels and is_preamble(s.text)
                and not any("action" in t.labels for t in sentences[:s.index])):
            _relabel(sentences, s.index, ())
    return sentences


def analyze(question: str, answer: str, similarity: Similarity | None = None) -> Analysis:
    """Analyze one answer to one question: deterministic and fast.

    `similarity` measures question-answer relevance (see `star.relevance`); by default the one set
    with `relevance.use_embedder`, or none (rules only).
    """
    spans = split_sentences(answer)
    if answer.strip() and not looks_english(answer):
        return _not_english(question, answer, spans)
    sentences, cost = _what_went_wrong(question, _told_in_the_present(question, _label_sentences(spans)))
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
                  or _against_baseline(sentences, star["result"].sentences)
                  or _outturn_against_plan(sentences, star["result"].sentences)
                  or _state_after(sentences, star["result"].sentences)
                  or cost is not None)
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
    measure = similarity or relevance.current()
    # An answer too short to tell a story is judged by its words; the model is asked only about stories.
    measured = measure(question, answer) if measure is not None and word_count >= 8 else None
    on_topic = _answers_question(question, answer, sum(f.present for f in star.values()), word_count,
                                 measured)
    if not on_topic and measured is None and "hypothetical" in flags:
        # A plan speaks in general terms and rarely names the topic's words; without a measured
        # similarity, the hypothetical flag alone explains the weakness.
        on_topic = True
    if not on_topic and word_count >= 8:
        flags.append("off_topic")
    if ownership == "unclear" and word_count >= 8 and star["action"].present:
        flags.append("ownership_unclear")
    labelled = [s for s in sentences if s.labels]
    if (len(hollow) >= 2 and 2 * len(hollow) >= len(labelled)) or _labelled_outline(sentences):
        flags.append("label_stuffing")
    situational = is_situational(question)
    if "label_stuffing" in flags:
        quantified = False  # a number in a hollow story measures nothing
    elif quantified and ("hypothetical" in flags or situational):
        # In a plan (a hypothetical answer, or any answer to "what would you do"), "I'd cut it down to three"
        # is what would be done: only a result told without a modal can measure something that happened.
        told = tuple(i for i in star["result"].sentences if not _MODAL.search(sentences[i].text))
        quantified = (any(measured_change(sentences[i].text) for i in told)
                      or _against_baseline(sentences, told) or _outturn_against_plan(sentences, told))
    # With the sentence-embedding model loaded and the layer set (`learned.use`), a model tuned to read a
    # measured change decides from the sentences that could carry one; otherwise the rules' verdict stands.
    # A plan keeps the rules' "no": the layer reads a figure in what would be done as a measure of what was.
    if learned.weighs(quantified, "label_stuffing" in flags, "hypothetical" in flags or situational):
        ruled = quantified
        quantified = learned.decide(quantified, [s.text for s in sentences], [s.labels for s in sentences],
                                    star["result"].sentences, learning)
        # A before and after in so many words stands whatever the layer reads into the rest of the sentence.
        quantified = quantified or (ruled and any(tells_before_and_after(sentences[i].text)
                                                  for i in star["result"].sentences))
    missing = what_it_misses(question, answer) if "off_topic" in flags else None
    findings = _Findings(star, substantive, quantified, ownership, word_count, specificity, fillers,
                         hedges, tuple(flags), _is_cased(answer), content,
                         situational,
                         sum(bool(_BULLET.match(line)) for line in answer.splitlines()) >= 3,
                         missing[1] if missing else "",
                         sum(i not in hollow for i in star["action"].sentences),
                         bool(learning) and asks_about_a_failure(question), is_unpunctuated(answer),
                         "off_topic" in flags and measured is not None and not missing
                         and on_topic_odds(question, answer, measured) >= OFF_TOPIC_DOUBT_ODDS)
    score, reasons, gaps = _grade(findings)
    features = grade_features(findings) if word_count >= 8 else {}
    if is_persona(question) and word_count >= 8:
        points, persona_reasons = persona_grade(question, answer, [s.text for s in sentences], word_count,
                                                sum(hedges.values()))
        cap = 2 if {"off_topic", "label_stuffing"} & set(flags) else 5
        score = int(max(1, min(cap, round(points + 1e-9))))
        reasons = persona_reasons + [r for r in reasons if "capped" in r]
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
        off_topic_missing=missing[0] if missing else "",
        grade_features=tuple(features.items()) if not (is_persona(question) and word_count >= 8) else (),
    )


GENERIC_BELOW = 1.0
"""Specific terms (names, tools, figures) per 100 words under which an answer is marked generic. 1.5 until
the ninth session; plain-spoken strong answers from new writers name fewer (Spearman on eight of ten
development rounds the same or better at 1.0, none of the adversarial answers changes)."""


def grade_features(f: _Findings) -> dict[str, float]:
    """What the score adds up, each finding with its value; `POINTS` weighs them (see `_grade`)."""
    star, word_count = f.star, f.word_count
    features: dict[str, float] = {c: float(c in f.substantive) for c in COMPONENTS}
    if f.situational and "situation" not in f.substantive and star["action"].present:
        features["situation"] = 1.0  # "What would you do if..." sets the scene itself
    # A plan for "What would you do if..." cannot tell what came of it; the steps stand in for the outcome.
    features["plan"] = float(f.situational and star["action"].present and not star["result"].present)
    features["lesson"] = float(f.lesson)
    features["hollow_part"] = float(sum(star[c].present and c not in f.substantive for c in COMPONENTS))
    # Each sentence of what the candidate did beyond `STEPS_TOLD` earns credit, each less than the one before.
    # A transcript cut at discourse markers tells a step in more than one clause: its clauses count half.
    steps = f.steps / CLAUSES_PER_SPOKEN_STEP if f.spoken else f.steps
    features["steps"] = max(0.0, math.log1p(steps) - math.log1p(STEPS_TOLD))
    features["quantified"] = float(f.quantified)
    features["we_only"] = float(f.ownership == "we")
    features["ownership_unclear"] = float("ownership_unclear" in f.flags)
    features["too_long"] = float(word_count > TOO_LONG_WORDS)
    features["too_short"] = float(word_count < TOO_SHORT_WORDS)
    # Bullet points say in few words what prose needs many for: not marked down for brevity.
    features["brief"] = float(TOO_SHORT_WORDS <= word_count < BRIEF_WORDS and not f.bulleted)
    # A transcript without capitals cannot show names, so it is not judged on them; a plan for a hypothetical
    # ("What would you do if...") cannot name real people or figures.
    features["generic"] = float(f.specificity < GENERIC_BELOW and word_count >= TOO_SHORT_WORDS and f.cased
                                and not f.situational)
    features["fillers"] = float(bool(word_count) and sum(f.fillers.values()) / word_count > 0.04)
    features["hedges"] = float(sum(f.hedges.values()) >= 3)
    return features


def _points(value: float) -> str:
    """The points a reason states, as ' (+0.5)' or ' (-1)'; empty when the finding moves none."""
    return f" ({value:+.2g})" if round(value, 2) else ""


def _grade(f: _Findings) -> tuple[int, list[str], list[str]]:
    """A 1-5 score, the reasons that produced it, and the gaps ordered for follow-up probes.

    The score is `BASE_POINTS` plus each finding of `grade_features` weighed by `POINTS`, rounded, then capped
    by the flags; every reason states the points its finding moved.
    """
    reasons: list[str] = []
    gaps: list[str] = []
    star, word_count = f.star, f.word_count
    if word_count < 8:
        return 1, [f"Only {word_count} word(s): too short to show any STAR structure."], ["too_short"]
    features = grade_features(f)
    moved = {name: POINTS[name] * value for name, value in features.items()}
    points = BASE_POINTS + sum(moved.values())
    present = [c for c in COMPONENTS if star[c].present]
    missing = [c for c in COMPONENTS if not star[c].present]
    hollow_parts = [c for c in present if c not in f.substantive]
    parts = sum(moved[c] for c in COMPONENTS) + moved["hollow_part"]
    reasons.append(
        f"STAR parts present: {', '.join(present) or 'none'} ({len(present)} of 4)"
        + (f"; missing: {', '.join(missing)}" if missing else "") + f"{_points(parts)}."
    )
    if f.situational and "situation" not in f.substantive and star["action"].present:
        reasons.append("The question sets the situation, so the answer is not marked down for it.")
    if moved["plan"]:
        reasons.append("A plan cannot tell what came of it yet, so it is not marked down for the missing"
                       f" result{_points(moved['plan'])}.")
    if moved["lesson"]:
        reasons.append(f"You said what the mistake taught you{_points(moved['lesson'])}.")
    if hollow_parts:
        reasons.append(f"Only STAR label words, no content, in: {', '.join(hollow_parts)}"
                       " (these parts earn little).")
    if f.steps and moved["steps"]:
        told = f"{f.steps} sentence{'s' if f.steps > 1 else ''}"
        spoken = " (spoken clauses count half)" if f.spoken else ""
        reasons.append(f"{told} of what you did{spoken}{_points(moved['steps'])}.")
    cap = 5.0  # flags cap the score after every other point is counted
    if "hypothetical" in f.flags:
        gaps.append("hypothetical")
        cap = 2.0
        # Also an answer of habits ("I'm always the first in, I'll bring in cake"): no one time is told.
        reasons.append("You said what you would do or usually do, not what you did one time: the question"
                       " asks for a real example (capped at 2).")
    if "off_topic" in f.flags and f.doubtful:
        gaps.append("off_topic")
        cap = min(cap, 3.0)
        reasons.append("The answer may not address the question asked: make the link to it plain"
                       " (capped at 3).")
    elif "off_topic" in f.flags:
        gaps.append("off_topic")
        cap = 2.0
        reasons.append(f"The answer does not address the question asked: {f.missing} (capped at 2)."
                       if f.missing else "The answer does not address the question asked (capped at 2).")
    if "label_stuffing" in f.flags:
        cap = 2.0
        reasons.append("STAR label words stand in for the story: say what happened, what you did and"
                       " what changed (capped at 2).")
    if features["too_long"]:
        gaps.append("too_long")
        reasons.append(f"{word_count} words is over three minutes spoken: aim for about two"
                       f"{_points(moved['too_long'])}.")
    elif features["too_short"]:
        gaps.append("too_short")
        reasons.append(f"{word_count} words is under 20 seconds spoken: too thin to convince"
                       f"{_points(moved['too_short'])}.")
    elif features["brief"]:
        reasons.append(f"{word_count} words is under 30 seconds spoken: little room for detail"
                       f"{_points(moved['brief'])}.")
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
        reasons.append(f"The result is quantified{_points(moved['quantified'])}.")
    if f.ownership == "we":
        gaps.append("we_only")
        reasons.append("Actions are told only as 'we': your own part is unclear"
                       f"{_points(moved['we_only'])}.")
    elif f.ownership == "mixed":
        reasons.append("Actions mix 'I' and 'we': make sure your own part stands out.")
    elif f.ownership == "unclear" and "ownership_unclear" in f.flags:
        gaps.append("ownership_unclear")
        # The voice is form, but a story in which nobody acts does not show the candidate's own deeds,
        # which a top grade needs (evals/LABELLING.md); the follow-up asks whose deeds they were.
        reasons.append("Nobody acts in the first person (passive voice or 'the team'): say what you"
                       f" did{_points(moved['ownership_unclear'])}.")
    for component in ("task", "situation"):
        if not star[component].present:
            gaps.append(f"missing_{component}")
    if features["generic"]:
        reasons.append("Few specifics (names, tools, numbers): it sounds generic"
                       f"{_points(moved['generic'])}.")
    if features["fillers"]:
        reasons.append(f"{sum(f.fillers.values())} filler words in {word_count} words"
                       f"{_points(moved['fillers'])}.")
    if features["hedges"]:
        reasons.append(f"{sum(f.hedges.values())} hedges ('I think', 'maybe'): state what you did with"
                       f" confidence{_points(moved['hedges'])}.")
    score = int(max(1, min(cap, round(points + 1e-9))))
    reasons.append(f"{points:.1f} points in all ({BASE_POINTS:g} to start with), so {score} of 5.")
    return score, reasons, gaps
