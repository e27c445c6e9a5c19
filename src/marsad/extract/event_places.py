"""Where an event happened, and targets reached through places.

``_location``: the most specific place in the trigger's scope (for statements and decisions the
actor's country unless the text says where they were made); ``_country_split``: one act spread
over two countries; ``_extra_target``: targets named through bases, sites, hosts and diplomats.
"""

from __future__ import annotations

import re

from marsad.extract.actors import ActorHit
from marsad.extract.clauses import (
    _CLAUSE_BREAK,
    _LOOKBACK_CHARS,
    Context,
    _clause_start,
    _paren_spans,
)
from marsad.extract.event_filters import STATEMENT_TYPES
from marsad.extract.event_lexicon import DECISION_TYPES, PHYSICAL_TYPES, EventLexicon, _Cand
from marsad.extract.places import PlaceHit
from marsad.model import PlaceRef


def _country_split(ctx: Context, c: _Cand, etype: str, s1: int) -> list[PlaceHit]:
    """The most specific place per country named after the trigger in its sentence, when the
    sentence spreads one act over two or more countries; [] otherwise."""
    after = [p for p in ctx.places_from(c.end, s1) if p is not ctx.dateline]
    by_country: dict[str, PlaceHit] = {}
    for p in after:
        if not p.country:
            continue
        best = by_country.get(p.country)
        if best is None or p.rank < best.rank:
            by_country[p.country] = p
    if len(by_country) < 2:
        return []
    # the countries must be coordinated parts of the act ("... in Iraq ... and ... in Syria")
    seg = ctx.text[c.end:s1]
    if not re.search(r"\b(?:and|while|as well as)\b", seg):
        return []
    return sorted(by_country.values(), key=lambda p: p.start)


# "the Gaza war", "the Vienna talks": a place naming an event, not where this one happened
_PLACE_AS_MODIFIER = re.compile(r"\s+(?:war|wars|conflict|crisis|talks|deal|agreement|accords?|summit|conference|protocol|process|format)\b"
                                # "Syria's interim president": the place owns an office or body
                                r"|['\u2019]s\s+(?:[\w-]+\s+){0,2}?(?:president|prime\s+minister|premier|minister|leader|government|"
                                r"ambassador|envoy|spokesman|spokeswoman|army|military|parliament|speaker|king|emir|crown\s+prince|"
                                r"regime|authorities|delegation|embassy|ministry|cabinet)\b")

# "parties close to Iran", "a militia backed by Tehran": a place named as a patron, not where anything happened
_PLACE_AS_PATRON = re.compile(r"\b(?:close\s+to|closer\s+to|backed\s+by|aligned\s+with|allied\s+(?:to|with)|loyal\s+to|funded\s+by|armed\s+by|"
                              r"sponsored\s+by|supported\s+by|linked\s+to|tied\s+to|proxies\s+of|proxy\s+of|beholden\s+to|friendly\s+to)\s+(?:the\s+)?$")


# "as talks in Vienna stalled": a place governed by the noun of a political act is where that act
# happened, not where a physical act (an attack, a deployment) did
_PLACE_OF_TALKS = re.compile(r"\b(?:talks|negotiations|summit|conference|elections?|polls|vote|ceremony|forum)"
                             r"(?:\s+(?:held|hosted|under\s+way|underway|taking\s+place))?\s+(?:in|at)\s+(?:the\s+)?$", re.I)


def is_patron(text: str, p) -> bool:
    return _PLACE_AS_PATRON.search(text, max(0, p.start - 30), p.start) is not None


_DIPLOMAT = re.compile(r"\b(?:the\s+)?(?P<x>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)(?:['\u2019]s)?\s+(?:ambassador|envoy|charg\S+|embassy|consul\w*|visa office|mission)\b")


# "met the Iranian foreign minister", "received a Turkish delegation": in a diplomatic act, an
# unnamed office holder or delegation of a state stands for the state
_OFFICIAL = re.compile(r"\b(?:the\s+|an?\s+)?(?P<x>[A-Z][\w.]*)\s+(?:(?:foreign|defen[cs]e|interior|oil|energy|finance|trade)\s+minister"
                       r"|prime\s+minister|premier|president|vice[\s-]president|delegation|counterpart|foreign\s+ministry"
                       r"|national\s+security\s+adviser)\b")
