"""Relation patterns beyond the development corpus: titles and appositions, candidates and their
backers, membership lists and coordination, ties and rivalries, plural backing. The sentences are
written for these tests (none comes from a corpus); they use the built-in knowledge pack."""

from __future__ import annotations

import pytest

PUBLISHED = "2024-02-10"


def rels(nlp, text, published=PUBLISHED):
    r = nlp({"text": text, "published": published})
    return {(x.source.name, x.type, x.target.name) for x in r.relations}


# ------------------------------------------------------------------ 1. titles and appositions

@pytest.mark.parametrize("text, triple", [
    ("Israeli Foreign Minister Israel Katz told reporters the strike was justified.",
     ("Israel Katz", "member_of", "Israel")),
    ("The PMF's deputy chief, Abu Fadak al-Mohammedawi, toured the border on Monday.",
     ("Abu Fadak al-Mohammadawi", "member_of", "Popular Mobilization Forces")),
    ("On Monday Masoud Barzani, the KDP's leader, received the delegation.",
     ("Masoud Barzani", "leads", "Kurdistan Democratic Party")),
    ("The commander of the Quds Force, Esmail Qaani, flew to Baghdad after the strike.",
     ("Esmail Qaani", "leads", "Quds Force")),
])
def test_title_and_apposition(nlp, text, triple):
    assert triple in rels(nlp, text)


def test_deputy_never_leads(nlp):
    r = rels(nlp, "The PMF's deputy chief, Abu Fadak al-Mohammedawi, toured the border on Monday.")
    assert not any(t == "leads" for _, t, _ in r)


def test_demonym_general_is_not_state_membership(nlp):
    # a general named with a demonym is not annotated as a member of the state
    r = rels(nlp, "A drone strike killed the Iranian general Qassem Soleimani near the airport.")
    assert ("Qassem Soleimani", "member_of", "Iran") not in r


# ------------------------------------------------------------------ 2. candidates

@pytest.mark.parametrize("text, triple", [
    ("Mahmoud al-Mashhadani, the nominee of Taqaddum, was elected on the second ballot.",
     ("Taqaddum", "backs", "Mahmoud al-Mashhadani")),
    ("The Coordination Framework, parliament's biggest alliance, nominated Mohammed Shia al-Sudani as its "
     "candidate in July.", ("Coordination Framework", "backs", "Mohammed Shia al-Sudani")),
    ("Sudani also drew support from the Coordination Framework during the vote.",
     ("Coordination Framework", "backs", "Mohammed Shia al-Sudani")),
    ("Mahmoud al-Mashhadani won the vote on Saturday. He was the choice of Taqaddum and also won backing "
     "from the Coordination Framework.", ("Coordination Framework", "backs", "Mahmoud al-Mashhadani")),
])
def test_candidate_backing(nlp, text, triple):
    assert triple in rels(nlp, text)


def test_candidate_backer_is_the_subject_not_a_nearer_group(nlp):
    r = rels(nlp, "The Coordination Framework, which has led talks since the Sadrists quit in June, picked "
                  "Mohammed Shia al-Sudani as its candidate.")
    assert ("Coordination Framework", "backs", "Mohammed Shia al-Sudani") in r
    assert ("Sadrist Movement", "backs", "Mohammed Shia al-Sudani") not in r


# ------------------------------------------------------------------ 3. membership and lists

@pytest.mark.parametrize("text, triple", [
    ("Kataib Hezbollah remains among the strongest factions in the Popular Mobilization Forces.",
     ("Kataib Hezbollah", "part_of", "Popular Mobilization Forces")),
    ("The Popular Mobilization Forces (PMF), the umbrella to which Harakat al-Nujaba belongs, issued a statement.",
     ("Harakat al-Nujaba", "part_of", "Popular Mobilization Forces")),
    ("The Fatah Alliance is formally part of the Coordination Framework.",
     ("Fatah Alliance", "member_of", "Coordination Framework")),
])
def test_membership(nlp, text, triple):
    assert triple in rels(nlp, text)


def test_alliance_whose_members_include_a_list(nlp):
    r = rels(nlp, "The Coordination Framework, an alliance whose members include State of Law and the Fatah "
                  "Alliance, met on Monday.")
    assert ("State of Law Coalition", "member_of", "Coordination Framework") in r
    assert ("Fatah Alliance", "member_of", "Coordination Framework") in r


