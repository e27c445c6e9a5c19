"""Temporal expressions: recognition, resolution against publication, relative anchoring."""

from __future__ import annotations

import pytest

from marsad.extract.dates import DateMention, find_dates, parse_published


def values(text, published, **kw):
    return [(m.text, m.value) for m in find_dates(text, published, **kw)]


def one(text, published, **kw) -> DateMention:
    found = find_dates(text, published, **kw)
    assert len(found) == 1, found
    return found[0]


def test_spans_are_verbatim():
    text = "BAGHDAD — On Jan. 28 a drone hit Tower 22; two days later, on 30 January 2024, strikes followed."
    found = find_dates(text, "2024-02-04")
    assert found
    for m in found:
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "text,published,value,precision",
    [
        ("A drone struck on January 28, 2024, killing three.", "2024-02-04", "2024-01-28", "day"),
        ("A drone struck on 28 January 2024.", "2024-02-04", "2024-01-28", "day"),
        ("A drone struck on Jan. 28.", "2024-02-04", "2024-01-28", "day"),
        ("A drone struck on Jan 28.", "2024-02-04", "2024-01-28", "day"),
        ("Report dated 2024-01-28.", "2024-02-04", "2024-01-28", "day"),
        ("Talks began in February 2024.", "2024-05-01", "2024-02", "month"),
        ("The vote happened in 2019.", "2024-05-01", "2019", "year"),
        ("Protests spread in mid-January.", "2024-03-01", "2024-01", "month"),
        ("Fighting resumed in early February.", "2024-03-01", "2024-02", "month"),
        ("Fighting resumed in late 2023.", "2024-03-01", "2023", "year"),
        ("The group formed last November.", "2024-03-01", "2023-11", "month"),
        ("Strikes hit on Christmas Day.", "2023-12-27", "2023-12-25", "day"),
    ],
)
def test_explicit_forms(text, published, value, precision):
    m = one(text, published)
    assert (m.value, m.precision) == (value, precision)
    assert not m.future


def test_month_without_year_is_most_recent_not_after_publication():
    assert one("In December, militants attacked a checkpoint.", "2024-01-06").value == "2023-12"
    assert one("In January, militants attacked a checkpoint.", "2024-01-06").value == "2024-01"
    assert one("The strike on March 7 killed two officers.", "2022-03-15").value == "2022-03-07"
    assert one("The strike on March 20 killed two officers.", "2022-03-15").value == "2021-03-20"


def test_month_alone_does_not_take_following_number():
    m = one("In February, two rockets hit the base.", "2024-03-10")
    assert (m.value, m.precision) == ("2024-02", "month")


def test_weekday_resolves_backwards_across_year_boundary():
    # 2024-01-01 is a Monday
    assert one("The attack on Sunday killed two.", "2024-01-01").value == "2023-12-31"
    # publication weekday itself means the publication day; "last" means a week before
    assert one("Protesters gathered on Monday.", "2024-01-01").value == "2024-01-01"
    assert one("Protesters gathered last Monday.", "2024-01-01").value == "2023-12-25"


@pytest.mark.parametrize(
    "phrase", ["on Saturday morning", "Saturday's attack", "Saturday night", "early on Saturday"]
)
def test_weekday_forms(phrase):
    m = one(f"Rockets hit the base {phrase}.", "2020-03-15")  # a Sunday
    assert m.value == "2020-03-14"
    assert m.precision == "day"


def test_future_marked_and_forward():
    m = one("Parliament will vote on Monday.", "2024-03-10")  # a Sunday
    assert m.value == "2024-03-11" and m.future
    m = one("The vote is scheduled for March 20.", "2024-03-10")
    assert m.value == "2024-03-20" and m.future
    m = one("Talks resume next week.", "2024-03-10")
    assert m.future
    m = one("The next election, due in 2025, matters.", "2023-12-21")
    assert m.value == "2025" and m.future
    # past-tense weekday never lands after publication
    for m in find_dates("He arrived on Friday and left on Saturday.", "2024-03-10"):
        assert m.value <= "2024-03-10" and not m.future


def test_future_cue_does_not_cross_a_reporting_verb():
    m = one("Iraq will respond, officials said on Sunday.", "2024-03-10")
    assert m.value == "2024-03-10" and not m.future


