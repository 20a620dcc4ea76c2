"""What staff read of a stored reason (core/labels.reason): a limit of config.toml by what it limits, not by the
setting's name, and a message by its number on the mail server (« n° 12 sur le serveur »), not « UID 12 ». The
stored reason keeps the setting's name: the logs and the admin's tools show it, and code finds reasons by it."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from intake.core import labels
from intake.core.arrival import before_reading, over_limits
from intake.core.context import Earlier
from intake.core.decide import set_aside_by_cap
from intake.core.disk_floor import disk_too_full
from intake.core.quarantine_space import Held, room_for, without_content

T = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
TECHNICAL = ("[limits]", "max_", "_bytes", "read_seconds", "cases_per_sender", "UID", "since =")

STORED = [
    over_limits("plus de 1000 parties MIME : limite [limits] max_parts").reason,
    over_limits("en-têtes de plus de 64 Ko (toutes parties ensemble) : limite [limits] max_header_bytes").reason,
    over_limits("25 fichiers joints, plus que la limite de 20 ([limits] max_attachments)").reason,
    over_limits("plus de 200 fichiers une fois les archives et les messages joints ouverts : limite [limits] "
                "max_attachments").reason,
    over_limits("plus de 100000000 octets une fois les archives décompressées : limite [limits] "
                "max_unpacked_bytes").reason,
    "lecture impossible : analyse du message interrompue après 180 s ([limits] read_seconds) ; message brut conservé",
    "au-delà des limites : x@y.example a déjà ouvert 5 dossiers en 24 heures, le plus qu'un expéditeur puisse ouvrir "
    "([limits] cases_per_sender_per_day = 5) : mis de côté au lieu d'ouvrir un dossier de plus",
    before_reading(T, T, 60_000_000, False, 52_428_800).reason,
    before_reading(T.replace(year=2025), T, 10, True, 52_428_800).reason,
    without_content("au-delà des limites : x ; message brut conservé, à voir par le service",
                    room_for(10, Held(total=2_000_000_000), 2_000_000_000), "nb", "INBOX", 42),
    room_for(10, Held(total=10, by_sender=600_000_000), 2_000_000_000),
    disk_too_full(10, 10, 1_000_000_000),
    f"même message déjà reçu dans la boîte nb (UID 12, classé) ; son Message-ID est aussi celui d'un autre message "
    f"({Earlier('nb', 7, 'filed', 1, sender='a@x.example').where})",
]


@pytest.mark.parametrize("stored", STORED)
def test_staff_read_no_setting_name_nor_uid(stored):
    assert any(t in stored for t in TECHNICAL), stored  # the stored reason names it (the logs show it)
    shown = labels.reason(stored)
    assert not any(t in shown for t in TECHNICAL), shown
    assert "  " not in shown and "( " not in shown, shown


def test_each_limit_is_said_for_what_it_limits():
    assert labels.reason(STORED[0]) == ("au-delà des limites : plus de 1000 parties MIME : limite du nombre de parties "
                                        "(textes et fichiers) d'un message fixée par l'administrateur ; message brut "
                                        "conservé, à voir par le service")
    assert "plus que la limite de 20 fixée par l'administrateur" in labels.reason(STORED[2])
    assert ("(limite du nombre de nouveaux dossiers par expéditeur en 24 heures fixée par l'administrateur : 5)"
            in labels.reason(STORED[6]))
    assert labels.reason(STORED[7]).startswith("message de 60,0 Mo, plus que la limite de la taille d'un message "
                                               "fixée par l'administrateur (52,4 Mo)")
    assert labels.reason(STORED[8]) == ("reçu avant la date de départ du 02/11/2026 : la boîte n'est lue qu'à partir "
                                        "de cette date")
    assert "(boîte de réception, n° 42 sur le serveur)" in labels.reason(STORED[9])  # no « dossier », no INBOX
    assert "(répertoire « Candidatures », n° 3 sur le serveur)" in labels.reason(
        "l'original reste dans la boîte nb (dossier Candidatures, UID 3)")
    shown = labels.reason(STORED[-1])
    assert "boîte nb (n° 12 sur le serveur, classé)" in shown
    assert "(boîte nb, n° 7 sur le serveur, de a@x.example)" in shown


def test_the_stored_reason_still_says_the_cap_to_the_code_that_looks_for_it():
    assert set_aside_by_cap(STORED[6]) and not set_aside_by_cap(labels.reason(STORED[6]))


def test_a_reason_without_them_is_shown_as_it_is():
    text = "candidature : 3 pièces reconnues ; ignoré (bulk)"
    assert labels.reason(text) is text


def test_the_digest_says_a_mailbox_stopped_by_the_disk_floor_without_the_setting_name():
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from intake.core.digest import Health, Snapshot, build

    why = disk_too_full(10, 10, 1_000_000_000)
    snap = Snapshot(now=T, previous_at=T - timedelta(days=1), cases=(),
                    mailboxes=(Health("nb", "n@v.fr", None, last_error=why, errors_since_success=1),))
    (row,) = build(snap, ZoneInfo("Europe/Paris"))["mailboxes"]
    assert row["last_error"].startswith("espace disque insuffisant") and "min_free_bytes" not in row["last_error"]
    assert "la limite de l'espace disque à garder libre fixée par l'administrateur (1,00 Go)" in row["last_error"]


@pytest.mark.parametrize(("error", "meaning"), [
    ("550 5.1.1 Mailbox unavailable", "adresse inconnue chez le destinataire : vérifiez-la (faute de frappe ?)"),
    ("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found", "adresse inconnue chez le destinataire"),
    ("550 5.1.2 Host unknown", "domaine de l'adresse introuvable"),
    ("552 5.2.2 Mailbox full", "boîte du destinataire pleine"),
    ("452 4.2.2 Over quota", "boîte du destinataire pleine : il doit la vider, puis envoyez à nouveau (refus "
                             "temporaire)"),
    ("554 5.7.1 Service unavailable; Client host blocked", "filtre anti-spam ou règle de sécurité"),
    ("550 No such user here", "refusé par le serveur du destinataire"),
    ("421 Try again later", "refus temporaire du serveur du destinataire : le service réessaie"),
])
def test_a_mail_servers_refusal_is_said_in_french_first_and_keeps_the_servers_words(error, meaning):
    """The outbox kept the relay's answer in the server's English (« 550 5.1.1 Mailbox unavailable »), which the
    console's « Envois à voir », the case page and the digest showed to staff as it was (the new staff member's
    trial): what it means, then the server's words for the admin."""
    said = labels.send_error(error)
    assert said.startswith(meaning) or meaning in said.split(" (réponse du serveur")[0], said
    assert said.endswith(f"(réponse du serveur : {error})")


