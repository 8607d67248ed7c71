"""Cue tables and the per-sentence STAR labeller: weighted patterns, position priors, learning."""

# ruff: noqa: E501  (cue tables are long regular expressions that read best one per line)
from __future__ import annotations

import re

from interviewer.star.model import COMPONENTS, Component
from interviewer.text import looks_past_tense, normalise


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


_NUM_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|"
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
              r"\bon me\b", r"\bi (?:set out|volunteered|took it on|made it my)\b",
              r"\b(?:i|we) (?:needed|wanted) (?!to (?:say|ask|know|add|mention)\b)",
              r"\b(?:i|we) had (?:a|an|one|two|three|four|five|six|eight|ten|\d+|only|just) "
              r"(?:\w+ )?(?:days?|weeks?|months?|hours?) to\b",
              r"^\W*task\b", r"\basked by\b", r"^\W*(?:owned|took ownership of|was responsible for)\b", r"\bi was (?:the )?(?:project |programme )?(?:lead|owner)\b",
              r"\bas (?:her|his|their|the) (?:assigned |named )?(?:mentor|lead|owner|manager)\b",
              r"\b(?:i|we) had to (?:decide|get|find|make|keep|bring|cut|reduce|protect|deliver|"
              r"recommend|move|raise|win|stop|work out)\b",
              # a request or a responsibility, however it is worded: "the farmer gave me two weeks to learn
              # the parlour", "my job as commander was to...", "it fell to me to raise it", "the team was
              # asked to find out how", "my manager wanted the wait under fifteen minutes"
              r"\b(?:wanted|wants|want|needed|needs|need|expected|expects|expect|told|tells|tell|instructed|asked|"
              r"asks|ask|pushed)\s+(?:me|us|my team|the team)\s+to\b",
              r"\basked (?:me|us) for\b", r"\bhanded (?:that|it|this|the \w+) (?:over )?to me\b",
              r"\bmade (?:me|us) (?:responsible|accountable|the lead|lead|the owner)\b",
              r"\b(?:was|is) (?:mine|my (?:job|call|decision|responsibility|task|brief|problem|project|priority))\b",
              r"\bmy (?:priority|main project|main job|mandate|call)\b[^.;]{0,20}?\b(?:was|is)\b",
              r"\b(?:wanted|expected)\s+(?:\w+\s+){1,6}?(?:to be|to get|to reach|to hit|to have|brought|delivered|"
              r"done|finished|fixed|ready)\b",
              r"^\W*(?:[\w&'-]+\s+){0,3}?(?:brief|ambition|goal|target|mandate|objective|remit|ask|role|job|task|"
              r"responsibility)\b[^.;:]{0,40}(?::|\s[-–]\s)",
              r"\b(?:had|took on|was given|got) (?:the )?(?:responsibility|job|task)\b",
              r"\bit was (?:agreed|decided)\b[^.;]{0,80}?\b(?:should|must|had to|would)\b", r"\bput my hand up\b",
              r"\bgave (?:me|us) (?:a |an |one |two |three |four |five |six |\d+ )?(?:days?|weeks?|months?|years?|quarters?)\b",
              r"\bthe (?:decision|choice|question) (?:in front of me|for me|i faced)\b",
              r"\bgave (?:me|us)\b[^.;]{0,40}?\b(?:to|until|by)\b",
              r"\b(?:was|were) (?:asked|tasked|told|charged|challenged) (?:to|with)\b", r"^\W*asked (?:to|by)\b",
              r"\bit (?:fell|was down|came down) to (?:me|us)\b", r"\bit was my (?:call|decision|job|responsibility)\b",
              r"\bmy (?:\w+\s+){1,4}?(?:was|became) to\b", r"\bmy (?:piece|part|share|bit) of (?:that|it|the \w+)\b",
              r"\b(?:i|we) had (?:a|an) (?:\w+ )?(?:quota|target|budget|deadline|brief|mandate)\b",
              r"\b(?:target|goal|objective|deadline) (?:was|were) set\b",
              # a third set: work handed over, however it is phrased ("gave me the job of", "made it my job",
              # "put me in charge", "left the shape of it to me", "I'd been asked to", "we were given six
              # weeks", "my job, as chief executive, was to", "our promise was that")
              r"\b(?:gave|give|gives|given|handed|passed)\s+(?:me|us)\b[^.;]{0,25}?\b(?:job|task|responsibility|problem|"
              r"brief|target|objective|budget|mandate|remit|challenge|project|case)\b",
              r"\b(?:gave|give|handed|passed|left|delegated)\s+(?:(?:the \w+ of )?(?:it|that|this)\s+|the \w+\s+)?(?:over\s+)?"
              r"to (?:me|us)\b",
              r"\bmade\b[^.;]{0,40}?\bmy (?:\w+ )?(?:job|project|priority|priorities|responsibility|task|objective|focus)\b",
              r"\bput (?:me|us)\b[^.;]{0,40}?\bin charge\b", r"\b(?:i|we)(?:'d| had) been (?:asked|told|tasked|given|charged)\b",
              r"\b(?:was|were) given\b[^.;]{0,40}?\b(?:days?|weeks?|months?|years?|until|budget|target|deadline)\b",
              r"\bgiven (?:me |us )?(?:until|till)\b", r"(?:^|[;:]\s*)\W*(?:given|asked) (?:\w+ ){0,3}?(?:to|by|until)\b",
              r"\b(?:my|our|the) (?:first )?(?:task|job|role|goal|aim|brief|mission|promise|commitment|bit|piece|part|remit|"
              r"idea|priority)(?: (?:on|in|for|at) [^.;,]{1,30}?|,[^.;,]{1,60},)? (?:was|became|is|would be) "
              r"(?:just |simply |basically )?(?:to|that|getting|making|bringing|keeping|finding)\b",
              r"\bmy (?:job|task|role|bit|part|piece|area|responsibility)(?: (?:on|in|for|at) [^.;,]{1,30}?)? (?:was|were) "
              r"the\b",
              # a fourth set: promises, permissions asked for and given, needs in the present, time given,
              # imperatives under a heading or as a bullet
              r"\b(?:i|we) (?:committed|promised)\b[^.;]{0,50}?\b(?:to|that)\b",
              r"\bhanded (?:me|us) (?:the|a|an|this|that)\b", r"\b(?:was|were) (?:requested|wanted|demanded)\b",
              r"\b(?:target|goal|deadline|objective)\b[^.;]{0,30}?\b(?:was|were) set\b",
              r"\bit was (?:necessary|essential|vital|critical) (?:for (?:me|us) )?to\b",
              r"\basked (?:me|us) (?:what|how) (?:we|i) could\b",
              r"\b(?:i|we) had (?:about |around |only |just )?(?:\d[\d,]*|" + _NUM_WORD + r") (?:[\w'-]+ ){1,3}to "
              r"(?:get|finish|deliver|ship|send|make|do|fill|pack|clear|serve|process|review)\b", r"\bcommitted (?:us|me|the \w+) to\b",
              r"\bfell to (?:me|us)\b", r"\bask(?:ed|s)?\b[^.;]{0,40}?\bif (?:i|we) (?:could|can)\b",
              r"\bagree[ds]?\b(?: that)? (?:i|we) (?:could|can)\b",
              r"\b(?:i|we) (?:need|want) to\b(?! (?:say|ask|know|add|mention|be honest|talk)\b)",
              r"\b(?:i|we) had (?:the|a|an) (?:summer|winter|spring|autumn|week|month|year|weekend|quarter|day|term) to\b",
              r"\bgave (?:myself|ourselves) (?:the|a|an|\w+) \w+ to\b",
              r"\b(?:was|were|is|are) due to (?:\w+ )?(?:present|start|open|go|move|launch|finish|deliver|submit|end|close|"
              r"report|complete|be)\b",
              r"^\W*(?:[\w&'-]+\s+){0,3}?[\w&'-]+:\s*(?:get|make|bring|cut|reduce|deliver|scope|clear|keep|find|fix|build|"
              r"run|lead|hit|double|halve|grow|win|stop|move|raise|finish|ship|cover|turn)\b",
              r"^\W*(?:get|clear|cover|keep|bring|cut|reduce|find|fix|deliver|double|halve|hit|stop|win|grow|raise|"
              r"finish|ship|turn)\s+(?:the|every|all|our|a|an|it|them|this|that|peak|costs?|waste)\b",
              r"\b(?:i|we) (?:was|were|am|are) (?:accountable|answerable)\b", r"\b(?:my|our) place to\b",
              r"\bi felt (?:that |like )?(?:i|it was (?:on me|my job|up to me)) ?(?:should|had to|needed to|must)?\b(?=[^.;]{0,60}\b(?:to|before)\b)",
              r"\b(?:i|we) (?:offered to|took on|agreed as a team to)\b", r"\btook it on\b", r"\b(?:i|we) must\b",
              r"\bagreed\b[^.;]{0,20}?\bto (?:get|have|bring|reach|hit|cut|reduce|deliver|finish)\b",
              r"\b(?:target|goal|objective|deadline|date|budget|pilot|review|plan)\b (?:was|were) (?:agreed|fixed|commissioned|"
              r"required|needed)\b",
              r"\b(?:was|were|is|are) (?:needed|required)\b(?=[^.;]{0,60}\b(?:before|by|for|within)\b)",
              r"^\W*(?:needed|need|required)\b",
              r"\b(?:asked|pushed) (?:for|that)\b[^.;]{0,80}?\b(?:before|by|within)\b",
              r"\b(?:wanted|wants|expected|expects)\b[^.;]{0,60}?\b(?:by|before|within|in time for) (?:the |our |its |"
              r"next |working |a |\d|" + _NUM_WORD + r"\b)",
              r"\b(?:wanted|wants|expected) (?:us|me|it|them) (?:at|above|below|under|over|back)\b",
              r"\b(?:said|says|told (?:me|us))(?: to me)?,?\s+(?:(?:right|look|basically|just|ok|okay|well|so)\s+)*"
              r"(?:can you|could you|would you|you(?:'re| are)|sort|fix|get it|make|find|have a look|deal with)\b",
              r"\b(?:said|told (?:me|us))(?: that)? if\b", r"\b(?:said|told (?:me|us))\b[^.;]{0,30}?\byou (?:sort|fix|deal with|handle|find|take|run|lead|do|own) (?:it|this|that|them)\b", r"\basked (?:me )?(?:could|can|would|if) (?:i|we|you)\b",
              r"\b(?:i|we)(?: had|'ve got| have got| had got|'d got)\s+(?:about |around |just |only |basically )?(?:[$£€]\s?[\d,.]+\w*|"
              r"a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|\d+)\s+(?:[\w£$€,.-]+\s+){0,4}?"
              r"(?:days?|weeks?|months?|hours?|years?|summer|winter|grant|budget)\b[^.;]{0,30}?\b(?:to|before|until)\b",
              r"\b(?:i|we)(?: had|'ve got| have got)\s+(?:about |around |just |only )?[$£€]\s?[\d,.]+\w*\s+to\b")),
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