_DIPLOMATIC_ACTS = STATEMENT_TYPES | {"CONSULT", "AGREE", "COOPERATE", "SUPPORT", "AID"}

_FROM_CAPITAL = re.compile(r"\bfrom\s+(?P<x>[A-Z][\w.]+)\b")


_PETITION_BY = re.compile(r"\b(?:petition|appeal|lawsuit|challenge|complaint|request|case|bid|motion)\s+(?:\w+\s+){0,3}?(?:by|from|of)\s+(?:the\s+)?$")


def _extra_target(ctx: Context, ev: EventLexicon, c: _Cand, etype: str, srcs, after, s0: int, scope_end: int):
    """Targets that are not the direct object: "summoned the U.S. chargé d'affaires" and "recalled
    its envoy from Ankara" (the state), "against U.S. forces", "a petition by the Fatah Alliance",
    "congratulated him" (the last person), a protest at a state's office."""
    text = ctx.text
    src_ids = {h.id for h in srcs if h is not None}
    seg = text[c.end:scope_end]
    for rx in (_DIPLOMAT, _FROM_CAPITAL) + ((_OFFICIAL,) if etype in _DIPLOMATIC_ACTS else ()):
        m = rx.search(seg)
        if m and ctx.lookup is not None:
            x = m.group("x")
            st = None
            if x in ev.demonyms:
                st = ctx.actor_index_get(ev.demonyms[x][0])
            else:
                st = ctx.lookup(x)
            if st is None:
                # "recalled its envoy from Ankara": the capital is a gazetteer place of a state
                x0 = c.end + m.start("x")
                ph = next(iter(ctx.places_from(x0, x0 + 1)), None)
                sref = ctx.state_of.get(ph.country) if ph is not None and ph.kind in ("city", "country") else None
                if sref is not None and sref.id not in src_ids:
                    return ActorHit(c.start, c.end, sref.id, sref.name, "state", "diplomatic", ph.country)
            if st is not None and st.kind == "state" and st.id not in src_ids:
                return ActorHit(c.start, c.end, st.id, st.name, st.kind, "diplomatic", st.country)
    for h in after:
        if h.start > scope_end or h.id in src_ids:
            continue
        gap_before = text[max(c.end, h.start - 40) : h.start]
        if etype in STATEMENT_TYPES and re.search(r"\b(?:as|called\s+it|calling\s+it)\s+(?:a|an)\s", text[c.end:h.start]):
            continue  # "condemned the strike as an act of aggression against Iraq": the victim, not the target
        if re.search(r"\b(?:against|on|at|toward|towards)\s+(?:the\s+)?$", gap_before) and not re.search(r"[.;]", text[c.end:h.start]) \
                and not _SECOND_PREDICATE.search(text, c.end, h.start):
            return h
        if etype in ("ASSAULT", "COERCE") and re.search(
                r"\b(?:against|on|at|targeting|targeted|hit|struck|toward|towards)\s+(?:(?:the|a|an|two|three|several)\s+)?(?:[\w.'\u2019-]+\s+){0,4}?(?:hosting|housing|used\s+by|belonging\s+to|carrying|occupied\s+by|where)\s+(?:the\s+|some\s+)?(?:[\w-]+\s+){0,2}?$",
                text[max(c.end, h.start - 80) : h.start]) and not re.search(r"[.;]", text[c.end:h.start]):
            return h  # "at a base hosting U.S. troops": the troops
        if _PETITION_BY.search(text[c.end : h.start]):
            return h
        if etype == "ASSAULT" and c.form.startswith(("clash", "fought", "fight", "exchang", "trad", "battl", "skirmish")) \
                and re.search(r"\bwith\s+(?:the\s+)?(?:[\w.'-]+\s+){0,2}$", gap_before) and not re.search(r"[.;]", text[c.end:h.start]):
            return h  # "clashed with Asaib Ahl al-Haq fighters"
    if etype == "ASSAULT":
        state = _attacked_state(ctx, c, src_ids, scope_end) or _foreign_asset_state(ctx, ev, c, src_ids)
        if state is not None:
            return state
    if etype in ("PROTEST", "MOBILIZE", "RETREAT") and ev.protest_targets is not None:
        # ("left parliament", "resigned from parliament": the body withdrawn from)
        # (from the trigger's start: a pattern trigger may hold the place, "rallied outside parliament")
        pt = ev.protest_targets.search(text, c.start, scope_end)
        if pt and etype == "RETREAT" and c.entry.get("mode") not in ("withdraw", "resign"):
            pt = None
        if pt and ctx.actor_index_get is not None:
            a = ctx.actor_index_get(ev.lex["protest_targets"].get(pt.group().lower()) or
                                    next((v for k, v in ev.lex["protest_targets"].items() if k.lower() == pt.group().lower()), ""))
            if a is not None and a.id not in src_ids:
                return ActorHit(c.start, c.end, a.id, a.name, a.kind, "protest-target", a.country)
    pm = re.match(r"\s+(?:on\s+)?(it|them)\b", seg)
    if pm and etype in STATEMENT_TYPES:
        # "sent a letter to the Security Council calling on it to act": the body last named
        bodies = [h for h in ctx.actors_from(s0, c.start) if h.end <= c.start and h.id not in src_ids
                  and h.kind not in ("person",) and (h.kind != "state" or pm.group(1) == "it")]
        if bodies:
            return bodies[-1]
    pm = re.match(r"\s+(him|her)\b", seg)
    if pm:
        people = [h for h in ctx.actors_from(c.start - _LOOKBACK_CHARS, c.start) if h.kind == "person" and h.end <= c.start and h.id not in src_ids]
        if people:
            return people[-1]
    return None


