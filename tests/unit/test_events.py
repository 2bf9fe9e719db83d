"""Events: trigger words with their actors, claims, dates and modality."""

from __future__ import annotations

from datetime import date

from store.extract import extract_article
from store.extract.records import Event

MONDAY = date(2020, 9, 28)


def events(text: str, published: date | None = MONDAY) -> list[Event]:
    return list(extract_article(text, published).events)


def roles(found: list[Event]) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(e.event_type, e.sources, e.targets) for e in found]


def test_reported_attack_is_claimed_and_dated_from_its_sentence() -> None:
    text = (
        "The Armenian defence ministry on Monday morning reported fighting throughout the night "
        "while Azerbaijan’s defence ministry said Armenian forces were attacking the town of "
        "Terter."
    )
    (event,) = events(text)
    assert (event.event_type, event.cameo_root, event.trigger) == ("ASSAULT", "19", "attacking")
    assert event.sources == ("Armenian Armed Forces",)
    assert (event.claimed_by, event.status) == ("Azerbaijani Defence Ministry", "claimed")
    assert (event.date.date_start, event.date.precision) == ("2020-09-28", "day")
    assert event.location == "Terter"
    assert text[event.trigger_start : event.trigger_end] == "attacking"


def test_passive_voice_makes_the_subject_the_target() -> None:
    text = "The ministry said Azerbaijani helicopters and tanks had been destroyed."
    (event,) = events(text)
    assert roles([event]) == [("ASSAULT", (), ("Azerbaijani Armed Forces",))]


def test_agent_of_a_noun_trigger() -> None:
    (event,) = events("A family died in shelling launched by Armenian rebels.")
    assert (event.mode, event.sources) == ("heavy-weapons", ("Armenian Rebels",))


def test_accusation_with_the_attack_it_claims() -> None:
    text = (
        "Azerbaijan rejected the report. They accused Armenian forces of launching "
        "“deliberate and targeted” attacks along the border."
    )
    found = [e for e in events(text) if e.event_type in ("ACCUSE", "ASSAULT")]
    assert roles(found) == [
        ("ACCUSE", ("Azerbaijan",), ("Armenian Armed Forces",)),
        ("ASSAULT", ("Armenian Armed Forces",), ()),
    ]
    assert (found[1].claimed_by, found[1].status) == ("Azerbaijan", "claimed")


def test_each_other_gives_one_event_each_way() -> None:
    text = "Azerbaijan and Armenia frequently accuse each other of attacks."
    assert roles(events(text)) == [
        ("ACCUSE", ("Azerbaijan",), ("Armenia",)),
        ("ACCUSE", ("Armenia",), ("Azerbaijan",)),
    ]


def test_coordinated_subjects_and_coordinated_triggers_make_one_event() -> None:
    (event,) = events("Both Armenia and Nagorno-Karabakh declared martial law and a curfew.")
    assert (event.event_type, event.cameo_root) == ("COERCE", "17")
    assert event.sources == ("Armenia", "Nagorno-Karabakh")


def test_consultation_with_its_target() -> None:
    assert roles(events("Russian President Vladimir Putin spoke to Pashinyan.")) == [
        ("CONSULT", ("Vladimir Putin",), ("Nikol Pashinyan",))
    ]


def test_background_is_historical() -> None:
    (event,) = events(
        "Hundreds were killed in a blowup of the conflict between Armenia and "
        "Azerbaijan in April 2016."
    )
    assert (event.modality, event.date.date_start, event.date.precision) == (
        "historical",
        "2016-04-01",
        "month",
    )


def test_negated_and_future_events() -> None:
    negated = events("Turkey did not attack Armenian positions.")
    future = events("Azerbaijan will attack Armenian positions.")
    assert [e.modality for e in negated] == ["negated"]
    assert [e.modality for e in future] == ["future"]


def test_words_that_are_not_events() -> None:
    text = (
        "Pashinyan hit back, saying nothing. "
        "“We will fight to the death,” Artak Bagdasaryan told AFP. "
        "Bernie Sanders and Hillary Clinton clashed over trade in a debate. "
        "Tim Kaine continued to blast the nominee. "
        "The clashes prompted a flurry of diplomacy."
    )
    assert events(text) == []