# "Lesson" as what was learned ("the biggest lesson for me was", "Lesson: measure first", "three key
# lessons"), not as a class ("the children's lessons", "started each lesson with a quiz").
_LESSON_NOUN = (r"\blessons?\b(?=\s*(?::|for (?:me|us|the team|everyone|all of us)\b|(?:i|we) (?:took|learned|learnt|"
                r"drew|got|carry|keep)\b|(?:was|is|here|there|learned|learnt|from)\b))|"
                r"\b(?:key|biggest|big|main|real|hard|important|valuable|useful|painful|expensive|costly|good|first)\s+"
                r"lessons?\b")
# A lesson, a reflection or a changed habit is "learning" (see evals/LABELLING.md), not the Result.
_LEARNING = _rx(r"\b(?:i|we) (?:have |also |soon |then |quickly |eventually |really |\w+ly )?(?:learned|learnt|realised|realized)\b", _LESSON_NOUN,
                r"\b(?:taught|showed) me\b", r"\blooking back\b", r"\bin hindsight\b",
                r"\bnext time\b", r"\b(?:do|would do|have done) (?:it |things )?differently\b",
                r"\b(?:now|since then) i (?:always|never|make sure|check|do|try|ask)\b",
                r"\bi (?:now |still )?(?:always|never) (?:\w+ )?(?:check|ask|launch|start|write|make)\b",
                r"\blearning (?:experience|curve|point)\b",
                r"\bwhat i(?:'ve| have)? (?:taken|took|carry|carried|keep|kept) (?:away|into|from|forward|with me)\b",
                # a habit since: "Now I send every client a list...", "I now get a surveyor to..."
                r"^\W*(?:now|these days|since then),?\s+i\s+(?:always\s+|never\s+)?(?!was\b|had\b|did\b)\w+\b",
                r"\bi now (?!have\b|manage\b|lead\b|run\b)\w+\b")
