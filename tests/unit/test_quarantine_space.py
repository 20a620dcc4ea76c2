"""The quarantine's byte budget ([limits] quarantine_bytes): a flood of messages that anyone can have quarantined
(over a limit, unreadable) must not fill the town's disk; over the budget a message is quarantined without its
raw bytes, its reason saying so and where its original stays (core/quarantine_space.py)."""

from __future__ import annotations

import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from intake.config import parse
from intake.core.arrival import may_file_anyway, over_limits
from intake.core.digest import Snapshot, build
from intake.core.quarantine_space import (
    SENDER_SHARE,
    Held,
    Space,
    alert,
    quarantined_for,
    room_for,
    was_not_kept,
    what_to_do,
    without_content,
)
from intake.errors import ConfigError

MB = 1_000_000
BUDGET = 2_000 * MB
EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"


def test_a_message_that_fits_the_budget_is_kept():
    assert room_for(49 * MB, Held(total=BUDGET - 49 * MB), BUDGET) == ""
    assert room_for(49 * MB, Held(), BUDGET) == ""


def test_a_message_past_the_budget_is_not_kept_and_says_the_quarantine_is_full():
    why = room_for(49 * MB, Held(total=BUDGET - 49 * MB + 1), BUDGET)
    assert why.startswith("contenu non gardé : la quarantaine est pleine")
    assert "quarantine_bytes" in why and "2,00 Go" in why


def test_bytes_already_held_cost_nothing_and_are_kept_even_when_full():
    """A retried message, or the copy of a message in the other mailbox: its file is there already."""
    assert room_for(49 * MB, Held(total=BUDGET, by_sender=BUDGET, already=True), BUDGET) == ""


def test_one_sender_holding_a_quarter_of_the_budget_gets_no_more_kept_the_others_still_do():
    quarter = BUDGET // SENDER_SHARE
    assert SENDER_SHARE == 4
    # under a quarter: kept, even if this message takes it past (a sender's first message is always kept)
    assert room_for(49 * MB, Held(total=quarter - 1, by_sender=quarter - 1), BUDGET) == ""
    assert room_for(BUDGET, Held(), BUDGET) == ""
    flood = room_for(49 * MB, Held(total=quarter, by_sender=quarter), BUDGET)
    assert flood.startswith("contenu non gardé : cet expéditeur occupe déjà le quart")
    assert room_for(49 * MB, Held(total=quarter, by_sender=0), BUDGET) == ""  # a real applicant's message


def test_the_reason_of_a_message_not_kept_says_why_where_its_original_is_and_why_it_was_set_aside():
    set_aside = over_limits("plus de 1000 parties MIME : limite [limits] max_parts").reason
    assert "message brut conservé" in set_aside
    why = room_for(49 * MB, Held(total=BUDGET), BUDGET)
    reason = without_content(set_aside, why, "nb", "INBOX", 42)
    assert reason.startswith(why) and was_not_kept(reason)
    assert "l'original reste dans la boîte nb (dossier INBOX, UID 42)" in reason
    assert "plus de 1000 parties MIME" in reason
    assert "message brut conservé" not in reason  # it is not
    assert not was_not_kept(set_aside)
    # why it was set aside, as « Enregistrer malgré les limites » reads it (its bytes fetched again from the mailbox)
    assert quarantined_for(reason) == set_aside.replace(" ; message brut conservé, à voir par le service", "")
    assert quarantined_for(reason).startswith("au-delà des limites") and quarantined_for(set_aside) == set_aside
    # filed with the limits lifted only once its bytes are kept: nobody could look at it before
    assert may_file_anyway(set_aside, True)
    assert not may_file_anyway(reason, False)
    assert not may_file_anyway("illisible", True)


def test_staff_are_told_what_to_do_with_a_message_not_kept():
    text = what_to_do("nb", "n.bataillon@ville-bethune.fr", "INBOX", 42, 7)
    assert "boîte nb (boîte de réception, n° 42 sur le serveur)" in text and "UID" not in text and "INBOX" not in text
    assert "« Traiter à nouveau » (intake quarantine retry 7) le relit dans la boîte" in text
    assert "transférez-le à n.bataillon@ville-bethune.fr" in text and "forwarders" in text
    assert "intake quarantine dismiss 7" in text


NOW = datetime(2026, 11, 30, 8, 30, tzinfo=timezone.utc)


def digest(space: Space | None) -> dict:
    return build(Snapshot(now=NOW, previous_at=NOW - timedelta(days=1), cases=(), quarantine=space),
                 ZoneInfo("Europe/Paris"))


def test_the_digest_says_the_quarantine_is_full_how_many_were_not_kept_and_what_to_do():
    d = digest(Space(held=1_990 * MB, budget=BUDGET, not_kept=12))
    assert d["needs_human"] and len(d["alerts"]) == 1
    line = d["alerts"][0]
    assert line.startswith("la quarantaine est pleine (1,99 Go gardés sur 2,00 Go")
    assert "12 messages mis en quarantaine sans garder leur contenu" in line
    assert "intake quarantine list" in line and "demandez à l'administrateur d'agrandir la place" in line
    assert "quarantine_bytes" not in line and "[limits]" not in line  # staff read it; the admin's log names it
    assert "où « Traiter à nouveau » les relit une fois de la place libérée" in line


def test_the_digest_warns_when_the_quarantine_is_nearly_full_and_is_quiet_otherwise():
    nearly = digest(Space(held=1_900 * MB, budget=BUDGET, not_kept=0))
    assert nearly["alerts"][0].startswith("la quarantaine est presque pleine")
    for quiet in (digest(Space(held=100 * MB, budget=BUDGET, not_kept=0)), digest(None)):
        assert quiet["alerts"] == [] and not quiet["needs_human"] and quiet["quiet"]
    assert alert(Space(held=0, budget=BUDGET, not_kept=0)) == ""


def example() -> dict:
    return tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_the_budget_is_read_defaults_to_2_gib_and_is_checked():
    assert parse(example(), "config.toml", EXAMPLE.parent).limits.quarantine_bytes == 2 * 1024**3
    data = example()
    data["limits"] = {**data["limits"], "quarantine_bytes": 500 * MB}
    assert parse(data, "config.toml", EXAMPLE.parent).limits.quarantine_bytes == 500 * MB
    for bad, words in ((10 * MB, "est moins que max_message_bytes (50000000)"), ("2 Go", "nombre entier"),
                       (-1, "nombre entier")):
        data["limits"] = {**data["limits"], "quarantine_bytes": bad}
        with pytest.raises(ConfigError) as caught:
            parse(data, "config.toml", EXAMPLE.parent)
        assert caught.value.key == "limits.quarantine_bytes" and words in str(caught.value), str(caught.value)


def test_nothing_is_filed_that_would_leave_less_free_space_than_the_floor():
    from intake.core.disk_floor import DISK_FACTOR, disk_too_full

    gib = 1024**3
    assert disk_too_full(10 * gib, 49_000_000, gib) == ""
    assert disk_too_full(gib + DISK_FACTOR * 1000, 1000, gib) == ""
    why = disk_too_full(gib + DISK_FACTOR * 1000 - 1, 1000, gib)
    assert why.startswith("espace disque insuffisant") and "min_free_bytes" in why
    assert disk_too_full(0, 49_000_000, 0) == ""  # 0: no floor
