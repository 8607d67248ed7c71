"""How a candidate's own question lands in a second round: insightful, general, basic or logistics.

The guidance: second-round questions should show strategic thinking (the team's strategy, the
role's priorities for the next year, how the company answers shifts in its industry) rather than
logistics or facts the company's own site gives. The rating reads what a question is *about*, by
families of topic words rather than whole phrases:

- logistics: pay, benefits, time off, where and when the work happens, the hiring process;
- basic: facts about the company as a whole (what it sells, its size, owners, offices, revenue);
- insightful: the future (a horizon, a first-year or first-90-days expectation), judgement (what
  success or excellence looks like, what to measure), problems (risks, obstacles, concerns, the
  hardest part, where help is needed), change (shifts, competition, regulation, what the
  interviewer would change) and decisions (how trade-offs, bets and priorities are made);
- general: any other fair, open question (a typical day, the team, the interviewer's own view).

Topic words miss paraphrases ("how does the company stay ahead of cheaper rivals?" names no
topic word), so when the rules find nothing, `QuestionRater` compares the question with labelled
examples (`prompts/candidate_question_examples.jsonl`) in the embedding space the app already
loads for retrieval: the nearest rating's centroid wins. The rules stay first because when they
fire they were right on every unseen question measured. `evals/evaluate_question_rating.py`
measures both on the examples (development) and on a frozen test split written before the rules.
"""

from __future__ import annotations

import json
import math
import re
import threading
from pathlib import Path
from typing import Literal

from interviewer.embeddings import Embedder, Vector
from interviewer.errors import ConfigError

Rating = Literal["insightful", "general", "basic", "logistics"]
RATINGS: tuple[Rating, ...] = ("insightful", "general", "basic", "logistics")


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(parts), re.IGNORECASE)


_LOGISTICS = _rx(
    # money and perks
    r"\b(?:salary|salaries|pay|paid|compensation|bonus(?:es)?|benefits?|perks?|pension|401\s?k|"
    r"insurance|stock\s+options?|equity\s+package|signing|allowance|expenses?)\b",
    # time off and hours
    r"\b(?:vacation|holidays?|pto|paid\s+leave|time\s+off|sick\s+days?|(?:working|work|office)\s+hours|"
    r"overtime|flexib\w+\s+(?:on|with|in)\s+(?:hours|time|schedule)|part[- ]time|four[- ]day)\b",
    # where the work happens and what it needs
    r"\b(?:remote(?:ly)?|hybrid|in\s+the\s+office|office\s+days|on[- ]site|commute|relocat\w*|visa|"
    r"sponsor\w*|parking|dress\s+code|laptop|equipment|travel)\b",
    # the hiring process
    r"\b(?:start\s+date|when\b.{0,30}\bstart|next\s+steps?|hiring\s+process|interview\s+(?:rounds?|"
    r"stages?|process)|rounds?\s+(?:of\s+interviews?|are\s+there|left)|hear\s+back|notice\s+period|"
    r"offer\s+(?:letter|stage)|background\s+check|reference\s+check)\b",
    r"\btimeline\b.{0,25}\b(?:decision|hiring|process|offer|hear)\b",
    r"\bdecision\b.{0,25}\b(?:by\s+when|timeline|expected)\b",
)

_BASIC = _rx(
    r"\bwhat\s+(?:does|do)\s+(?:your|the)\s+(?:company|firm|business|organi[sz]ation)\s+"
    r"(?:actually\s+|really\s+)?(?:do|sell|make|build|offer)\b",
    r"\bwhat\s+do\s+you\s+(?:actually\s+|really\s+)?(?:do|sell|make|build)\b",
    r"\bwhat\s+(?:products?|services?|industries|markets|sectors)\b",
    r"\b(?:who|when)\b.{0,30}\b(?:founded|founder|started\s+the\s+company|owns?|owner|ceo|chief\s+"
    r"executive)\b",
    r"\bwhen\s+was\s+(?:the|your)\s+(?:company|firm|business)\s+(?:founded|started|set\s+up)\b",
    r"\bhow\s+(?:many|big|large)\b.{0,20}\b(?:employees|staff|countries|offices|locations|customers|"
    r"clients|company|firm|organi[sz]ation)\b",
    r"\bwhere\s+(?:is|are)\s+(?:your|the)\s+(?:company'?s?\s+)?(?:offices?|headquarters|hq|head\s+office)\b",
    r"\b(?:revenue|turnover|market\s+cap\w*|share\s+price|headcount)\b",
    r"\b(?:a\s+)?(?:public|publicly\s+traded|listed|private(?:ly\s+held)?)\s+company\b",
    r"\bwho\s+are\s+(?:your|the\s+company'?s)\s+(?:main\s+|biggest\s+|key\s+)?(?:customers|clients|"
    r"competitors)\b",
)