_AT_A_COUNTRY = re.compile(r"\b(?:at|on|against|toward|towards|into)\s+(?:the\s+)?$")


# "boycotted the vote and said it would challenge it at the court": a second verb of the same
# subject, whose objects are not the first one's
_SECOND_PREDICATE = re.compile(r"\s(?:and|but)\s+(?:then\s+|later\s+|also\s+)?(?:said|says|vowed|warned|told|added|announced|threatened|"
                               r"pledged|promised|insisted|[a-z]{3,}ed)\b")


def _attacked_state(ctx: Context, c: _Cand, src_ids: set, scope_end: int) -> ActorHit | None:
    """"fired missiles at Saudi Arabia", "launched drones against Israel": a whole country aimed
    at is its state (the country where a strike landed, "struck targets in Syria", is only the
    place)."""
    text = ctx.text
    for ph in ctx.places_from(c.end, scope_end):
        if ph.kind != "country" or re.search(r"[.;]", text[c.end : ph.start]):
            continue
        if not _AT_A_COUNTRY.search(text, max(c.end, ph.start - 12), ph.start):
            continue
        sref = ctx.state_of.get(ph.country)
        if sref is not None and sref.id not in src_ids:
            return ActorHit(c.start, c.end, sref.id, sref.name, "state", "attacked-state", ph.country)
    return None


# "shot down an Iranian drone", "struck a Syrian army convoy": a state's asset named by its demonym
_FOREIGN_ASSET = re.compile(r"\s+(?:down\s+)?(?:an?|the|two|three|several|one\s+of)\s+(?:the\s+)?(?P<x>[A-Z][\w.-]*)\s+(?:[\w-]+\s+)?"
                            r"(?:drones?|jets?|aircraft|warplanes?|warships?|vessels?|tankers?|helicopters?|convoys?|"
                            r"positions?|outposts?|bases?|troops|soldiers|forces|military\s+(?:base|post|positions?))\b")


def _foreign_asset_state(ctx: Context, ev: EventLexicon, c: _Cand, src_ids: set) -> ActorHit | None:
    """The state whose drone, jet, convoy or troops an attack hit ("shot down an Iranian drone")."""
    m = _FOREIGN_ASSET.match(ctx.text, c.end)
    if m is None or m.group("x") not in ev.demonyms or ctx.actor_index_get is None:
        return None
    st = ctx.actor_index_get(ev.demonyms[m.group("x")][0])
    if st is None or st.kind != "state" or st.id in src_ids:
        return None
    return ActorHit(c.start, c.end, st.id, st.name, st.kind, "asset-owner", st.country)