# A lesson said as one: it stays a lesson even when it carries a figure ("I learned that ten
# minutes on a clear letter saves hours on the phone").
_LESSON = _rx(r"\b(?:i|we) (?:have |also |soon |then |quickly |eventually |really |\w+ly )?(?:learned|learnt)\b", _LESSON_NOUN, r"\b(?:taught|showed) me\b",
              r"\blooking back\b", r"\bin hindsight\b", r"\bnext time\b",
              # a habit since, figures or not ("Now I add a 30% buffer"), not where one stands ("now I manage 40")
              r"^\W*(?:and\s+|so\s+)?(?:now|these days|since then),?\s+i\s+(?:always\s+|never\s+)?(?!was\b|had\b|"
              r"did\b|have\b|am\b|manage\b|lead\b|run\b|own\b|earn\b|get\b|make\b)\w+\b")

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
    r"\b(?:top|first|second|third)\s+(?:place|rank|\d+)\b|#\d+|"
    r"\b(?:a|one|two|three|four)[\s-]+(?:thirds?|quarters?|fifths?|tenths?)\b)",
    re.IGNORECASE,
)
# How many of a unit a span of time holds: "a", "twenty", "twenty-five", "a couple of", "half an".
_SPAN_COUNT = (r"(?:a\s+couple\s+of|couple\s+of|a\s+few|several|half\s+an?|an?|\d+(?:\.\d+)?|"
               + _NUM_WORD + r"(?:[- ]" + _NUM_WORD + r")?)")
