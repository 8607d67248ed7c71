"""The features `understand` reads from a candidate's turn: phrase tables, language, narrative.

Pure and table-driven: phrase tables for the closed classes (stop, repeat, skip, don't know, out of
role), who a question is about (the interview question or the role), and how much an answer
carries (first-person past-tense narrative, a plan, numbers, time markers, names). `understand`
combines them into one decision; this module only measures.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from interviewer.text import IRREGULAR_PAST, count_fillers, looks_english, looks_past_tense

VERY_LONG_WORDS = 1500
MANY_QUESTIONS = 4
SHORT_WORDS = 30  # closed classes (stop, repeat, skip...) are only read in turns this short
ASKED_MAX = 5  # question sentences kept in `asked`
SCAN_CHARS = 3000  # features of very long turns are read from their opening (~500 words)
SHORT_CHARS = 400


# --- text utilities ---------------------------------------------------------------------------

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\ufeff]")
LETTER_OR_DIGIT = re.compile(r"[^\W_]")
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+(?:[.,:/]\d+)*%?")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
NON_LATIN_LETTER = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0900-\u0dff\u0e00-\u0e7f"
                               r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"')\]]*|$)|[.!?]+")
QUESTION_END = re.compile(r"\?[\"')\]]*$")
LEAD = re.compile(
    r"^(?:(?:um+|uh+|erm?|er|ah+|oh|hmm+|mm+|so|like|well|okay|ok|yeah|yes|right|and|but|actually|"
    r"just|sorry|hi|hey|honestly|also|alright|wait|hold on|you know|i mean)\b[\s,.;:!-]*)+", re.IGNORECASE)


def normalize(text: str) -> str:
    """NFKC (full-width "？" becomes "?"), straight apostrophes, no control characters."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    return CONTROL.sub(" ", text).strip()


def sentences(text: str) -> list[str]:
    found = (m.group(0).strip() for m in SENTENCE.finditer(text))
    return [s for s in found if LETTER_OR_DIGIT.search(s)]


def sentences_with_questions(text: str) -> list[str]:
    """The sentences of `text` that end in a question mark (full-width ones included), in order."""
    return [s for s in sentences(normalize(text)) if QUESTION_END.search(s)]


def has(pattern: re.Pattern[str], text: str) -> bool:
    return pattern.search(text) is not None


def rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(parts), re.IGNORECASE)


# --- closed classes: phrase tables on short turns ---------------------------------------------

# Instructions aimed at the interviewer itself: read anywhere in a turn, however long.
INJECTION = rx(
    r"\b(?:ignore|disregard|forget|override|bypass)\b(?:\s+(?:all|any|of|your|the|my|these|those|"
    r"previous|prior|above|earlier|system|original|interview))*\s+(?:instructions?|rules|prompts?|"
    r"rubric|guidelines|directions|scoring|interview|role)\b",
    r"\b(?:system|hidden|initial|secret)\s+(?:prompt|instructions?|message)\b",
    r"\byour\s+(?:instructions|prompt|rules|scoring rules|rubric)\b",
    r"\byou\s+are\s+now\b", r"\bfrom\s+now\s+on\b", r"\bact\s+as\b", r"\bpretend\b", r"\brole[- ]?play\b",
    r"\bjailbreak\b", r"\bdeveloper\s+mode\b", r"\byou\s+are\s+dan\b", r"\bno\s+rules\b",
    r"\[/?inst\]", r"<\|im_(?:start|end)\|>", r"(?:^|\n)\s*(?:system|assistant)\s*:",
    r"\b(?:give|rate|score|mark|grade)\s+(?:me|this|my\s+answer|this\s+answer)\s+(?:as\s+|a\s+|an\s+)?"
    r"(?:\d+\s*(?:/|out\s+of)\s*\d+|full\s+marks|top\s+marks|perfect|excellent|the\s+highest|"
    r"high(?:est)?\s+scores?|a\s+pass)",
    r"\b(?:rate|score)\s+me\b", r"\btell\s+me\s+i\s+(?:got|passed|aced)\b",
)
# Every INJECTION match contains one of these, so only the text around them is scanned: a 20,000
# character turn is checked everywhere in about a millisecond.
INJECTION_HINTS = (
    "ignor", "disregard", "forget", "overrid", "bypass", "prompt", "instruction", "message", "your rules",
    "your scoring", "rubric", "you are now", "from now on", "act as", "pretend", "roleplay", "role-play",
    "role play", "jailbreak", "developer mode", "are dan", "no rules", "inst]", "<|im_", "system:",
    "system :", "assistant:", "assistant :", "/", "out of", "marks", "perfect", "excellent", "highest",
    "high score", "a pass", "rate me", "score me", "tell me i",
)
HINT_RADIUS = 200


