"""Critiques of single answers and end-of-interview reports, built from the analyzer's findings."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from statistics import mean
from typing import Any

from interviewer import coach_note, templates
from interviewer.llm.base import Backend, ChatMessage, Prompt
from interviewer.personas import Persona
from interviewer.prompting import fence, truncate
from interviewer.report import AnswerScore, CompetencyScore, FlagNote, Report, flag_notes, overall
from interviewer.star import COMPONENTS, TOO_LONG_WORDS, Analysis, Component

_IMPROVEMENT: dict[str, str] = {
    "off_topic": "Answer the question that was asked: name the example in your first sentence and"
    " tie it back to the question.",
    "too_short": "Give a real example: where it happened, what you personally did, and what changed."
    " Aim for about two minutes spoken.",
    "too_long": "Cut the background to two sentences and get to your actions sooner: aim for about"
    " two minutes in total.",
    "missing_situation": "Open with one or two sentences of context: where you were, what was at"
    " stake, and when.",
    "missing_task": "Say what you were responsible for, in one sentence: your goal, the deadline"
    " or the decision that was yours.",
    "missing_action": "Walk through the steps you took yourself, in order, with the tools, people"
    " and decisions involved.",
    "missing_result": "Finish with the outcome: what changed because of your actions, and how you"
    " know.",
    "unquantified_result": "State the result as a number: how much faster, how many tickets, how"
    " much money or time saved, before and after.",
    "we_only": "Say 'I' for what you did yourself; keep 'we' for the team's work, so your own part"
    " stands out.",
    "hypothetical": "The question asks what you did: tell a real time it happened, not what you"
    " would do. If you have never faced it, say so and tell the closest real example.",
    "not_english": "Answer in English so the answer can be analysed; the findings need English"
    " sentences.",
    "label_stuffing": "Replace the STAR label words with the story itself: what was going on, the"
    " steps you took, and what changed, with a figure.",
    "ownership_unclear": "Say who acted: put yourself in the sentences ('I called the supplier')"
    " rather than leaving the steps without a subject.",
}
_PRAISE: dict[Component, str] = {
    "situation": "You set the scene, so the listener knows where this happened and why it mattered.",
    "task": "You made your own responsibility clear.",
    "action": "You described concrete steps you took.",
    "result": "You closed with an outcome rather than leaving the story open.",
}
_LABEL = {"situation": "Situation", "task": "Task", "action": "Action", "result": "Result"}


@dataclass(frozen=True)
class Critique:
    """Feedback on one answer: findings, their evidence, and advice worded from them."""

    analysis: Analysis
    strengths: tuple[str, ...]
    improvements: tuple[str, ...]
    follow_up: str
    example_opening: str
    summary: str = ""
    sources: tuple[str, ...] = field(default_factory=tuple)

    @property
    def flag_notes(self) -> tuple[FlagNote, ...]:
        """The analyzer's flags (hypothetical, off-topic, not English, ...) named for the candidate."""
        return flag_notes(self.analysis)

    def markdown(self) -> str:
        """The critique as Markdown (see `render_markdown`)."""
        return render_markdown(self)

    def plain(self) -> str:
        """The critique as plain text (see `render_plain`)."""
        return render_plain(self)

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of `interviewer critique` (analysis fields plus the advice)."""
        data = self.analysis.to_dict()
        data.update(
            {
                "strengths": list(self.strengths),
                "improvements": list(self.improvements),
                "follow_up": self.follow_up,
                "example_opening": self.example_opening,
                "summary": self.summary,
                "sources": list(self.sources),
            }
        )
        return data


def _strengths(analysis: Analysis) -> list[str]:
    found: list[str] = []
    if analysis.quantified_result:
        found.append("Your result is measured: numbers make the impact easy to believe.")
    if analysis.ownership == "I" and analysis.star["action"].present:
        found.append("You told your own actions in the first person, so your contribution is clear.")
    found.extend(_PRAISE[c] for c in COMPONENTS if analysis.star[c].present)
    if analysis.specific_terms and len(found) < 3:
        shown = ", ".join(analysis.specific_terms[:3])
        found.append(f"You named specifics ({shown}), which makes the story concrete.")
    if _well_sized(analysis) and len(found) < 3:
        found.append("The length is about right for a spoken answer.")
    if not found:
        found.append("You gave an answer to work from: the notes below show what to add.")
    return found[:3]


def _well_sized(analysis: Analysis) -> bool:
    """True when the answer's length is within the spoken target range."""
    return 60 <= analysis.word_count <= TOO_LONG_WORDS


