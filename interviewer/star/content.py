"""Content, scaffolding and measured change: what makes a sentence hollow or a result measured."""

from __future__ import annotations

import re

from interviewer.star.cues import (
    _NAMED_BY_NUMBER,
    _NUM_WORD,
    _OFF_AMOUNT,
    _TIME_UNIT,
    _rx,
    has_measured_quantity,
    quantity_spans,
)
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
proactive proactively forward available faced facing data-led data-driven robust seamless impactful
meaningful
align aligned alignment engage engaged engagement stakeholder stakeholders drive drove driving execution
execute executed executing pillar pillars strategic growth grow grew grown innovation innovative excellence
operational focus focused focusing front pace step stepped provide provided across board leverage leveraged
synergy synergies holistic empower empowered transformation transformational value initiative initiatives
""".split())

# A span of time with its count: "twelve hours", "a week", "3 days".
_SPAN = (r"\b(?:\d[\d.,]*|" + _NUM_WORD + r"|a|an|half an?)\s*-?\s*" + _TIME_UNIT + r"\b")
_NUMBER = r"(?:[$£€]\s?)?(?:\d|\b" + _NUM_WORD + r"\b|\bzero\b)"
_CHANGE = _rx(
    r"\b(?:reduc|increas|improv|cut|cutting|sav|grew|grow|rais|lower|boost|doubl|tripl|halv|drop|"
    r"fell|fall|rose|rise|shrank|jump|climb|decreas|brought|dropp|fall|gain|won|win|"
    r"sign|sold|hit|exceed|beat|recover|clos|pass|complet|finish|reach|retain|achiev|deliver|"
    r"generat|earn|rais|book|secur|convert|ship|launch|approv|renew|got|scor|attract|lost|miss|"
    r"paid|pay|pays|receiv|collect|award|avoid|delay|cancel|lose|loses|losing|slipped|fined|profit|surplus)"
    r"\w*(?!['’]t\b)",
    # "went" and "came" move a figure only with a direction: "went down to", not "went live", "came through"
    r"\b(?:went|came|come|go|goes|going)\s+(?:back\s+)?(?:up|down|from|to|under|over|below|above|in at)\b",
    # sold or cleared at a loss: "we cleared about 400 of them at a loss of around £2,500"
    r"\b(?:at|made|making|make) a loss\b",
    r"\bback (?:down |up )?to\s+(?:about |around |under |below |just |only )?" + _NUMBER,
    # a span from one figure to another: "from 31 to 14 days", not "from your depot, so I'm looking to"
    r"\bfrom\s+[^.;]{0,30}?" + _NUMBER + r"[^.;]{0,25}?\bto\b",
    r"\bfrom\b[^.;]{1,40}\bto\s+(?:about |around |under |over |below |just |only |nearly )?" + _NUMBER,
    # "up" and "down" move a figure beside them: "down by a third", "revenue up 20%"; not "cleaning up ten
    # years"
    r"(?:->|→|=>|⇒)",
    r"(?<!ing )(?<!ed )(?<!set )\b(?:up|down)\b(?=\s+(?:to|by|from|about|around|nearly|almost|over|under|"
    r"just|only|more than|less than|\d|[$£€]|" + _NUM_WORD + r"\b|a (?:third|quarter|half|fifth|tenth)\b))",
    r"(?:\d|%|percent|\b" + _NUM_WORD + r")\s+(?:[\w-]+\s+)?(?:up|down)\b", r"\b(?:"
    r"ahead of|early|faster|sooner|instead of|(?<!work )(?<!live )now|highest|lowest|best)\b|"
    r"\b(?:a|an|our|their|its|new|all-time) record\b|\brecord[- ](?:high|low|breaking)\b",
    # "over", "under", "within" give an amount, not a change: "over two long calls", "under £5,000"
    # a comparison needs its figure or its "than": "30% fewer", "£20,000 more", "higher than last year"
    r"(?:\d%?|\b" + _NUM_WORD + r"|\bhalf|\bthird|\bquarter|\bfifth|\btenth|percent|cent)\s+(?:[a-z]+\s+)?"
    r"(?:fewer|less|more|higher|lower)\b", r"\b(?:fewer|less|more|higher|lower|earlier|sooner|faster|slower|"
    r"cheaper|shorter|longer|later)\s+than\b",
    r"\b(?:of|out of)\s+(?:the\s+)?\d", r"\bno (?:\w+ )?(?:since|ever since|after)\b",
    r"\b(?:took|knocked|shaved|cut)\s+" + _OFF_AMOUNT + r"(?:\s+(?:a|an|per|each|every)\s+\w+)?\s+off\b",
    # against the plan: "three weeks to get to a leak when it should've been five days", "later than planned"
    r"\bshould(?:'ve| have) (?:been|taken)\b",
    # against what was planned: "about £3,500 below what I'd planned"
    r"\b(?:below|above|under|over|short of|behind) what (?:i|we|they|he|she)(?:'d| had)? (?:planned|budgeted|"
    r"expected|forecast|estimated|promised|quoted)\b",
    # money added to what came in: "their contract adds about £2,200 a month to our takings"
    r"\badd(?:s|ed|ing)?\s+(?:about\s+|around\s+|over\s+|nearly\s+|almost\s+|roughly\s+)?[$£€]\s?\d",
    r"\b(?:than|behind|ahead of) (?:the\s+)?(?:planned|promised|agreed|expected|budgeted|scheduled|plan|"
    r"promise|schedule|forecast|estimate)\b",
    # a before and an after: "before, every audit found empty dispensers; in the next one, zero"
    r"\bbefore\b[^.;]{3,80}?\b(?:now|next|after that|afterwards|since then|these days|"
    r"after (?:the|this|that|we|i|it))\b",
)
# "now" after the change; not where the speaker works now ("where I work now we patch test every client")
_NOW = re.compile(r"\b(?:(?<!work )(?<!live )now|today|currently|these days|nowadays)\b", re.IGNORECASE)
_QUANTITY_WORD = re.compile(r"\d|\b(?:zero|half|halved|doubled|tripled|dozens?|hundreds?|thousands?|"
                            r"millions?)\b", re.IGNORECASE)


def names_a_figure(text: str) -> bool:
    """True for a digit or a figure word ("half", "doubled", "hundreds"): a sentence that could measure."""
    return bool(_QUANTITY_WORD.search(text))


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


# Scaffolding by stem too ("leveraging" as "leveraged"), except the -ing forms, whose stems are also nouns
# of content ("taking action" is scaffolding, the shop's "takings" are not).
_SCAFFOLD_STEMS = frozenset(stem(w) for w in _SCAFFOLD if not w.endswith("ing"))


_NAMES_A_PART = _rx(r"\b(?:situation|context|background|problem|issue|challenge|task|goal|objective|"
                    r"responsib\w*|action|steps?|results?|outcome|impact|success\w*|improv\w*|solution|"
                    r"fix\w*|solv\w*|resolv\w*|handl\w*|implement\w*|analy[sz]\w*)\b")


def is_hollow(text: str, question_stems: frozenset[str] = frozenset()) -> bool:
    """True for scaffolding: no content word, or one beside a word that only names a STAR part.

    "I took action and fixed it" and "the result was a 50% improvement" are hollow; "I rang the fraud
    team every half an hour" is not.
    """
    # A figure on the question's own subject is content: "Our churn was 8% a month" to a question on churn.
    stems = question_stems if not has_measured_quantity(text) else frozenset()
    content = len(content_words(text, stems))
    return content == 0 or (content == 1 and bool(_NAMES_A_PART.search(text)))


_ORDINAL = (r"(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
            r"eleventh|twelfth|last|bottom|top)")
# Counts brought to zero after the change ("no misdirected payslips in the two years since", "hasn't broken
# down once since", "no further failures that summer", "errors stopped completely"), rankings ("from
# ninth to second", "we were 12th"), and a count meeting a standard ("we filed 296 on time").
_COUNTED_OUTCOME = _rx(
    r"\b(?:no|zero|not (?:a|one)(?: single)?)\s+(?:[\w'-]+\s+){0,6}?(?:since|ever since|afterwards|"
    r"after that|in the (?:[\w-]+\s+){0,3}(?:since|after|that followed|following)|"
    r"(?:that|the following|the next) (?:summer|winter|spring|autumn|year|month|quarter|season|term|week)|"
    r"for the rest of)",
    r"\b(?:has|have|had)(?:n't| not| never)\s+(?:[\w'-]+\s+){0,7}?(?:once|a single|one)\b",
    # an outcome measured against the plan: "two days late", "only thirty minutes late", "a week early"
    r"(?:\d[\d,.]*|\b" + _NUM_WORD + r"|\bhalf an?\b)\s*-?\s*(?:[\w-]+\s+)?" + _TIME_UNIT
    + r"\s+(?:late|early|overdue|behind|ahead)\b",
    # a single unit against the plan, as in "finished a day early": "a month late", "a week overdue"
    r"(?<![\w-])an?\s+(?:full\s+|whole\s+|clear\s+)?" + _TIME_UNIT + r"\s+(?:late|overdue|early)\b",
    # none over a stretch since: "the station hasn't blocked with rags in eleven months"
    r"\b(?:has|have)(?:n't| not| never)\s+(?:[\w'-]+\s+){1,5}?(?:in|for)\s+(?:over\s+|more than\s+|nearly\s+|"
    r"almost\s+|the\s+(?:last|past)\s+)?" + _SPAN,
    # how often over the period after: "Over the next term we opened late twice", "over the rest of that term
    # she was late once"
    r"\b(?:over|in|during|for)\s+the\s+(?:next|following|rest of (?:the|that))\s+(?:[\w-]+\s+)?"
    r"(?:days?|weeks?|months?|years?|quarters?|seasons?|terms?|summer|winter|year)\b[^.;]{0,40}?"
    r"\b(?:once|twice|(?:only|just)\s+(?:\d[\d,]*|" + _NUM_WORD + r")|(?:\d+|" + _NUM_WORD + r")\s+times)\b",
    # "about an hour late": the estimate makes the single unit a figure
    # time in hand against the deadline: "took him off with about twenty minutes to spare"
    r"(?:" + _SPAN + r"|\ban?\s+" + _TIME_UNIT + r")\s+to\s+spare\b",
    # a share of the plan or of an earlier period: "finished Q3 at 124% of target", "we took 85% of the
    # previous year's Easter income"
    r"\b\d[\d.]*\s?(?:%|percent|per cent)\s+of\s+(?:the\s+|our\s+|my\s+|its\s+|their\s+)?(?:[\w'-]+\s+)?"
    r"(?:target|plan|budget|forecast|quota|previous|last|usual|normal)\b",
    # the period after first, then how often: "The next year we only needed them to cover for us twice"
    r"\b(?:the following|the next)\s+(?:summer|winter|spring|autumn|year|month|quarter|season|term|week)\b"
    r"[^.;]{0,70}?\b(?:once|twice|(?:\d+|" + _NUM_WORD + r")\s+times)\b",
    r"\b(?:about|around|roughly|nearly|almost|over|just over|just under|under)\s+an?\s+" + _TIME_UNIT
    + r"\s+(?:late|early|overdue|behind|ahead)\b",
    # "an hour and a quarter late": the fraction is the figure ("a day late" alone names none)
    r"\ban?\s+" + _TIME_UNIT + r"\s+and\s+a\s+(?:half|quarter)\s+(?:late|early|overdue|behind|ahead)\b",
    # two spans in one sentence, the new against the old: "through in about twenty minutes, when it had been
    # over an hour"
    _SPAN + r"[^.;]{0,40}\b(?:when it (?:had been|used to be|was|used to take)|instead of|"
    r"compared (?:with|to)|down from|up from|rather than|where it had been)\b[^.;]{0,15}?" + _SPAN,
    # done ahead of the event by a stated amount: "back on stage twelve hours before the dress rehearsal"
    r"(?<!\bfrom )(?<!\bin )" + _SPAN + r"\s+(?:before|ahead of|inside|under)\s+"
    r"(?:the|our|their|that|this|its)\s+(?:[\w-]+\s+)?"
    r"(?:deadline|due date|launch|opening|rehearsal|cut-?off|go-live|start|audit|inspection|visit|show|event|"
    r"opening night|final|exam|handover|date|target|plan|programme|schedule|contract date)\b",
    # ready some stated time before what it was for: "the line was open 40 minutes before the first train"
    r"\b(?:open|opened|ready|done|finished|complete|completed|back|live|delivered|signed off|handed over|"
    r"in place|submitted|approved)\b[^.;]{0,30}?" + _SPAN + r"\s+(?:before|ahead of)\b",
    # later or sooner than it should have been: "her first visit happened two days later than it should have"
    _SPAN + r"\s+(?:later|earlier|longer|sooner)\s+than\s+(?:it|they|we|he|she|i)\s+(?:should|would|could)"
    r"(?:'ve| have)?\b",
    # longer than was promised: "without his car for two days longer than we'd promised"
    _SPAN + r"\s+(?:later|longer|sooner|earlier)\s+than\s+(?:the\s+|our\s+|what\s+)?"
    r"(?:(?:it|they|we|he|she|i)(?:'d|\s+had)?\s+)?(?:promised|planned|agreed|quoted|estimated|forecast|scheduled|booked|expected)\b",
    # sooner by a stated amount, told mid-clause: "we were leaving the depot 25 minutes earlier", "call sheets
    # went out about two hours earlier each night" (not "Two days earlier, I had...")
    r"(?<=[a-z] )(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+|roughly\s+|just\s+)?" + _SPAN
    + r"\s+(?:earlier|sooner|faster|quicker)\b(?!\s+than\b)",
    # none after that: "the next term we had one call-out, and the term after that none"
    r"\bafter (?:that|this|it)\b[^.;]{0,10}?\b(?:none|zero|nil)\b",
    # a multiple of an earlier count: "twice as many people came", "half as much waste"
    r"\b(?:twice|three times|four times|ten times|half)\s+as\s+(?:many|much)\b",
    # a count over a later period: "we had one slip in the following year"
    r"\b(?:had|saw|recorded|logged|got)\s+(?:only\s+|just\s+)?(?:\d[\d,]*|" + _NUM_WORD
    + r")\s+[\w-]+\s+(?:in|over|during)\s+the\s+(?:following|next)\b",
    r"\bnot (?:once|a single \w+) since\b",
    # the period first: "the following season there wasn't a single near miss", "in the following quarter only
    # one slip was recorded"
    r"\b(?:the following|the next)\s+(?:summer|winter|spring|autumn|year|month|quarter|season|term|week)\b"
    r"[^.;]{0,25}?\b(?:there (?:wasn't|was not|weren't|were not) (?:a single|one|any)|there (?:was|were) no|"
    r"not (?:a|one) single|(?:only|just) (?:\d[\d,]*|" + _NUM_WORD + r")\b)",
    r"\bnow\b[^.;]{0,45}?\b(?:is|are|takes|take|averages|runs at|stands at|sits at)\s+"
    r"(?:about |around |under |below |just |only |nearly |roughly |less than |more than |over )?"
    r"(?:[$£€]\s?\d|\d|" + _NUM_WORD + r"\b(?! of\b))",
    # a state now in so many units: "now we turn metals round in about four days"
    r"\bnow\b[^.;]{0,45}?\b(?:in|to|at|under|within)\s+"
    r"(?:about |around |under |below |just |only |nearly |roughly )?"
    r"(?:\d[\d.,]*|" + _NUM_WORD + r")\s*(?:" + _TIME_UNIT + r"|%|percent)",
    # against another figure: "returns were 0.8%, against 4% for the old model"
    r"(?:\d[\d.,]*\s?%?|\b" + _NUM_WORD + r")[^.;]{0,30}?\b(?:against|compared (?:with|to)|versus|vs\.?)\s+"
    r"(?:about |around |the |an? |just |only )?(?:[$£€]\s?\d|\d|" + _NUM_WORD + r"\b)",
    # none against an earlier count: "no errors at all that summer, against fourteen the year before"
    r"\b(?:no|zero|none|nil)\b[^.;]{0,50}?\b(?:against|compared (?:with|to)|down from)\s+(?:about |around )?"
    r"(?:\d|" + _NUM_WORD + r"\b)",
    # short of a target by so much: "eight points short", "£20,000 short of the target"
    r"(?:\d[\d.,]*\s?%?|\b" + _NUM_WORD + r")\s+(?:[\w-]+\s+)?short\b(?=\s*(?:[,.;)]|$|of\b|on\b))",
    # how often a thing made was used: "downloaded about 14,000 times", "viewed over 3,000 times"
    r"\b\w+ed\s+(?:about\s+|around\s+|over\s+|more than\s+|nearly\s+|almost\s+)?(?:\d[\d,.]*|" + _NUM_WORD
    + r")\s+times\b",
    # arrived so long after what it was for: "the painting arrived nine days after the exhibition opened"
    r"\b(?:arrived|arriving|delivered|finished|opened|landed|went live|launched|got there|turned up|"
    r"was ready)\b[^.;]{0,25}?\b(?:\d[\d.,]*|" + _NUM_WORD + r")\s*-?\s*" + _TIME_UNIT
    + r"\s+(?:after|late|behind)\b",
    # later than the date set: "we moved in three weeks after the date we'd announced"
    _SPAN + r"\s+(?:after|later than|behind|past|beyond)\s+(?:the\s+|our\s+)?(?:[\w-]+\s+)?"
    r"(?:date|deadline|target|plan|schedule)\b",
    # at first and after: "at first she needed an hour a room; after two weeks she did it in 30 minutes"
    r"\b(?:at first|to begin with|at the start|in (?:the )?first (?:days?|weeks?|months?))\b[^.;]{0,60}?"
    + _SPAN
    + r"[^.;]{0,60}?\b(?:after|by|now)\b[^.;]{0,50}?" + _SPAN,
    # a count over the time after the change: "in the three months after that there was only one miss", "in
    # the next three months there was only one report"
    r"\bin the (?:(?:[\w-]+\s+){0,3}(?:after|since|following)\b|(?:next|following)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:days?|weeks?|months?|years?|quarters?|seasons?|terms?)\b)[^.;]{0,30}?"
    r"\b(?:there (?:was|were|have been|has been)|we (?:had|saw|got))\s+(?:only\s+|just\s+)?"
    r"(?:\d|" + _NUM_WORD + r"\b|no\b)",
    r"\bno (?:repeats?|recurrences?)\b",
    # none, once or a few times since the change: "since i redid it they've had none", "jammed once since"
    r"\bsince\b[^.;]{0,50}?\b(?:none|zero|nil)\b", r"\b(?:none|zero|nil)\s+since\b",
    r"\b(?:only\s+|just\s+)?(?:once|twice|(?:\d+|" + _NUM_WORD + r")\s+times)\s+(?:\w+\s+){0,2}?since\b",
    # "since then it's broken down like once in about three months"
    r"\bsince\b[^.;]{0,50}?\b(?:once|twice|(?:\d+|" + _NUM_WORD + r")\s+times)\s+in\s+(?:\w+\s+){0,2}?"
    + _SPAN,
    # from one count to another told far apart: "we went from around 14 ambulances a night leaving the hub
    # with something missing to one or two"
    r"\b(?:went|gone|came|dropped|fell|rose|grew|got|brought|cut|taken|took)\s+(?:\w+\s+)?from\s+"
    r"(?:about\s+|around\s+|roughly\s+|nearly\s+|over\s+)?(?:\d|" + _NUM_WORD + r"\b)[^.;]{0,90}?\bto\s+"
    r"(?:about\s+|around\s+|under\s+|just\s+|only\s+|maybe\s+)?(?:\d|" + _NUM_WORD
    + r"\b|zero\b|none\b|nothing\b)",
    # "she's rung us once in like three months since"
    r"\b(?:once|twice|(?:\d+|" + _NUM_WORD + r")\s+times)\s+in\s+(?:\w+\s+){0,2}?" + _SPAN + r"\s+since\b",
    # a count of things out of the whole: "we only had to move one install out of twelve that week"
    r"(?:\b\d[\d,]*|\b" + _NUM_WORD + r")\s+(?:[\w-]+\s+){1,2}?out of\s+(?:the\s+|our\s+|my\s+)?"
    r"(?:\d[\d,]*|" + _NUM_WORD + r")\b",
    # a count out of an earlier count: "22 of them turned into opportunities", "eleven of them have signed up"
    # a count out of a count that then did something: "fourteen of the twenty schools had signed up"
    r"(?:\b\d[\d,]*|\b(?!one\b)" + _NUM_WORD + r")\s+(?:out\s+)?of\s+(?:the\s+|our\s+|my\s+|their\s+)?"
    r"(?:\d[\d,]*|" + _NUM_WORD + r")\s+(?:[\w-]+\s+){0,2}?(?:had|have|has|were|was|are|is|got|\w+ed)\b",
    r"(?:\b\d[\d,]*|\b(?!one\b)" + _NUM_WORD + r")\s+of\s+"
    r"(?:them|those|these|whom|which|(?:my|our|his|her|their)\s+\w+|"
    r"the\s+(?:new\s+|original\s+|first\s+)?\w+)\s+"
    r"(?:have\s+|had\s+|were\s+|are\s+)?"
    r"(?:\w+ly\s+)?(?!(?:needed|wanted|liked|loved|hated|seemed|used|asked|wondered|tried|looked|lived|"
    r"worked)\b)(?:\w+ed|became|came|went|got|won|made|kept|took|left|sold|"
    r"paid|grew|stuck)\b",
    # the whole named first: "of the six people we took on that spring, five were still with us a year later"
    r"^\W*(?:and\s+|so\s+)?of\s+(?:the|those|these|our|my)\s+(?:\d[\d,]*|" + _NUM_WORD
    + r")\b[^.;]{0,60}?,\s*"
    r"(?:only\s+|just\s+|all\s+but\s+|about\s+|nearly\s+)?(?:\d[\d,]*|" + _NUM_WORD + r")\s+(?:of\s+them\s+)?"
    r"(?:were|was|are|have|had|got|\w+ed)\b",
    # how many took part: "fourteen teams took part", "only 64 people turned up", "212 residents signed up"
    r"(?:\b\d[\d,.]*%?|\b" + _NUM_WORD + r")\s+(?:[\w-]+\s+){0,2}?(?:turned up|took part|attended|signed up|"
    r"registered|voted|enrolled|showed up|came along|joined in)\b",
    r"\bturnout\s+(?:was|rose|reached|hit)\s+(?:about\s+|around\s+|nearly\s+|over\s+)?\d",
    # things counted as done: "I had three papers accepted", "all forty boats were moved"
    r"\b(?:had|got|have|has)\s+(?:\d[\d,]*|" + _NUM_WORD + r")\s+(?:[\w-]+\s+){0,2}?(?:accepted|approved|"
    r"published|signed|funded|hired|placed|adopted|passed|completed|shortlisted|selected|commissioned)\b",
    r"\ball\s+(?:\d[\d,]*|" + _NUM_WORD + r")\s+(?:[\w'-]+\s+){0,3}?(?:were|was|have been|had been|got)\s+"
    r"(?:\w+ly\s+)?(?:\w+ed|done|seen|won|sold|given|taken|brought|built|paid|back|through|home|safe)\b",
    # "zero" is a figure: counted since the change it measures it ("since then, zero failed runs")
    r"\bsince (?:then|that|the change|it went live)\b[^.;]{0,40}?\bzero\s+\w+",
    r"\b(?:down|fell|dropped|reduced|cut) to (?:zero|nothing|none|nil)\b",
    r"\bfrom (?:the )?" + _ORDINAL + r"\b[^.;]{0,60}\bto (?:the )?" + _ORDINAL + r"\b",
    r"\b(?:were|was|are|is|ranked|moved up to|rose to|climbed to|came|finished|placed)\s+(?:the\s+)?"
    r"\d+(?:st|nd|rd|th)\b",
    r"\b(?:came|finished|ranked|placed)\s+(?:first|second|third|top)\b",
    r"\b(?:ended|finished|closed)\s+(?:the\s+)?(?:year|quarter|month|season|term|week|day|campaign)\s+"
    r"(?:(?:on|at|with)\s+)?(?:about\s+|around\s+|just\s+)?(?:[$£€]\s?)?(?:\d|" + _NUM_WORD + r")",
    # money against a budget ("about £9,000 over the floor budget"), a count since the change ("the check
    # has caught two bad files since")
    r"(?:[$£€]\s?\d|\d[\d,.]*\s?(?:%|k\b|percent))[^.;]{0,12}?\b(?:over|under|within)\s+(?:the\s+|our\s+)?"
    r"(?:[\w-]+\s+)?(?:budget|plan|estimate|forecast|quote)\b",
    r"\b(?:has|have|'ve)\s+(?:[\w-]+\s+){0,2}?(?:\d|" + _NUM_WORD + r")\b[^.;]{0,40}\bsince\b",
    r"\b\d[\d,]*(?:\.\d+)?\b[^.;]{0,30}\b(?:on time|in time|before the deadline|by the deadline|"
    r"ahead of schedule)\b",
)


# A sentence told as the speaker's deed: "I also got him two heaters", "we phased those over two years";
# not an outcome told in the first person ("we came in £2.3M under", "I hit my target").
_DEED_OPENING = re.compile(
    r"^\W*(?:(?:and|so|then|but)\s+)*(?:i|we)\s+(?:\w+ly\s+|also\s+|then\s+|just\s+|even\s+)?"
    r"(?!(?:was|were|had|have|came|come|finished|ended|got|get|hit|reached|saw|won|lost|beat|exceeded|made|"
    r"managed|went|brought|saved|raised)\b)[a-z]+\b", re.IGNORECASE)

# The new figure against the old one told bare: "in three days instead of the ten it used to take", "a
# morning instead of two days", "about three hours each instead of around twelve". Not among the counted
# outcomes: told as a deed, the same words give a choice ("we phased those over two years instead of one").
_COMPARED = re.compile(
    r"(?:\d|\b" + _NUM_WORD + r"\b|\ban?\s+(?:morning|afternoon|evening|" + _TIME_UNIT + r")\b|"
    r"\b(?:the )?same (?:day|morning|afternoon|night|week)\b)[^.;]{0,40}?"
    r"\b(?:instead of|rather than|when it used to)\s+"
    r"(?:the\s+|about\s+|around\s+|nearly\s+|over\s+|under\s+|almost\s+|roughly\s+){0,2}"
    r"(?:[$£€]\s?\d|\d|" + _NUM_WORD + r"\b)|"
    # against an earlier time or case: "only one damage, in the year before we had nine", "without a single
    # query, where the first one had come back with fourteen"
    r"(?:\d|\b" + _NUM_WORD + r"\b|\bno\b|\bnot a\b|\bwithout a\b)[^.;]{0,60}?"
    r"\b(?:(?:in\s+)?the\s+(?:[\w-]+\s+)?(?:year|month|week|quarter|season|summer|winter|term|peak|shift|time)\s+"
    r"before|where\s+(?:it|they|we|the|our|my)\b[^.;]{0,30}?\b(?:had|used to))\b[^.;]{0,25}?"
    r"(?:[$£€]\s?\d|\d|\b" + _NUM_WORD + r"\b)|"
    # the same told the other way round: "zero break-ins in eighteen months, after nine in the year before"
    r"(?:\d|\b" + _NUM_WORD + r"\b|\bno\b)[^.;]{0,60}?\b(?:after|against|compared (?:with|to)|down from|"
    r"up from)\s+(?:about\s+|around\s+|over\s+|nearly\s+)?(?:\d[\d,]*|" + _NUM_WORD + r")\b[^.;]{0,20}?"
    r"\b(?:in|during|over)\s+the\s+(?:[\w-]+\s+)?(?:year|month|week|quarter|season|summer|winter|term|period)\s+"
    r"before\b", re.IGNORECASE)


# Irregular past participles: after "I'd" they make the past perfect ("I'd brought in £52,000"), not "would".
_PARTICIPLE = (r"(?:been|become|had|done|gone|made|got|gotten|seen|left|brought|bought|built|caught|cut|"
               r"drawn|driven|found|grown|heard|held|hit|kept|known|led|lost|met|paid|put|run|said|sent|set|shown|"
               r"sold|spent|stood|taken|taught|told|won|written|given|begun|broken|chosen)")


# "I'll explain how", "I'd say": telling the story, not a plan inside it.
_TELLING = r"(?:explain|tell|walk|describe|share|talk|give you|say)"


# What is wanted now: "I also want a job I can still do at fifty".
_WANT = r"\b(?:i|we)\s+(?:still\s+|also\s+|really\s+)?(?:want|wish|hope)\b"
_WANTS = re.compile(_WANT, re.IGNORECASE)


# What would happen, what was aimed at, and what one always does since: no measured change in them.
_NOT_DONE = _rx(r"\b(?:i|we)\s+(?:would|will)\b(?!\s+(?:have|" + _TELLING + r")\b)",
                r"\b(?:i|we)\s+(?:wouldn't|won't|would not|will not)\b",
                r"\b(?:i|we)'(?:d|ll)\b(?!\s+(?:already\s+|just\s+)?(?:" + _PARTICIPLE + r"|guess|think|"
                + _TELLING + r"|\w+ed)\b)",
                r"\b(?:aim|aims|aiming|plan|plans|planning|hope|hoping|going) to\b",
                # what was wanted, tried or proposed: "their procurement team wanted to cut down to one
                # supplier",
                # "I wrote a note recommending we cut the position to 1.5%"
                r"\b(?:wanted|wants|needed|needs|tried|tries|trying|intended|expected) to\b",
                # what is wanted now: "I also want a job I can still do at fifty"
                _WANT,
                r"\b(?:i|we)\s+(?:\w+\s+)?(?:recommend|recommended|propose|proposed|suggest|suggested)\b",
                r"\b(?:recommending|proposing|suggesting)\b",
                # what would or could happen did not: "it would probably save me a couple of hours a week"
                r"\b(?:would|might)\s+(?:probably\s+|likely\s+|definitely\s+|easily\s+|also\s+)?"
                r"(?!have\b|not\b|never\b)[a-z]+\b",
                r"\b(?:i|we) (?:now )?(?:always|never|usually)\b")


# A plan, an estimate or a promise, and the outturn against it: in a failure story what went wrong is the
# result, told before the recovery ("I estimated two weeks." "It took seven weeks").
_PLAN = _rx(r"\b(?:estimat|promis|quot|forecast|budget|schedul)\w*", r"\bwould (?:take|be ready|cost|last)\b",
            r"\b(?:deadline|due (?:on|by|in))\b")
_OUTTURN = _rx(r"^\W*(?:it|this|that|the (?:[\w-]+ ){0,2}?(?:job|work|project|migration|move|build|launch|"
               r"conversion|release|rollout|upgrade|renovation))\s+(?:actually\s+|eventually\s+|finally\s+|"
               r"in the end\s+)?(?:took|lasted|cost|ran)\b",
               r"\b(?:was|were|ran|came in|finished|delivered)\s+(?:about\s+|around\s+|nearly\s+|almost\s+)?"
               + _NUMBER + r"\S*\s+(?:" + _TIME_UNIT + r"\s+|%\s*|percent\s+)?(?:late|over|behind|overdue)\b")


def states_plan(text: str) -> bool:
    """True for an estimate, a promise, a budget or a deadline: "I estimated two weeks"."""
    return bool(_PLAN.search(text))


def outturn(text: str) -> bool:
    """True for how long or how much it really took, or how late it was: "It took seven weeks"."""
    return bool(_OUTTURN.search(text))


# How many words may stand between a figure and the word that moves it for the two to belong together:
# "mis-picks down by about a third" is one measure; "after a month she was calm and went to bed" is not.
_NEAR_WORDS = 10


def _near_pairs(text: str, spans: list[tuple[int, int]],
                others: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Pairs of a span and another at most `_NEAR_WORDS` words apart."""
    pairs = []
    for a0, a1 in spans:
        for b0, b1 in others:
            gap = text[min(a1, b1):max(a0, b0)] if max(a0, b0) > min(a1, b1) else ""
            if len(gap.split()) <= _NEAR_WORDS:
                pairs.append((a0, a1, b0, b1))
    return pairs