@pytest.mark.parametrize("text", ["", "retenu : le message a été reçu 5 jours avant d'être relevé",
                                  "non remis : échec définitif 5.1.1 pour a@x.example",
                                  "interrompu pendant l'envoi : peut-être parti"])
def test_what_is_no_servers_answer_is_shown_as_it_is(text):
    assert labels.send_error(text) == text


def test_a_copier_s_or_a_form_s_mail_is_not_called_an_out_of_office_reply():
    """The town's copier (scanner@ville-bethune.fr) sending a scanned application: `intake explain` said « Origine :
    réponse automatique (adresse d'expéditeur automatique scanner@…) », and the ledger « réponse automatique : … »,
    of a mail that answers nothing. Auto-replies, robots, copiers and forms are automatic senders."""
    assert labels.origin("automatic") == "expéditeur automatique"
    assert labels.reason("automatic: reconnu à son adresse scanner@ville-bethune.fr") == (
        "expéditeur automatique : reconnu à son adresse scanner@ville-bethune.fr")
    # nor is its line in the case's history (a transfer site's notice joined to the case, a copier's scan)
    assert "réponse" not in labels.event("automatic"), labels.event("automatic")


def test_a_copier_s_origin_is_said_without_the_label_twice():
    """Once the label became « expéditeur automatique », staff read « expéditeur automatique (adresse d'expéditeur
    automatique scanner@…) » in `intake explain`, the case's « À voir » and the digest: the reason says how it was
    known, not the label again."""
    from intake.commands import samples
    from intake.core.origin import origin_of
    from intake.core.parse import parse_message

    raw = samples.email(sender="<scanner@asso-quartier.example>", to=["n.bataillon@ville-bethune.fr"],
                        subject="Message from KM_C300i")
    found = origin_of(parse_message(raw), frozenset({"n.bataillon@ville-bethune.fr"}), "sys-id")
    said = f"{labels.origin(found.category)} ({found.reason})"
    assert said == "expéditeur automatique (reconnu à son adresse scanner@asso-quartier.example)", said