def _improvements(analysis: Analysis) -> list[str]:
    items = [_IMPROVEMENT[gap] for gap in analysis.gaps if gap in _IMPROVEMENT]
    if "label_stuffing" in analysis.flags:
        # Stuffing is a flag, not a gap (personas probe gaps only), but it is the first thing to fix.
        items.insert(0, _IMPROVEMENT["label_stuffing"])
    if analysis.ownership == "mixed" and len(items) < 3:
        items.append("Separate your part from the team's: say 'I' for each step you drove.")
    if sum(analysis.filler_words.values()) >= 3 and len(items) < 3:
        top = ", ".join(f"'{w}'" for w in list(analysis.filler_words)[:3])
        items.append(f"Trim filler words ({top}): pause silently instead.")
    if sum(analysis.hedges.values()) >= 2 and len(items) < 3:
        items.append("Drop hedges such as 'I think' or 'maybe' when you describe what you did.")
    if len(items) < 2 and analysis.specificity < 4:
        items.append("Add one concrete detail a listener can picture: a tool, a name, a number.")
    if len(items) < 2:
        items.append("Add one sentence on what you learned and what you do differently now.")
    return items[:3]


def _example_opening(analysis: Analysis) -> str:
    situation = analysis.evidence("situation")
    task = analysis.evidence("task")
    if situation and task:
        core = f"{situation[0]} {task[0]}"
    elif situation:
        core = f"{situation[0]} My job was to [your goal, with its deadline or stakes]."
    else:
        core = ("In my role at [team or company], [the problem, in one sentence, and why it"
                " mattered]. I was responsible for [your goal].")
    return f"Example only, one way a stronger answer could open: “{core} First, I …”"


def critique(analysis: Analysis, persona: Persona | None = None) -> Critique:
    """Feedback worded from templates; model backends may add a `summary` worded from it."""
    gap = analysis.gaps[0] if analysis.gaps else None
    if persona is not None and gap is not None:
        follow_up = persona.probes[gap]
    elif gap is not None:
        follow_up = {
            "missing_result": "What was the outcome, and how did you measure it?",
            "unquantified_result": "Can you put a number on that result?",
            "we_only": "What was your own part in that, personally?",
            "hypothetical": "Has that actually happened to you? What did you do then?",
            "ownership_unclear": "What part did you play in that yourself?",
        }.get(gap, "Can you give me a specific example, with what you did and what changed?")
    else:
        follow_up = "Looking back, what would you do differently if you faced that again?"
    return Critique(
        analysis=analysis,
        strengths=tuple(_strengths(analysis)),
        improvements=tuple(_improvements(analysis)),
        follow_up=follow_up,
        example_opening=_example_opening(analysis),
    )


def findings_text(analysis: Analysis) -> str:
    """The analyzer's findings as plain lines, for the model to word and never contradict."""
    lines = []
    for component in COMPONENTS:
        finding = analysis.star[component]
        state = "present" if finding.present else "MISSING"
        evidence = " / ".join(analysis.evidence(component)[:2])
        lines.append(f"- {_LABEL[component]}: {state}" + (f" (\"{evidence}\")" if evidence else ""))
    lines.append(f"- Result quantified: {'yes' if analysis.quantified_result else 'NO'}")
    lines.append(f"- Ownership of actions: {analysis.ownership}")
    lines.append(f"- Length: {analysis.word_count} words, about {analysis.estimated_seconds} seconds"
                 " spoken (target about 120)")
    lines.append(f"- Score: {analysis.score}/5")
    return "\n".join(lines)


def template_summary(item: Critique) -> str:
    """A short coaching note from templates: what the scripted backend says."""
    opening = item.strengths[0] if item.strengths else "You gave an answer to work from."
    steps = " ".join(item.improvements[:2])
    return f"{opening} To make it stronger: {steps}"


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_ADVICE = re.compile(r"\b(?:no|not|n't|never|without|missing|lack\w*|add|include|try|consider|could|"
                     r"should|would|next time|make sure|remember|needs?|give|put|finish|end with|"
                     r"state|say|tell|how (?:much|many)|what was|more)\b", re.IGNORECASE)
# A sentence that opens with a verb in the imperative gives advice; it claims nothing is there. So
# does one that opens with its purpose first ("To set the scene, open with ...").
_IMPERATIVE = re.compile(r"\s*(?:to make it stronger:\s*|to [^,.]{3,60},\s*)?(?:walk|separate|aim|"
                         r"open|name|describe|explain|mention|show|keep|cut|use|start|lead|close|"
                         r"focus|spell|quantify|measure|tie|link|answer|highlight|clarify|be|avoid|"
                         r"practise|practice|say|put|tell|give|add|state)\b", re.IGNORECASE)
