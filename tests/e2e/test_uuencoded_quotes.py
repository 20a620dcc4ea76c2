"""A colleague's reply quoting an outsider's text in which files, and a mail « from » someone else, were uuencoded
(core/uuencoded.py), end to end: Dovecot, `intake poll`, SMTP (attack26). A reply quotes the text it answers, and
Outlook does so without « > »: the uuencoded blocks come with it. The mail uuencoded there was read as a mail the
reply carried whole, and the colleague's reply-all (the watched mailbox in Cc), authenticated by the town's server,
a trusted forward: of the outsider, or, when no quoted header was read, of the person that mail named, filed under
them and acknowledged to them. It is staff mail: no case, nobody written to."""

from __future__ import annotations

import binascii

import pytest

from intake.commands import samples

PASSED = "mx.example.test; spf=pass smtp.mailfrom=example.test; dmarc=pass header.from=example.test"
VICTIM = "victime@autre.example"


def _uuencoded(name: str, data: bytes) -> str:
    lines = [binascii.b2a_uu(data[i:i + 45]).decode().rstrip("\n") for i in range(0, len(data), 45)]
    return "\n".join([f"begin 644 {name}", *lines, "`", "end"])


@pytest.mark.parametrize("quoted_header", [True, False])
def test_a_colleague_s_reply_all_quoting_uuencoded_mail_is_staff_mail_and_writes_to_nobody(intake, quoted_header):
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    forged = samples.email(sender=f"Victime <{VICTIM}>", to=["accueil@example.test"], subject="Candidature")
    outsider_text = "\n".join(["Bonjour, voici notre candidature.", "", _uuencoded("dossier.pdf", samples.pdf()),
                               _uuencoded("courrier maire.pdf", samples.pdf("l")),
                               _uuencoded("candidature.eml", forged), ""])
    header = (f"De : Mallory <mallory@evil.example>\nEnvoyé : lundi 30 novembre 2026 17:45\nÀ : {intake.db}\n"
              f"Cc : {intake.nb}\nObjet : Candidature\n\n") if quoted_header else ""
    reply = samples.email(sender=f"Claire Martin <{intake.db}>", to=["mallory@evil.example"], cc=[intake.nb],
                          subject="RE: Candidature", body=f"Bien reçu, merci.\n\nClaire\n\n{header}{outsider_text}")
    intake.deliver(f"Authentication-Results: {PASSED}\r\n".encode() + reply, intake.nb)
    out = intake.poll()
    cases, sent = intake.cases(), intake.sent()
    assert (cases, [m["To"] for m in sent]) == ([], []), out