def _evidence(text: str, s0: int, s1: int, c: _Cand) -> tuple[int, int]:
    """The clause around the trigger (the whole sentence when it is short)."""
    if s1 - s0 <= 220:
        return s0, s1
    a = _clause_start(text, s0, c.start)
    m = _CLAUSE_BREAK.search(text, c.end, s1)
    b = m.start() if m else s1
    return a, b


# where a statement was made: "said in Tehran", "Speaking in Ankara on Monday, ...", "at a news
# conference in Erbil", "during a visit to Washington"
_SAID_AT = re.compile(r"\b(?:said|told\s+reporters|spoke|speaking|announced|wrote|news\s+conference|press\s+conference|"
                      r"speech|addressing\s+(?:\w+\s+){0,3}?|statement\s+issued|announcement|remarks|interview|briefing)"
                      r"\s+(?:\w+\s+){0,3}?(?:in|at|near)\s+$"
                      # "a sermon, delivered by an aide in Najaf", "meeting in Erbil on Monday"
                      r"|\b(?:sermon|sermons|prayers|address|rally|meeting|met|convened|sitting|session|summit|ceremony)"
                      r"(?:,?\s+[\w-]+){0,6}?,?\s+(?:in|at|near)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:(?:city|town|province)\s+of\s+)?$"
                      # "appeared on television from Najaf"
                      r"|\b(?:appeared|appearing|spoke|speaking)\s+(?:\w+\s+){0,3}?from\s+$"
                      # "a court in the southern city of Amara"
                      r"|\b(?:court|tribunal|judge|council|assembly)\s+(?:\w+\s+){0,1}?in\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:(?:city|town|province)\s+of\s+)?$"
                      # "during a visit to Baghdad, X condemned ...", "on a tour to Ankara"
                      r"|\b(?:visit\s+to|visiting|trip\s+to|tour\s+to)\s+(?:the\s+)?$", re.I)
# an agreement, meeting or measure told with where it was done: "signed seven accords in Baghdad",
# "held talks in Paris with ..."
_DONE_IN_TYPES = frozenset(("AGREE", "CONSULT", "COOPERATE", "AID"))
_IN_AFTER_ACT = re.compile(r"(?:\s+(?!(?:to|that|which|who|whose|against|over|for|with|after|before|when|while|on)\b)[\w'\u2019-]+){0,6}?"
                           r"\s+(?:in|at)\s+(?:the\s+)?(?:(?:[a-z][\w-]*\s+){0,2}?(?:city|town|capital|province)\s+of\s+)?")


def _done_in_place(text: str, c, etype: str, places: list):
    """The place an agreement, meeting or aid is told to have been done in, right after its verb."""
    if etype not in _DONE_IN_TYPES:
        return None
    return next((p for p in places if c.end <= p.start <= c.end + 100 and _IN_AFTER_ACT.fullmatch(text, c.end, p.start)), None)


# "blocked the main road to Erbil", "the highway linking Baghdad to Basra": a place named as where a
# road leads, not where the act happened
_ROAD_TO = re.compile(r"\b(?:road|roads|highway|highways|motorway|route|routes)\s+(?:leading\s+|running\s+)?"
                      r"(?:to|from|towards?|into|linking\s+(?:[\w-]+\s+){1,3}?(?:to|and|with))\s+(?:the\s+)?(?:city\s+of\s+)?$", re.I)


def _destination(text: str, p) -> bool:
    """Whether place ``p`` is named only as where a road leads."""
    return bool(_ROAD_TO.search(text, max(0, p.start - 60), p.start))


# what a political withdrawal withdraws ("withdrew the draft law", "the withdrawal by X of his bid"):
# a decision made where its maker sits, not a movement away from a place
_POLITICAL_OBJECT = re.compile(
    r"\b(?:his|her|its|their|the|a)\s+(?:own\s+)?(?:[\w-]+\s+){0,2}?(?:bid|candidacy|candidate|nomination|bill|law|draft|"
    r"motion|support|backing|lawmakers|ministers|deputies|proposal|request|complaint|lawsuit|appeal|objection)s?\b")
# (not "the Syrian border", which is as much the other country's)
_DEMONYM_SIDE = re.compile(r"\b([A-Z][a-z]+)\s+(?:side|territory|soil|city|town|province|capital|desert|coast|waters|airspace|village|countryside)\b")