_PART_WORDS: dict[Component, str] = {
    "situation": r"situation|context|background|scene",
    "task": r"task|responsib\w*|your (?:role|goal|job)",
    "action": r"actions?|steps?|what you did",
    "result": r"results?|outcomes?|impact",
}
_QUANTIFIED = re.compile(r"\b(?:quantif\w*|measur\w*|numbers?|figures?|metrics?|percent\w*|data)\b|%",
                         re.IGNORECASE)
_SCORE = re.compile(r"\b\d\s*(?:/|out of)\s*5\b|\bscor(?:e|ed|ing)\b", re.IGNORECASE)
_THIRD_PERSON = re.compile(r"\bthe (?:candidate|interviewee|applicant)\b|\b(?:he|she|they) "
                           r"(?:did|gave|described|explained|used|should|could|need)\b|"
                           r"\b(?:his|her|their) (?:answer|result|actions?|story)\b", re.IGNORECASE)


@dataclass(frozen=True)
class NoteClaims:
    """What a coaching note asserts, read from its sentences (independently of how it was made)."""

    parts: dict[str, bool]
    """STAR parts the note calls present (True) or missing (False)."""
    quantified: bool | None
    figures: tuple[str, ...]
    mentions_score: bool
    third_person: bool


def note_claims(text: str) -> NoteClaims:
    """The claims in a note: each sentence that names a STAR part or measurement is read as saying
    it is there, unless the sentence advises or negates (then: it is missing)."""
    parts: dict[str, bool] = {}
    quantified: bool | None = None
    for sentence in _SENTENCE.split(text.strip()):
        advice = bool(_ADVICE.search(sentence) or _IMPERATIVE.match(sentence))
        for component, words in _PART_WORDS.items():
            if re.search(rf"\b(?:{words})\b", sentence, re.IGNORECASE):
                parts.setdefault(component, not advice)
        if _QUANTIFIED.search(sentence):
            quantified = bool(quantified) or not advice
    return NoteClaims(parts, quantified, tuple(_NUMBER.findall(text)), bool(_SCORE.search(text)),
                      bool(_THIRD_PERSON.search(text)))


def summary_contradicts(summary: str, analysis: Analysis) -> str | None:
    """Why a model-worded note contradicts the findings (or is not written to the candidate),
    or None when it is consistent. The check reads the note's own claims (`note_claims`)."""
    claims = note_claims(summary)
    if claims.mentions_score:
        return "it talks about the score (the panel shows it; the note must not restate it)"
    given = set(_NUMBER.findall(analysis.answer)) | {"120", "2"}
    invented = [n for n in claims.figures if n not in given]
    if invented:
        return f"it cites figures the answer does not contain ({', '.join(invented[:3])})"
    if claims.quantified and not analysis.quantified_result:
        return "it calls the result quantified, but the analyzer found no measured result"
    for component, present in claims.parts.items():
        if present and not analysis.star[component].present:  # type: ignore[index]
            return f"it calls the {component} present, but the analyzer found none"
    if claims.third_person:
        return "it speaks about the candidate instead of to them"
    return None


NOTE_ANSWER_TOKENS = 200
"""The answer as the note's writer sees it: the findings carry the rest, and a small model reads
every token before its first word."""


def summary_prompt(item: Critique, prompts_dir: Path, guidance: list[str] | None = None) -> Prompt:
    """Messages asking a model to word the coaching note from the findings only."""
    a = item.analysis
    guidance_block = ""
    if guidance:
        guidance_block = "\n" + "\n".join(fence("guidance", truncate(g, 200)) for g in guidance) + "\n"
    user = templates.render(
        templates.load(prompts_dir, "critique"), "critique.txt",
        question=a.question or "(not given)",
        answer=truncate(a.answer, NOTE_ANSWER_TOKENS),
        findings=findings_text(a),
        guidance_block=guidance_block,
    )
    system = templates.load(prompts_dir, "critique_system").strip()
    return Prompt((ChatMessage("system", system), ChatMessage("user", user)),
                  draft=template_summary(item), max_tokens=90, temperature=0.2, shape="note")


