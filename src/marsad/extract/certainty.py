"""Certainty of an event mention: asserted, reported, denied or hypothetical.

``certainty(text, clause_start, trigger_start, trigger_end, clause_end, lex)`` reads the words of
the clause around a trigger:

* **denied** — a negation governs the trigger ("did not attack", "has not claimed", "no group
  claimed", "denied carrying out the attack", "never");
* **hypothetical** — a modal, conditional, plan or threat governs it ("would strike", "could",
  "if ...", "plans to", "threatened to", "vowed to", "will", "ready to", "demanded that ... be");
* **reported** — the clause attributes it ("X said", "according to", "reportedly", "allegedly");
* otherwise **asserted**.

The cue lists live in ``lexicon/events.yaml`` under ``certainty``.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["certainty", "compile_cues"]


@lru_cache(maxsize=8)
def _alt(words: tuple[str, ...]) -> re.Pattern:
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.I)


# ", which had warned that a response would come," / ", whose commander was killed last month,":
# a relative clause closed before the trigger says nothing about the trigger's own certainty
_CLOSED_RELATIVE = re.compile(r",\s+(?:which|who|whom|whose|where)\b[^,;:()]*,\s*")


# "the May 9 killing", "on 3 May", "in May": the month, not the modal
_MONTH_MAY = re.compile(r"\bMay(?=\s+\d)|(?:(?<=\d\s)|(?<=\bin\s)|(?<=\bIn\s)|(?<=\bof\s)|(?<=since\s)|(?<=until\s)"
                        r"|(?<=early\s)|(?<=late\s)|(?<=mid-)|(?<=last\s)|(?<=next\s)|(?<=this\s))May\b")


def _drop_closed_relatives(lead: str) -> str:
    """``lead`` (the text up to a trigger) without the relative clauses it closes."""
    return _CLOSED_RELATIVE.sub(" ", lead)


# "denied any role in the attack and blamed Israel": a finite verb coordinated after the denial's
# object is a second act of the subject, not part of what was denied
_COORDINATED_VERB = re.compile(r"\s(?:and|but)\s+(?:(?:then|also|instead|later)\s+)?$")


def _denial_governs(denial: re.Pattern, before: str, trigger: str) -> bool:
    """Whether a denial verb in ``before`` governs the trigger that follows it."""
    found = list(denial.finditer(before))
    if not found:
        return False
    last = found[-1]
    if not trigger.split()[0].endswith("ing") and not re.match(r"\s+(?:that|it|they)\b", before[last.end():]) \
            and _COORDINATED_VERB.search(before, last.end()):
        return False  # (not in a complement: "denied that it shelled the base and killed ...")
    return True


# "... rejected the charge and said it would ...": the subject's own second verb, not an attribution
_OWN_SECOND_VERB = re.compile(r"\s(?:and|but)\s+(?:(?:also|later|then)\s+)?$")


def _attributed_after(reported: re.Pattern, after: str) -> bool:
    """Whether a reporting cue after the trigger attributes it (", officials said", "according
    to"), rather than being a verb coordinated with it ("and said it would ...")."""
    for m in reported.finditer(after):
        if not _OWN_SECOND_VERB.search(after, 0, m.start()):
            return True
    return False


# "demanded that the units leave", "asked that the troops be withdrawn": the act a demand's
# that-clause names in the subjunctive (a bare verb, or "be" and a participle) has not happened
_MANDATE_THAT = re.compile(
    r"\b(?:demand(?:ed|s|ing)?|ask(?:ed|s|ing)?|insist(?:ed|s|ing)?|urg(?:ed|es|ing)|request(?:ed|s|ing)?|propos(?:ed|es|ing)|"
    r"recommend(?:ed|s|ing)?|requir(?:ed|es|ing)|order(?:ed|s|ing)?|call(?:ed|s|ing)?\s+for)\s+(?:(?:on|last|this|early|late)\s+\w+\s+)?"
    r"that\s+", re.I)
# words that make a that-clause indicative: an auxiliary or modal, a past form
_FINITE = frozenset("had has have was were is are did does do would will could should might must may shall can "
                    "withdrew left fled took went came fought struck sent met began ran gave held led made said shot "
                    "stood told won wrote broke drove flew threw".split())


def _mandated(text: str, trig_start: int, trig_end: int) -> bool:
    """Whether the trigger is the verb of a demand's that-clause in the subjunctive ("demanded
    that the peshmerga units leave Khanaqin", "asked that the envoy be expelled")."""
    # the last demand in the 120 characters before (it may open a clause of its own)
    found = next(reversed(list(_MANDATE_THAT.finditer(text, max(0, trig_start - 120), trig_start))), None)
    if found is None:
        return False
    clause = text[found.end() : trig_end]
    if re.search(r"[;:!?]|\.\s+[A-Z]", clause) or len(clause.split()) > 10:
        return False
    words = [w.strip(",").lower() for w in clause.split()]
    if "be" in words:
        return True
    return not any(w in _FINITE or w.endswith("ed") for w in words)


def compile_cues(cues: dict) -> dict[str, re.Pattern]:
    return {k: _alt(tuple(v)) for k, v in cues.items() if v}


def certainty(text: str, clause_start: int, trig_start: int, trig_end: int, clause_end: int,
              cues: dict[str, re.Pattern]) -> str:
    """Classify the trigger at ``text[trig_start:trig_end]`` inside the clause bounds."""
    lead = _MONTH_MAY.sub("Mmm", _drop_closed_relatives(text[max(clause_start, trig_start - 240) : trig_start]))
    before = lead[-60:]
    near = lead[-28:]
    after = text[trig_end : min(clause_end, trig_end + 40)]
    if "negation" in cues and cues["negation"].search(near):
        return "denied"
    if "denial_verbs" in cues and _denial_governs(cues["denial_verbs"], before, text[trig_start:trig_end]):
        return "denied"
    if "hypothetical" in cues and cues["hypothetical"].search(near):
        return "hypothetical"
    if "conditional" in cues and cues["conditional"].search(before):
        return "hypothetical"
    if _mandated(text, trig_start, trig_end):
        return "hypothetical"
    if "reported" in cues and (cues["reported"].search(text[clause_start:trig_start])
                               or _attributed_after(cues["reported"], after)):
        return "reported"
    return "asserted"