def test_his_alliance_with_a_list(nlp):
    r = rels(nlp, "After the vote, Muqtada al-Sadr formed his Save the Homeland alliance with the Kurdistan "
                  "Democratic Party (KDP) and the Sovereignty Alliance.", published="2022-01-20")
    assert ("Kurdistan Democratic Party", "member_of", "Save the Homeland coalition") in r
    assert ("Sovereignty Alliance", "member_of", "Save the Homeland coalition") in r
    assert ("Muqtada al-Sadr", "leads", "Save the Homeland coalition") in r
    assert ("Sadrist Movement", "member_of", "Save the Homeland coalition") in r


# ------------------------------------------------------------------ 4. ties and rivalries

def test_rival_and_fought(nlp):
    r = rels(nlp, "The Sadrist Movement left the talks, blaming the rival Coordination Framework.")
    assert ("Sadrist Movement", "opposes", "Coordination Framework") in r
    r = rels(nlp, "Ankara blamed the PKK, the armed movement that has long fought the Turkish state.")
    assert ("Kurdistan Workers' Party", "opposes", "Turkey") in r


def test_rival_side_is_the_group_most_named_before(nlp):
    r = rels(nlp, "The Sadrist Movement won the most seats. The Sadrist Movement then quit parliament. "
                  "The seats went to the runners-up, a reshuffle that favoured the rival Coordination Framework.")
    assert ("Sadrist Movement", "opposes", "Coordination Framework") in r


def test_close_ties(nlp):
    r = rels(nlp, "Kataib Sayyid al-Shuhada, which has close ties to Kataib Hezbollah, denied involvement.")
    assert ("Kataib Sayyid al-Shuhada", "allied_with", "Kataib Hezbollah") in r


# ------------------------------------------------------------------ 5. plural backing

def test_backing_of_coordinated_groups(nlp):
    r = rels(nlp, "Jets struck depots of three Iran-backed factions, Kataib Hezbollah, Harakat al-Nujaba and "
                  "Kataib Sayyid al-Shuhada, on Friday.")
    for g in ("Kataib Hezbollah", "Harakat al-Nujaba", "Kataib Sayyid al-Shuhada"):
        assert ("Iran", "backs", g) in r


def test_backing_of_groups_named_in_the_next_sentence(nlp):
    r = rels(nlp, "U.S. jets hit two Iran-aligned militias near the border on Friday. The sites were used by "
                  "Harakat al-Nujaba and Kataib Sayyid al-Shuhada, officials said.")
    assert ("Iran", "backs", "Harakat al-Nujaba") in r
    assert ("Iran", "backs", "Kataib Sayyid al-Shuhada") in r


def test_most_powerful_of_the_aligned_factions_with_acronym(nlp):
    r = rels(nlp, "Harakat al-Nujaba (HN), one of the most vocal of Iraq's Iran-aligned armed factions, vowed revenge.")
    assert ("Iran", "backs", "Harakat al-Nujaba") in r


def test_close_ties_to_a_state_read_as_a_place(nlp):
    assert ("Asaib Ahl al-Haq", "allied_with", "Iran") in rels(nlp, "Asaib Ahl al-Haq, which has close ties to Iran, denied the report.")


def test_heading_a_branch_is_not_leading_the_whole(nlp):
    r = rels(nlp, "Investigators freed Qasim Muslih, the man who heads PMF operations across the west, on Wednesday.")
    assert ("Qasim Muslih", "leads", "Popular Mobilization Forces") not in r


def test_possessive_prime_minister_and_deputy(nlp):
    r = rels(nlp, "Masrour Barzani, the KRG's prime minister, met Qubad Talabani, the KRG's deputy prime minister.")
    assert ("Masrour Barzani", "leads", "Kurdistan Regional Government") in r
    assert ("Qubad Talabani", "member_of", "Kurdistan Regional Government") in r
    assert ("Qubad Talabani", "leads", "Kurdistan Regional Government") not in r


def test_relative_clause_support(nlp):
    r = rels(nlp, "Mohammed Shia al-Sudani, who drew support from the Coordination Framework, formed a cabinet.")
    assert ("Coordination Framework", "backs", "Mohammed Shia al-Sudani") in r