def word_summary(
    item: Critique, backend: Backend, prompts_dir: Path, guidance: list[str] | None = None
) -> tuple[Critique, str]:
    """The critique with a coaching note worded by the backend; findings are never changed.

    A capable model (`free_wording`) writes the note; a small one fills two checked fields that
    code assembles (`coach_note`); the scripted backend says the template note. Returns the
    critique and a note on how the summary was produced. A note that contradicts the findings is
    replaced by the template note.
    """
    if backend.uses_model and not backend.free_wording:
        return _word_in_fields(item, backend, prompts_dir)
    prompt = summary_prompt(item, prompts_dir, guidance)
    text = "".join(backend.stream(prompt)).strip()
    if not text:
        return replace(item, summary=prompt.draft), "the model returned nothing; template note used"
    problem = summary_contradicts(text, item.analysis) if backend.uses_model else None
    if problem:
        return replace(item, summary=prompt.draft), f"model note rejected: {problem}"
    return replace(item, summary=text), f"worded by {backend.name}"


def _word_in_fields(item: Critique, backend: Backend, prompts_dir: Path) -> tuple[Critique, str]:
    """A small model's note: code's sentence openings around two fields the model fills."""
    template = template_summary(item)
    prompt = coach_note.prompt(item.analysis, prompts_dir, template)
    if prompt is None:
        return replace(item, summary=template), "template note: nothing for a model to make specific"
    note, why = coach_note.assemble("".join(backend.stream(prompt)), item.analysis)
    problem = why if note is None else summary_contradicts(note, item.analysis)
    if note is None or problem:
        return replace(item, summary=template), f"model fields refused: {problem}"
    return replace(item, summary=note), f"worded in fields by {backend.name}"


def render_markdown(item: Critique) -> str:
    """The critique as Markdown for the feedback panel, with each sentence's STAR label."""
    a = item.analysis
    lines = [f"### Score: {a.score}/5", ""]
    if item.flag_notes:
        lines += ["**Flags**"] + [note.markdown() for note in item.flag_notes] + [""]
    for component in COMPONENTS:
        finding = a.star[component]
        mark = "✅ present" if finding.present else "❌ missing"
        evidence = "; ".join(f"“{t}”" for t in a.evidence(component)[:2]) or "not found"
        lines.append(f"- **{_LABEL[component]}** ({mark}): {evidence}")
    lines += [
        "",
        f"Result quantified: **{'yes' if a.quantified_result else 'no'}** · Ownership: **{a.ownership}**"
        f" · {a.word_count} words, about {a.estimated_seconds} s spoken (target about 120 s)",
    ]
    if a.filler_words:
        lines.append("Filler words: " + ", ".join(f"{w} ×{n}" for w, n in a.filler_words.items()))
    if item.summary:
        lines += ["", item.summary]
    lines += ["", "**Strengths**"] + [f"- {s}" for s in item.strengths]
    lines += ["", "**Improve**"] + [f"- {s}" for s in item.improvements]
    lines += ["", f"**Likely follow-up:** {item.follow_up}", "", f"_{item.example_opening}_"]
    lines += ["", "<details><summary>Why this score</summary>", ""]
    lines += [f"- {r}" for r in a.reasons] + ["", "</details>"]
    if item.sources:
        lines += ["", "Based on: " + "; ".join(item.sources)]
    return "\n".join(lines)


def render_plain(item: Critique) -> str:
    """The critique as plain text for a terminal: score, flags, parts, advice and the reasons."""
    a = item.analysis
    lines = [f"Score: {a.score}/5"]
    lines += [f"Flag: {note.plain()}" for note in item.flag_notes]
    for component in COMPONENTS:
        evidence = "; ".join(f'"{t}"' for t in a.evidence(component)[:2]) or "not found"
        lines.append(f"  {_LABEL[component]}: {'present' if a.star[component].present else 'MISSING'}"
                     f" - {evidence}")
    lines.append(f"Result quantified: {'yes' if a.quantified_result else 'no'}; ownership: {a.ownership};"
                 f" {a.word_count} words, about {a.estimated_seconds} s spoken")
    if item.summary:
        lines.append(item.summary)
    lines += ["Strengths:"] + [f"  - {s}" for s in item.strengths]
    lines += ["Improve:"] + [f"  - {s}" for s in item.improvements]
    lines += [f"Likely follow-up: {item.follow_up}", "Why this score:"] + [f"  - {r}" for r in a.reasons]
    return "\n".join(lines)


