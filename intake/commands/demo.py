"""`intake demo`: the whole pipeline on sample mail, with no server.

Two folders stand in for the two staff mailboxes, a folder stands in for the
SMTP relay, and the database is a SQLite file in a scratch directory.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

from intake.commands import samples

NB, DB = "n.bataillon@ville-bethune.fr", "d.berteloot@ville-bethune.fr"
PROJECT = Path(__file__).resolve().parents[2]

CONFIG = """\
# Configuration of the demo: two folders stand in for the mailboxes, a folder for the SMTP relay.
data_dir = "data"
outbox_dir = "outbox"

[[mailboxes]]
name = "n.bataillon"
address = "{nb}"
path = "mail/n.bataillon"
since = {since}

[[mailboxes]]
name = "d.berteloot"
address = "{db}"
path = "mail/d.berteloot"
since = {since}

[digest]
recipients = ["{nb}", "{db}"]

[service]
name = "Ville de Béthune - Mission Béthune Smart City"
address = "Hôtel de ville, Place du 4 Septembre, BP 10711, 62407 Béthune"
email = "{nb}"
phone = "03 21 63 00 00"
hours = "du lundi au vendredi, 8 h 30 - 12 h et 13 h 30 - 17 h"

# Who may sign in to the console (intake serve): the sign-in link is written to the outbox folder, as every mail here.
[[staff]]
email = "{nb}"
name = "Nicolas Bataillon"
role = "admin"

[[staff]]
email = "{db}"
name = "Delphine Berteloot"
role = "staff"
"""


def sample_mailboxes(now: datetime) -> dict[str, list[tuple[str, bytes]]]:
    """(file name, raw message) per mailbox folder. The applications are a day or two old: mail older than
    acknowledge_within_hours (72) when read would be filed with its acknowledgement held for staff."""
    day = timedelta(days=1)
    jardins = samples.email(
        sender="Association Les Jardins Partagés <contact@jardins-partages.example>", to=[NB], cc=[DB],
        subject="Candidature label Béthune Smart City - Jardins partagés connectés", date=now - 2 * day,
        attachments=[("Dossier d'intention - Jardins partagés.docx", samples.docx(samples.DOSSIER.format(
                          title="Jardins partagés connectés", who="Association Les Jardins Partagés",
                          what="des capteurs d'humidité pour arroser juste")), "application/vnd."
                      "openxmlformats-officedocument.wordprocessingml.document"),
                     ("Courrier à Monsieur le Maire.pdf", samples.pdf(samples.LETTER.format(
                         who="Association Les Jardins Partagés")), "application/pdf"),
                     ("photo-jardin.jpg", samples.jpeg(), "image/jpeg")])
    mobilite = samples.email(
        sender="Claire Martin <c.martin@mobilite-douce.example>", to=[DB], subject="Dossier de candidature",
        date=now - 1.5 * day, body="Bonjour,\n\nVoici notre dossier et une photo. Le courrier suit.\n\nClaire Martin",
        attachments=[("dossier_candidature_velos.pdf", samples.pdf(samples.DOSSIER.format(
                          title="Vélos en libre-service électriques", who="Mobilité Douce SAS",
                          what="des vélos à assistance électrique en gare")), "application/pdf"),
                     ("IMG_2041.JPG", samples.jpeg(), "image/jpeg")])
    citoyen = samples.email(
        sender="Paul Leroy <paul.leroy@courriel.example>", to=[NB], subject="Demande de labellisation",
        date=now - day, attachments=[("fiche projet compostage.pdf", samples.pdf(samples.DOSSIER.format(
                                         title="Compost de quartier", who="Paul Leroy",
                                         what="un composteur partagé au square")), "application/pdf"),
                                     ("scan_0001.pdf", samples.pdf("Relevé de compteur\n2026"), "application/pdf")])
    newsletter = samples.email(
        sender="La Gazette des Communes <info@gazette.example>", to=[NB], subject="Lettre d'information n° 412",
        date=now - day, headers={"List-Unsubscribe": "<mailto:unsubscribe@gazette.example>", "Precedence": "bulk"},
        attachments=[("programme.pdf", samples.pdf(), "application/pdf")])
    collegue = samples.email(
        sender="Service Urbanisme <urbanisme@ville-bethune.fr>", to=[DB], subject="Réunion de jeudi",
        body="Bonjour, la réunion est décalée à 14 h.", date=now - day)
    absence = samples.email(
        sender="Jean Dupont <j.dupont@entreprise.example>", to=[NB], subject="Réponse automatique : absence",
        headers={"Auto-Submitted": "auto-replied"}, body="Je suis absent jusqu'au 30.", date=now - day)
    ancien = samples.email(
        sender="Ancien Candidat <ancien@exemple.example>", to=[NB], subject="Candidature 2024",
        date=now - 400 * day, attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    return {
        "n.bataillon": [("01-ancien.eml", ancien), ("02-jardins.eml", jardins), ("03-citoyen.eml", citoyen),
                        ("04-newsletter.eml", newsletter), ("05-absence.eml", absence)],
        "d.berteloot": [("01-jardins.eml", jardins), ("02-mobilite.eml", mobilite), ("03-collegue.eml", collegue)],
    }


def prepare(directory: Path, now: datetime) -> Path:
    """Write the demo's mailboxes, rules, templates and config; return the config path."""
    for name, messages in sample_mailboxes(now).items():
        folder = directory / "mail" / name
        folder.mkdir(parents=True, exist_ok=True)
        for filename, raw in messages:
            (folder / filename).write_bytes(raw)
    for sub in ("rules", "templates"):
        if not (PROJECT / sub).is_dir():
            raise FileNotFoundError(f"{PROJECT / sub} introuvable : lancez la démo depuis une copie du projet "
                                    "(scripts/demo.sh)")
        shutil.copytree(PROJECT / sub, directory / sub, dirs_exist_ok=True)
    config = directory / "config.toml"
    since = (now - timedelta(days=30)).date().isoformat()
    config.write_text(CONFIG.format(nb=NB, db=DB, since=since), encoding="utf-8")
    return config