def injected(text: str) -> bool:
    """True when `text` anywhere tries to instruct or re-cast the interviewer."""
    lowered = text.lower()
    if len(lowered) <= 4 * HINT_RADIUS:
        return has(INJECTION, lowered)
    spans: list[tuple[int, int]] = []
    for hint in INJECTION_HINTS:
        at = lowered.find(hint)
        while at != -1:
            spans.append((max(0, at - HINT_RADIUS), at + len(hint) + HINT_RADIUS))
            at = lowered.find(hint, at + 1)
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    # A window that starts mid-text must not read as the start of the text (the "system:" rule).
    return any(has(INJECTION, lowered[start:end] if start == 0 else " " + lowered[start:end])
               for start, end in merged)


# Off-task requests and questions about the machinery: only in short turns.
OFF_TASK = rx(
    r"\bwrite\s+(?:me\s+)?(?:a|an|the|my)\s+(?:\w+\s+)?(?:poem|haiku|song|story|essay|joke|limerick|"
    r"cover\s+letter|email|code|answer|script)\b",
    r"\btell\s+me\s+a\s+(?:joke|story)\b", r"\btranslate\s+(?:this|that|the|it|these|my)\b",
    r"\b(?:help\s+me\s+with|do)\s+my\s+(?:\w+\s+)?homework\b", r"\brewrite\s+my\b", r"\bmy\s+cv\b",
    r"\b(?:what|which)\s+(?:ai\s+|language\s+)?(?:model|llm|ai|gpt)\b",
    r"\bare\s+you\s+(?:chatgpt|gpt|claude|gemini|llama|an?\s+(?:ai|bot|robot|llm|language\s+model)|"
    r"a\s+real\s+person|human|real)\b",
    r"\bwho\s+(?:made|built|trained|programmed)\s+you\b",
    r"\b(?:tell|give|show|write)\s+me\s+(?:what\s+)?(?:the|a|an)\s+(?:\w+\s+)?(?:ideal|perfect|best|"
    r"good|model|right|correct|sample|example|great|winning)\s+answer\b",
    r"\b(?:give|tell|write)\s+me\s+the\s+answer\b", r"\bwrite\s+the\s+answer\b",
    r"\b(?:ideal|perfect|model|sample)\s+answer\b", r"\banswer\s+they\s+want\s+to\s+hear\b",
    r"\bwhat(?:'s|\s+is|\s+would\s+be)\s+(?:a|the|an)\s+(?:good|great|best|right|correct|ideal|perfect|"
    r"strong)\s+answer\b",
    r"\bcapital\s+of\b", r"\bweather\b", r"\brecipe\b", r"\bplay\s+a\s+game\b",
    r"\bforget\s+(?:the|this)\s+interview\b", r"\brespond\s+only\s+in\b",
    r"\bswitch\s+to\s+(?:being|a|an)\b", r"\bstop\s+being\s+(?:an?\s+|my\s+)?interviewer\b",
    r"\bstep\s+out\s+of\s+(?:your\s+|the\s+)?(?:role|character)\b",
    r"\bhow\s+(?:to|should\s+i|do\s+i)\s+answer\s+(?:these|this|the|such)\b",
    # help with the candidate's own work, not with the interview
    r"\bhelp\s+me\s+(?:to\s+)?(?:fix|debug|install|configure|set\s+up)\b",
    r"\b(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:fix|debug|check|review|look\s+at|proofread)\s+"
    r"(?:my|this|a)\s+(?:\w+\s+){0,2}(?:code|script|program|bug|function|query|spreadsheet|essay|homework)\b",
)
STOP = rx(
    r"^(?:stop|quit|end|pause|exit|enough|done|i'?m\s+done|end\s+(?:the\s+)?(?:interview|session))\b"
    r"[\s.!]*(?:please|now|thanks?)?[\s.!]*$",
    r"\b(?:let's|let\s+us|can\s+we|could\s+we|please|we\s+should|i\s+(?:want|need|would\s+like|'d\s+"
    r"like)\s+to|i'?d\s+like\s+to)\s+(?:just\s+)?(?:stop|end|finish|pause|quit|wrap\s+(?:this\s+|it\s+)?up"
    r"|call\s+it)\b",
    r"\b(?:end|stop|finish|close|pause)\s+(?:the|this|our)\s+(?:\w+\s+)?(?:interview|session|call|"
    r"practice|meeting|conversation|mock)\b",
    r"\bwe\s+(?:can|could|may|might\s+as\s+well)\s+(?:stop|end|finish|wrap\s+(?:this\s+|it\s+)?up|call\s+it)\b",
    r"\bstop\s+(?:here|there|now|for\s+(?:now|today))\b", r"\bpause\s+(?:here|for|it|now)\b",
    r"\b(?:take|need|have)\s+a\s+(?:short\s+|quick\s+|little\s+)?break\b",
    r"\b(?:i\s+)?(?:have|need|got|gotta|must)\s+(?:to\s+)?(?:go|leave|run|drop\s+off|hop\s+off)"
    r"(?:\s+(?:now|soon|sorry|early))?(?=[\s,.!?;:]*$|[\s,.!?;:]+(?:sorry|so|can|could|let|bye|i'm))",
    r"\bgotta\s+go\b", r"\bi\s+quit\b", r"\bi\s+want\s+to\s+quit\b", r"\bcall\s+it\s+a\s+day\b",
    r"\b(?:i'?m|i\s+am)\s+done\b(?:\s+for\s+(?:today|now|the\s+day))?(?=[\s,.!]*$|\s+for\b|[\s,.!]+"
    r"(?:thanks|thank|sorry|bye))",
    r"\b(?:enough|it|all)\s+for\s+(?:me\s+)?(?:today|now|the\s+day)\b",
    r"\b(?:another|some\s+other)\s+time\b", r"\bcontinue\s+(?:tomorrow|later|another)\b",
    r"\bpick\s+(?:this|it)\s+up\s+(?:later|tomorrow|another)\b", r"\bleave\s+it\s+there\b",
    r"\bsomething\s+came\s+up\b", r"\bend\s+(?:it|here|now)\b",
    r"\b(?:parar|paremos|terminar|terminemos|detener|arrêtons|arrêter|terminer|aufhören|hören\s+wir|"
    r"beenden)\b", r"停止|结束|暂停",
)
REPEAT = rx(
    r"^(?:sorry|pardon|pardon\s+me|huh|what|eh|come\s+again|say\s+again|sorry\s+what|what\s+sorry|"
    r"excuse\s+me|i'?m\s+sorry|one\s+more\s+time|again)\b[\s?!.,]*(?:please)?[\s?!.]*$",
    r"\brepeat\b", r"\brephrase\b", r"\bsay\s+(?:that|it|this|the\s+question)?\s*again\b",
    r"\b(?:ask|read)\s+(?:that|it|this|the\s+question)\s+(?:again|one\s+more\s+time)\b",
    r"\bone\s+more\s+time\b", r"\bcome\s+again\b",
    r"\b(?:didn'?t|did\s+not|couldn'?t|could\s+not)\s+(?:quite\s+)?(?:catch|hear|get)\b",
    r"(?:^|\bi\s+(?:just\s+)?|sorry,?\s+)missed\s+(?:that|it|the\s+(?:last|question|end|first))\b",
    r"\bwhat\s+was\s+(?:that|the\s+question|the\s+last)\b", r"\b(?:cut|broke)\s+(?:out|up)\b",
    r"\byou\s+froze\b", r"\bconnection\s+(?:dropped|is\s+bad|cut)\b", r"\baudio\s+(?:glitched|cut|dropped)\b",
    # "hello? are you there?": a line check, so the question is asked again
    r"^(?:(?:hello|are\s+you\s+(?:still\s+)?there|can\s+you\s+hear\s+me)\b[\s?!.,]*)+$",
    r"\b(?:repetir|répéter|repeter|wiederholen)\b", r"重复|再说一遍|再說一遍",
)
SKIP = rx(
    r"^(?:skip|pass|next|next\s+(?:question|one)|skip\s+(?:it|this|that)|move\s+on)\b[\s.!,]*"
    r"(?:please|next\s+one\s+please|thanks?)?[\s.!]*$",
    r"\bskip\b", r"\bpass\s+on\s+(?:this|that|it)\b", r"\bi'?ll\s+pass\b",
    r"\bnext\s+(?:question|one)\b", r"\bmove\s+on\b", r"\bgo\s+to\s+the\s+next\b",
    r"\b(?:rather|prefer)\s+not\b", r"\b(?:don'?t|do\s+not)\s+(?:want|wish)\s+to\s+(?:answer|talk|discuss)\b",
    r"\bcan\s+i\s+not\s+answer\b",
    r"\bnot\s+comfortable\s+(?:sharing|answering|talking|discussing|going\s+into)\b",
    r"\bcome\s+back\s+to\s+(?:this|that|it)\b", r"\bleave\s+(?:that|this)\s+one\b",
    r"\b(?:another|a\s+different|other)\s+question\b", r"\bsomething\s+else\b",
    r"\b(?:siguiente\s+pregunta|otra\s+pregunta|saltar|passons|question\s+suivante|nächste\s+frage|"
    r"überspringen)\b", r"跳过|下一个问题|下一题",
)
DONT_KNOW = rx(
    r"\b(?:i\s+)?(?:don'?t|do\s+not|dont)\s+(?:really\s+)?know\b", r"\bdunno\b", r"\bno\s+(?:idea|clue)\b",
    r"\bnot\s+sure\b", r"\bblank(?:ing)?\b",
    r"\b(?:can'?t|cannot|cant|couldn'?t)\s+(?:really\s+)?(?:think|remember|recall|come\s+up|say)\b",
    r"\bnothing\s+(?:comes|springs|came)\s+to\s+mind\b", r"\bnothing\s+(?:really\s+)?comes\b",
    r"\b(?:never|haven'?t|have\s+not|hasn'?t)\s+(?:really\s+|actually\s+|ever\s+)?(?:been|had|done|faced|"
    r"worked|managed|led|missed|disagreed|experienced|dealt|encountered|needed|run)\b",
    r"\b(?:don'?t|do\s+not|dont)\s+(?:really\s+)?(?:have|recall|remember)\s+(?:an?|any|much|one|"
    r"a\s+good|exactly)\b", r"\b(?:don'?t|dont|do\s+not)\s+remember\b",
    r"\b(?:don'?t|dont|do\s+not)\s+think\s+(?:that|it|this)\s+(?:ever\s+)?happened\b",
    r"\bno\s+s[eé]\b", r"\bni\s+idea\b", r"\bne\s+sais\s+pas\b", r"\baucune\s+idée\b",
    r"\bweiß\s+(?:ich|es)\s+nicht\b", r"\bich\s+weiß\s+(?:es\s+)?nicht\b", r"\bkeine\s+ahnung\b",
    r"\bno\s+tengo\b", r"\bpas\s+d'exemple\b", r"\bkein\s+beispiel\b", r"不知道|不清楚",
)
ACK = re.compile(
    r"^(?:(?:yes|yeah|yep|yup|sure|ok|okay|fine|right|alright|absolutely|definitely|of\s+course|no|"
    r"nope|nah|thanks|thank\s+you|cool|great|good|nice|hmm+|mm+|um+|uh+|true|indeed|agreed|"
    r"good\s+question|great\s+question|interesting|maybe|perhaps|sometimes|i\s+guess|i\s+suppose|"
    r"of\s+course)[\s,.!]*)+$", re.IGNORECASE)