def highlighted(analysis: Analysis) -> list[tuple[str, str | None]]:
    """(sentence, label) pairs for a highlighted-text view; label None for unlabelled sentences."""
    return [(s.text + " ", "+".join(_LABEL[c] for c in s.labels) or None) for s in analysis.sentences]


@dataclass(frozen=True)
class AnswerRecord:
    """One answered question, as a report sees it."""

    question_id: str | None
    question: str
    competency: str | None
    critique: Critique


def build_report(persona: Persona, answers: list[AnswerRecord]) -> Report:
    """End-of-interview report for one persona: competencies with evidence, STAR completeness,
    the strongest and weakest answer, and what to practise next."""
    if not answers:
        return Report(persona=persona.id, interviewer=persona.display_name, answers=0,
                      summary="No answers were given to this interviewer, so there is nothing to assess yet.",
                      practice_next=("Answer at least one question to get a report.",))
    competencies: dict[str, CompetencyScore] = {}
    for key, description in persona.competencies.items():
        scored = [a for a in answers if a.competency == key]
        if not scored:
            competencies[key] = CompetencyScore(description, None, "Not assessed in this interview.")
            continue
        best = max(scored, key=lambda a: a.critique.analysis.score)
        sentences = best.critique.analysis.evidence("action") or best.critique.analysis.evidence(
            "result") or [s.text for s in best.critique.analysis.sentences[:1]]
        competencies[key] = CompetencyScore(
            description, round(mean(a.critique.analysis.score for a in scored), 1),
            sentences[0] if sentences else "")
    completeness: dict[str, float] = {
        c: round(sum(a.critique.analysis.star[c].present for a in answers) / len(answers), 2)
        for c in COMPONENTS
    }
    ranked = sorted(answers, key=lambda a: a.critique.analysis.score)
    gaps = Counter(g for a in answers for g in a.critique.analysis.gaps)
    practice = [_IMPROVEMENT[g] for g, _ in gaps.most_common(3) if g in _IMPROVEMENT]
    average = round(mean(a.critique.analysis.score for a in answers), 1)
    return Report(
        persona=persona.id,
        interviewer=persona.display_name,
        answers=len(answers),
        average_score=average,
        summary=f"{len(answers)} answer(s) to {persona.display_name} ({persona.role}), average"
        f" score {average}/5.",
        competencies=competencies,
        star_completeness=completeness,
        quantified_results=round(
            sum(a.critique.analysis.quantified_result for a in answers) / len(answers), 2),
        strongest=AnswerScore(ranked[-1].question, ranked[-1].critique.analysis.score),
        weakest=AnswerScore(ranked[0].question, ranked[0].critique.analysis.score),
        practice_next=tuple(practice or ["Keep practising with new examples for each competency."]),
    )


def report(persona: Persona, answers: list[AnswerRecord]) -> dict[str, Any]:
    """`build_report` in its stored JSON shape (what sessions keep and the CLI prints)."""
    return build_report(persona, answers).to_dict()


def report_markdown(data: Report | Mapping[str, Any]) -> str:
    """A persona report, typed or in its stored shape, as Markdown."""
    return Report.coerce(data).markdown()


def overall_report(reports: Mapping[str, Report | Mapping[str, Any]]) -> dict[str, Any]:
    """One report across every stakeholder met, in its JSON shape (see `report.overall`)."""
    return overall(reports).to_dict()


def compare_attempts(items: list[Critique]) -> str:
    """Attempts at one question side by side (STAR parts, score) and what changed, as Markdown."""
    if not items:
        return ""
    lines = ["| attempt | S | T | A | R | quantified | words | score |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for number, item in enumerate(items, 1):
        a = item.analysis
        marks = " | ".join("✔" if a.star[c].present else "·" for c in COMPONENTS)
        lines.append(f"| {number} | {marks} | {'yes' if a.quantified_result else 'no'} |"
                     f" {a.word_count} | {a.score}/5 |")
    if len(items) >= 2:
        before, after = items[-2].analysis, items[-1].analysis
        changes = [f"added {c}" for c in COMPONENTS if after.star[c].present and not before.star[c].present]
        changes += [f"lost {c}" for c in COMPONENTS if before.star[c].present and not after.star[c].present]
        if after.quantified_result != before.quantified_result:
            changes.append("result now quantified" if after.quantified_result
                           else "result no longer quantified")
        if after.ownership != before.ownership:
            changes.append(f"ownership {before.ownership} → {after.ownership}")
        changes.append(f"score {before.score} → {after.score}")
        lines += ["", "What changed: " + "; ".join(changes) + "."]
    return "\n".join(lines)