def test_deictic_and_relative_to_publication():
    pub = "2024-03-10"
    got = dict(values("yesterday; today; last month; earlier this month; this year; last year", pub))
    assert got["yesterday"] == "2024-03-09"
    assert got["today"] == "2024-03-10"
    assert got["last month"] == "2024-02"
    assert got["earlier this month"] == "2024-03"
    assert got["this year"] == "2024"
    assert got["last year"] == "2023"
    assert one("It happened two days ago.", pub).value == "2024-03-08"
    assert one("It happened six years ago.", pub).value == "2018"


def test_relative_to_previous_date_in_text():
    text = "Gunmen attacked on Tuesday. The next day they struck again. Three days later, police raided."
    got = values(text, "2024-03-10")  # Tuesday = 2024-03-05
    assert got == [("on Tuesday", "2024-03-05"), ("The next day", "2024-03-06"),
                   ("Three days later", "2024-03-09")]
    text = "Troops left on Friday. A minister condemned it the same day."
    assert values(text, "2024-03-10")[-1] == ("the same day", "2024-03-08")
    text = "Militants marched two days earlier."
    assert one(text, "2024-03-10", anchor="2024-03-05").value == "2024-03-03"


def test_offset_after_object_dates_the_object_when_clause_is_dated():
    text = "Rockets hit the base on Saturday, three days after a barrage killed two troops."
    got = values(text, "2020-03-15")
    assert got == [("on Saturday", "2020-03-14"), ("three days after a barrage", "2020-03-11")]


def test_offset_dating_an_object_does_not_move_the_narrative_time():
    text = ("Parliament voted on Sunday, two days after a drone strike killed a general. "
            "The coalition said the same day that it had paused training.")
    got = values(text, "2020-01-06")
    assert got == [("on Sunday", "2020-01-05"), ("two days after a drone strike", "2020-01-03"),
                   ("the same day", "2020-01-05")]


def test_subject_event_dated_earlier_makes_offset_date_the_object():
    text = ("A drone strike on Wednesday night killed a commander. "
            "The killing came five days after the United States launched its reply.")
    got = values(text, "2024-02-08")
    assert got[-1] == ("five days after the United States", "2024-02-02")


def test_shortly_before_and_eve_of_named_event():
    text = ("Warplanes bombed five sites on Sunday. A minister was told shortly before the raids. "
            "Protests began on the eve of the bombing.")
    got = values(text, "2019-12-30")
    assert got[1] == ("shortly before the raids", "2019-12-29")
    assert got[2] == ("on the eve of the bombing", "2019-12-28")


def test_anaphors_of_month_and_day():
    text = "Parties rejected the results in October. A sit-in followed the same month."
    assert values(text, "2021-12-28")[-1] == ("the same month", "2021-10")
    text = "The crisis erupted on Monday. By nightfall, gunmen were firing. Within hours, it spread."
    assert [v for _, v in values(text, "2022-08-31")] == ["2022-08-29"] * 3
    assert one("Voters rejected October's election.", "2021-12-28").value == "2021-10"


def test_offset_at_clause_head_counts_from_the_named_event():
    text = ("Police detained the commander on May 26. Activists linked him to the May 9 killing. "
            "Within hours of the arrest, fighters entered the Green Zone.")
    got = values(text, "2021-06-11")
    assert got[-1] == ("Within hours of the arrest", "2021-05-26")


def test_ranges_and_since():
    m = one("From October 2023 to February 2024 there were attacks.", "2024-03-10")
    assert (m.value, m.end_value, m.kind) == ("2023-10", "2024-02", "range")
    m = one("Between October and February, 170 attacks were recorded.", "2024-03-10")
    assert (m.value, m.end_value) == ("2023-10", "2024-02")
    m = one("more than 100 attacks since October 17", "2024-01-06")
    assert (m.value, m.end_value, m.kind) == ("2023-10-17", "2024-01-06", "since")
    m = one("the group has fought since 2014", "2024-01-06")
    assert (m.value, m.end_value, m.kind) == ("2014", "2024", "since")


def test_non_dates_ignored():
    assert find_dates("BAGHDAD — Officials said nothing.", "2024-03-10") == []
    assert find_dates("He may march to the square; Resolution 2379 passed.", "2024-03-10") == []
    assert find_dates("The 2015 nuclear deal stalled.", "2024-03-10") == []


def test_unresolvable_without_publication():
    m = one("The drone struck on Sunday.", None)
    assert m.value is None and m.precision == "day"
    m = one("The drone struck on January 28, 2024.", None)
    assert m.value == "2024-01-28"