# a sentence that opens on where it happened: "In Tehran, ...", "Later in Ankara on Monday, ..."
_OPENING_BEFORE = re.compile(r"\s*(?:(?:Later|Earlier|Meanwhile|Separately|Also|And|But)\s*,?\s+)?(?:[Ii]n|[Aa]t|[Ff]rom)\s+"
                             r"(?:the\s+(?:[\w-]+\s+){0,3}?(?:of\s+)?)?")
_OPENING_AFTER = re.compile(r"(?:\s+(?:on|late|early|earlier|later|last|this|that|the\s+same)\b[^,.;]{0,30})?\s*,")


def _opening_place(text: str, places: list, s0: int, trig: int):
    """The named place a sentence opens on, before its act's trigger, or None."""
    for p in places:
        if p.start >= trig:
            break
        if _OPENING_BEFORE.fullmatch(text, s0, p.start) and _OPENING_AFTER.match(text, p.end, trig):
            return p
    return None


# a place described, not named: "in the Saudi capital", "at a Turkish coastal resort"
_DESCRIBED_PLACE = re.compile(r"\b(?:in|at)\s+(?:the|a)\s+(?P<dem>[A-Z][a-z]+)\s+(?:[a-z-]+\s+){0,2}?"
                              r"(?:capital|city|town|resort|port|village|province|region)\b")


def _described_country(ctx: Context, text: str, c: _Cand, etype: str, s0: int, s1: int) -> str | None:
    """The country of a place the act's clause describes by its demonym ("met X in the Saudi
    capital" -> SA), or None. A statement's only before its trigger ("Speaking in the Iranian
    capital, X condemned ..."): after it, the place is usually the condemned act's."""
    lo = max(s0, _clause_start(text, s0, c.start))
    hi = c.start if etype in STATEMENT_TYPES else s1
    for m in _DESCRIBED_PLACE.finditer(text, lo, hi):
        country = ctx.demonym_country.get(m.group("dem"))
        if country:
            return country
    return None