# A figure moved in so many words: "from 31 to 14 days", "4 h -> 35 min", "down to two", "by 40%".
# Spoken answers hedge the figure: "down to maybe three", "up by i think it was about sixty percent".
_ROUGHLY = (r"(?:(?:about|around|nearly|almost|under|over|just|maybe|like|roughly|approximately|only|barely|"
            r"less than|more than|fewer than|well|i think(?: it was)?|probably)\s+){0,2}")
_MOVES_FIGURE = _rx(r"\bfrom\b[^.;]{0,40}?\bto\b", r"->|→|=>|⇒",
                    # a figure on both sides, further apart: "from like twenty-five minutes average to
                    # under ten"
                    r"\bfrom\s+" + _ROUGHLY + r"(?:[$£€]\s?\d|\d|" + _NUM_WORD + r"\b)[^.;]{0,50}?\bto\s+"
                    + _ROUGHLY + r"(?:[$£€]\s?\d|\d|" + _NUM_WORD + r"\b)",
                    r"\bto\s+" + _ROUGHLY + r"(?:[$£€]\s?\d|\d|" + _NUM_WORD
                    + r"\b|a (?:third|quarter|half)\b)",
                    # "by" moves a figure only with its measure: "by 40%", "by two days", not "by two staff"
                    r"\bby\s+" + _ROUGHLY + r"(?:[$£€]\s?\d|a (?:third|quarter|half|fifth|tenth)\b|"
                    r"(?:\d[\d,.]*|"
                    + _NUM_WORD + r")\s*(?:%|percent\b|per cent\b|points?\b|pp\b|bps\b|x\b|k\b|"
                    + _TIME_UNIT + r"\b))")