def test_start_end_limits_output_but_keeps_context():
    text = "The raid came on Friday. Officials condemned it the same day."
    cut = text.index("Officials")
    got = find_dates(text, "2024-03-10", start=cut)
    assert [(m.text, m.value) for m in got] == [("the same day", "2024-03-08")]


def test_parse_published():
    assert str(parse_published("2024-01-06")) == "2024-01-06"
    assert parse_published("not a date") is None


def test_date_for_prefers_mention_in_span_then_previous_sentence():
    from marsad.extract.dates import date_for

    text = ("Rockets hit the base on Saturday, three days after a barrage killed two troops. "
            "The coalition blamed a militia.")
    pub = "2020-03-15"
    i = text.index("a barrage")
    assert date_for(text, pub, i, i + 30).value == "2020-03-11"
    assert date_for(text, pub, 0, 20).value == "2020-03-14"
    # the next sentence keeps the narrative time (Saturday), not the date of the barrage
    j = text.index("The coalition")
    assert date_for(text, pub, j, len(text)).value == "2020-03-14"
    assert date_for("No time is given here.", pub, 0, 5) is None


def test_day_ranges_portions_and_seasons():
    got = find_dates("Talks ran from Jan. 5-7 and again March 1 to 5, 2023.", "2024-02-08")
    assert [(m.value, m.end_value, m.kind) for m in got] == [
        ("2024-01-05", "2024-01-07", "range"), ("2023-03-01", "2023-03-05", "range")]
    got = values("It eased in the first week of March and in the second half of 2023.", "2024-02-08")
    assert [v for _, v in got] == ["2023-03", "2023"]
    got = values("Fighting began in the summer of 2014 and flared again last summer.", "2024-02-08")
    assert [v for _, v in got] == ["2014", "2023"]


def test_and_joins_a_day_range_only_after_between():
    got = values("Militants fired 35 rockets on March 3 and 12 more the next day.", "2024-04-01")
    assert got[0] == ("on March 3", "2024-03-03")
    m = find_dates("Polls were open between March 3 and 12.", "2024-04-01")[0]
    assert (m.value, m.end_value) == ("2024-03-03", "2024-03-12")


# --------------------------------------------------------------------------- the start gate
# The scanner tries each pattern only where the start gate says it may begin (_STARTS). These
# tests hold the gate to the patterns: every position where a pattern matches must be a gate hit
# that names that pattern, and the gated scan must give exactly what a full scan gives.

_GATE_WORDS = (
    "between from the first second third fourth last final early late this next spring summer "
    "autumn fall winter on mid past coming Christmas New Year's Day Eve Nowruz Newroz Valentine's "
    "yesterday today tonight tomorrow earlier later a an one two three four five six seven eight "
    "nine ten eleven twelve fifteen twenty thirty several couple few days day within just soon "
    "shortly immediately moments that by hours minutes hour minute week weeks month months year "
    "years decade night nights morning evening afternoon same following previous preceding before "
    "after ago afterwards thereafter of to and until through till end beginning start middle half "
    "quarter weekend his her its their attack arrest vote January February March April May June "
    "July August September October November December Jan. Feb Mar. Sept. Sep Dec Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday 2019 2024 1999 2101 12 3 28th 1st 05 150 1500 "
    "2023-01-05 2019-20 noon dusk dawn nightfall midday prior ahead in since"
).split()
_GATE_SEPS = [" ", " ", " ", "  ", "\n", ", ", "-", "\u2013", ". ", "'s ", "\u2019s ", "", " (", ") ",
              "\u00a0"]


def _gate_texts(n=60, seed=11):
    import random

    rng = random.Random(seed)

    def casing(w):
        x = rng.random()
        if x < 0.6:
            return w
        if x < 0.75:
            return w.capitalize()
        if x < 0.85:
            return w.upper()
        if x < 0.95:
            return "".join(c.upper() if rng.random() < 0.5 else c for c in w)
        # letters that re.IGNORECASE folds onto ASCII ones
        return w.replace("s", "\u017f").replace("i", "\u0131").replace("k", "\u212a")

    texts = ["".join(casing(rng.choice(_GATE_WORDS)) + rng.choice(_GATE_SEPS) for _ in range(50))
             for _ in range(n)]
    import json
    from importlib import resources

    for f in sorted(resources.files("marsad").joinpath("data/samples").iterdir()):
        if f.name.endswith(".json"):
            texts.append(json.loads(f.read_text("utf-8"))["text"])
    return texts


