"""« Règles » says the settings in force in French (intake/web/settings_said.py): the numbers of config.toml and
rules/conversations.toml, the days of the digest as a person says them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from intake.config.settings import DigestSettings, Limits, Schedule, Service, Settings
from intake.core.conversation_rules import ConversationRules
from intake.web.settings_said import said

SETTINGS = Settings(file="config.toml", mailboxes=(), smtp=None, outbox_dir="", data_dir=Path("data"),
                    database_url="sqlite://", timezone=ZoneInfo("Europe/Paris"), rules_dir=Path("rules"),
                    templates_dir=Path("templates"), reference_prefix="BSC", service=Service("S", "A", "e@x.fr", "03"),
                    schedule=Schedule())


def lines(settings: Settings, conversation: ConversationRules | None = None) -> str:
    return "\n".join(line.text.replace("\u00a0", " ") for group in said(settings, conversation or ConversationRules())
                     for line in group.lines)


@pytest.mark.parametrize(("days", "written"), [
    (frozenset(range(5)), "du lundi au vendredi"),
    (frozenset(range(7)), "tous les jours"),
    (frozenset({0, 2}), "le lundi et le mercredi"),
    (frozenset({4}), "le vendredi"),
    (frozenset({0, 1, 3}), "le lundi, le mardi et le jeudi"),
])
def test_the_digest_s_days_are_said_as_a_person_says_them(days, written):
    digest = DigestSettings(recipients=("a@ville.example", "b@ville.example"), days=days)
    assert (f"Le récapitulatif quotidien part à 8 h 30, {written}, à a@ville.example et b@ville.example."
            in lines(replace(SETTINGS, digest=digest)))


def test_a_digest_without_recipients_is_said_not_to_go():
    assert "Pas de récapitulatif quotidien : aucun destinataire n'est indiqué." in lines(SETTINGS)


def test_the_numbers_said_are_the_ones_in_force():
    settings = replace(SETTINGS, acknowledge_within_hours=24, limits=Limits(cases_per_domain_per_day=7,
                                                                            shared_mail_domains=frozenset(),
                                                                            read_seconds=45, min_free_bytes=0))
    said_ = lines(settings, replace(ConversationRules(), answers_per_day=20, reminder_days=(5,)))
    assert "Un courriel déjà vieux de plus de 24 heures" in said_
    assert "Au-delà de 20 courriels automatiques aux demandeurs en 24 heures" in said_
    assert "ouvrent au plus 7 dossiers ensemble en 24 heures, sauf celles de la Ville." in said_
    assert "ne sont pas lus en 45 secondes" in said_
    assert "Aucun seuil d'espace libre sur le disque." in said_
    assert "Relances d'un dossier incomplet : 5 jours après" in said_
    one = lines(SETTINGS, replace(ConversationRules(), reminder_days=(1,)))
    assert "Relances d'un dossier incomplet : 1 jour après" in one
    assert "Aucune relance automatique ; le demandeur a 30 jours" in lines(
        SETTINGS, replace(ConversationRules(), reminder_days=()))


def test_the_limits_on_unauthenticated_mail_are_said():
    """« Règles » listed every [limits] key that sets a message aside but the four that bound unauthenticated mail
    (its cases, and the bytes it adds by sender, by domain and all together): a message set aside for them was
    not explained there."""
    settings = replace(SETTINGS, limits=Limits(unauthenticated_cases_per_day=50, bytes_per_sender_per_day=200_000_000,
                                               bytes_per_domain_per_day=400_000_000,
                                               unauthenticated_bytes_per_day=3_000_000_000,
                                               bytes_per_authenticated_sender_per_day=1_500_000_000))
    said_ = lines(settings)
    assert "ouvrent au plus 50 dossiers ensemble en 24 heures, tous expéditeurs confondus" in said_
    assert ("au plus 200,0 Mo de fichiers en 24 heures pour un même expéditeur, 400,0 Mo pour les adresses d'un même "
            "domaine, 3,00 Go pour tous ensemble") in said_
    assert "Tout expéditeur, authentifié ou non, ajoute au plus 1,50 Go de fichiers en 24 heures" in said_
    keys = " ".join(line.key for group in said(settings, ConversationRules()) for line in group.lines)
    for key in ("unauthenticated_cases_per_day", "bytes_per_sender_per_day", "bytes_per_domain_per_day",
                "unauthenticated_bytes_per_day", "bytes_per_authenticated_sender_per_day"):
        assert key in keys


def test_every_config_key_named_is_one_config_toml_takes():
    """« Règles » named « [privacy] purge_at », the setting's name in the code: config.toml's key is purge_time, and
    an admin who wrote purge_at was refused (« clé inconnue »)."""
    from intake.config.loader import _SCHEDULE, _TOP
    from intake.config.sections import SECTION_KEYS

    sections = {**SECTION_KEYS, "[schedule]": _SCHEDULE}
    for group in said(SETTINGS, ConversationRules()):
        for line in group.lines:
            file, _, named = line.key.partition(", ")
            if file != "config.toml":
                continue
            section = named[:named.index("]") + 1] if named.startswith("[") else ""
            keys = named[len(section):].strip()
            allowed = sections[section] if section else _TOP
            for key in filter(None, (k.strip() for k in keys.split(","))):
                assert key in allowed, (line.key, key)
            if section and not keys:  # the whole table: « config.toml, [digest] »
                assert section.strip("[]") in _TOP, line.key


def test_a_reminder_past_the_day_s_limits_is_said_to_wait():
    """A due reminder past per_recipient_per_day or per_case_per_day waits for the limit (core/casework.py
    `reminder_waits`), it flags nothing: the line said only « rien ne part et le dossier est signalé « À voir » »."""
    assert "une relance due, elle, attend que la limite le permette." in lines(SETTINGS)


def test_the_reading_time_of_a_day_is_said():
    """« Règles » says how long one sender's files, one domain's and every unauthenticated sender's are read a day
    ([limits] read_seconds_per_sender_per_day...): past it, files are « non lu » and staff read why there."""
    settings = replace(SETTINGS, limits=Limits(read_seconds_per_sender_per_day=1800,
                                               read_seconds_per_domain_per_day=3600,
                                               unauthenticated_read_seconds_per_day=14400))
    said_ = lines(settings)
    assert ("Temps de lecture des fichiers par jour, au plus : 30 minutes pour un même expéditeur, 1 heure pour les "
            "adresses d'un même domaine, 4 heures pour tous les expéditeurs non authentifiés ensemble, 1 heure pour "
            "ceux d'un même réseau d'envoi, selon le serveur de la ville ; au-delà") in said_, said_
    keys = " ".join(line.key for group in said(settings, ConversationRules()) for line in group.lines)
    assert "read_seconds_per_sender_per_day" in keys and "unauthenticated_read_seconds_per_day" in keys
    off = lines(replace(SETTINGS, limits=Limits(read_seconds_per_sender_per_day=0, read_seconds_per_domain_per_day=0,
                                                unauthenticated_read_seconds_per_day=0,
                                                unauthenticated_read_seconds_per_network_per_day=0)))
    assert "Aucune limite au temps de lecture des fichiers par jour." in off
