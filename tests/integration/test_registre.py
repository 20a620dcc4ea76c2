"""docs/registre-rgpd.md is what `intake rules registre` says for config.example.toml and rules/: never out of date."""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from localsite import PROJECT

from intake.cli import main


def registre(config) -> str:
    result = CliRunner().invoke(main, ["--config", str(config), "rules", "registre"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_register_in_docs_is_generated_from_the_example_config_and_the_rules():
    expected = registre(PROJECT / "config.example.toml")
    assert (PROJECT / "docs" / "registre-rgpd.md").read_text(encoding="utf-8") == expected, (
        "docs/registre-rgpd.md is out of date: intake --config config.example.toml rules registre "
        "> docs/registre-rgpd.md")
    for duration in ("| 6 mois sans nouvelle |", "| 30 jours | `quarantaine` |", "durée du label (3 ans) puis 2 ans"):
        assert duration in expected


def test_the_register_quotes_the_installation_s_own_durations_and_dpo(tmp_path):
    shutil.copytree(PROJECT / "rules", tmp_path / "rules")
    shutil.copy(PROJECT / "config.example.toml", tmp_path / "config.toml")
    shutil.copytree(PROJECT / "templates", tmp_path / "templates")
    retention = tmp_path / "rules" / "retention.toml"
    retention.write_text(retention.read_text(encoding="utf-8").replace("[quarantaine]\njours = 30",
                                                                       "[quarantaine]\njours = 15"), encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('# dpo = "dpo@ville-bethune.fr"',
                                                                 'dpo = "dpo@ville-bethune.fr"'), encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace("quarantine_bytes = 2147483648",
                                                                 "quarantine_bytes = 500000000"), encoding="utf-8")
    text = registre(config)
    flat = " ".join(text.split())
    assert "La quarantaine garde au plus 500,0 Mo de messages en tout" in flat, flat
    assert "| 15 jours | `quarantaine` |" in text and "30 jours | `quarantaine`" not in text
    assert "**Délégué à la protection des données :** dpo@ville-bethune.fr" in text


def test_the_register_covers_what_leaves_the_service_and_not_portability():
    text = registre(PROJECT / "config.example.toml")
    flat = " ".join(text.split())
    # the copies the service cannot delete: who keeps them, for how long
    section = flat.split("## 8. Copies qui sortent du service")[1].split("## 9.")[0]
    for copy in ("Récapitulatif quotidien et sa pièce jointe CSV", "Dossier du jury (ZIP", "intake person ADRESSE "
                 "--export", "intake cases --csv", "Courriels de candidature reçus"):
        assert copy in section, copy
    assert "30 jours, comme la copie du service (`courriels_internes`)" in section
    assert "un mois après la délibération du jury" in section
    # undecided cases are covered by a rule and flagged first
    assert "`dossiers_sans_decision`" in flat and "signalé au service après 6 mois" in flat
    assert "n'est jamais supprimé" not in flat
    # rights: portability does not apply under art. 6.1.e; legal basis and recipients precisely
    rights = flat.split("## 10. Droits des personnes")[1]
    assert "portabilité (article 20) ne s'applique pas" in rights and "Accès et portabilité" not in flat
    assert "article 6.1.e" in flat and "L2121-29" in flat and "R421-5" in flat
    recipients = flat.split("## 6. Destinataires")[1].split("## 7.")[0]
    assert "Nicolas Bataillon <n.bataillon@ville-bethune.fr> (administrateur)" in recipients
    assert "comité de labellisation" in recipients and "article 28" in recipients


def test_the_register_says_what_the_logs_hold_and_what_deletion_means_on_each_database(tmp_path):
    flat = " ".join(registre(PROJECT / "config.example.toml").split())
    copies = flat.split("## 8. Copies qui sortent du service")[1].split("## 9.")[0]
    assert "Journal système du service et de la console (`journalctl -u intake`" in copies
    assert "12 mois au plus (`connexions`) : `MaxRetentionSec=` de journald" in copies
    assert "Journal d'accès du serveur web frontal (nginx)" in copies
    assert "La règle `connexions` vaut pour le journal système de la console" in flat
    assert "(les données supprimées sont écrasées" in flat  # SQLite: secure_delete
    config = tmp_path / "config.toml"
    config.write_text((PROJECT / "config.example.toml").read_text(encoding="utf-8").replace(
        '# database_url = "postgresql', 'database_url = "postgresql').replace(
        '# database_password_env', 'database_password_env'), encoding="utf-8")
    for folder in ("rules", "templates"):
        shutil.copytree(PROJECT / folder, tmp_path / folder)
    on_postgresql = " ".join(registre(config).split())
    assert "écrasées" not in on_postgresql  # PostgreSQL overwrites nothing: dead rows wait for autovacuum
    assert "reste dans les fichiers de la base jusqu'à ce que PostgreSQL (autovacuum)" in on_postgresql
    assert "archives WAL" in on_postgresql


def test_the_register_names_every_server_the_service_reaches_and_the_mail_provider_behind_them(tmp_path):
    """What leaves the machine, as the DPO reads it: the servers of this config (IMAP, SMTP, OAuth2 tokens,
    PostgreSQL), and Microsoft or Google by name when a mailbox logs in through their preset."""
    assert "imap.ville-bethune.fr (IMAP), smtp.ville-bethune.fr (SMTP) ; aucun autre" in " ".join(
        registre(PROJECT / "config.example.toml").split())
    for folder in ("rules", "templates"):
        shutil.copytree(PROJECT / folder, tmp_path / folder)
    text = (PROJECT / "config.example.toml").read_text(encoding="utf-8")
    text = text.replace('''host = "imap.ville-bethune.fr"
port = 993
security = "tls"                           # tls (port 993) | starttls (port 143) | none (never on a network)
username = "n.bataillon@ville-bethune.fr"
password_env = "INTAKE_NBATAILLON_PASSWORD"''', '''provider = "microsoft365"
tenant = "ville-bethune.fr"
client_id = "00000000-0000-0000-0000-000000000000"
client_secret_env = "INTAKE_OAUTH_SECRET"''', 1)
    text = text.replace('# database_url = "postgresql', 'database_url = "postgresql').replace(
        '# database_password_env', 'database_password_env')
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    flat = " ".join(registre(config).split())
    assert ("outlook.office365.com (IMAP), login.microsoftonline.com (jetons OAuth2), imap.ville-bethune.fr (IMAP), "
            "smtp.ville-bethune.fr (SMTP), db.ville-bethune.fr (PostgreSQL) ; aucun autre") in flat, flat
    assert "l'hébergeur de la messagerie de la Ville, ici Microsoft (Microsoft 365" in flat
    assert "(Microsoft (Microsoft 365 : Exchange Online et connexion Microsoft Entra ID) : région des données" in flat


def test_the_register_says_that_a_trace_of_every_message_is_kept_without_limit():
    """What `to_trace` leaves of a message (store/deletion.py), kept for ever, is pseudonymous data: the register
    says so, and that the ledger of messages not filed keeps their Message-ID (what the ledger holds)."""
    flat = " ".join(registre(PROJECT / "config.example.toml").split())
    kept = flat.split("## 7. Durées de conservation")[1].split("## 8.")[0]
    assert "il reste aussi, sans limite de durée, une trace sans adresse, objet ni contenu" in kept
    assert "empreinte SHA-256 de son identifiant" in kept and "Elle est pseudonyme" in kept
    measures = flat.split("## 9. Mesures de sécurité")[1]
    assert "seuls l'expéditeur, l'identifiant du message, la date, la taille et le motif sont notés" in measures


def test_the_register_lists_what_the_day_s_limits_keep_with_a_case():
    """The byte budgets and the new cases' caps keep, with a filed message and an applicant's address, its counted
    bytes, the domain of the address (inbound.stored_bytes, stored_domain; caseaddress.domain) and whether the town's
    server authenticated it (caseaddress.authenticated): data held about applicants, so in section 5."""
    flat = " ".join(registre(PROJECT / "config.example.toml").split())
    data = flat.split("## 5. Données traitées")[1].split("## 6.")[0]
    assert "si le serveur de la Ville a authentifié le message qui l'a fait connaître" in data, data
    assert "les octets qu'il a ajoutés au stockage et le domaine de son adresse" in data, data
    assert "la trace d'un message ne garde pas ce domaine" in data, data