def test_start_gate_covers_every_match():
    from marsad.extract import date_patterns as D

    for text in _gate_texts():
        hits = {g.start(): set(D._gate_patterns(g.group(1))) for g in D._GATE.finditer(text)}
        for i, (kind, rx) in enumerate(D.PATTERNS):
            for c in range(len(text)):
                m = rx.match(text, c)
                if m is not None:
                    assert m.end() > m.start()
                    assert i in hits.get(c, ()), (kind, text[c : c + 40])


def test_gated_scan_equals_full_scan():
    from marsad.extract import dates as D

    def key(found):
        return [(s, e, prio, kind, m.groups()) for s, e, prio, kind, m in found]

    for k, text in enumerate(_gate_texts(seed=12)):
        lo = k % 7
        assert key(D._candidates(text, lo, len(text))) == key(D._candidates_full(text, lo, len(text)))


def test_future_hint_never_hides_a_future_cue():
    import random

    from marsad.extract import date_patterns as D

    rng = random.Random(9)
    vocab = ("will won't shall 'll \u2019ll is are was due to on in by at scheduled slated set expected "
             "plan plans planned upcoming be held ahead of forthcoming would said says told announced "
             "reported the vote , ; . x killed all").split()
    for _ in range(5000):
        ws = []
        for _ in range(rng.randint(0, 14)):
            w = rng.choice(vocab)
            x = rng.random()
            if x < 0.2:
                w = w.upper()
            elif x < 0.3:
                w = w.replace("s", "\u017f").replace("i", "\u0131").replace("l", "L")
            ws.append(w)
        t = rng.choice([" ", "  ", "\n"]).join(ws) + rng.choice(["", " "])
        assert D._future(t) == bool(D._FUTURE_CUE.search(t)), t


def test_offset_after_a_prepositional_noun_phrase_does_not_move_the_running_date():
    text = ("Jets hit two depots on Friday, in retaliation for a mortar attack on Kirkuk six days earlier. "
            "Officials said the depots were destroyed.")
    found = find_dates(text, "2023-05-14")
    off = next(m for m in found if m.text == "six days earlier")
    assert off.value == "2023-05-06" and not off.anchors
    # an offset that dates its own clause still anchors
    text2 = "Gunmen attacked a checkpoint on Friday. The army raided the village two days later."
    later = next(m for m in find_dates(text2, "2023-05-14") if m.text == "two days later")
    assert later.anchors and later.value == "2023-05-14"


def test_vague_offsets_give_the_month_only():
    from marsad.extract.dates import find_dates

    t = "Washington struck on February 2. Days later, a drone killed a commander. Weeks later, talks resumed."
    got = {d.text: (d.value, d.precision) for d in find_dates(t, "2024-03-30")}
    assert got["Days later"] == ("2024-02", "month")
    assert got["Weeks later"] == ("2024-02", "month")


def test_a_one_word_holiday_opening_a_persons_name_is_no_date():
    assert [d.value for d in find_dates("SDF commander Nowruz Ahmad spoke on Monday.", "2022-01-31")] == ["2022-01-31"]


@pytest.mark.parametrize("text", ["On Nowruz Kurds lit fires in Erbil.", "Crowds gathered for Nowruz in Erbil."])
def test_a_holiday_in_time_stays_a_date(text):
    assert [d.value for d in find_dates(text, "2022-01-31")] == ["2021-03-21"]


@pytest.mark.parametrize("text, value", [
    ("The bloc quit parliament in June 2022. That August, its supporters stormed the Green Zone.", "2022-08"),
    ("Protests began in October 2019. That February, the premier resigned.", "2020-02"),
])
def test_that_month_is_in_the_year_of_the_date_told_before(text, value):
    got = [d for d in find_dates(text, "2024-11-02") if d.text.lower().startswith("that")]
    assert [d.value for d in got] == [value]


def test_that_month_with_no_date_before_is_no_date():
    assert find_dates("He said that May was the worst month.", "2024-11-02") == []


def test_that_season_is_in_the_narratives_year_and_carries_it():
    text = ("In March 2022, the Guards fired missiles at Erbil.\n\n"
            "The pattern repeated that autumn. In late September, drones pounded camps near Koya.")
    got = {d.text: d.value for d in find_dates(text, "2024-03-01")}
    assert got["that autumn"] == "2022"
    assert got["late September"] == "2022-09"