# A before and after in so many words, of something that moved rather than something the speaker set: "it went
# down to like two or three call-outs a month", "complaints went from twenty-odd a month to two or three", "I
# took the class from about six regulars to a full room of 20" (not "narrowed it down to two", "from seven
# to eleven").
_HEDGE = r"(?:(?:about|around|roughly|nearly|almost|over|under|just|only|maybe|like|a full room of)\s+)?"
_BEFORE_AND_AFTER = re.compile(
    r"\b(?:went|gone|came|come|fell|fallen|dropped|rose|risen|grew|grown|took|taken|brought|cut)\s+"
    r"(?:[\w'-]+\s+){0,6}?from\s+" + _HEDGE + r"(?:\d|" + _NUM_WORD + r"\b)[^.;]{0,60}?\bto\s+" + _HEDGE
    + r"(?:\d|" + _NUM_WORD + r"\b|zero\b)|"
    r"\b(?:went|gone|came|come|fell|fallen|dropped|was|were|is|are|it's|been)\s+down\s+to\s+" + _HEDGE
    + r"(?:\d|" + _NUM_WORD + r"\b|zero\b)", re.IGNORECASE)


def tells_before_and_after(text: str) -> bool:
    """True when a sentence tells how far something moved, from what to what ("complaints went from
    twenty-odd a month to two or three", "the breaks went down to about eight minutes"): a measure however
    else it reads."""
    return bool(_BEFORE_AND_AFTER.search(text)) and measured_change(text)