THINKING = rx(
    r"^(?:(?:good|great|interesting|tough|hard)\s+question[\s,.!]*)?(?:let\s+me\s+think|give\s+me\s+a\s+"
    r"(?:second|sec|moment|minute)|one\s+(?:second|sec|moment)|hang\s+on|just\s+a\s+(?:second|sec|moment)|"
    r"i\s+need\s+a\s+(?:second|sec|moment|minute)|(?:can|could|may)\s+i\s+(?:take|have|get)\s+a\s+"
    r"(?:second|sec|moment|minute)|is\s+it\s+(?:ok(?:ay)?|alright|fine)\s+if\s+i\s+take\s+a\s+"
    r"(?:second|sec|moment|minute))\b[^.!?]{0,40}[.!?]*$",
)
DECLINE = rx(
    r"^(?:no|nope|nah|none|not\s+really|nothing|i'?m\s+good|all\s+good|i'?m\s+fine)\b",
    r"\bno\s+(?:more\s+|other\s+|further\s+)?questions\b",
    r"\b(?:don'?t|do\s+not)\s+have\s+(?:any\s+)?(?:more\s+|other\s+|further\s+)?questions\b",
    r"\b(?:that'?s|that\s+is)\s+(?:all|it|everything)\b",
    r"\b(?:covered|answered)\s+(?:everything|it\s+all|all\s+of\s+them|all\s+my\s+questions)\b",
    r"\bnothing\s+(?:else|more|from\s+me)\b",
)

