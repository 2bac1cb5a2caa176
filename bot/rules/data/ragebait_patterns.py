"""Ragebait and shock wording: regular expressions with weights (guideline 4).

Each pattern is matched once against the case-folded title (typographic quotes mapped to ASCII);
the weights of the patterns found are summed. Weights are set so that one strong pattern ("you
won't believe", "will leave you speechless", "wtf", "!!!") trips the rule on its own, while
words a newsroom also uses ("slams", "blasts", "destroys", "outrage", "chilling", "here's why")
only count together with something else. Calibrated against plain news headlines (NYT and
WikiNews titles of the Stop Clickbait set, the news pages of the headline corpus): see
bench/bench_rules_text.py. Written by the newsmod authors, CC0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Pattern:
    label: str
    regex: re.Pattern[str]
    weight: float


def _p(label: str, pattern: str, weight: float) -> Pattern:
    return Pattern(label, re.compile(pattern), weight)


_HUMILIATE = (
    r"(?:destroys|destroyed|owns|owned|obliterates|eviscerates|annihilates|humiliates|roasts|"
    r"torches|shreds|slams|blasts|rips|mocks|trolls|schools|shuts down|claps back at|dunks on|"
    r"obliterated|eviscerated|humiliated|roasted|torched|shredded|slammed|blasted|ripped|mocked|"
    r"trolled|schooled|shut down)"
)
_FEEL = (
    r"(?:speechless|stunned|shook|shaking|in tears|crying|horrified|disgusted|furious|angry|"
    r"sick|gasping|screaming|breathless|heartbroken|outraged|shocked|raging)"
)

PATTERNS: tuple[Pattern, ...] = (
    # Clickbait formulas that withhold the story to provoke a click.
    _p("you won't believe", r"\byou (?:won'?t|will not|wont|will never|won't ever) believe\b", 1.0),
    _p("can't believe", r"\b(?:can'?t|cannot) believe (?:what|how|this|these|who)\b", 0.7),
    _p("you'll never guess", r"\byou(?:'ll| will)? never guess\b", 1.0),
    _p("what happened next", r"\bwhat happen(?:ed|s) next\b", 1.0),
    _p("will leave you ...", rf"\b(?:will|it'll|they'll|that'll) leave you {_FEEL}", 1.0),
    _p("will make you ...", rf"\b(?:will|it'll|they'll|that'll) make you (?:cry|{_FEEL})", 1.0),
    _p("will blow your mind", r"\b(?:blow|blew|melt) your mind\b|\bmind[- ]?blowing\b", 0.8),
    _p(
        "the internet is losing it",
        r"\b(?:the )?(?:internet|twitter|social media|fans|people) (?:is |are )?"
        r"(?:losing (?:it|its mind|their minds)|freaking out|going (?:wild|crazy|nuts)|"
        r"can'?t stop (?:talking|laughing)|in meltdown)\b|\bbreak(?:s|ing) the internet\b",
        1.0,
    ),
    _p("must see", r"\bmust[- ](?:see|watch|read)\b", 0.7),
    _p("you need to see", r"\byou (?:need|have|got) to (?:see|watch|hear|read)\b", 0.7),
    _p(
        "what they don't want you to know",
        r"\b(?:don'?t|doesn'?t|do not|does not) want you to (?:know|see)\b",
        1.0,
    ),
    _p("one weird trick", r"\b(?:one|this) (?:weird|simple|strange) trick\b|\bdoctors hate\b", 1.0),
    _p("nobody is talking about", r"\b(?:nobody|no one)(?: is|'s) talking about\b", 0.6),
    _p(
        "and it's ...",
        r"\band (?:it'?s|it is|they'?re|the results are) (?:amazing|hilarious|"
        r"perfect|everything|terrifying|insane|glorious|beautiful|horrifying)\b",
        0.6,
    ),
    _p("this is why", r"^(?:this|that) is (?:why|what|how)\b|^here'?s (?:why|what|how)\b", 0.3),
    _p(
        "listicle",
        r"^\d{1,3} (?:things|reasons|ways|times|photos|pictures|facts|signs|people|"
        r"tweets|moments|questions|secrets|tricks|celebrities|struggles|gifs|times)\b",
        0.3,
    ),
    _p("guess what", r"\bguess (?:what|who)\b", 0.5),
    _p("gone wrong", r"\bgone (?:wrong|horribly wrong|viral)\b", 0.5),
    # Humiliation framing: "X destroys Y" is news when a fire does it; adverbs and "epic
    # takedown" make it a spectacle.
    _p(
        "humiliation verb with intensifier",
        rf"\b(?:epically|brutally|absolutely|savagely|hilariously|perfectly) {_HUMILIATE}\b",
        1.0,
    ),
    _p(
        "epic takedown",
        r"\b(?:epic|brutal|savage|hilarious|scathing) (?:takedown|burn|clapback|rant|"
        r"smackdown|roast|response|fashion|comeback)\b|\bclaps? back\b|\bclapback\b",
        0.8,
    ),
    _p("obliterates", r"\b(?:obliterat|eviscerat|annihilat|humiliat)(?:es|ed|ing)\b", 0.5),
    _p("destroys", r"\b(?:destroys|owns|roasts|torches|shreds|dunks on)\b", 0.3),
    _p("slams", r"\b(?:slams|slammed|blasts|rips into|rips|mocks|trolls)\b", 0.25),
    # Shock and sensation words.
    _p("wtf/omg/lol", r"\b(?:wtf|omg|lol|lmao|smh|af)\b", 0.8),
    _p("shocking", r"\bshock(?:ing|ingly)\b", 0.7),
    _p("jaw-dropping", r"\bjaw[- ]?dropping\b|\bjaws? (?:drop|dropped)\b", 0.8),
    _p("insane", r"\binsane(?:ly)?\b|\bunreal\b", 0.7),
    _p("unbelievable", r"\bunbelievabl[ey]\b", 0.6),
    _p("disgusting", r"\bdisgust(?:ing|ingly)\b|\bsickening\b|\bdespicable\b|\bvile\b", 0.6),
    _p("unhinged", r"\bunhinged\b|\bderanged\b|\bfreak(?:s|ed|ing)? out\b", 0.6),
    _p("meltdown", r"\bmeltdown\b|\btantrum\b", 0.3),
    _p("epic", r"\bepic(?:ally)?\b", 0.5),
    _p("savage", r"\bsavage(?:ly)?\b|\bbrutally\b", 0.5),
    _p("crazy", r"\bcrazy\b|\bnuts\b|\bbonkers\b", 0.4),
    _p("horrifying", r"\bhorrif(?:ying|ic)\b|\bterrifying\b|\bfreaky\b", 0.35),
    _p("hilarious", r"\bhilarious(?:ly)?\b", 0.4),
    _p("heartbreaking", r"\bheart(?:breaking|warming|wrenching)\b", 0.35),
    _p("outrageous", r"\boutrageous\b|\bthe truth about\b|\bexposed\b", 0.35),
    _p("amazing", r"\bamazing(?:ly)?\b|\bincredibl[ey]\b|\bmind[- ]?boggling\b", 0.3),
    _p("bombshell", r"\bbombshell\b", 0.35),
    _p("brutal", r"\bbrutal\b", 0.3),
    _p("literally", r"\bliterally\b", 0.3),
    _p("outrage", r"\boutrage(?:d)?\b|\bfurious\b|\bfury\b|\bchilling\b|\bstunning\b", 0.15),
    _p(
        "horror as ...",
        r"^(?:horror|shock|fury|outrage|chaos|panic|terror|heartbreak|anger|rage) "
        r"(?:as|after|at|over)\b",
        0.4,
    ),
    # Punctuation.
    _p("!!!", r"!{2,}|[!?]{3,}", 0.7),
    _p("?!", r"\?!|!\?", 0.5),
    _p("!", r"(?<![!?])![^!?]*$", 0.2),
)

#: ALL-CAPS words that are names, not shouting (words of >= 4 letters only matter).
ACRONYMS = frozenset(
    {
        "NATO", "NASA", "FIFA", "UEFA", "OPEC", "COVID", "UNESCO", "UNICEF", "UNHCR", "UNRWA",
        "ASEAN", "NAFTA", "USMCA", "AIPAC", "SWAT", "NOAA", "FEMA", "NTSB", "OSHA", "USDA", "NCAA",
        "NASCAR", "NBA", "NHL", "NFL", "MLB", "ECOWAS", "IAEA", "OECD", "BRICS", "DOGE", "HIV",
        "AIDS", "SARS", "MERS", "LGBT", "LGBTQ", "NYPD", "LAPD", "CNN", "MSNBC", "BBC", "NPR",
        "PBS", "HBO", "IPO", "CEO", "GDP", "DPRK", "EPA", "ICE", "NYSE", "ISIS", "ISIL", "OSCE",
        "MAGA", "USAID", "NIH", "CDC", "WHO", "UN", "EU", "USA", "UAE", "IRGC", "IDF", "FARC",
    }
)  # fmt: skip

#: Tags a newsroom writes in capitals on purpose; not counted as shouting.
TAGS = frozenset({"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "LIVE", "WATCH", "VIDEO", "NEWS"})