def moves_figure(text: str) -> bool:
    """True when a sentence moves a figure in so many words: a bullet deed that does ("Cut the export from
    4 h to 35 min") reports its outcome; one that only mentions a figure ("Introduced a check signed by two
    members of staff") does not."""
    return bool(_MOVES_FIGURE.search(text))


_PICKED_OUT = re.compile(r"\b(?:the|those|these|both|my|her|his|their|your|other)\s+$", re.IGNORECASE)


def _picks_out(text: str, start: int) -> bool:
    """A number after "the" picks people or things out ("the two teams", "the three of us"), counting nothing
    that changed; a share keeps its measure ("the 38% who replied")."""
    return bool(_PICKED_OUT.search(text[:start])) and not re.match(r"[\d.,]*\s?%", text[start:])


# An outcome set against what was planned, in the words of a plan: "41 sales against a target of 30", "£1,800
# less than the forecast", "the stoppage ran eleven days over", "two days longer than we'd promised".
_VERSUS_PLAN = re.compile(
    r"\bagainst\s+(?:a|the|our|my|their|his|her)\s+(?:[\w-]+\s+)?(?:target|forecast|budget|plan|quota|"
    r"estimate)\b|"
    r"\bthan\s+(?:the\s+|our\s+|my\s+|their\s+|what\s+)?(?:(?:we|i|they|he|she|it)(?:'d|\s+had)?\s+)?"
    r"(?:[\w-]+\s+)?(?:promised|planned|forecast|budgeted|budget|target|quoted|estimated|agreed|scheduled|"
    r"plan|schedule)\b|"
    r"\b(?:over|under|short of)\s+(?:the\s+|our\s+|my\s+)?(?:budget|target|plan|forecast|estimate)\b|"
    r"\b(?:ran|went|came in|overran|finished)\s+(?:about\s+|around\s+|nearly\s+)?" + _SPAN
    + r"\s+(?:over|late|behind)\b",
    re.IGNORECASE)