# --- who a question is about -----------------------------------------------------------------

# About the pending interview question: its meaning, scope, or what example counts.
CLARIFY = rx(
    r"\b(?:do|did|would)\s+you\s+mean\b", r"\byou\s+mean\b", r"\bmean(?:t)?\s+by\b",
    r"\bwhen\s+you\s+say\b", r"\bas\s+in\b", r"\bin\s+the\s+sense\b",
    r"\b(?:does|do|should|would|must|can|could|may|is)\s+(?:it|this|that|the\s+\w+)\s+(?:have\s+to|need\s+to|"
    r"has\s+to|be|count)\b",
    r"\bis\s+it\s+(?:ok(?:ay)?|fine|alright|all\s+right|allowed)\s+(?:if|to)\b",
    r"\b(?:are|were)\s+you\s+(?:asking|looking\s+for|thinking\s+of|after|referring)\b",
    r"\b(?:what|which)\s+(?:kind|type|sort|level|size|area)s?\s+of\b", r"\bwhich\s+(?:kind|type|sort)\b",
    r"\bhow\s+(?:far\s+back|recent|detailed|specific|much\s+detail|big\s+(?:of\s+)?an?|long\s+should)\b",
    r"\bshould\s+i\s+(?:assume|use|pick|choose|focus|talk|describe|include|go|answer|give|mention)\b",
    r"\bcan\s+i\s+(?:use|pick|choose|talk\s+about|give|go\s+with|take|describe|mention)\b",
    r"\bwhat\s+counts\s+as\b", r"\b(?:does|do|would|will|could)\s+[^?.!]{1,60}\bcount\b",
    r"\bor\s+only\b", r"\bwhat\s+you(?:'re|\s+are)\s+(?:looking\s+for|after)\b", r"\bhint\b",
    r"\bjust\s+to\s+(?:check|clarify|confirm|be\s+(?:clear|sure))\b",
    r"\bso\s+i\s+understand\b", r"\bto\s+clarify\b",
    r"\bdo\s+you\s+want\s+(?:me\s+to|the|a|an|to\s+hear|it|something)\b",
    r"\bor\s+(?:in\s+general|more\s+like|just|something|could\s+it|can\s+it|is\s+it|should\s+it|do\s+you|"
    r"would\s+it|anything)\b",
)
# About the role, the team, the company, the interviewer or the hiring process.
ROLE = rx(
    r"\b(?:this|the|that)\s+(?:role|position|job|team|company|org|organi[sz]ation|department|office|"
    r"opening|business|product|group|manager)\b",
    r"\byour\s+(?:team|company|job|role|manager|day|work|experience|favou?rite|time|career|org)\b",
    r"\bteam's\b", r"\bhere\b", r"\bwould\s+i\s+be\b", r"\bwill\s+i\s+be\b", r"\bi'?d\s+be\b",
    r"\b(?:salary|pay\s+range|compensation|benefits|bonus|equity|remote|hybrid|in\s+the\s+office|on-?call"
    r"|relocat\w*|visa|start\s+date|to\s+start|next\s+steps?|hiring\s+process|the\s+process|rounds?|"
    r"hear\s+back|timeline|report(?:ing)?\s+to|direct\s+reports|managing\s+people|tech\s+stack|stack|"
    r"tooling|budget|training|conferences?|career\s+growth|promotion|performance|reviewed|culture|"
    r"onboarding|priorities|roadmap|challenges?|success|typical\s+(?:day|week)|hardest\s+part|enjoy|"
    r"hesitant|concerns?|reservations|working\s+here|expanding|growth|headcount|the\s+decision|"
    r"travel|job\s+description|job\s+ad|posting|interviewers?|panel)\b",
    r"\bhow\s+(?:big|large|many\s+people)\s+is\b", r"\bhow\s+long\s+have\s+you\b",
    r"\b(?:can|may|could)\s+i\s+ask\b", r"\bquick\s+question\b", r"\bwanted\s+to\s+ask\b",
    r"\bi\s+was\s+wondering\b", r"\bi'?m\s+curious\b",
    r"\b(?:equipo|équipe|puesto|poste|salario|salaire|gehalt|stelle|team)\b", r"团队|职位|工资|公司",
)
INDIRECT = rx(
    r"^(?:i'?d\s+(?:like|love)\s+to\s+(?:know|hear|understand|ask)|i\s+(?:was|am)\s+wondering|"
    r"i'?m\s+curious|tell\s+me\s+(?:more\s+)?about|could\s+you\s+tell\s+me|can\s+you\s+tell\s+me|"
    r"i\s+wanted\s+to\s+ask|one\s+thing\s+i\s+wanted\s+to\s+ask)\b",
)
# A wh-word followed by a subject and a main verb ("what i did was...") opens a statement.
INTERROGATIVE = re.compile(
    r"^(?:(?:is|are|am|do|does|did|can|could|would|will|should|may|might|shall|has|have|isn't|aren't|"
    r"don't|doesn't|wouldn't|won't)\b|(?:what|what's|whats|how|how's|why|when|where|who|who's|which|"
    r"whose)\b(?!\s+(?:i|we|they|he|she)\s+\w+))",
    re.IGNORECASE)
