"""Evaluation against a gold file: pairing, correctness, rates, findings and gold errors."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from dbfactory import ArticleSpec, EventSpec, QuoteSpec, build_database

from store.evaluate import (
    Difference,
    GoldError,
    Report,
    evaluate,
    format_report,
    read_gold,
)
from store.extract.records import Actor
from store.sides import Side

ARTICLE = ArticleSpec(
    sentences=(
        "Azerbaijan’s defence ministry said Armenian forces were attacking Terter on Monday.",
        "Armenia accused Azerbaijan of shelling villages on Sunday.",
        "“We will fight to the death,” Nikol Pashinyan said, and Azerbaijan attacked Stepanakert.",
        "Officials said 15 servicemen died in shelling.",
        "Russia called for a ceasefire.",
        "Russia called for talks.",
    ),
    actors=(
        Actor("Armenia", "state", "ARM"),
        Actor("Azerbaijan", "state", "AZE"),
        Actor("Armenian forces", "military", "ARM", parent="Armenia"),
        Actor("Azerbaijan’s defence ministry", "government", "AZE", parent="Azerbaijan"),
        Actor("Terter", "group", "AZE"),
        Actor("Nikol Pashinyan", "person", "ARM", parent="Armenia"),
        Actor("Russia", "state", "RUS"),
    ),
    events=(
        EventSpec(
            0,
            "ASSAULT",
            "attacking",
            sources=("Armenian forces",),
            targets=("Terter",),
            date=("2020-09-28", "2020-09-28", "day", "on Monday"),
            claimed_by="Azerbaijan’s defence ministry",
            status="claimed",
        ),
        EventSpec(
            1,
            "ACCUSE",
            "accused",
            sources=("Armenia",),
            targets=("Azerbaijan",),
            date=("2020-09-27", "2020-09-27", "day", "on Sunday"),
        ),
        EventSpec(
            1,
            "ASSAULT",
            "shelling",
            sources=("Azerbaijan",),
            date=("2020-09-27", "2020-09-27", "day", "on Sunday"),
            claimed_by="Armenia",
            status="claimed",
        ),
        EventSpec(2, "ASSAULT", "attacked", sources=("Azerbaijan",)),
        EventSpec(4, "REQUEST", "called for a ceasefire", sources=("Russia",)),
    ),
    quotes=(
        QuoteSpec(2, "We will fight to the death", "Nikol Pashinyan"),
        QuoteSpec(3, "15 servicemen died in shelling", None, speaker_text="Officials"),
    ),
    casualties=((3, "killed", 15),),
)
SIDES = (Side("Armenia", "#e8833a", ("Armenia",)), Side("Azerbaijan", "#3b8fd9", ("Azerbaijan",)))


def _event(sentence: str, trigger: str, event_type: str, cameo_root: str, **fields: Any) -> dict:
    undated = {"date_start": None, "date_end": None, "date_precision": None}
    return {
        "sentence": sentence,
        "trigger": trigger,
        "event_type": event_type,
        "cameo_root": cameo_root,
        "mode": None,
        "sources": [],
        "targets": [],
        **undated,
        "claimed_by": None,
        "status": "asserted",
        "modality": "actual",
        **fields,
    }


MONDAY = {"date_start": "2020-09-28", "date_end": "2020-09-28", "date_precision": "day"}
SUNDAY = {"date_start": "2020-09-27", "date_end": "2020-09-27", "date_precision": "day"}

GOLD: dict[str, Any] = {
    "article": "article-0.txt",
    "published": "2020-09-28",
    "actors": [
        {"name": "Armenia", "kind": "state", "side": "Armenia"},
        {"name": "Azerbaijan", "kind": "state", "side": "Azerbaijan"},
        {"name": "Armenian forces", "kind": "military", "side": "Armenia"},
        {"name": "Azerbaijan’s defence ministry", "kind": "government", "side": "Azerbaijan"},
        {"name": "Terter", "kind": "group", "side": "Azerbaijan"},
        {"name": "Nikol Pashinyan", "kind": "person", "side": "Armenia"},
        {"name": "Russia", "kind": "state", "side": None},
    ],
    "events": [
        _event(
            "were attacking Terter",
            "attacking",
            "ASSAULT",
            "19",
            sources=["Armenian forces"],
            targets=["Terter"],
            claimed_by="Azerbaijan’s defence ministry",
            status="claimed",
            **MONDAY,
        ),
        _event(
            "Armenia accused Azerbaijan",
            "accused",
            "ACCUSE",
            "01",
            sources=["Armenia"],
            targets=["Azerbaijan"],
            **SUNDAY,
        ),
        _event(
            "Armenia accused Azerbaijan",
            "shelling",
            "ASSAULT",
            "19",
            sources=["Azerbaijan"],
            claimed_by="Armenia",
            status="claimed",
            **SUNDAY,
        ),
        _event("attacked Stepanakert", "attacked", "ASSAULT", "19", sources=["Azerbaijan"]),
        _event(
            "called for a ceasefire", "called for a ceasefire", "REQUEST", "01", sources=["Russia"]
        ),
    ],
    "quotes": [
        {
            "sentence": "Nikol Pashinyan said",
            "text": "We will fight to the death",
            "kind": "direct",
            "speaker": "Nikol Pashinyan",
        },
        {
            "sentence": "Officials said",
            "text": "15 servicemen died in shelling",
            "kind": "direct",
            "speaker": None,
        },
    ],
    "casualties": [
        {
            "sentence": "15 servicemen died",
            "kind": "killed",
            "count_min": 15,
            "count_max": 15,
            "qualifier": "exact",
            "cumulative": False,
            "victims": "servicemen",
            "claimed_by": None,
        }
    ],
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(tmp_path_factory.mktemp("gold") / "gold.db", [ARTICLE], sides=SIDES)


@pytest.fixture
def gold() -> dict[str, Any]:
    """A fresh copy of the gold that fits the article exactly, for a test to change."""
    return copy.deepcopy(GOLD)


def test_a_gold_that_fits_scores_one_everywhere_and_lists_nothing(db: Path) -> None:
    report = evaluate(db, GOLD)
    for kind in report.kinds:
        assert (kind.precision, kind.recall, kind.f1) == (1.0, 1.0, 1.0), kind.kind
        assert kind.gold == kind.predicted == kind.paired == kind.correct
        assert not kind.misses and not kind.false_items and not kind.wrong
        assert all(rate.value == 1.0 for rate in kind.agreement.values()), kind.kind
    assert (report.events.gold, report.quotes.gold, report.actors.gold) == (5, 2, 7)
    assert report.article == "article-0.txt"
    assert report.notes == ()


# --- events ---------------------------------------------------------------------------------------


def test_a_wrong_date_makes_the_pair_a_miss_and_a_false_item(
    db: Path, gold: dict[str, Any]
) -> None:
    gold["events"][1].update(date_start="2020-09-26", date_end="2020-09-26")
    events = evaluate(db, gold).events
    assert (events.paired, events.correct) == (5, 4)
    assert (events.precision, events.recall) == (0.8, 0.8)
    (miss,) = events.misses
    (false_item,) = events.false_items
    expected = (
        Difference("date_start", "2020-09-26", "2020-09-27"),
        Difference("date_end", "2020-09-26", "2020-09-27"),
    )
    assert miss.differences == false_item.differences == expected
    assert miss.sentence == "Armenia accused Azerbaijan of shelling villages on Sunday."
    assert miss.sentence_idx == 1
    assert "ACCUSE" in miss.item and "2020-09-26" in miss.item
    assert "2020-09-27" in false_item.item


def test_wrong_actors_make_an_event_wrong(db: Path, gold: dict[str, Any]) -> None:
    gold["events"][0]["targets"] = []
    events = evaluate(db, gold).events
    assert events.correct == 4
    assert events.misses[0].differences == (
        Difference("targets", frozenset(), frozenset({"Terter"})),
    )


def test_an_extra_predicted_event_lowers_precision_only(db: Path, gold: dict[str, Any]) -> None:
    del gold["events"][4]
    events = evaluate(db, gold).events
    assert (events.gold, events.predicted, events.correct) == (4, 5, 4)
    assert (events.precision, events.recall) == (0.8, 1.0)
    assert not events.misses
    (false_item,) = events.false_items
    assert false_item.sentence == "Russia called for a ceasefire."
    assert false_item.differences == ()
    assert "REQUEST" in false_item.item and "Russia" in false_item.item


def test_a_missing_event_lowers_recall_only(db: Path, gold: dict[str, Any]) -> None:
    gold["events"].append(
        _event("Russia called for talks", "called for", "REQUEST", "02", sources=["Russia"])
    )
    events = evaluate(db, gold).events
    assert (events.gold, events.predicted, events.correct) == (6, 5, 5)
    assert (events.precision, events.recall) == (1.0, 5 / 6)
    assert not events.false_items
    (miss,) = events.misses
    assert (miss.sentence_idx, miss.differences) == (5, ())


def test_an_event_of_another_type_is_not_paired(db: Path, gold: dict[str, Any]) -> None:
    gold["events"][4].update(event_type="CONSULT", cameo_root="04")
    events = evaluate(db, gold).events
    assert (events.paired, events.correct) == (4, 4)
    assert len(events.misses) == len(events.false_items) == 1


def test_claims_status_modality_and_mode_are_rates_not_correctness(
    db: Path, gold: dict[str, Any]
) -> None:
    gold["events"][0].update(status="asserted", claimed_by=None)
    gold["events"][3]["modality"] = "historical"
    events = evaluate(db, gold).events
    assert events.correct == 5
    assert events.agreement["status"].value == 0.8
    assert events.agreement["claimed_by"].value == 0.8
    assert events.agreement["modality"].value == 0.8
    assert events.agreement["mode"].value == 1.0
    assert [len(finding.differences) for finding in events.wrong] == [2, 1]


def test_an_absent_key_is_not_checked(db: Path, gold: dict[str, Any]) -> None:
    for key in ("targets", "date_start", "date_end", "date_precision", "status", "mode"):
        del gold["events"][0][key]
    events = evaluate(db, gold).events
    assert events.correct == 5
    assert events.agreement["status"].total == 4
    assert events.agreement["mode"].total == 4


def test_pairing_is_one_to_one_and_prefers_the_trigger(db: Path, gold: dict[str, Any]) -> None:
    # Listed first and agreeing on every field, the gold "villages" would otherwise take the
    # predicted "shelling".
    villages = {**gold["events"][2], "trigger": "villages"}
    gold["events"].insert(2, villages)
    events = evaluate(db, gold).events
    assert (events.gold, events.paired, events.correct) == (6, 5, 5)
    (miss,) = events.misses
    assert "“villages”" in miss.item and miss.differences == ()


def test_without_trigger_overlap_the_more_agreeing_gold_event_pairs(
    db: Path, gold: dict[str, Any]
) -> None:
    elsewhere = _event("Armenia accused Azerbaijan", "x", "ASSAULT", "19", sources=["Armenia"])
    gold["events"][2]["trigger"] = "y"
    gold["events"].insert(2, elsewhere)
    events = evaluate(db, gold).events
    assert events.correct == 5
    (miss,) = events.misses
    assert "“x”" in miss.item


# --- quotes ---------------------------------------------------------------------------------------


def test_a_wrong_speaker_keeps_the_quote_found(db: Path, gold: dict[str, Any]) -> None:
    gold["quotes"][0]["speaker"] = "Azerbaijan"
    quotes = evaluate(db, gold).quotes
    assert (quotes.recall, quotes.precision) == (1.0, 1.0)
    assert quotes.agreement["speaker"].value == 0.5
    (wrong,) = quotes.wrong
    assert wrong.differences == (Difference("speaker", "Azerbaijan", "Nikol Pashinyan"),)
    assert wrong.sentence_idx == 2


def test_no_speaker_against_a_speaker_is_wrong(db: Path, gold: dict[str, Any]) -> None:
    gold["quotes"][0]["speaker"] = None
    gold["quotes"][1]["speaker"] = "Russia"
    quotes = evaluate(db, gold).quotes
    assert quotes.agreement["speaker"].value == 0.0
    assert [f.differences[0] for f in quotes.wrong] == [
        Difference("speaker", None, "Nikol Pashinyan"),
        Difference("speaker", "Russia", None),
    ]


def test_a_quote_is_paired_when_it_covers_half_the_gold_text(
    db: Path, gold: dict[str, Any]
) -> None:
    # The predicted "We will fight to the death" is 26 of these 39 characters.
    gold["quotes"][0]["text"] = "We will fight to the death,” Nikol Pash"
    assert evaluate(db, gold).quotes.correct == 2
    gold["quotes"][0]["text"] = "We will fight to the death,” Nikol Pashinyan said, and"
    quotes = evaluate(db, gold).quotes
    assert (quotes.paired, quotes.recall, quotes.precision) == (1, 0.5, 0.5)
    assert quotes.misses[0].sentence_idx == quotes.false_items[0].sentence_idx == 2


def test_a_quote_must_be_in_the_gold_sentence_or_reach_into_it(
    db: Path, gold: dict[str, Any]
) -> None:
    # A gold quote running from sentence 2 into 3; the predicted one (stored with sentence 3)
    # covers more than half of it, but does not reach sentence 2.
    gold["quotes"][1]["sentence"] = "Nikol Pashinyan said"
    gold["quotes"][1]["text"] = "Stepanakert.\n\nOfficials said 15 servicemen died in shelling"
    quotes = evaluate(db, gold).quotes
    assert (quotes.paired, len(quotes.misses), len(quotes.false_items)) == (1, 1, 1)
    gold["quotes"][1]["sentence"] = "Officials said"
    assert evaluate(db, gold).quotes.paired == 2


def test_gold_text_may_use_other_quotation_marks_and_spaces(db: Path, gold: dict[str, Any]) -> None:
    gold["quotes"][0]["sentence"] = '"We will  fight to the death," Nikol\nPashinyan said'
    gold["events"][0]["sentence"] = "Azerbaijan's defence ministry said"
    report = evaluate(db, gold)
    assert report.quotes.correct == 2
    assert report.events.correct == 5


# --- actors ---------------------------------------------------------------------------------------


def test_actor_misses_false_items_kinds_and_sides(db: Path, gold: dict[str, Any]) -> None:
    actors = {actor["name"]: actor for actor in gold["actors"]}
    del actors["Terter"]["side"]  # not checked
    actors["Russia"]["kind"] = "igo"
    actors["Armenian forces"]["side"] = None  # "other"
    gold["actors"].append({"name": "Ilham Aliyev", "kind": "person", "side": "Azerbaijan"})
    del gold["actors"][1]  # Azerbaijan
    for event in gold["events"]:
        event["sources"] = event["targets"] = []
    del gold["events"][1:]
    report = evaluate(db, gold).actors
    assert (report.gold, report.predicted, report.correct) == (7, 7, 6)
    assert [f.item for f in report.misses] == ["Ilham Aliyev (person, Azerbaijan)"]
    assert [f.item for f in report.false_items] == ["Azerbaijan (state, Azerbaijan)"]
    assert {f.item.split(" (")[0]: f.differences for f in report.wrong} == {
        "Armenian forces": (Difference("side", "other", "Armenia"),),
        "Russia": (Difference("kind", "igo", "state"),),
    }
    assert report.agreement["side"].total == 5
    assert report.agreement["side"].value == 4 / 5
    assert report.agreement["kind"].value == 5 / 6


# --- casualties -----------------------------------------------------------------------------------


def test_a_casualty_is_paired_by_count_and_judged_by_its_other_fields(
    db: Path, gold: dict[str, Any]
) -> None:
    gold["casualties"][0].update(qualifier="at least", cumulative=True)
    casualties = evaluate(db, gold).casualties
    assert (casualties.paired, casualties.correct) == (1, 0)
    assert casualties.misses[0].differences == (
        Difference("qualifier", "at least", "exact"),
        Difference("cumulative", True, False),
    )
    assert casualties.agreement["qualifier"].value == 0.0
    gold["casualties"][0].update(qualifier="exact", cumulative=False, count_min=16)
    casualties = evaluate(db, gold).casualties
    assert (casualties.paired, len(casualties.misses), len(casualties.false_items)) == (0, 1, 1)


# --- the gold file --------------------------------------------------------------------------------


def test_a_sentence_matching_no_sentence_is_a_clear_error(db: Path, gold: dict[str, Any]) -> None:
    gold["events"][3]["sentence"] = "attacked Yerevan"
    with pytest.raises(GoldError) as error:
        evaluate(db, gold)
    message = str(error.value)
    assert "article-0.txt" in message
    assert "events[3] (attacked): sentence 'attacked Yerevan' matches no sentence" in message


def test_a_sentence_matching_several_is_a_clear_error(db: Path, gold: dict[str, Any]) -> None:
    gold["quotes"][1]["sentence"] = "called for"
    with pytest.raises(GoldError, match=r"quotes\[1\]: .* matches 2 sentences \(4, 5\)"):
        evaluate(db, gold)


def test_every_problem_of_the_gold_file_is_listed_at_once(db: Path, gold: dict[str, Any]) -> None:
    gold["events"][0]["sources"] = ["Armenian Forces"]
    gold["quotes"][0]["text"] = "We shall never surrender"
    gold["events"][3]["targets"] = "Armenia"
    gold["casualties"][0]["sentence"] = ""
    del gold["actors"][0]["name"]
    with pytest.raises(GoldError) as error:
        evaluate(db, gold)
    problems = str(error.value).splitlines()[1:]
    assert [problem.split(":")[0].strip() for problem in problems] == [
        "actors[0]",
        "events[0] (attacking)",
        "events[1] (accused)",
        "events[2] (shelling)",
        "events[3] (attacked)",
        "quotes[0]",
        "casualties[0]",
    ]
    assert "actor 'Armenian Forces' is not among the gold actors" in problems[1]
    assert "targets must be a list of actor names" in problems[4]
    assert "'We shall never surrender' is not in sentence 2" in problems[5]


def test_a_quote_text_outside_its_sentence_is_a_gold_error(db: Path, gold: dict[str, Any]) -> None:
    gold["quotes"][0]["sentence"] = "Russia called for talks"
    with pytest.raises(GoldError, match=r"quotes\[0\]: quote text .* is not in sentence 5"):
        evaluate(db, gold)


def test_unknown_keys_are_noted_not_checked(db: Path, gold: dict[str, Any]) -> None:
    gold["events"][0]["targtes"] = ["Russia"]
    gold["comment"] = "draft"
    report = evaluate(db, gold)
    assert report.events.correct == 5
    assert report.notes == (
        "the file: key 'comment' is not checked (misspelt?)",
        "events[0]: key 'targtes' is not checked (misspelt?)",
    )


def test_a_different_publication_date_is_noted(db: Path, gold: dict[str, Any]) -> None:
    gold["published"] = "2020-09-29"
    assert evaluate(db, gold).notes == (
        "the gold says published 2020-09-29, the database 2020-09-28",
    )


def test_the_article_is_found_by_the_end_of_its_path(tmp_path: Path) -> None:
    other = ArticleSpec(sentences=("Russia called for a ceasefire.",), actors=ARTICLE.actors[-1:])
    path = build_database(tmp_path / "two.db", [other, ARTICLE])
    gold = {"article": "article-1.txt", "actors": [{"name": "Russia"}]}
    assert evaluate(path, gold).article == "article-1.txt"
    with pytest.raises(GoldError, match="no article named 'rticle-1.txt'"):
        evaluate(path, {**gold, "article": "rticle-1.txt"})


def test_the_only_article_is_evaluated_whatever_its_name(db: Path, gold: dict[str, Any]) -> None:
    gold["article"] = "elsewhere/seed.txt"
    assert evaluate(db, gold).events.correct == 5


def test_read_gold_reads_json_and_refuses_what_is_not_a_gold_file(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    assert read_gold(path) == GOLD
    path.write_text("{", encoding="utf-8")
    with pytest.raises(GoldError, match="not valid JSON"):
        read_gold(path)
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(GoldError, match="not a gold file"):
        read_gold(path)
    with pytest.raises(GoldError, match="cannot be read"):
        read_gold(tmp_path / "missing.json")


def test_evaluation_only_reads_the_database(db: Path) -> None:
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    evaluate(db, GOLD)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


# --- the printed report ---------------------------------------------------------------------------


def test_the_report_prints_a_table_rates_and_findings(db: Path, gold: dict[str, Any]) -> None:
    gold["events"][1].update(date_start="2020-09-26", date_end="2020-09-26")
    gold["quotes"][0]["speaker"] = "Azerbaijan"
    report: Report = evaluate(db, gold)
    lines = format_report(report).splitlines()
    assert lines[0] == "article: article-0.txt"
    assert lines[2].split() == ["kind", "gold", "predicted", "correct", "P", "R", "F1"]
    assert lines[3].split() == ["events", "5", "5", "4", "0.80", "0.80", "0.80"]
    assert lines[4].split() == ["quotes", "2", "2", "2", "1.00", "1.00", "1.00"]
    text = "\n".join(lines)
    assert "quotes      paired 2/2 · speaker 0.50 (1/2) · kind 1.00 (2/2)" in text
    assert "events — misses (1)" in text
    assert "events — false items (1)" in text
    assert "      [1] Armenia accused Azerbaijan of shelling villages on Sunday." in text
    assert "      date_start: gold 2020-09-26, predicted 2020-09-27" in text
    assert "quotes — wrong fields (1)" in text
    assert "      speaker: gold Azerbaijan, predicted Nikol Pashinyan" in text