def test_rival_without_a_text_group_gives_nothing(nlp):
    assert not any(t == "opposes" for _, t, _ in rels(nlp, "The two rival blocs met on Monday in Baghdad."))


@pytest.mark.parametrize("text,triple", [
    ("Iran supplies Kataib Hezbollah with drones and cash, according to U.S. officials.",
     ("Iran", "backs", "Kataib Hezbollah")),
    ("Tehran trains and equips several militias, including Kataib Sayyid al-Shuhada.",
     ("Iran", "backs", "Kataib Sayyid al-Shuhada")),
    ("Harakat al-Nujaba, a hardline faction that belongs to the Popular Mobilization Forces, refused.",
     ("Harakat al-Nujaba", "part_of", "Popular Mobilization Forces")),
    ("The Badr Organization, which Amiri has run for decades, joined the Coordination Framework in 2021.",
     ("Badr Organization", "member_of", "Coordination Framework")),
])
def test_relations_stated_by_verb_classes_and_relative_clauses(nlp, text, triple):
    assert triple in rels(nlp, text)


@pytest.mark.parametrize("text", [
    "Kataib Hezbollah joined Harakat al-Nujaba on Monday in announcing a pause.",
    "The Kurdistan Democratic Party joined the Patriotic Union of Kurdistan to demand new elections.",
])
def test_acting_together_is_no_membership(nlp, text):
    assert not any(t == "member_of" for _, t, _ in rels(nlp, text))


@pytest.mark.parametrize("text,triple", [
    ("Muqtada al-Sadr, whose bloc had won the most seats, fell out with the Coordination Framework.",
     ("Muqtada al-Sadr", "opposes", "Coordination Framework")),
    ("The Kurdistan Democratic Party and the Patriotic Union of Kurdistan, bitter rivals, met in Erbil.",
     ("Kurdistan Democratic Party", "opposes", "Patriotic Union of Kurdistan")),
])
def test_falling_out_and_a_pair_named_as_rivals_is_opposition(nlp, text, triple):
    assert triple in rels(nlp, text)


def test_rivals_of_a_third_party_are_not_rivals_of_each_other(nlp):
    found = rels(nlp, "The Kurdistan Democratic Party and the Patriotic Union of Kurdistan, rivals of the "
                      "Sadrists, met in Erbil.")
    assert ("Kurdistan Democratic Party", "opposes", "Patriotic Union of Kurdistan") not in found


# ------------------------------------------------------------------ the patterns' word index

@pytest.mark.parametrize("sentence, markers", [
    ("\x000\x00, a group backed by \x001\x00, fired rockets.", 2),
    ("\x000\x00 is the secretary-general of \x001\x00.", 2),
    ("The movement fell out with \x000\x00 last year.", 1),
    ("Nothing here names any tie at all.", 2),
])
def test_word_index_picks_what_the_word_test_picks(sentence, markers):
    from marsad.extract.pipeline import load_lexicon
    from marsad.extract.relations import compile_relations

    lex = compile_relations(load_lexicon("relations"))
    present = {w for _, w in lex.words_auto.iter(sentence.lower())}
    every = [(pat, p) for pat, p in lex.patterns
             if (markers >= 2 or p["_one_marker"]) and (not p["_words_set"] or not p["_words_set"].isdisjoint(present))]
    picked = lex.candidates(present, markers)
    assert [p["pattern"] for _, p in picked] == [p["pattern"] for _, p in every]
    assert len(picked) < len(lex.patterns)


# ------------------------------------------------------------------ appositions between a mention and its verb

@pytest.mark.parametrize("text, triple", [
    ("Kataib Hezbollah, one of the most powerful Iran-backed militias in Iraq, is part of the Popular "
     "Mobilization Forces.", ("Kataib Hezbollah", "part_of", "Popular Mobilization Forces")),
    ("Kataib Hezbollah, one of the most powerful Iran-backed militias in Iraq, is part of the Popular "
     "Mobilization Forces.", ("Iran", "backs", "Kataib Hezbollah")),
    ("Kataib Hezbollah, a hardline faction, joined the Coordination Framework in 2021.",
     ("Kataib Hezbollah", "member_of", "Coordination Framework")),
    ("The Islamic Resistance in Iraq, an umbrella of Iran-aligned groups that includes Kataib Hezbollah, "
     "claimed the attack.", ("Kataib Hezbollah", "member_of", "Islamic Resistance in Iraq")),
])
def test_an_apposition_or_a_modifier_between_the_ends(nlp, text, triple):
    assert triple in rels(nlp, text)