@pytest.mark.parametrize("text, value", [
    ("In June 2014, ISIS seized Mosul. Three years later, Iraqi forces retook the city.", "2017-06"),
    ("In 2014, ISIS seized Mosul. Two years later, the offensive began.", "2016"),
    ("In June 2014, ISIS seized Mosul. Six months later, the offensive began.", "2014-12"),
])
def test_months_or_years_after_a_coarse_narrative_date_move_it(text, value):
    got = [d for d in find_dates(text, "2019-05-01") if d.text.lower().endswith("later")]
    assert [d.value for d in got] == [value]


def test_that_month_takes_the_narratives_frame_not_a_date_in_a_relative_clause():
    text = ("In early June 2016, officials said gunmen had rounded up scores of men. Families still cannot go "
            "home to the town, which troops took back in October 2014.\n\nThat November, parliament passed a law.")
    got = {d.text: d.value for d in find_dates(text, "2017-12-20")}
    assert got["That November"] == "2016-11"


def test_an_offset_from_an_act_known_to_the_month_is_known_to_the_month():
    from marsad.extract.dates import find_dates

    text = ("The chamber approved the ministers on Thursday. The bloc, which nominated him in early August, "
            "applauded. Three days after the nomination, protesters broke into the building.")
    found = [m for m in find_dates(text, "2022-10-28") if m.text.startswith("Three days after")]
    assert found and found[0].value == "2022-08" and found[0].precision == "month" and not found[0].future


def test_an_offset_from_an_act_known_to_the_day_stays_a_day():
    from marsad.extract.dates import find_dates

    text = "The council voted on 3 May. Two days after the vote, protesters gathered."
    found = [m for m in find_dates(text, "2022-06-01") if m.text.startswith("Two days after")]
    assert found and found[0].value == "2022-05-05"


def test_an_act_dated_before_sets_the_offset_of_the_clause_after_it():
    from marsad.extract.dates import find_dates

    text = ("The envoy arrived in Amman on Saturday for a visit. The trip came five days after the army began "
            "an assault on the border crossing.")
    found = [m for m in find_dates(text, "2017-02-26") if m.text.startswith("five days after")]
    assert found and found[0].value == "2017-02-20" and not found[0].future


def test_an_offset_after_an_undated_subject_still_counts_forward():
    from marsad.extract.dates import find_dates

    text = "Talks opened on 2 May. Six days after that, the sides signed a deal."
    found = [m for m in find_dates(text, "2022-06-01") if m.text == "Six days after"]
    assert not found or found[0].value == "2022-05-08"


def test_an_offset_in_an_opening_reply_phrase_counts_from_the_main_clauses_day():
    from marsad.extract.dates import find_dates

    text = "In reply to a drone attack two days earlier, jets struck depots in Syria on Sunday."
    found = {m.text: m for m in find_dates(text, "2024-02-10")}
    assert found["two days earlier"].value == "2024-02-02" and not found["two days earlier"].anchors
    assert found["on Sunday"].value == "2024-02-04"


def test_a_bare_month_takes_the_year_of_the_adverbial_date_just_before():
    from marsad.extract.dates import find_dates

    text = ("The Kurdish leadership held an independence referendum in September 2017. Baghdad answered within "
            "weeks: in mid-October federal forces took control of Kirkuk.")
    assert [m.value for m in find_dates(text, "2019-06-01")] == ["2017-09", "2017-10"]


def test_a_figures_comparison_year_sets_no_narrative_year():
    from marsad.extract.dates import find_dates

    text = ("The bloc collapsed to 17 seats from 48 in 2018. Its leaders rejected the preliminary results in October.")
    values = [m.value for m in find_dates(text, "2021-12-28")]
    assert values[-1] == "2021-10"


def test_a_holiday_takes_the_narratives_year():
    from marsad.extract.dates import find_dates

    text = "Rockets hit the base on 27 December 2019. On New Year's Eve, crowds stormed the embassy."
    assert [m.value for m in find_dates(text, "2021-12-14")] == ["2019-12-27", "2019-12-31"]


def test_a_day_of_that_year_is_one_expression_in_the_narratives_year():
    text = "The talks opened in March 2019. On 12 October that year the sides signed a memorandum."
    assert values(text, "2021-05-01") == [("March 2019", "2019-03"), ("On 12 October that year", "2019-10-12")]


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("The previous August", "2018-08"),   # before the narrative's month: that year
        ("The previous November", "2017-11"),  # after it: the year before
        ("The following March", "2019-03"),
        ("The next December", "2018-12"),
    ],
)
def test_a_month_before_or_after_the_narratives_month(phrase, value):
    text = f"Parliament met in October 2018. {phrase}, lawmakers walked out."
    assert values(text, "2021-05-01")[-1] == (phrase, value)