def against_plan(text: str) -> bool:
    """True when a sentence measures what happened against what was planned ("ran eleven days over", "41
    sales against a target of 30"): an outcome, whoever is the subject of the sentence."""
    return bool(_VERSUS_PLAN.search(text)) and measured_change(text)


def counts_an_outcome(text: str) -> bool:
    """True when a sentence counts an outcome in one of the set ways ("none since", "two days late",
    "fourteen of the twenty schools had signed up"), outside a plan or a habit."""
    return any(not _NOT_DONE.search(_clause(text, *m.span())) for m in _COUNTED_OUTCOME.finditer(text))


def compares_figures(text: str) -> bool:
    """True when a sentence not told as a deed sets a new figure against the old one ("in three days
    instead of the ten it used to take"), outside a plan or a habit."""
    return not _DEED_OPENING.search(text) and any(not _NOT_DONE.search(_clause(text, *m.span()))
                                                  for m in _COMPARED.finditer(text))


def measured_change(text: str) -> bool:
    """True when a sentence measures a change: a quantity, a word of change or outcome, and a named thing.

    "Failed runs dropped from 9 a month to zero" and "Export time 4 h -> 35 min" are; "things improved
    by 30 percent" (nothing named), "we had 40 people" (nothing changed) and a bare date are not. The figure
    and the word of change must stand close together: a figure elsewhere in the sentence ("after twenty
    minutes she was calm and went to bed") measures nothing.
    """
    if not content_words(text):
        return False
    # A plan, a target, a habit or what would happen measures nothing, in the clause it governs: "we had
    # shipped 1.1 million bushels, about 85% of what we'd move in a normal year" still measures.
    if counts_an_outcome(text) or compares_figures(text):
        return True
    # How long the work took is no measure of its outcome ("It took forty-five minutes, but we got every
    # image"); the outturn against an estimate is judged apart (`outturn`).
    took = [m.span() for m in _TOOK_SPAN.finditer(text)] + [m.span(1) for m in _DONE_IN_SPAN.finditer(text)]
    figures = [f for f in quantity_spans(text) if not any(t0 <= f[0] < t1 for t0, t1 in took)
               and not _picks_out(text, f[0])]
    moves = [m.span() for m in _CHANGE.finditer(text)]
    if not (figures and moves) and _NOW.search(text):
        named = [m.span() for m in _NAMED_BY_NUMBER.finditer(text)]
        figures = figures or [m.span() for m in _QUANTITY_WORD.finditer(text)
                              if not _picks_out(text, m.start())
                              and not any(a <= m.start() < b for a, b in named)]
        moves = moves or [m.span() for m in _NOW.finditer(text)]
    return any(not _NOT_DONE.search(_clause(text, min(a0, b0), max(a1, b1)))
               for a0, a1, b0, b1 in _near_pairs(text, figures, moves))


