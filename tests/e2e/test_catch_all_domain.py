"""The cap on the cases one domain's addresses open together in 24 hours ([limits] cases_per_domain_per_day), through
the real Dovecot: whoever owns a catch-all domain wrote from a1@, a2@, a3@... and opened a case from each, every
address under its own [limits] cases_per_sender_per_day (a thousand junk cases a day drowned staff's case list).
Past the domain's cap the next address of it (or of a subdomain of it) is set aside for staff, who can file it
anyway; the addresses of a big mail provider each count alone ([limits] shared_mail_domains)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from intake.store.database import session
from intake.store.tables import Inbound


def applied(intake, sender: str):
    return intake.application(sender=f"Candidat <{sender}>", subject=f"Candidature de {sender}", pieces=("dossier",))


def rows(intake) -> list[Inbound]:
    with session(intake.app().engine) as s:
        return list(s.exec(select(Inbound).order_by(Inbound.uid)))


@pytest.mark.both_databases  # the domain's count is a LIKE on the address's end: both dialects
def test_the_next_address_of_a_domain_past_its_cap_is_set_aside_a_mail_provider_s_flood_is_not(intake):
    intake.configure("[limits]\ncases_per_domain_per_day = 3")
    for sender in ("a1@evil.example", "a2@evil.example", "a3@mail.evil.example", "a4@evil.example"):
        intake.deliver(applied(intake, sender), intake.nb)
    for n in range(5):
        intake.deliver(applied(intake, f"personne{n}@gmail.com"), intake.nb)
    out = intake.poll()
    assert "8 classés" in out and "1 en quarantaine" in out, out
    (row,) = [r for r in rows(intake) if r.fate == "quarantined"]
    assert row.from_addr == "a4@evil.example" and row.raw_sha256, row  # kept for staff
    assert ("a4@evil.example : les messages des adresses du domaine evil.example ont déjà ouvert 3 dossiers en 24 "
            "heures") in row.reason and "[limits] cases_per_domain_per_day = 3" in row.reason, row.reason
    assert {c["applicant"] for c in intake.cases()} == {"a1@evil.example", "a2@evil.example", "a3@mail.evil.example",
                                                        *(f"personne{n}@gmail.com" for n in range(5))}
    sent = [str(m["To"]) for m in intake.sent()]
    assert any("personne4@gmail.com" in to for to in sent) and not any("a4@evil.example" in to for to in sent), sent

    code, listed = intake.cli("quarantine", "list")
    assert code == 0 and "des adresses d'un même domaine" in listed and "[limits]" not in listed, listed
    code, digest = intake.cli("digest", "--preview")  # the digest says which cap, and whose domain
    assert code == 0 and ("plafond de nouveaux dossiers par domaine d'expéditeur (evil.example) en 24 heures atteint"
                          in digest) and "par expéditeur en" not in digest, digest
    code, out = intake.cli("quarantine", "file-anyway", str(row.id))  # a real application: staff file it anyway
    assert code == 0 and "classé" in out, out
    assert "a4@evil.example" in {c["applicant"] for c in intake.cases()}


def told(raw: bytes, result: str) -> bytes:
    """The message as the town's server hands it over, its word on the sender on top."""
    return f"Authentication-Results: mx.example.test; {result}\r\n".encode() + raw


