"""A sender's address written in look-alike letters, against the real Dovecot and SMTP servers: the town's server
checks the domain as written, our mail goes where the address leads. `Authentication-Results` headers are what the
town's server would have put on top of the message."""

from __future__ import annotations

import pytest

from intake.commands import samples

OWN = '[trust]\nauthserv_id = "mx.example.test"'
JEANNE = "jeanne@outlook.example"
LETTER = ("Lettre au Maire.pdf", samples.pdf("Monsieur le Maire\nJ'ai l'honneur de solliciter le label."),
          "application/pdf")


def _on_top(raw: bytes, result: str) -> bytes:
    return f"Authentication-Results: mx.example.test; {result}\r\n".encode() + raw


def _jeanne_s_case_and_a_reply_from(intake, spelling: str) -> tuple[str, bytes]:
    """Jeanne's incomplete case (her domain's DMARC passed), and a reply citing it with the letter, written from
    `spelling` (not yet delivered: the caller puts the town's server's verdict on top)."""
    intake.configure(OWN)
    real = intake.application(sender=f"Jeanne <{JEANNE}>", pieces=("dossier", "visuels"))
    intake.deliver(_on_top(real, "dkim=pass header.d=outlook.example; dmarc=pass header.from=outlook.example"),
                   intake.nb)
    intake.poll()
    (case,) = intake.cases()
    ref = case["reference"]
    attack = samples.email(sender="Jeanne <placeholder@evil.example>", to=[intake.nb], subject=f"RE: Accusé [{ref}]",
                           attachments=[LETTER])
    return ref, attack.replace(b"From: Jeanne <placeholder@evil.example>", f"From: Jeanne <{spelling}>".encode())


@pytest.mark.parametrize("spelling", ["jeanne@outloo\u212a.example", "jeanne@OUTLOO\u212a.EXAMPLE"])
def test_a_kelvin_sign_in_the_applicant_s_domain_is_not_the_applicant(intake, spelling):
    """attack11: the Kelvin sign (U+212A) is the one letter whose lower case is ASCII (« k »). `From: jeanne@outlooK`
    (Kelvin) `.example` is another domain for the town's server, which found no DMARC policy for it (a name no DNS
    holds), and intake read it in lower case as Jeanne's `outlook.example` before asking whether it was written in
    other letters: the forger's letter joined her case, completed it, and the completion notice went to her.
    Full-width letters were caught; this one is now as well: a case of its own, in review, and nobody written to."""
    ref, attack = _jeanne_s_case_and_a_reply_from(intake, spelling)
    intake.deliver(_on_top(attack, "spf=pass smtp.mailfrom=evil.example; dkim=pass header.d=evil.example"), intake.nb)
    intake.poll()
    cases = {c["reference"]: c for c in intake.cases()}
    assert cases[ref]["status"] == "incomplete" and cases[ref]["messages"] == 1, cases[ref]
    (other,) = [c for r, c in cases.items() if r != ref]
    assert other["status"] == "review" and "n'a pas pu la vérifier" in other["attention"], other
    assert len(intake.sent()) == 1  # Jeanne's own acknowledgement only


@pytest.mark.parametrize("spelling", ["jeanne@outlo\u00f3k.example", "jeanne@outl\u043eok.example",
                                      "jeanne@outlo0k.example"])
def test_a_stranger_whose_address_looks_like_the_applicant_s_is_told_apart_for_staff(intake, spelling):
    """attack11: a domain of one's own that looks like the applicant's (« outloók », an accent; a Cyrillic « а »; a
    zero), authenticated (its DMARC passes: it is its owner's), citing her case: a third party, whose new case said
    « un tiers (jeanne@outloók.example) cite le dossier … : à rattacher par le service s'il s'agit du même
    demandeur », an address staff read as hers and then confirmed on her case (it could complete it from then on).
    Staff are told it only looks like hers, and its DNS form when it has one."""
    ref, attack = _jeanne_s_case_and_a_reply_from(intake, spelling)
    domain = spelling.partition("@")[2].encode("idna").decode()  # as the town's server names it
    intake.deliver(_on_top(attack, f"dkim=pass header.d={domain}; dmarc=pass header.from={domain}"), intake.nb)
    intake.poll()
    cases = {c["reference"]: c for c in intake.cases()}
    assert cases[ref]["status"] == "incomplete" and cases[ref]["messages"] == 1, cases[ref]
    (other,) = [c for r, c in cases.items() if r != ref]
    assert f"ressemble à celle de {JEANNE} sans être la même" in other["attention"], other["attention"]
    assert "n'est pas authentifié" not in other["attention"]  # its own domain's owner
    assert ("xn--" in other["attention"]) == (not spelling.isascii())


@pytest.mark.parametrize("domain", ["exarnple.test", "examp1e.test", "ex\u0430mple.test"])
def test_a_forward_from_a_domain_that_looks_like_the_town_s_is_told_apart_for_staff(intake, domain):
    """attack14: « TR: » from n.bataillon@exarnple.test (« rn » for « m »; a digit one; a Cyrillic « а »), its
    forward block naming jeanne@outlook.example: not the town's address, so the stranger's own application, filed
    under the look-alike address with nothing said of it; staff reading « n.bataillon@exarnple.test » took it for a
    colleague's forward and confirmed the address its block named, from which the case's mail went there. Staff are
    told the address only looks like the town's."""
    town = intake.nb.partition("@")[2]
    fake = f"n.bataillon@{town.replace('example.test', domain)}"
    assert fake.partition("@")[2] != town
    body = ("---------- Forwarded message ---------\nDe : Jeanne <jeanne@outlook.example>\n"
            "Date: lun. 30 nov. 2026 à 10:12\nSubject: Candidature\nTo: <n.bataillon@" + town + ">\n\nBonjour, "
            "voici ma candidature.\n")
    raw = intake.application(sender="Nicolas Bataillon <placeholder@evil.example>", pieces=("dossier", "courrier"),
                             subject="TR: Candidature", body=body)
    raw = raw.replace(b"<placeholder@evil.example>", f"<{fake}>".encode())  # as a mail program writes it (UTF-8)
    intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert "ressemble à une adresse de la ville" in case["attention"], case