# How long the work took: "took about a week", "spent us two days" (the words before the span).
_TOOK = (r"\b(?:took|spent|lasted|needed)\s+(?:us\s+|me\s+|them\s+)?(?:about\s+|around\s+|roughly\s+|just\s+|"
         r"only\s+|nearly\s+|almost\s+|over\s+)?")
_TOOK_SPAN = re.compile(_TOOK + _SPAN + r"(?!\s+off\b)", re.IGNORECASE)
# Done in so long: "the backlog was cleared in four weeks", "declared over after sixteen days" (how long the
# work took, not how its outcome changed).
_DONE_IN = (r"\b(?:\w+ed|done|over|finished|complete|ready|built|taken|sold|seen)\s+(?:all\s+|off\s+|up\s+)?"
            r"(?:in|within|after)\s+(?:about\s+|around\s+|just\s+|only\s+|under\s+|less than\s+|roughly\s+)?")
_DONE_IN_SPAN = re.compile(_DONE_IN + "(" + _SPAN + r")"
                           r"(?!\s+(?:instead|rather|compared|against|when|where)\b)", re.IGNORECASE)


def _clause(text: str, start: int, end: int) -> str:
    """The clause around text[start:end]: from the last comma, semicolon, colon or dash before it to the
    next one after it."""
    left = max(text.rfind(mark, 0, start) for mark in ",;:–—")
    right = [i for i in (text.find(mark, end) for mark in ",;:–—") if i >= 0]
    return text[left + 1:min(right) if right else len(text)]


