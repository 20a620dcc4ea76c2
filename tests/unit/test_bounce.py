from pathlib import Path

from intake.commands import samples
from intake.core.bounce import read_bounce
from intake.core.parse import parse_message

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_a_standard_dsn_names_the_message_the_address_and_a_permanent_status():
    bounce = read_bounce(parse_message((CORPUS / "cpython-test-email" / "msg_16.eml").read_bytes()))
    assert bounce.original_ids == ("002001c144a6$8752e060$56104586@oxy.edu",)
    assert bounce.recipients == ("jangel1@cougar.noc.ucla.edu",)
    assert bounce.status == "5.0.0" and bounce.permanent


def test_a_transient_failure_is_not_permanent():
    bounce = read_bounce(parse_message((CORPUS / "mail-parser" / "mail_malformed_2.eml").read_bytes()))
    assert bounce.status == "4.2.2" and not bounce.permanent


def test_an_exchange_style_text_ndr_is_read_from_its_text():
    raw = samples.email(
        sender="Microsoft Outlook <postmaster@contoso.example>", to=["n.bataillon@ville-bethune.fr"],
        subject="Non remis : Accusé de réception [BSC-2026-0001]",
        body="Votre message n'a pas pu être remis à nobody@asso.example.\n\n"
             "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found'\n\n"
             "Message-ID: <intake.BSC-2026-0001.abc@ville-bethune.fr>\n")
    bounce = read_bounce(parse_message(raw))
    assert bounce.permanent and bounce.status == "5.1.10"
    assert bounce.recipients == ("nobody@asso.example",)
    assert bounce.original_ids == ("intake.BSC-2026-0001.abc@ville-bethune.fr",)