YOU = re.compile(r"\b(?:you|your|yours|you're|you've|you'd)\b", re.IGNORECASE)
PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|me|my|we|our|us|you|your|you're|you've)\b", re.IGNORECASE)

# --- what an answer carries ------------------------------------------------------------------

# A subject, then (within one word) a past-tense verb: "I rolled back", "we quickly agreed".
SUBJECT = re.compile(
    r"\b(?:(?:i|we)(?:'ve|'d)?|he|she|they|it|who|which|team|manager|client|customer|boss|lead|"
    r"colleague)(?=\s+([a-z']+)(?:\s+([a-z']+))?)", re.IGNORECASE)
# Forms that are as often present tense ("let me", "we set goals") do not count outside a clause.
AMBIGUOUS_PAST = frozenset({"let", "read", "set", "put", "cut", "hit", "quit", "hurt", "shut", "split",
                             "spread", "cost", "bet", "fit"})
CLEAR_PAST = (IRREGULAR_PAST | {"was", "were"}) - AMBIGUOUS_PAST


def narrative_clauses(text: str) -> int:
    """How many subject + past-tense verb clauses a text has."""
    count = 0
    for match in SUBJECT.finditer(text):
        first, second = match.group(1), match.group(2)
        if first.lower() in {"was", "were"} or looks_past_tense(first) or (
                second is not None and looks_past_tense(second)):
            count += 1
    return count


