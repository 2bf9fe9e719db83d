"""Kind facets: events per type, status and modality, each ignoring its own choice."""

from __future__ import annotations

import pytest
from dbfactory import ARMENIA, AZERBAIJAN, WAR_ARTICLE, build_database

from store.filters import MODALITIES, EventFilter
from store.queries import EventStore


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("facets") / "war.db"
    build_database(path, [WAR_ARTICLE], sides=(ARMENIA, AZERBAIJAN))
    store = EventStore(path)
    yield store
    store.close()


def test_counts_per_kind_most_frequent_first(store: EventStore) -> None:
    counts = store.kind_counts(EventFilter())
    assert counts.event_types == (
        ("ASSAULT", 5),
        ("ACCUSE", 1),
        ("COOPERATE", 1),
        ("REQUEST", 1),
    )
    assert counts.statuses == (("asserted", 5), ("claimed", 2), ("denied", 1))
    assert dict(counts.modalities) == {"actual": 6, "future": 1, "historical": 1}


def test_a_field_is_counted_without_its_own_choice_but_with_the_others(store: EventStore) -> None:
    counts = store.kind_counts(
        EventFilter(event_types=frozenset({"ACCUSE"}), sides=frozenset({"Azerbaijan"}))
    )
    # Types ignore the type choice (so ASSAULT can be added) but follow the side.
    assert dict(counts.event_types) == {"ACCUSE": 1, "ASSAULT": 3}
    # Statuses follow the type choice: the one accusation is asserted.
    assert counts.statuses == (("asserted", 1),)


def test_hiding_historical_background_is_a_modality_choice() -> None:
    hidden = EventFilter().toggle_historical()
    assert hidden.hides_historical
    assert hidden.modalities == frozenset(MODALITIES) - {"historical"}
    assert hidden.toggle_historical() == EventFilter()
    # A hand-made modality choice is not "hiding historical": h replaces it.
    chosen = EventFilter(modalities=frozenset({"future"}))
    assert not chosen.hides_historical
    assert chosen.toggle_historical().hides_historical


def test_hiding_historical_leaves_out_exactly_the_historical_events(store: EventStore) -> None:
    everything = store.count_events(EventFilter())
    assert store.count_events(EventFilter().toggle_historical()) == everything - 1