def test_no_publication_date_leaves_weekdays_unresolved() -> None:
    (event,) = events("Armenian forces attacked Azerbaijani positions on Monday.", published=None)
    assert event.date is not None
    assert (event.date.text, event.date.date_start, event.date.precision) == ("Monday", None, None)


CONFLICT = (
    "Fighting between Armenia and Azerbaijan went on. Talks between Armenia and Azerbaijan "
    "stalled. "
)


def test_both_sides_are_the_two_parties_the_article_names_together() -> None:
    found = events(CONFLICT + "The UN called on both sides to stop fighting.")
    (request,) = [e for e in found if e.event_type == "REQUEST"]
    assert (request.sources, request.targets) == (("United Nations",), ("Armenia", "Azerbaijan"))


def test_no_pair_means_both_sides_stays_unresolved() -> None:
    # Armenia and Azerbaijan named together once only: not enough to say who "both sides" are.
    text = "Fighting between Armenia and Azerbaijan went on. The UN called on both sides to stop."
    assert [e.event_type for e in events(text)] == ["ASSAULT"]


def test_fighting_named_again_through_the_two_sides_is_one_event() -> None:
    text = CONFLICT + (
        "Battles between Armenian and Azerbaijani forces continued overnight, after the "
        "heaviest fighting between the two sides in years."
    )
    assert [e.trigger for e in events(text) if e.sentence_idx == 2] == ["Battles"]


def test_a_date_in_a_relative_clause_belongs_to_its_own_verb() -> None:
    text = CONFLICT + (
        "The clashes between the two former Soviet republics which fought a war in the 1990s "
        "went on."
    )
    found = {e.trigger: e for e in events(text) if e.sentence_idx == 2}
    assert found["clashes"].date is None
    assert (found["fought"].date.precision, found["fought"].modality) == ("decade", "historical")
    assert (found["fought"].sources, found["fought"].targets) == (("Armenia",), ("Azerbaijan",))


def test_a_rejected_statement_denies_its_claim() -> None:
    text = (
        "Azerbaijan rejects an Armenian defence ministry statement that said Azerbaijani tanks "
        "had been destroyed."
    )
    (attack,) = [e for e in events(text) if e.event_type == "ASSAULT"]
    assert (attack.claimed_by, attack.status) == ("Armenian Defence Ministry", "denied")


def test_a_denial_cue_denies_the_reported_event() -> None:
    rejection, attack = events("Russia denied that its jets had bombed Syrian rebels.")
    assert (rejection.event_type, rejection.sources, rejection.targets) == (
        "REJECT",
        ("Russia",),
        (),
    )
    assert (attack.sources, attack.targets) == (("Russian Armed Forces",), ("Syrian Rebels",))
    # The denier claims nothing; no one named claims it.
    assert (attack.status, attack.claimed_by) == ("denied", None)


def test_threats_are_about_the_future() -> None:
    (threat,) = events("Azerbaijan vowed to take back the territory by force if necessary.")
    assert (threat.event_type, threat.cameo_root, threat.modality) == ("THREATEN", "13", "future")


def test_victims_of_an_attack_are_its_target() -> None:
    text = "Baku said an Azerbaijani family of five died in shelling by Armenian rebels."
    (attack,) = events(text)
    assert (attack.sources, attack.targets) == (("Armenian Rebels",), ("Azerbaijani Civilians",))


def test_the_speakers_own_appeal_is_not_a_claim() -> None:
    text = CONFLICT + "Antonio Guterres said he was concerned and called on the sides to stop."
    (request,) = [e for e in events(text) if e.event_type == "REQUEST"]
    assert (request.sources, request.status, request.claimed_by) == (
        ("Antonio Guterres",),
        "asserted",
        None,
    )


def test_attack_words_need_an_armed_doer() -> None:
    text = (
        "A winter storm struck the coast of the United States. "
        "Online sales will hit $220 billion in India. "
        "Tim Kaine attacked the Republican nominee over his taxes. "
        "The European Union wants a more targeted approach. "
        "His speech was a wide-ranging attack on Hillary Clinton."
    )
    assert events(text) == []
    (strike,) = events("Russian jets struck Syrian rebels near Aleppo.")
    assert (strike.sources, strike.targets) == (("Russian Armed Forces",), ("Syrian Rebels",))


