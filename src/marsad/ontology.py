"""Event and actor vocabularies: PLOVER types and modes, ACLED event types, and the mapping.

PLOVER (the ontology behind POLECAT) is Marsad's internal vocabulary. ACLED's event types are
used for exports; :func:`to_acled` maps a PLOVER type and mode to ACLED's event type and
sub-event type, or to ``None`` where ACLED codes no such event (talks, statements, requests).
Every PLOVER type appears in :data:`ACLED_MAPPING`, mapped or explicitly unmapped.
"""

from __future__ import annotations

from dataclasses import dataclass

# PLOVER's 16 event types, each with the modes Marsad uses (the annotation guide's list).
PLOVER_TYPES: dict[str, tuple[str, ...]] = {
    "AGREE": (),
    "CONSULT": ("visit", "meet", "phone", "third-party"),
    "SUPPORT": (),
    "CONCEDE": (),
    "COOPERATE": (),
    "AID": ("economic", "military", "humanitarian"),
    "RETREAT": ("resign", "withdraw", "ceasefire", "release"),
    "REQUEST": ("change", "yield", "assist", "meet"),
    "ACCUSE": ("disapprove", "allege", "investigate"),
    "REJECT": ("deny",),
    "THREATEN": ("violence", "restrict", "relations"),
    "PROTEST": ("demo", "riot", "boycott", "obstruct", "strike"),
    "SANCTION": ("convict", "withdraw", "discontinue", "expel"),
    "MOBILIZE": ("troops", "police", "militia", "weapons"),
    "COERCE": ("arrest", "seize", "restrict", "censor", "curfew", "deport"),
    "ASSAULT": (
        "drone",
        "aerial",
        "heavy-weapons",
        "explosives",
        "suicide-attack",
        "firearms",
        "targeted",
        "abduct",
        "crowd-control",
        "destroy",
    ),
}

# PLOVER's auxiliary modes are carried as ``certainty`` on events.
CERTAINTY = ("asserted", "reported", "denied", "hypothetical")

# Violent / material types, for analyses that separate kinetic from verbal activity.
MATERIAL_CONFLICT = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"})
VERBAL_CONFLICT = frozenset({"ACCUSE", "REJECT", "THREATEN", "PROTEST", "REQUEST"})
COOPERATION = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})

# ACLED: 6 event types and their 25 sub-event types.
ACLED_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

# ACLED interaction codes for actor types.
ACLED_INTER = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

# Actor sectors (PLOVER/POLECAT-style agent codes) used in the knowledge pack.
SECTORS = {
    "GOV": "government executive",
    "LEG": "legislature",
    "JUD": "judiciary",
    "MIL": "armed forces",
    "COP": "police and interior security",
    "SPY": "intelligence services",
    "PRM": "pro-government paramilitary / state-sanctioned militia",
    "REB": "rebel or insurgent armed group",
    "TER": "designated terrorist organisation",
    "PTY": "political party or list",
    "OPP": "opposition movement",
    "IGO": "intergovernmental organisation or coalition",
    "NGO": "non-governmental organisation",
    "MED": "media",
    "REL": "religious authority",
    "CVL": "civilians",
    "BUS": "business",
    "ELE": "electoral body",
    "STA": "state as a whole",
}


@dataclass(frozen=True, slots=True)
class AcledCategory:
    event_type: str
    sub_event_type: str


def _c(event_type: str, sub: str) -> AcledCategory:
    assert sub in ACLED_TYPES[event_type], (event_type, sub)
    return AcledCategory(event_type, sub)


# (PLOVER type, mode or None for "any other mode") -> ACLED category, or None = explicitly unmapped.
ACLED_MAPPING: dict[str, dict[str | None, AcledCategory | None]] = {
    "ASSAULT": {
        "drone": _c("Explosions/Remote violence", "Air/drone strike"),
        "aerial": _c("Explosions/Remote violence", "Air/drone strike"),
        "heavy-weapons": _c("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        "explosives": _c("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        "suicide-attack": _c("Explosions/Remote violence", "Suicide bomb"),
        "firearms": _c("Battles", "Armed clash"),
        "targeted": _c("Violence against civilians", "Attack"),
        "abduct": _c("Violence against civilians", "Abduction/forced disappearance"),
        "crowd-control": _c("Protests", "Excessive force against protesters"),
        "destroy": _c("Strategic developments", "Looting/property destruction"),
        None: _c("Battles", "Armed clash"),
    },
    "PROTEST": {
        "riot": _c("Riots", "Violent demonstration"),
        None: _c("Protests", "Peaceful protest"),
    },
    "COERCE": {
        "arrest": _c("Strategic developments", "Arrests"),
        "seize": _c("Strategic developments", "Looting/property destruction"),
        None: _c("Strategic developments", "Other"),
    },
    "MOBILIZE": {None: _c("Strategic developments", "Change to group/activity")},
    "AGREE": {None: _c("Strategic developments", "Agreement")},
    "RETREAT": {
        "withdraw": _c("Strategic developments", "Non-violent transfer of territory"),
        "ceasefire": _c("Strategic developments", "Agreement"),
        None: _c("Strategic developments", "Change to group/activity"),
    },
    # ACLED does not code statements, talks, requests or sanctions: explicitly unmapped.
    "SANCTION": {None: None},
    "THREATEN": {None: None},
    "ACCUSE": {None: None},
    "REJECT": {None: None},
    "REQUEST": {None: None},
    "CONSULT": {None: None},
    "SUPPORT": {None: None},
    "CONCEDE": {None: None},
    "COOPERATE": {None: None},
    "AID": {None: None},
}


def is_plover_type(t: str) -> bool:
    return t in PLOVER_TYPES


def to_acled(plover_type: str, mode: str | None = None) -> AcledCategory | None:
    """Map a PLOVER type (and mode) to ACLED; ``None`` when ACLED codes no such event.

    Raises ``KeyError`` for a type that is not one of the 16 PLOVER types.
    """
    table = ACLED_MAPPING[plover_type]
    if mode in table:
        return table[mode]
    return table[None]


def from_acled(event_type: str, sub_event_type: str | None = None) -> tuple[str, str | None]:
    """Map an ACLED category back to the most specific PLOVER (type, mode) that produces it."""
    if event_type not in ACLED_TYPES:
        raise KeyError(f"unknown ACLED event type {event_type!r}")
    for ptype, table in ACLED_MAPPING.items():
        for mode, cat in table.items():
            if cat and cat.event_type == event_type and cat.sub_event_type == sub_event_type:
                return ptype, mode
    fallback = {
        "Battles": ("ASSAULT", "firearms"),
        "Explosions/Remote violence": ("ASSAULT", "heavy-weapons"),
        "Violence against civilians": ("ASSAULT", "targeted"),
        "Protests": ("PROTEST", "demo"),
        "Riots": ("PROTEST", "riot"),
        "Strategic developments": ("COERCE", None),
    }
    return fallback[event_type]