@pytest.mark.parametrize("text, triple", [
    ("Kataib Sayyid al-Shuhada, another faction in the Coordination Framework, denied involvement.",
     ("Kataib Sayyid al-Shuhada", "member_of", "Coordination Framework")),
    ("Turkey and the PKK have been at war since 1984.", ("Turkey", "opposes", "Kurdistan Workers' Party")),
    ("Washington's ally in Syria, the SDF, holds thousands of prisoners.",
     ("Syrian Democratic Forces", "allied_with", "United States")),
    ("The Taqaddum party of Mohamed al-Halbousi and the Azm alliance of Khamis al-Khanjar formed a coalition.",
     ("Taqaddum", "allied_with", "Azm Alliance")),
    ("Nechirvan Barzani, the president of the Kurdistan Region and a senior KDP figure, visited Tehran.",
     ("Nechirvan Barzani", "member_of", "Kurdistan Democratic Party")),
    ("Abu Fadak al-Mohammedawi, the PMF's chief of staff, met the prime minister on Sunday.",
     ("Abu Fadak al-Mohammadawi", "member_of", "Popular Mobilization Forces")),
])
def test_rivals_allies_components_and_senior_figures(nlp, text, triple):
    assert triple in rels(nlp, text)


def test_a_chief_of_staff_does_not_lead(nlp):
    r = rels(nlp, "The PMF's chief of staff, Abu Fadak al-Mohammedawi, met the prime minister.")
    assert not any(t == "leads" for _, t, _ in r)


def test_a_title_that_names_its_body_states_the_leadership(nlp):
    r = nlp({"text": "Kurdistan Region Prime Minister Masrour Barzani met the envoy on Monday.", "published": "2024-11-02"})
    assert ("masrour-barzani", "leads", "kurdistan-regional-government") in {
        (x.source.id, x.type, x.target.id) for x in r.relations}


def test_a_bare_title_states_no_body(nlp):
    r = nlp({"text": "Prime Minister Masrour Barzani met the envoy on Monday.", "published": "2024-11-02"})
    assert not [x for x in r.relations if x.type == "leads"]


@pytest.mark.parametrize("text, triple", [
    ("Iran-backed Kataib Hezbollah said it would fight on.", ("iran", "backs", "kataib-hezbollah")),
    ("Iran-aligned Harakat al-Nujaba said it would fight on.", ("iran", "backs", "harakat-al-nujaba")),
    ("The Badr Organization, an ally of Iran, won 12 seats.", ("badr-organization", "allied_with", "iran")),
])
def test_a_state_opening_a_sentence_or_after_ally_of_is_a_party(nlp, text, triple):
    r = nlp({"text": text, "published": "2023-07-20"})
    assert triple in {(x.source.id, x.type, x.target.id) for x in r.relations}


def test_a_dateline_with_a_spaced_dash_is_still_a_dateline(nlp):
    r = nlp({"text": "IRAN - Officials said on Monday that the talks had resumed.", "published": "2023-07-20"})
    assert not any(a.id == "iran" for a in r.actors)


@pytest.mark.parametrize("text, triple", [
    ("The Quds Force, the foreign arm of the Revolutionary Guards, armed the factions.",
     ("Quds Force", "part_of", "Islamic Revolutionary Guard Corps")),
    ("Sabereen News, a media outlet of Kataib Hezbollah, posted the footage.",
     ("Sabereen News", "part_of", "Kataib Hezbollah")),
])
def test_a_wing_or_outlet_of_a_body_is_part_of_it(nlp, text, triple):
    assert triple in rels(nlp, text)


def test_backing_a_role_named_in_apposition_backs_the_person(nlp):
    assert ("Kurdistan Democratic Party", "backs", "Hoshyar Zebari") in rels(
        nlp, "The Kurdistan Democratic Party backs its nominee, Hoshyar Zebari, for the presidency.")