PLAN = rx(
    r"\b(?:i'?d|i\s+would|i'?ll|i\s+will|we'?d|we\s+would|i\s+(?:always\s+)?(?:start|begin|look|list|"
    r"ask|check|rank|try\s+to\s+\w+\s+by|go\s+back|sit\s+down|set\s+up|talk|meet|agree|escalate|write|"
    r"make\s+sure))\b",
    r"\b(?:first(?:ly)?|then|after\s+that|next|finally|my\s+first\s+step|by\s+day|step\s+one)\b",
)
TIME_MARKER = rx(
    r"\b(?:last|this|that|next|previous|past)\s+(?:year|month|quarter|week|spring|summer|autumn|fall|"
    r"winter|sprint|release|job|role|company|team)\b",
    r"\b(?:in|since|by|until)\s+(?:(?:19|20)\d\d|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|q[1-4])\b",
    r"\b(?:once|one\s+time|ago|yesterday|later|earlier|afterwards|at\s+the\s+time|at\s+my\s+(?:last|"
    r"previous|current|old|first)|when\s+i\s+was|weekly|every\s+(?:day|week|friday|monday|morning)|"
    r"within|deadline|launch|go-live)\b",
    r"\bfor\s+(?:years|months|weeks|a\s+(?:year|while|decade|month))\b",
    r"\b(?:my|our)\s+(?:last|previous|current|old|first)\s+(?:job|role|company|work|team|employer)\b",
)
NUMBER = rx(
    r"\d", r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|percent|half|double|twice|a\s+dozen)\b",
)
GENERIC = rx(
    r"\b(?:always|usually|generally|in\s+general|every(?:one|body)|every\s+team|normal|important|"
    r"key|matters?|the\s+best\s+policy|great\s+opportunity|a\s+lot|very|really\s+good|passionate)\b",
    r"\b(?:i'?m|i\s+am)\s+(?:a|an|very|really|always|quite|extremely|super|highly|good|open)\b",
    r"\bteam\s+player\b", r"\bhard\s+work(?:er|ing)?\b", r"\bwork(?:ing|s)?\s+hard\b", r"\bgood\s+at\b",
    r"\babove\s+and\s+beyond\b", r"\bfast\s+learner\b", r"\bdetail-oriented\b",
    r"\bi\s+(?:care|believe|like|love|value|try|get\s+along)\b",
)
NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-zA-Z]+")  # a capitalised word mid-sentence: a product, a place
SENTENCE_PUNCT = re.compile(r"[.!?,;:]")
VOWEL_RUN = re.compile(r"[aeiouy]")
CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")