_BARE_TIMEFRAME = re.compile(
    r"(?<!\bto )(?<!\bfrom )(?<!\bby )\b(?:within|in|after|over|for|during|(?<!ed )(?<!cut )(?<!late )(?<!up )(?<!down )by|around|about|inside|under|of|every|each|per|a|the|"
    r"next|first|last|past)\s+(?:the\s+)?(?:next\s+|first\s+|last\s+|following\s+)?" + _SPAN_COUNT + r"\s+"
    + _TIME_UNIT + r"\b|"
    # the work spread over so many sittings: "I did the training over two shifts", "across three weekends"
    r"\b(?:over|across|during|within)\s+(?:the\s+)?(?:next\s+|first\s+|following\s+)?" + _SPAN_COUNT
    + r"\s+(?:shifts?|nights?|evenings?|weekends?|mornings?|afternoons?|sessions?|visits?)\b",
    re.IGNORECASE,
)
# A span of time that dates the story rather than measuring it: "six months later", "a four-week wait",
# "for a day or two".
_RELATIVE_TIME = re.compile(
    r"\b" + _SPAN_COUNT + r"\s*[- ]\s*"
    r"(?:" + _TIME_UNIT + r")\s+(?:later|earlier|ago|before|after(?:wards)?)\b(?!\s+than\b)|"
    # "two years on, she is still training with me" (but not "eleven days on average")
    r"\b" + _SPAN_COUNT + r"\s+" + _TIME_UNIT + r"\s+on\b(?=\s*(?:[,.;]|$)|\s+(?:and|but|so|she|he|they|we|i|it|"
    r"from|now)\b)|"
    r"\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|\d+)-(?:second|minute|hour|day|week|"
    r"month|quarter|year)\b|\b(?:a|one) (?:day|week|month) or two\b",
    re.IGNORECASE,
)
# A time of day says when, never how much: "at 8 o'clock", "by about four", "6 a.m.", "a 6 till 2 shift",
# "at 3 in the morning".
_HOUR = r"(?:\d{1,2}(?:[:.]\d\d)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half past \w+|quarter (?:past|to) \w+)"
_CLOCK = re.compile(
    r"\b" + _HOUR + r"\s*(?:o'clock|o’clock|a\.?m\b\.?|p\.?m\b\.?|in the (?:morning|afternoon|evening)|at night)"
    r"|\b\d{1,2}(?:[:.]\d\d)?\s*(?:till|til|until|to|-)\s*\d{1,2}(?:[:.]\d\d)?\s+(?:shift|shifts)\b"
    r"|\b\d{1,2}(?:[:.]\d\d)?\s+(?:till|til|until)\s+\d{1,2}(?:[:.]\d\d)?\b"
    r"|\b(?:at|by|until|till|before|after) (?:about |around |roughly )?(?:\d{1,2}[:.]\d\d|midnight|noon|midday)\b"
    r"|\b(?:at|by|until|till|from) (?:about |around |roughly )?(?:half past |quarter (?:past|to) |half )\w+"
    # "she passed just before six", "we finished around seven"
    r"|\b(?:just |about |around )?(?:before|after|until|till|around|(?<!ed )(?<!cut )(?<!up )(?<!down )by) "
    r"(?:one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve)\b(?=\s*(?:[,.;]|$|\s(?:in the|that|this|on|and|really|when|o'clock)\b))"
    # an hour with its part of the day: "by 11 that morning", "until 6 in the evening"
    r"|\b(?:at|by|until|till|before|after|from) (?:about |around )?\d{1,2}(?=\s+(?:that|this|the next|the following|"
    r"on the|in the) (?:morning|afternoon|evening|night)\b)"
    # a bare hour after "at": "I book a taxi for him at 5 with a coffee", "at 7, the doors opened"
    r"|\bat \d{1,2}(?=\s*(?:[,.;]|$|\s(?:with|and|in|on|to|for|so|but|when|then|sharp|every)\b))"
    # up or open until an hour: "i was up till about five going up and down", "open until gone ten"
    r"|\b(?:until|till|til) (?:about |around |roughly |gone |nearly |after )?(?:one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|\d{1,2})\b(?!\s*(?:%|percent|per cent|of\b|more\b|[a-z]+s\b))"
    # an hour told with "about" that opens what happened then: "At about three one of the yard lads sold them"
    r"|\bat (?:about|around|roughly) (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
    r"(?=\s*(?:[,.;]|$)|\s(?:one|the|we|i|he|she|they|it|someone|somebody|a|an|o'clock|that|this|in the)\b)",
    re.IGNORECASE,
)