def test_a_long_narrative_keeps_its_years_across_offsets_seasons_and_bare_months():
    text = ("Federal troops entered Kirkuk in October 2017. Two years later, in the spring, the two "
            "governments reopened talks. By mid-July the talks had failed. That December, teachers in "
            "Sulaymaniyah went on strike. The following year was no better: in March the budget left the "
            "question open, and in late April Kurdish deputies boycotted a session.")
    got = {d.text: d.value for d in find_dates(text, "2021-06-01")}
    assert got["the spring"] == "2019"
    assert got["mid-July"] == "2019-07"
    assert got["That December"] == "2019-12"
    assert got["The following year"] == "2020"
    assert got["March"] == "2020-03"
    assert got["late April"] == "2020-04"


def test_a_season_with_no_date_told_before_has_no_year():
    assert values("In the spring, the two governments reopened talks.", "2021-06-01") == []


def test_that_month_skips_a_date_told_in_a_relative_clause_on_a_noun():
    text = ("The accord set a deadline of 30 June 2011. The Sunni bloc, whose deputies had walked out in "
            "March 2009, expected little. That June, the deadline passed quietly.")
    got = {d.text: d.value for d in find_dates(text, "2012-02-01")}
    assert got["That June"] == "2011-06"


def test_a_frame_told_paragraphs_back_gives_way_to_a_date_told_since():
    text = ("That October, the council voted to dissolve itself.\n\n"
            "The next election was held on 30 September 2018. Early this year the parties agreed on a "
            "programme, and that spring they formed a cabinet.")
    got = {d.text: d.value for d in find_dates(text, "2019-07-15")}
    assert got["that spring"] == "2019"


def test_a_season_skips_a_since_date_in_a_relative_clause():
    text = ("The party won 45 seats on 30 September 2018, against 12 for a rival whose share had fallen since "
            "2013. It spent the winter negotiating.")
    got = {d.text: d.value for d in find_dates(text, "2019-07-15")}
    assert got["the winter"] == "2018"


def test_a_month_of_that_year_is_one_expression_in_the_years_month():
    found = values("He has led the council since 2015. In March of that year the assembly removed his rival.",
                   "2023-05-01")
    assert ("March of that year", "2015-03") in found
    assert not any(t == "that year" for t, _ in found)


def test_the_following_month_counts_from_a_month_told_after_the_last_day():
    found = values("The vote was held on Sunday. Back in 2016, the dispute began in June of that year. "
                   "The following month the army moved in.", "2024-03-05")
    assert ("The following month", "2016-07") in found


def test_days_later_after_a_month_told_since_the_last_day_keeps_that_month():
    found = values("The court sat on Monday. In late May the cleric's followers marched; days later they "
                   "stormed the building.", "2022-11-10")
    assert ("days later", "2022-05") in found


def test_a_date_reached_back_to_does_not_set_the_year_of_later_bare_days():
    text = ("On 2 September the bloc named its candidate. The rivalry goes back to June 2011, when the two "
            "men split.\n\n4 September\nThe candidate's opponents blocked the roads.")
    assert ("4 September", "2023-09-04") in values(text, "2023-09-08")


def test_a_bare_year_told_just_before_sets_the_year_of_a_day_long_before_publication():
    found = values("The minister tried to disband the units in 2019. An order he signed on 3 July gave "
                   "them a month.", "2024-06-15")
    assert ("on 3 July", "2019-07-03") in found


def test_a_bare_year_told_before_leaves_a_recent_day_in_the_publication_year():
    found = values("The group was founded in 2014. On 3 June it fired rockets at the base.", "2024-06-15")
    assert ("On 3 June", "2024-06-03") in found


def test_a_month_range_takes_the_narratives_year():
    found = values("In 2019 the depots began to explode. That summer, between July and August, four blew up.",
                   "2024-06-15")
    assert ("between July and August", "2019-07") in found


def test_the_day_of_the_attack_finds_a_strike_when_no_attack_was_told():
    text = ("The provincial council met on 1 May. Jets carried out an air strike on the depot on 3 May. "
            "On the day of the attack, the governor condemned it.")
    assert ("On the day of the attack", "2024-05-03") in values(text, "2024-05-08")