_INSIGHTFUL = _rx(
    # the future: a horizon, or what the new hire should have done by when
    r"\b(?:next|coming|first|over\s+the\s+next)\s+(?:\w+\s+)?(?:years?|quarters?|months?|"
    r"(?:\d+|thirty|sixty|ninety|hundred)\s+days)\b",
    r"\b(?:\d+|thirty|sixty|ninety)[- ]days?\b", r"\bby\s+the\s+end\s+of\b", r"\b(?:a|one)\s+year\s+from\b",
    r"\blong[- ]term\b", r"\bfuture\b", r"\bvision\b", r"\broadmap\b", r"\bgoing\s+over\b",
    r"\bwhere\s+do\s+you\s+see\b",
    # judgement: what good looks like, what is measured, what to own or deliver
    r"\bsucce\w*|\bexceptional\b|\bthrive\b|\bstand\s+out\b|\bseparates?\b|\btop\s+performers?\b",
    r"\bmeasur\w*|\bmetrics?\b|\bkpis?\b|\bmatters?\s+most\b|\bexpect\w*\s+(?:me|from)\b",
    r"\b(?:own|deliver\w*|achieve\w*|accomplish\w*)\b.{0,30}\b(?:by|within|first|mark)\b",
    # problems: risks, obstacles, concerns, the hardest part, where help is needed
    r"\b(?:challeng\w*|hardest|biggest\s+(?:problem|risk|obstacle|headache)|risks?|obstacles?|"
    r"struggl\w*|bottlenecks?|concerns?|hesitat\w*|give[sn]?\s+you\s+pause|keeps?\s+you\s+up|"
    r"unsolved|hasn'?t\s+solved|need\s+(?:the\s+)?(?:most\s+)?help|pain\s+points?|went\s+wrong)\b",
    # change: shifts, competition, regulation, technology, what the interviewer would change
    r"\b(?:shift\w*|chang\w*|adapt\w*|evolv\w*|trends?|disrupt\w*|competit\w*|regulat\w*|"
    r"acquisition|merger|expansion|transform\w*|respond\w*\s+to|ai\b|automation)",
    # decisions and priorities
    r"\b(?:strateg\w*|priorit\w*|goals?|objectives?|targets?|mission|decid\w*|decisions?|"
    r"trade[- ]?offs?|bets?|balance|disagree\w*|why\s+is\s+(?:this|the)\s+(?:role|position)\s+open|"
    r"previous\s+person|last\s+person|predecessor|differently)\b",
)

_WHY: dict[Rating, str] = {
    "logistics": "Logistics question: fine for the recruiter, but it spends a second-round slot. Ask"
                 " about the team's strategy or the role's priorities instead.",
    "basic": "Basic research question: the answer is on the company's site. Show you have done that"
             " research and ask what it does not tell you.",
    "insightful": "Insightful question: it shows strategic thinking about the role and the business.",
    "general": "A fair question. Sharper still: tie it to strategy, the role's priorities for the next"
               " year, or how the company is responding to shifts in its industry.",
}


def rate(text: str) -> Rating:
    """The rules' rating of one candidate question (logistics and basic facts first: a question
    about pay "next year" is still about pay); "general" when no topic word is found."""
    if _LOGISTICS.search(text):
        return "logistics"
    if _BASIC.search(text) and not _INSIGHTFUL.search(text):
        return "basic"
    if _INSIGHTFUL.search(text):
        return "insightful"
    return "general"


def explain(rating: Rating) -> str:
    """Why a rating, as the candidate sees it."""
    return _WHY[rating]


def rate_candidate_question(text: str) -> tuple[Rating, str]:
    """The rules' rating and why (no embedding model needed)."""
    rating = rate(text)
    return rating, _WHY[rating]


def load_examples(path: Path) -> list[tuple[str, Rating]]:
    """Labelled questions, one JSON object per line: {"text", "rating"}."""
    examples: list[tuple[str, Rating]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"Cannot read the question examples {path}: {exc}. Restore the file from"
                          " the repository or point INTERVIEWER_PROMPTS_DIR at a folder that has"
                          " it.") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text, rating = str(row["text"]), row["rating"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}:{number}: expected {{\"text\": ..., \"rating\": ...}}"
                              f" ({exc}).") from exc
        if rating not in RATINGS:
            raise ConfigError(f"{path}:{number}: unknown rating {rating!r}; use one of"
                              f" {', '.join(RATINGS)}.")
        examples.append((text, rating))
    return examples


def _mean(vectors: list[Vector]) -> Vector:
    total = [sum(column) for column in zip(*vectors, strict=True)]
    norm = math.sqrt(sum(v * v for v in total)) or 1.0
    return [v / norm for v in total]


class QuestionRater:
    """Rules first; when they find no topic, the nearest centroid of labelled examples in the
    embedder's space. Centroids are computed on first use, once."""

    def __init__(self, embedder: Embedder, examples: Path) -> None:
        self.embedder = embedder
        self.examples = examples
        self._centroids: dict[Rating, Vector] | None = None
        self._lock = threading.Lock()

    def centroids(self) -> dict[Rating, Vector]:
        """One normalised mean vector per rating that has examples."""
        with self._lock:
            if self._centroids is None:
                examples = load_examples(self.examples)
                vectors = self.embedder.embed([text for text, _ in examples])
                self._centroids = {
                    rating: _mean([v for v, (_, r) in zip(vectors, examples, strict=True) if r == rating])
                    for rating in RATINGS if any(r == rating for _, r in examples)}
            return self._centroids

    def rate(self, text: str) -> Rating:
        """The rating of one candidate question."""
        rating = rate(text)
        if rating != "general":
            return rating
        vector = self.embedder.embed([text])[0]
        scores = {r: sum(a * b for a, b in zip(vector, c, strict=True))
                  for r, c in self.centroids().items()}
        return max(scores, key=lambda r: scores[r]) if scores else rating

    def __call__(self, text: str) -> tuple[Rating, str]:
        """The rating and why, as the candidate sees it."""
        rating = self.rate(text)
        return rating, _WHY[rating]