# A duration may carry one qualifier ("ten working days"); a share is a unit of its own ("80 percent").
_DURATION = re.compile(r"\b(?:\d+(?:\.\d+)?|" + _NUM_WORD + r"|a|an)\s*-?\s*"
                       r"(?:working\s+|full\s+|calendar\s+)?(" + _TIME_UNIT + r")\b", re.IGNORECASE)
_SHARE = re.compile(r"(?:\d|\b" + _NUM_WORD + r")\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
# A span that dates an event or says how long something went on ("came back after a week", "trained
# for two years", "six weeks later") is when, not how much: it is no baseline and no measure.
_WHEN_BEFORE = re.compile(r"\b(?:after|during|within|every|each|per|ago|since)\s+(?:about\s+|"
                          r"around\s+|half\s+|nearly\s+|almost\s+|over\s+|the\s+|another\s+)?(?:first\s+|last\s+|next\s+|"
                          r"following\s+|past\s+)?$", re.IGNORECASE)
_WHEN_AFTER = re.compile(r"^\s*(?:later|ago|earlier|afterwards|on\b(?!\s+average))\b", re.IGNORECASE)
# In a result, how long the work took is its duration, not a measure ("the swap took about a week"); the
# outturn against an estimate is judged apart (`outturn`).
_TOOK_BEFORE = re.compile(_TOOK + "$", re.IGNORECASE)
_DONE_IN_BEFORE = re.compile(_DONE_IN + "$", re.IGNORECASE)
# In a result, "for" gives a tenure or how long something lasted ("I've now been in the service for four
# years"); before the deeds it can be the measure itself ("patients waited for over three hours").
_FOR_BEFORE = re.compile(r"\bfor\s+(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+|the\s+)?(?:first\s+|"
                         r"last\s+|next\s+|following\s+|past\s+)?$", re.IGNORECASE)
# A counted thing: a number and the words naming what was counted ("four back injuries", "11 of my 27
# pupils"). A result that counts the same thing again measures it against the first count.
_COUNTED = re.compile(r"(?:\b\d[\d,]*(?:\.\d+)?%?|\b" + _NUM_WORD + r")\s+(?:odd\s+)?"
                      r"(?:of\s+(?:the\s+|my\s+|our\s+)?"
                      r"(?:\d[\d,]*\s+|" + _NUM_WORD + r"\s+)?)?([a-z][a-z-]+)(?:\s+([a-z][a-z-]+))?",
                      re.IGNORECASE)


# How often: "three or four times a day", "once a fortnight", "about twenty claims a month". Two rates of
# the same thing measure each other whatever their units.
_RATE = re.compile(r"(?:\bonce|\btwice|\btimes|\d|\b" + _NUM_WORD + r")\s+(?:[\w-]+\s+){0,2}?"
                   r"(?:a|an|per|every|each)\s+(?:day|night|week|fortnight|month|year|shift|quarter|term|season)\b",
                   re.IGNORECASE)


def _units(text: str, outcome: bool = False) -> set[str]:
    """The units of the figures a sentence states: durations ("day", "wee"...), shares ("pct") and rates
    ("rate").

    `outcome` is for a result: there a span after "for" is a tenure, not a measure.
    """
    units = {m.group(1).lower().rstrip("s")[:3] for m in _DURATION.finditer(text)
             if not (_WHEN_BEFORE.search(text[:m.start()]) or _WHEN_AFTER.match(text[m.end():])
                     or (outcome and (_FOR_BEFORE.search(text[:m.start()])
                                      or _TOOK_BEFORE.search(text[:m.start()])
                                      or _DONE_IN_BEFORE.search(text[:m.start()]))))}
    return units | ({"pct"} if _SHARE.search(text) else set()) | ({"rate"} if _RATE.search(text) else set())


def _counted(text: str) -> set[str]:
    """Stems of the nouns counted in a sentence ("four back injuries" -> {"back", "injuri"})."""
    out: set[str] = set()
    for match in _COUNTED.finditer(text):
        if re.match(r"one\s+of\b", match.group(0), re.IGNORECASE) or _picks_out(text, match.start()):
            continue  # "one of our best drivers", "the two ushers" pick people out, count nothing
        for word in match.groups():
            word = (word or "").lower()
            if (word and word not in STOP_WORDS and word not in _SCAFFOLD and len(word) > 2
                    and not re.fullmatch(_TIME_UNIT, word)):
                singular = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
                out.add(stem(singular))  # "one run in five" and "zero failed runs" count the same
    return out


def _against_baseline(sentences: list[Sentence], result: tuple[int, ...]) -> bool:
    """A result measured against a figure stated earlier, in its unit or counting the same thing.

    "nine days" -> "two days", "80% men" -> "women were 40%", "four back injuries" -> "one lifting injury".
    A shared unit alone is not enough: the result must name a change or share a word with the earlier
    figure's sentence ("I give 110 percent" ... "I helped 100% of the people" measures nothing).
    """
    chosen = set(result)
    seen: list[tuple[set[str], set[str], set[str]]] = []  # units, counted nouns, content stems
    for s in sentences:
        units, counted = _units(s.text, s.index in chosen), _counted(s.text)
        stems = {stem(w) for w in content_words(s.text)}
        if s.index in chosen:
            if _WANTS.search(s.text):
                continue  # what is wanted measures nothing
            changed = bool(_CHANGE.search(s.text))
            # a share told some time later against the share the story started from: "availability was around
            # 99.5%" ... "By the end of Q3 we were at 99.96%"
            later = bool(_LATER.search(s.text))
            for before_units, before_counted, before_stems in seen:
                shared = units & before_units
                if shared and (changed or (later and "pct" in shared)
                               or (stems & before_stems) - _UNIT_STEMS):
                    return True
                if counted & before_counted:
                    return True
        else:
            seen.append((units, counted, stems))
    return False


# A state some time after the change: "two quarters later NPS was 41", "that year it made £11,500".
_LATER = re.compile(
    r"\b(?:later|by the end of|by the time|by (?:the )?(?:summer|spring|autumn|winter|christmas)|"
    r"by (?:january|february|march|april|may|june|july|august|september|october|november|december)|"
    r"after (?:the|that|this|about|around|a|an|\w+ (?:months?|weeks?))|the (?:next|following)|"
    r"that (?:year|month|quarter|season|term|summer|winter)|within|since|at the (?:next|end)|now)\b",
    re.IGNORECASE)


_PERIOD = re.compile(_SPAN + r"|\b(?:\d+|" + _NUM_WORD + r")\s+(?:seasons?|terms?|semesters?|shifts?)\b",
                     re.IGNORECASE)


def _state_after(sentences: list[Sentence], result: tuple[int, ...]) -> bool:
    """A figure told some time after the change for a thing the story's setting gave a figure for: the
    setting's "NPS had fallen to 18" and the result's "two quarters later SMB NPS was 41"."""
    first_deed = next((s.index for s in sentences if "action" in s.labels), len(sentences))
    before = [{stem(w) for w in content_words(s.text)} - _UNIT_STEMS
              for s in sentences[:first_deed] if quantity_spans(s.text)]
    for i in result:
        text = sentences[i].text
        spans = [m.span() for m in _PERIOD.finditer(text)]
        figures = [f for f in quantity_spans(text) if not any(a <= f[0] < b for a, b in spans)
                   # "the two of them", "the two ushers": people picked out, not counted
                   and not re.match(r"\s*of (?:them|us|those)\b", text[f[1]:]) and not _picks_out(text, f[0])]
        if not (figures and _LATER.search(text)) or _NOT_DONE.search(text):
            continue
        stems = {stem(w) for w in content_words(text)} - _UNIT_STEMS
        if any(stems & b for b in before):
            return True
    return False


_UNIT_STEMS = frozenset(stem(w) for w in ("percent", "per", "cent", "second", "minute", "hour", "day", "week",
                                          "month", "quarter", "year", "fortnight", "time", "once", "twice"))


def _specific_terms(text: str, sentence_starts: set[int]) -> list[str]:
    terms: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group(0).rstrip(".")
        if match.start() in sentence_starts or word in {"I", "I'm", "I've", "I'd"}:
            if any(ch.isdigit() for ch in word):
                terms.append(word)
            continue
        if (any(ch.isdigit() for ch in word) or (word[:1].isupper() and len(word) > 1)
                or re.fullmatch(r"[A-Z]{2,6}s?", word) or _COUNT_WORD.fullmatch(word)):
            terms.append(word)
    return terms


# A figure written out ("thirty rejects", "twelve months"); "one" is left out ("one evening", "one of them").
_COUNT_WORD = re.compile(rf"(?!one\b){_NUM_WORD}", re.IGNORECASE)


def _is_cased(text: str) -> bool:
    """False for speech transcripts written all in lower case (apart from a stray "I")."""
    return any(ch.isupper() for ch in re.sub(r"\bI\b", "", text))