@pytest.mark.both_databases  # the new column and its default: both dialects
def test_mail_nobody_authenticated_never_fills_an_authenticated_organisation_s_domain_cap(intake):
    """Only a DMARC failure counted a sender apart: mail the town's server could not vouch for (a domain with no DMARC
    policy, a soft failure) counted with the domain's authenticated mail. An outsider who wrote three applications
    « from » x1@, x2@, x3@asso.example (no need to know anyone's address there) set aside, for 24 hours, the real
    association's application, signed by its own server. A sender the town's server authenticated now counts with
    the domain's authenticated mail only: the others still share their own cap, and the association's own flood is
    still capped."""
    intake.configure('[limits]\ncases_per_domain_per_day = 3\n[trust]\nauthserv_id = "mx.example.test"')
    nobody = "spf=none smtp.mailfrom=relay.example; dkim=none; dmarc=none header.from=asso.example"
    signed = "dkim=pass header.d=asso.example; dmarc=pass header.from=asso.example"
    for n in (1, 2, 3, 4):
        intake.deliver(told(applied(intake, f"x{n}@asso.example"), nobody), intake.nb)
    intake.deliver(told(applied(intake, "presidente@asso.example"), signed), intake.nb)
    for n in (1, 2, 3):
        intake.deliver(told(applied(intake, f"membre{n}@asso.example"), signed), intake.nb)
    out = intake.poll()
    assert "6 classés" in out and "2 en quarantaine" in out, out
    assert {r.from_addr for r in rows(intake) if r.fate == "quarantined"} == {"x4@asso.example",
                                                                              "membre3@asso.example"}
    assert "presidente@asso.example" in {c["applicant"] for c in intake.cases()}
    (row,) = [r for r in rows(intake) if r.from_addr == "membre3@asso.example"]
    assert "les messages des adresses authentifiées du domaine asso.example ont déjà ouvert 3 dossiers" in row.reason, \
        row.reason


@pytest.mark.both_databases
def test_a_domain_s_other_spellings_count_with_it(intake):
    """The domain's count matched the end of each address as written: a1@evil.example.. (a root dot too many, which
    the town's server reads as evil.example and authenticates as such), a1@évil.example and a2@xn--vil-9la.example
    (one domain, in Unicode and in IDNA) each counted from zero, and a catch-all's owner opened as many cases as
    they liked. The domain is now recorded with each applicant address as counted (ASCII, registrable)."""
    intake.configure('[limits]\ncases_per_domain_per_day = 2\n[trust]\nauthserv_id = "mx.example.test"')
    for domain, spellings in (("evil.example", ("evil.example..", "mail.evil.example..", "evil.example..")),
                              ("xn--vil-9la.example", ("évil.example", "xn--vil-9la.example", "ÉVIL.example"))):
        signed = f"dkim=pass header.d={domain}; dmarc=pass header.from={domain}"
        for n, spelled in enumerate(spellings, 1):
            raw = applied(intake, f"a{n}@x.example").replace(b"a%d@x.example" % n, f"a{n}@{spelled}".encode())
            intake.deliver(told(raw, signed), intake.nb)
    out = intake.poll()
    assert "4 classés" in out and "2 en quarantaine" in out, out
    assert {r.from_addr for r in rows(intake) if r.fate == "quarantined"} == {"a3@evil.example..", "a3@évil.example"}


def test_the_tags_of_one_box_of_a_big_provider_share_the_domain_s_cap_on_new_cases(intake):
    """One free account writes from jeanne+1@gmail.com, jeanne+2@gmail.com... (DMARC passes for each): every tag an
    address under its own cases_per_sender_per_day, and a provider's addresses had no domain's cap: a thousand cases
    a day from one account. Its box counts as a domain would; the provider's other people each count alone."""
    intake.configure('[limits]\ncases_per_domain_per_day = 3\n[trust]\nauthserv_id = "mx.example.test"')
    for n in range(4):
        intake.deliver(told(applied(intake, f"mallory+{n}@gmail.com"), "dmarc=pass header.from=gmail.com"),
                       intake.nb)
    for n in range(4):
        intake.deliver(told(applied(intake, f"personne{n}@gmail.com"), "dmarc=pass header.from=gmail.com"), intake.nb)
    out = intake.poll()
    assert "7 classés" in out and "1 en quarantaine" in out, out
    (row,) = [r for r in rows(intake) if r.fate == "quarantined"]
    assert row.from_addr == "mallory+3@gmail.com", row
    assert ("les messages des adresses authentifiées de la boîte mallory@gmail.com (ses variantes en « + » "
            "comprises) ont déjà ouvert 3 dossiers en 24 heures, le plus que les adresses d'une même boîte puissent "
            "ouvrir ensemble") in row.reason, row.reason
