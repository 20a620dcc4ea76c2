import time
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


def _report(recipient_line: str, text: str = "Delivery failed.") -> bytes:
    return (b"From: MAILER-DAEMON@mx.asso.example\r\nTo: n.bataillon@ville-bethune.fr\r\nSubject: Undelivered\r\n"
            b'MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="R"\r\n\r\n'
            b"--R\r\nContent-Type: text/plain\r\n\r\n" + text.encode() + b"\r\n"
            b"--R\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.asso.example\r\n\r\n"
            + recipient_line.encode() + b"\r\nAction: failed\r\nStatus: 5.1.1\r\n--R--\r\n")


def test_recipient_lines_are_read_however_they_are_written():
    for line, expected in [("Final-Recipient: rfc822; Nobody@Asso.example", ("nobody@asso.example",)),
                           ("Final-Recipient: RFC822;<nobody@asso.example>", ("nobody@asso.example",)),
                           ("Original-Recipient: rfc822;\r\n nobody@asso.example", ("nobody@asso.example",))]:
        assert read_bounce(parse_message(_report(line))).recipients == expected, line


def test_a_forged_report_made_to_make_its_patterns_backtrack_is_read_in_linear_time():
    """A long run of address characters without "@", and a recipient line of thousands of "@" (an attacker's
    review froze the poller for minutes with each: the patterns tried every split)."""
    started = time.process_time()
    for recipient, text in [("Final-Recipient: rfc822; " + "a@" * 20_000 + " x", "b" * 300_000),
                            ("Final-Recipient: rfc822; nobody@asso.example", "a." * 150_000 + "@")]:
        read_bounce(parse_message(_report(recipient, text)))
    assert time.process_time() - started < 2  # each is a fraction of a second; quadratic, they took minutes


def test_a_plain_text_bounce_reads_the_status_code_never_an_ip_address():
    """Exim writes the remote host's address above the code: « [185.4.12.33] » was read as the status 4.12.33."""
    raw = samples.email(sender="Mail Delivery System <Mailer-Daemon@mail.asso.example>",
                        to=["n.bataillon@ville-bethune.fr"], subject="Mail delivery failed",
                        body="  nobody@asso.example\n    host mail.asso.example [185.4.12.33]\n"
                             "    550 5.1.1 <nobody@asso.example>: Recipient address rejected\n")
    bounce = read_bounce(parse_message(raw))
    assert bounce.status == "5.1.1" and bounce.permanent


def test_a_delivery_receipt_and_a_delay_warning_are_no_failure():
    for action, status in (("delivered", "2.0.0"), ("relayed", "2.0.0"), ("delayed", "4.4.7")):
        raw = (b"From: postmaster@asso.example\r\nTo: n.bataillon@ville-bethune.fr\r\nSubject: Remis\r\n"
               b'MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="R"\r\n\r\n'
               b"--R\r\nContent-Type: text/plain\r\n\r\nReport.\r\n--R\r\nContent-Type: message/delivery-status\r\n\r\n"
               b"Reporting-MTA: dns; mx.asso.example\r\n\r\nFinal-Recipient: rfc822; a@asso.example\r\n"
               + f"Action: {action}\r\nStatus: {status}\r\n\r\n--R--\r\n".encode())
        bounce = read_bounce(parse_message(raw))
        assert not bounce.permanent and bounce.status == status
        assert bounce.delivered == (action != "delayed") and bounce.delayed == (action == "delayed")
        assert bounce.failure == ("" if bounce.delivered else f"remise retardée, le serveur du destinataire réessaie "
                                                              f"{status} pour a@asso.example")