def test_a_passive_attack_needs_no_named_doer() -> None:
    (attack,) = events("Azerbaijani tanks were destroyed near the border.")
    assert (attack.sources, attack.targets) == ((), ("Azerbaijani Armed Forces",))


def test_possessive_organs_and_claim_nouns() -> None:
    rejection, shelling = events("Armenia dismissed the report that its forces had shelled Ganja.")
    assert (rejection.event_type, rejection.sources) == ("REJECT", ("Armenia",))
    assert (shelling.sources, shelling.status) == (("Armenian Armed Forces",), "denied")
    (bombing,) = events("Rumours that Turkish jets bombed the town spread.")
    assert (bombing.sources, bombing.status) == (("Turkish Armed Forces",), "claimed")
    # Repelling an attack says nothing of who attacked.
    assert events("The Azerbaijani defence ministry said its troops repelled an attack.") == []


def test_modals_reach_the_event_their_verb_leads_to() -> None:
    found = events(
        "Talks between Armenia and Azerbaijan stalled. The fighting could spiral into a wider "
        "war between Armenia and Azerbaijan."
    )
    assert [(e.event_type, e.modality) for e in found] == [
        ("CONSULT", "actual"),
        ("ASSAULT", "hypothetical"),
    ]


def test_a_comma_alone_ends_the_object_list() -> None:
    (attack,) = events("Azerbaijan did not attack Armenian positions, Baku said.")
    assert (attack.targets, attack.claimed_by, attack.modality) == (
        ("Armenian Armed Forces",),
        "Azerbaijani Government",
        "negated",
    )
    (accusation,) = events("Turkey accused Armenia, Greece and France of interference.")
    assert accusation.targets == ("Armenia", "Greece", "France")


def test_one_threat_named_twice_is_one_event() -> None:
    (threat,) = events("Azerbaijan threatens to take back the territory by force.")
    assert (threat.trigger, threat.modality) == ("threatens", "future")


def test_a_weapon_gives_the_mode_and_a_killing_folds_into_its_attack() -> None:
    (attack,) = events(
        "Russia pounded Ukraine’s energy system with missiles and drones overnight, killing at "
        "least seven people."
    )
    assert (attack.trigger, attack.mode, attack.sources, attack.targets) == (
        "pounded",
        "aerial",
        ("Russia",),
        ("Ukraine",),
    )
    # Weapons that are hit give no mode; launching them is an attack of its own.
    downing, launch = events(
        "Ukraine’s air force said it had shot down 74 drones launched by Russia."
    )
    assert (downing.mode, downing.sources, downing.targets) == (
        None,
        ("Ukrainian Air Force",),
        ("Russia",),
    )
    assert (launch.trigger, launch.mode, launch.sources) == ("launched", "aerial", ("Russia",))


def test_accused_of_and_national_adjectives() -> None:
    accusation, bombing = events("Hamas accused the Israeli army of bombing markets last month.")
    assert (accusation.event_type, accusation.targets, accusation.date) == (
        "ACCUSE",
        ("Israeli Armed Forces",),
        None,
    )
    assert (bombing.sources, bombing.claimed_by, bombing.date.precision) == (
        ("Israeli Armed Forces",),
        "Hamas",
        "month",
    )
    (raids,) = events("Civilians died in Russian air attacks on Kharkiv.")
    assert (raids.sources, raids.mode) == (("Russia",), "aerial")


def test_court_cases_and_actors_in_place_phrases_are_not_doers() -> None:
    text = (
        "The officer was charged with first-degree murder. "
        "More than 170 people were killed making the crossing from Turkey."
    )
    assert events(text) == []


def test_the_dateline_dates_the_report_not_the_event() -> None:
    (attack,) = events("KYIV, Dec 9 — Russia shelled Kharkiv overnight, officials said.")
    assert (attack.date.text, attack.date.date_start) == ("overnight", "2020-09-27")


def test_a_body_and_a_person_together_are_two_sources() -> None:
    found = events(
        CONFLICT + "The OSCE and Pope Francis also adjure both sides to stop military actions."
    )
    (request,) = [e for e in found if e.event_type == "REQUEST"]
    assert request.sources == (
        "Organization for Security and Co-operation in Europe",
        "Pope Francis",
    )