# --- language ---------------------------------------------------------------------------------

ENGLISH = frozenset({
    "the", "and", "to", "of", "i", "you", "is", "it", "that", "we", "was", "for", "on", "with", "my",
    "this", "have", "be", "can", "what", "do", "a", "in", "me", "not", "are", "at", "so", "but", "they",
    "he", "she", "our", "your", "would", "could", "there", "their", "about", "when", "how", "just",
    "then", "after", "had", "were", "been", "did", "from", "if", "as", "an", "or"
})
FOREIGN = frozenset({
    # Short-turn words of Spanish, French, German, Portuguese, Italian that are not English words.
    "el", "los", "las", "que", "del", "en", "un", "una", "por", "para", "con", "es", "mi", "nuestro",
    "nuestra", "se", "pero", "muy", "hay", "equipo", "pregunta", "tengo", "sé", "puede", "repetir",
    "siguiente", "hace", "años", "lideré", "también", "cuántas", "cuántos", "cómo", "qué", "dónde",
    "usted", "le", "les", "des", "du", "et", "est", "je", "mon", "ma", "mes", "nous", "vous", "pour",
    "avec", "dans", "pas", "qui", "sur", "ne", "sais", "pouvez", "répéter", "équipe", "poste", "c'est",
    "j'ai", "l'ai", "ai", "exemple", "désolé", "mois", "jour", "chiffres", "été", "avons", "der", "das",
    "und", "ist", "ich", "nicht", "wir", "sie", "ein", "eine", "mit", "zu", "auf", "für", "von", "den",
    "dem", "wie", "groß", "weiß", "können", "frage", "hier", "bitte", "hören", "habe", "jahr", "musste",
    "innerhalb", "jeden", "uns", "unser", "entschuldigung", "wiederholen", "abend", "não",
    "você", "uma", "isso", "muito", "obrigado", "também", "eu", "na", "com", "minha", "meu", "projeto",
    "empresa", "prazo", "semanas", "pessoas", "antes", "última", "liderei", "terminamos", "duas",
    "quatro", "della", "che", "sono", "questo", "grazie", "molto"
})
ACCENTED = re.compile(r"[ñ¿¡áéíóúàèìòùâêîôûçëïüöäßœ]", re.IGNORECASE)