def _location(ctx: Context, c: _Cand, etype: str, src: ActorHit | None, s0: int, s1: int, scope_end: int,
              r_own: list | None = None, cap: int | None = None) -> PlaceRef | None:
    """The event's place; ``r_own[0]`` is set True when it comes from the event's own sentence."""
    text = ctx.text
    if r_own is None:
        r_own = [False]
    places = [p for p in ctx.places_from(s0, s1) if p.end <= s1 and p is not ctx.dateline
              and not _PLACE_AS_MODIFIER.match(text, p.end) and not is_patron(text, p) and not _destination(text, p)
              and not (etype in PHYSICAL_TYPES and etype != "CONSULT"  # the talks' own place is a meeting's place
                       and _PLACE_OF_TALKS.search(text, max(s0, p.start - 60), p.start))]
    if places:
        # a parenthetical or preposed clause has its own place: "X, whose leader was killed in
        # Baghdad, fired rockets at Camp Taji"
        spans = [(a, b) for a, b, _ in _paren_spans(text, s0, s1)]
        own = next(((a, b) for a, b in spans if a <= c.start < b), None)
        if own is not None:
            places = [p for p in places if own[0] <= p.start < own[1]]
        elif spans:
            places = [p for p in places if not any(a <= p.start < b for a, b in spans)]
    if etype in DECISION_TYPES or (etype not in PHYSICAL_TYPES) or c.entry.get("mode") in ("ceasefire", "resign", "phone") \
            or (c.entry.get("mode") == "withdraw" and _POLITICAL_OBJECT.search(text, c.end, min(s1, c.end + 90))):
        # "said in Tehran", "told reporters at the Pentagon"
        for p in places:
            if p.start >= c.start - 80 and _SAID_AT.search(text, max(s0, p.start - 50), p.start):
                r_own[0] = True
                return p.ref()
        done_in = _done_in_place(text, c, etype, places)
        if done_in is not None:
            r_own[0] = True
            return done_in.ref()
        opening = _opening_place(text, places, s0, c.start)
        if opening is not None:
            r_own[0] = True
            return opening.ref()
        described = _described_country(ctx, text, c, etype, s0, s1)
        if described is not None:
            r_own[0] = True
            return PlaceRef(country=described)
        country = None
        if src is not None:
            country = ctx.country_of(src)
        return PlaceRef(id=None, name=None, admin1=None, country=country or ctx.main_country)
    scope = [p for p in places if c.start - 120 <= p.start <= scope_end]
    if cap is not None and etype not in DECISION_TYPES:
        # a place after the next trigger belongs to that act ("..., a response to a rocket attack on Erbil")
        capped = [p for p in scope if p.start < cap]
        if not capped:
            for m in _DEMONYM_SIDE.finditer(text, c.end, cap):
                dem = ctx.demonym_country.get(m.group(1))
                if dem:
                    return PlaceRef(country=dem)
        if capped or any(p.start >= cap for p in scope):
            scope = capped
        # nor does the sentence's fallback reach past that act ("a curfew on the city after the
        # violence, which followed a sit-in on the road to Erbil": not Erbil)
        places = [p for p in places if p.start < cap]
    if scope:
        # the trigger's own clause first: "X hit Camp Taji, and the U.S. struck sites in Jurf al-Sakhar"
        cl = _clause_start(text, s0, c.start)
        own_clause = [p for p in scope if p.start >= cl]
        scope = own_clause or scope
    pool = scope or places
    if pool:
        # most specific; nearest to the trigger among equals
        best = min(pool, key=lambda p: (p.rank, abs(p.start - c.start)))
        r = best.ref()
        r_own[0] = True
        return r
    described = _described_country(ctx, text, c, etype, s0, min(s1, cap) if cap is not None else s1)
    if described is not None:
        r_own[0] = True
        return PlaceRef(country=described)
    # "on the Syrian side of the border": a demonym gives the country
    for m in _DEMONYM_SIDE.finditer(text[s0:s1]):
        dem = ctx.demonym_country.get(m.group(1))
        if dem:
            return PlaceRef(country=dem)
    # the next sentence, where it goes on describing the same act ("One of the sites was near X")
    if etype in PHYSICAL_TYPES and c.sent + 1 < len(ctx.sentences):
        n0, n1 = ctx.sentences[c.sent + 1]
        cm = _CONTINUES_PLACE.match(text, n0, n1)
        if cm:
            nxt = [p for p in ctx.places_from(cm.end() - 1, n1) if p.end <= n1 and p is not ctx.dateline]
            if nxt:
                return min(nxt, key=lambda p: (p.rank, p.start)).ref()
    # earlier sentences: the last place mentioned within two sentences
    prev = [p for p in ctx.places_from(s0 - 1000, s0) if p.end <= s0 and s0 - p.end < 400 and p is not ctx.dateline
            and not is_patron(text, p) and not _destination(text, p)]
    if prev:
        best = min(prev[-3:], key=lambda p: (p.rank, -p.start))
        return best.ref()
    if ctx.dateline is not None and (ctx.main_country is None or ctx.dateline.country == ctx.main_country):
        return ctx.dateline.ref()
    if ctx.main_country:
        return PlaceRef(country=ctx.main_country)
    country = ctx.country_of(src) if src is not None else None
    return PlaceRef(country=country) if country else None  # the actor's own country, from the pack


# a next sentence that only goes on locating the act just reported
_CONTINUES_PLACE = re.compile(
    r"\s*(?:(?:One|Two|Three|Four|Some|All|Most|Both|Each|Several|Many|Two)\s+of\s+(?:the|them|these|those)(?:\s+(?:[\w-]+\s+){0,2}?"
    r"(?:sites|targets|facilities|locations|positions|buildings|depots|strikes|rockets|missiles|drones|shells))?"
    r"|The\s+(?:[\w-]+\s+)?(?:sites?|targets?|facilities|facility|locations?|positions?|buildings?|depots?|strikes?|attack|rockets|missiles|drones?|shells|bombs"
    r"|checkpoints?|convoys?|posts?|outposts?|bases?|camps?|house|home|compound|vehicles?|cars?|villages?|towns?|areas?|stations?|offices?))"
    r"\s+(?:[\w-]+\s+){0,3}?(?:was|were|lay|lies|lie|is|are|located|situated|sits|stands|landed|fell|hit|struck)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:near|in|at|outside|around|inside)\s")