# Time given back is a measured outcome even with "about": "saves each of us about four hours a week".
_TIME_SAVED = re.compile(
    r"\b(?:sav\w*|free[sd]?|cut|shav\w*|gain\w*|releas\w*)\b(?:\s+[\w']+){0,4}?\s+(?:about |around |over |"
    r"nearly |almost |roughly )?(?:an?|half an?|\d+(?:\.\d+)?|" + _NUM_WORD + r"(?:[- ]" + _NUM_WORD + r")?)\s+"
    + _TIME_UNIT + r"\b",
    re.IGNORECASE,
)
# A single unit of time against the plan: "finished a day early", "a week ahead of schedule", "an hour later
# than promised" ("a week later" alone is when, not by how much).
_ONE_UNIT_OFF_PLAN = re.compile(
    r"\b(?:a|an|a full|a whole)\s+" + _TIME_UNIT + r"\s+(?:early|earlier|ahead|sooner|behind|late\b|later than|"
    r"over\b|under\b|before (?:the|our|my|their) (?:deadline|date|target|plan))", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A number that names a thing: "his Level 3", "Year 9", "ward 4", "platform 2", "key stage 2".
_NAMED_BY_NUMBER = re.compile(r"\b(?:(?i:level|stage|phase|band|tier|module|unit|room|ward|floor|platform|gate|"
                              r"route|chapter|section|page|bay|aisle|terminal|zone|court)|Year)\s+\d+[a-z]?\b"
                              r"(?!\s*(?:%|percent|per cent))")
# "one of our best drivers" picks one out of a group: no amount.
_ONE_OF = re.compile(r"\bone of (?:the|our|my|his|her|their|its|those|these|them|us|you)\b", re.IGNORECASE)
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE = re.compile(r"\b(?:q[1-4]|\d{1,2}(?:st|nd|rd|th))\b|\b\d{1,2}\s+" + _MONTH + r"\b|\b" + _MONTH
                   + r"\s+\d{1,2}\b(?!\s*%)", re.IGNORECASE)
# "one" that picks something out rather than counting it: "the one presenting", "in one visit".
# A count that describes a thing rather than measuring an outcome: "a one-page update", "a 12-person team".
_DESCRIBES = re.compile(r"\b(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                        r"forty|fifty|hundred)-(?:page|person|people|strong|man|woman|member|bed|seat|room|storey|"
                        r"story|step|part|year-old|mile|metre|meter|litre|tonne|ton|inch|foot|line|item|question|way|lane|star|"
                        r"tier|stage|phase|bedroom|seater|bed|pronged|off)\b|"
                        # "a spare half-day", "a half-term club": a span named, not an amount of change
                        r"\b(?:a|an|the|one|spare|extra)\s+half-(?:day|hour|term)\b",
                        re.IGNORECASE)
# A threshold a rule applies above or below: "anything over £10k", "every deviation older than 30 days".
_THRESHOLD_FIGURE = re.compile(r"\b(?:any(?:thing|one)?|every(?:thing|one)?|all|each|only)\s+(?:[\w'-]+\s+){0,3}?"
                               r"(?:over|above|under|below|more than|less than|older than|bigger than|greater than|"
                               r"of more than|of over|worth over|worth more than|up to)\s+(?:[$£€]\s?)?\d[\d,.]*"
                               r"(?:\s?(?:%|k|m|bn|percent|days?|weeks?|months?|hours?|minutes?))?\b",
                               re.IGNORECASE)
# So do "one to one", "one by one", a list's "number two" and "the last one", and "I can't think of one".
_PICKED_ONE = re.compile(r"\b(?:the|this|that|which|every|each|in|at|any|no|another|best|worst|only|same|other|"
                         r"right|wrong|new|old|biggest|busiest|hardest|toughest|good|bad|big|first|last|next|earlier|later|"
                         r"previous|original|older|newer)\s+one\b|\bdouble[- ](?:check\w*|book\w*)\b|"
                         r"\bone[- ](?:to|on|by|at a time|after another|another)(?:[- ]one)?\b|"
                         r"\bnumber (?:one|two|three|four|five|\d)\b|\bof one\b(?=\s*(?:[,.;?!]|$|right|now|yet))|"
                         # "one" standing for a thing named before: "every regular got one", "I borrowed one
                         # from the pub", "we didn't have one hung and ready", "more than one"
                         r"\b(?:got|get|gets|borrowed|bought|buy|found|find|hired|lent|gave|give|wanted|want|"
                         r"didn't have|did not have|don't have|more than|including|just like|such)\s+one\b"
                         r"(?=\s*(?:[,.;?!]|$)|\s+(?:from|for|to|in|at|with|of|out|back|hung|ready|either|too|"
                         r"and|but|so|when|that|which|who|myself|themselves)\b)",
                         re.IGNORECASE)


_BASELINE = _rx(r"\b(?:had|'d) (?:already |just )?(?:hit|slipped|grown|fallen|dropped|risen|climbed|"
                r"reached|crept|been (?:running|averaging|stuck|hovering|sitting))\b",
                r"\bwas (?:averaging|running at|hovering|sitting at|stuck at)\b")


def is_baseline(text: str) -> bool:
    """True for a starting figure in the past perfect or progressive: "CSAT had slipped to 71%"."""
    return bool(_BASELINE.search(text))


def opens_with_past_verb(text: str) -> bool:
    """True when a sentence or bullet starts with a past-tense verb and no subject: "Traced the lock"."""
    tokens = [normalise(t) for t in text.split()[:4]]
    tokens = [t for t in tokens if t]
    while tokens and tokens[0] in _OPENER_SKIP:
        tokens = tokens[1:]
    return len(tokens) >= 2 and looks_past_tense(tokens[0]) and tokens[0] not in {"was", "were", "had"}


# Irregular participles ending in -en; a bare "-en" test read "was often late" as a deed.
_EN_PARTICIPLES = frozenset("""
written rewritten taken given driven chosen broken spoken stolen frozen hidden shaken beaten eaten fallen
grown drawn shown thrown known seen forgotten proven woken ridden risen overtaken undertaken overseen
""".split())

# An amount taken off something: "four seconds", "£200", "a third", "10%" ("took two analysts off" is a deed).
_OFF_AMOUNT = (r"(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+)?(?:(?:[$£€]\s?)?\d[\d.,]*\s*(?:%|k\b)?|"
               + _NUM_WORD + r"|a|an|half an?)\s*(?:" + _TIME_UNIT + r"|percent|per cent|points?|pounds|dollars|"
               r"grand|quid|thirds?|quarters?|%)?")


# A result that measures a change in the passive or with a pronoun object: "£7,000 a year was saved",
# "we got it down to one a month". The strong forms outweigh the deed their verb also names.
_MEASURED_OUTCOME = _rx(
    r"\b(?:was|were|been|is|are|got|get)\s+(?:\w+ly\s+)?(?:saved|reduced|cut|halved|doubled|tripled|increased|"
    r"raised|lowered|shortened|brought (?:down|up)|improved|eliminated|avoided|recovered)\b",
    r"\b(?:got|brought|pushed|pulled|took|cut)\s+(?:it|them|this|that|the \w+|\w+)\s+(?:down|up|back)\s+to\b",
    r"\b(?:\d+(?:\.\d+)?\s?(?:%|percent)|half|a third|a quarter)\s+(?:fewer|less|more|lower|higher|faster|cheaper)\b",
    r"\b(?:went|gone|came|come|fell|fallen|dropped|rose|risen|grew|grown|climbed|jumped|shrank|shrunk)\s+"
    r"(?:up |down |back )?(?:from|to|by)\s+(?:about |around |under |over |just |only )?(?:[$£€]?\d|" + _NUM_WORD + r"\b|a (?:third|quarter|half|fifth|tenth)\b)",
    # an outcome verb with its figure: "I signed 71", "we reached 610", "raised £18,000"
    r"\b(?:signed|reached|raised|sold|won|hit|closed|booked|secured|recruited|hired|collected|generated|earned|"
    r"landed|converted|brought in)\s+(?:about\s+|around\s+|over\s+|nearly\s+|almost\s+|just\s+|only\s+)?"
    r"(?:[$£€]\s?)?(?:\d|" + _NUM_WORD + r"\b)",
    # a share of what was promised: "delivered about a quarter of the synergies we'd promised"
    r"\b(?:about |around |only |just |less than |under )?(?:half|a (?:third|quarter|fifth|tenth)|\d+%|"
    r"\d+ percent)\s+of\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){0,3}?(?:we|i|they)(?:'d| had| would have)?\s+"
    r"(?:promised|planned|forecast|budgeted|targeted|committed|projected)\b",
    # missing a target by a figure: "we missed the answer-time target by nine points", "we missed by 18%"
    r"\bmissed\b[^.;]{0,40}?\bby\s+(?:about\s+|around\s+|nearly\s+|almost\s+|just\s+|only\s+)?(?:\d|" + _NUM_WORD + r"\b|a (?:third|quarter|half)\b)",
    # money won or received: "we got £92,000 over two years", "we were awarded $1.4m"
    r"\b(?:got|received|awarded|won)\s+(?:about\s+|around\s+|over\s+|nearly\s+|almost\s+)?[$£€]\s?\d",
    # time taken off: "she took four seconds off her 100 metres"
    r"\b(?:took|knocked|shaved)\s+" + _OFF_AMOUNT + r"\s+off\b",
    r"\b(?:now|since then|today)\b.{0,40}\b\d",
    # a failure's measured outcome: late or early by a figure, over budget, a penalty or a payment
    r"(?:\d[\d,.]*|\b" + _NUM_WORD + r")\s*-?\s*(?:\w+\s+)?" + _TIME_UNIT + r"\s+(?:late|early|earlier|overdue)\b",
    r"\d[\d,.]*\s?(?:%|percent)\s+(?:over|under)\s+(?:the\s+|our\s+)?budget\b",
    r"\b(?:charged|fined|paid|cost)\b[^.;]{0,30}?[$£€]\s?\d",
)


def passive_deed(text: str) -> bool:
    """True for a deed told in the passive: "the job was rewritten", "alerts were added"."""
    for match in _PASSIVE.finditer(text):
        verb = match.group(1).lower()
        if verb not in _STATE_PARTICIPLES and (looks_past_tense(verb) or verb in _EN_PARTICIPLES):
            return True
    return False


_OUTCOME_VERBS = frozenset("""
got hit won signed achieved reached raised sold delivered launched shipped finished completed saved
passed lost went ended earned secured closed exceeded beat kept retained received gained grew missed
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


# "I had the tiles tested", "we got the bench raised": the speaker had it done, a deed.
_CAUSATIVE = re.compile(r"\b(?:i|we)\s+(?:had|got)\s+(?:the|a|an|our|my|all|every|each|both|some|them|it|those|"
                        r"these)\s+(?:[\w-]+\s+){0,3}?([a-z]+ed|built|made|done|set|put|cut|rewritten|redone)\b",
                        re.IGNORECASE)


def _causative(text: str) -> bool:
    match = _CAUSATIVE.search(text)
    return match is not None and match.group(1).lower() not in _STATE_PARTICIPLES


def _first_person_verb(text: str) -> str:
    """The verb after an opening "I" or "we" ("so i um cleaned" -> "cleaned"), or ""."""
    match = _FIRST_VERB.search(text)
    return match.group(1).lower() if match else ""


# Talk about the answer rather than the story, before it starts: "Good question, let me think", "The one
# that comes to mind is...", "I'll use the STAR method", "bear with me", "I haven't really had that yet",
# and claims about oneself ("I'd say I'm a natural leader", "I always go above and beyond").
_PREAMBLE = re.compile(
    r"\b(?:good|great|big|tough|interesting) question\b|\blet me (?:think|see)\b|\bcomes? to mind\b|"
    r"\bthe one (?:that|i)\b|\bi(?:'ll| will) (?:use|give you|take you|go with|answer|pick|start with|tell you about)\b|"
    r"\bi(?:'ve| have) got (?:one|a good one|an example)\b|\bbear with me\b|\bstop me if\b|\bforgive me\b|"
    r"\b(?:a bit of a |a slightly |quite a )?long (?:story|one)\b|\bstar method\b|\bif (?:this|that|it) counts\b|"
    r"\bthere (?:are|have been|were|'s been) (?:so many|a few|many|lots|loads|plenty)\b|\b(?:so|too) many to\b|"
    r"\bi (?:haven't|have not|don't think i've|never) (?:really |actually |yet |properly )*(?:had|been|done|worked|"
    r"come across|led|managed|faced)\b[^.;]{0,60}\b(?:yet|so far)\b|"
    r"^\W*(?:\w+,?\s+){0,3}?(?:i'd say |i think |honestly,? )?i'?m (?:naturally |always |probably |really |quite |"
    r"someone who|the kind of person|a natural|a people person|very (?:organised|organized|good|patient))|"
    r"^\W*(?:\w+,?\s+){0,2}?i (?:always|naturally) (?:try|go|take|like|use|look)\b|\bit'?s just (?:how|who) i am\b|"
    r"\bi can tell you about\b|\bthis (?:is|one'?s) (?:a good one|a bit (?:long|embarrassing))\b|"
    r"^\W*(?:oh,?\s+|ooh,?\s+|right,?\s+|okay,?\s+|ok,?\s+|hmm,?\s+)?(?:that'?s|that is|it'?s) (?:a )?(?:good|great|"
    r"tough|hard|big|interesting|nice) (?:one|question)\b",
    re.IGNORECASE)

def is_preamble(text: str) -> bool:
    """True for talk about the answer rather than the story ("Good question, let me think")."""
    return bool(_PREAMBLE.search(text))


def is_learning(text: str) -> bool:
    """True for a lesson, a reflection or a changed habit (its own label, not the Result)."""
    return bool(_LEARNING.search(text))


def is_lesson(text: str) -> bool:
    """True for a lesson said as one ("I learned...", "it taught me..."), figures or not."""
    return bool(_LESSON.search(text))


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
            elif passive_deed(text) and (position >= 0.2 or _BY_ME.search(text)):
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
    if _causative(text):
        scores["action"] = max(scores["action"], 2.0)
    if position < 0.2 and _ROLE.search(text):
        scores["situation"] += 1.5  # "I taught science for six years", "I managed a contact centre where..."
    if position == 0.0 and scores["action"] and not opens_with_past_verb(text):
        scores["action"] = max(0.0, scores["action"] - 0.6)  # an opening sentence sets the scene
    if position > 0 and _MEASURED_OUTCOME.search(text) and has_measured_quantity(text):
        scores["result"] += 2.0  # a measured change is what came of the deeds, whatever its grammar
    if _BASELINE.search(text):
        # "had hit 14%" states the starting point in the past perfect: a baseline, not an outcome.
        scores["result"] = max(0.0, scores["result"] - 2.0)
    if is_learning(text) and not has_measured_quantity(text):
        scores["result"] = max(0.0, scores["result"] - 2.0)
    return scores


# A sentence whose main clause hands over the work or states what had to be done: what follows it is the
# goal, so the outcome and deed words inside it ("by the end of March", "rebuild the programme") describe
# the task, not a result or an action.
_LEAD_IN = r"^\W*(?:(?:so|and|but|then|basically|well|um|er|like|ok|okay|anyway|now)\b[\s,]*)*"
_TASK_FRAME = re.compile(
    _LEAD_IN + r"(?:[\w'’.-]+\s+){0,6}?(?:"
    r"(?:asked|told|wanted|needed|tasked|charged|expected|instructed|challenged) (?:me|us)\b(?! (?:if|whether|what|why|how|about)\b)|"
    r"(?:said|asked)(?: to me)?,? (?:can|could|would) you\b|"
    r"(?:gave|give|handed) (?:me|us) (?:the|a|an|\w+ (?:days?|weeks?|months?))\b|"
    r"(?:my|our|the) (?:\w+ )?(?:job|task|role|goal|aim|brief|remit|target|objective|mission|assignment)"
    r"(?: [^,.;]{1,30}?)? (?:was|is) (?:just |simply |basically )?(?:to|that|\w+ing)\b|"
    r"(?:i|we) (?:was|were) (?:asked|told|tasked|given|charged|expected|supposed) (?:to|with)\b|"
    r"(?:i|we) had (?:about |around |only |just )?(?:a|an|one|two|three|four|five|six|eight|ten|twelve|\d+) "
    r"(?:\w+ )?(?:days?|weeks?|months?|hours?|years?) to\b|"
    r"had to (?:be (?:\w+ed|\w+en|made|done|set|put|sent|built|found|kept|in place|ready|working|finished|live|open)|"
    r"come down|go down|finish|end|"
    r"reopen|be back)\b)",
    re.IGNORECASE)


def label_sentence(text: str, position: float) -> tuple[Component, ...]:
    """STAR labels for one sentence at a relative position (0 = first, 1 = last) in its answer."""
    scores = _score_labels(text, position)
    if _TASK_FRAME.search(text) and not _EXPLICIT_RESULT.search(text):
        scores["task"] = max(scores["task"], scores["result"], scores["action"]) + 0.1
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, best_score = ranked[0]
    if best_score < _THRESHOLD:
        return ()
    labels = [best]
    second, second_score = ranked[1]
    if second_score >= _THRESHOLD + 0.4 and second_score >= best_score - 0.6:
        labels.append(second)
    return tuple(c for c in COMPONENTS if c in labels)


def _blank(pattern: re.Pattern[str], text: str) -> str:
    """`text` with `pattern`'s matches blanked out, keeping every other character where it was."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def quantity_spans(text: str) -> list[tuple[int, int]]:
    """Where the text states a measured amount: a bare timeframe, a year, a date or a time of day is not one."""
    # "one by one" first: the clock would read its "by one" as a time of day and leave the first "one".
    cleaned = _blank(_BARE_TIMEFRAME, _blank(_RELATIVE_TIME, _blank(_CLOCK, _blank(_PICKED_ONE, text))))
    for pattern in (_YEAR, _ONE_OF, _DATE, _DESCRIBES, _THRESHOLD_FIGURE, _NAMED_BY_NUMBER):
        cleaned = _blank(pattern, cleaned)
    return ([m.span() for m in _QUANTITY.finditer(cleaned)] + [m.span() for m in _TIME_SAVED.finditer(text)]
            + [m.span() for m in _ONE_UNIT_OFF_PLAN.finditer(text)])


def has_measured_quantity(text: str) -> bool:
    """True when the text states a measured amount: a bare timeframe, a year or a date is not one."""
    return bool(quantity_spans(text))