def is_not_english(text: str, words: list[str]) -> bool:
    if not looks_english(text):
        return True
    # The shared check calls a turn of a few words English; short turns in another language are
    # common here ("Weiß ich nicht.", "No sé, no tengo un ejemplo.", "团队有多少人？").
    if len(words) > 8:
        return False
    letters = sum(1 for ch in text if ch.isalpha())
    if letters and len(NON_LATIN_LETTER.findall(text)) > letters / 2:
        return True
    lowered = [w.lower() for w in words]
    english = sum(1 for w in lowered if w in ENGLISH)
    foreign = sum(1 for w in lowered if w in FOREIGN or any(p in FOREIGN for p in w.split("'")))
    if foreign >= 2 and foreign > 2 * english:
        return True
    return foreign >= 1 and english == 0 and has(ACCENTED, text)


def is_gibberish(words: list[str]) -> bool:
    tokens = [w for w in words if w.isalpha() and w.islower() and len(w) >= 3
              and w not in {"hmm", "mmm", "shh", "brr", "nth", "pfft", "tsk"}]
    if len(tokens) < 2 or len(tokens) != len([w for w in words if w.isalpha()]):
        return False
    odd = sum(1 for w in tokens if not VOWEL_RUN.search(w) or CONSONANT_RUN.search(w))
    return odd * 2 >= len(tokens) and all(w.lower() not in ENGLISH for w in words)


def is_transcribed(text: str, words: list[str]) -> bool:
    if len(words) < 5:
        return False
    uncased = not any(ch.isupper() for ch in re.sub(r"\bI\b", "", text))
    unpunctuated = not has(SENTENCE_PUNCT, text)
    return (uncased and unpunctuated) or (unpunctuated and sum(count_fillers(text).values()) >= 2)


# --- the classifier ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Features:
    text: str
    lowered: str
    words: int
    flags: tuple[str, ...]
    questions: list[str]
    statement_words: int
    statement: str


def features(raw: str) -> Features:
    text = normalize(raw)
    head = text[:SCAN_CHARS]
    words = WORD.findall(text)
    cjk = len(CJK.findall(text))
    count = len(words) + (cjk * 2) // 3  # about 1.5 characters per word in Chinese/Japanese
    flags: list[str] = []
    if not has(LETTER_OR_DIGIT, text):
        flags.append("no_words")
    elif is_not_english(head, words[:400]):
        flags.append("not_english")
    if count > VERY_LONG_WORDS:
        flags.append("very_long")
    questions = [s for s in sentences(text) if QUESTION_END.search(s)]
    if len(questions) >= MANY_QUESTIONS:
        flags.append("many_questions")
    if is_transcribed(head, words[:400]):
        flags.append("transcribed")
    statement = head
    for q in questions:
        statement = statement.replace(q, " ")
    statement_words = len(WORD.findall(statement)) + (len(CJK.findall(statement)) * 2) // 3
    return Features(text, head.lower(), count, tuple(flags), questions, statement_words, statement)


def asked(f: Features) -> str:
    if f.questions:
        return " ".join(f.questions[:ASKED_MAX])
    return LEAD.sub("", f.text).strip() or f.text


def interrogative(f: Features) -> bool:
    """A question by punctuation, or by word order when a transcript has no punctuation."""
    if f.questions:
        return True
    if f.words > SHORT_WORDS or has(SENTENCE_PUNCT, f.text.rstrip(".!")):
        return False
    body = LEAD.sub("", f.text)
    return has(INTERROGATIVE, body) or has(INDIRECT, body)


def evidence(f: Features) -> tuple[int, list[str]]:
    """How much an answer carries: narrative, plan, numbers and time markers (capped per kind)."""
    text = f.statement if f.questions else f.text[:SCAN_CHARS]
    found: list[str] = []
    narrative = narrative_clauses(text)
    if not narrative and f.words >= 8 and any(w.lower() in CLEAR_PAST for w in WORD.findall(text)):
        narrative = 1
    if narrative:
        found.append(f"{narrative} past-tense narrative verb(s)")
    plan = len(PLAN.findall(text))
    if plan:
        found.append("a plan of steps")
    numbers = len(NUMBER.findall(text))
    if numbers:
        found.append("numbers")
    times = len(TIME_MARKER.findall(text))
    if times:
        found.append("time markers")
    names = len(NAME.findall(text))
    if names:
        found.append("named things")
    score = min(narrative, 3) + min(plan, 2) + min(numbers, 2) + min(times, 2) + min(names, 1)
    return score, found
