"""The bytes one unauthenticated sender's mail (and one registrable domain's addresses' together) may add to the store
in 24 hours ([limits] bytes_per_sender_per_day, bytes_per_domain_per_day), through the real Dovecot and SMTP server.
Anyone opens a case from an address of a domain without DMARC, then every further message of theirs with files joined
it: its raw bytes and files kept, uncapped, 40 MB a message, until [limits] min_free_bytes stopped all filing (real
applicants' too). Past the budget the message is set aside in the quarantine for staff (nothing lost, nobody written
to, no file kept on the case), who can file it anyway; authenticated mail is never budgeted."""

from __future__ import annotations

import pytest
from sqlmodel import select

from intake.commands import samples
from intake.store.database import session
from intake.store.tables import Inbound, Piece

PHOTO = 200_000  # a JPEG of about 265 kB: each join adds about 0.6 MB (its raw message, base64, and the photo)


def small_limits(intake, limits: str, trust: str = "") -> None:
    """Messages of at most 1 MB, so that budgets of a few MB are valid; `limits`: lines of [limits]."""
    intake.config.write_text("max_message_bytes = 1000000\n" + intake.config.read_text())
    intake.configure(f"[limits]\n{limits}" + (f"\n[trust]\n{trust}" if trust else ""))


def photos(intake, sender: str, n: int, reference: str = "", auth: str = "") -> bytes:
    subject = f"Re: [{reference}] photos {n}" if reference else f"Candidature photos {n}"
    raw = samples.email(sender=f"Expéditeur <{sender}>", to=[intake.nb], subject=subject,
                        attachments=[(f"photo-{n}.jpg", samples.jpeg(PHOTO, seed=n), "image/jpeg")])
    return f"Authentication-Results: mx.example.test; {auth}\r\n".encode() + raw if auth else raw


def rows(intake) -> list[Inbound]:
    with session(intake.app().engine) as s:
        return list(s.exec(select(Inbound).order_by(Inbound.uid)))


def piece_count(intake) -> int:
    with session(intake.app().engine) as s:
        return len(list(s.exec(select(Piece))))


@pytest.mark.both_databases  # the new columns, their sum and index: both dialects
def test_joining_one_s_own_case_past_the_day_s_byte_budget_is_set_aside_and_its_files_not_kept(intake):
    small_limits(intake, "bytes_per_sender_per_day = 1000000")
    intake.deliver(intake.application(sender="Mallory <mallory@piege.example>", pieces=("dossier",)), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    sent = len(intake.sent())
    for n in range(4):
        intake.deliver(photos(intake, "mallory@piege.example", n, case["reference"]), intake.nb)
    out = intake.poll()
    assert "2 classés" in out and "2 en quarantaine" in out, out
    set_aside = [r for r in rows(intake) if r.fate == "quarantined"]
    assert len(set_aside) == 2 and all(
        "les messages non authentifiés de mallory@piege.example ont déjà ajouté" in r.reason
        and "[limits] bytes_per_sender_per_day = 1000000" in r.reason and case["reference"] in r.reason
        for r in set_aside), [r.reason for r in set_aside]
    assert piece_count(intake) == 3  # the dossier and two photos: the others' files are not on the case
    assert len(intake.sent()) <= sent + 2  # the joins filed may be answered; nothing more for the ones set aside
    assert not any("photos 2" in str(m["Subject"]) or "photos 3" in str(m["Subject"]) for m in intake.sent())
    code, listed = intake.cli("quarantine", "list")  # staff see them, in their words
    assert code == 0 and "mallory@piege.example" in listed and "[limits]" not in listed, listed
    code, digest = intake.cli("digest", "--preview")  # and in the day's digest
    assert code == 0 and "mallory@piege.example" in digest and "volume de fichiers" in digest, digest
    assert "[limits]" not in digest, digest
    code, out = intake.cli("quarantine", "file-anyway", str(set_aside[0].id))  # a real applicant: filed anyway
    assert code == 0 and "classé" in out, out
    assert piece_count(intake) == 4


def test_a_domain_s_addresses_share_a_budget_and_authenticated_mail_is_never_budgeted(intake):
    small_limits(intake, "bytes_per_sender_per_day = 5000000\nbytes_per_domain_per_day = 1000000",
                 'authserv_id = "mx.example.test"')
    intake.deliver(intake.application(sender="A1 <a1@piege.example>", pieces=("dossier",)), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    for n in range(2):
        intake.deliver(photos(intake, "a1@piege.example", n, case["reference"]), intake.nb)
    intake.deliver(intake.application(sender="A2 <a2@mail.piege.example>", subject="Autre projet"), intake.nb)
    # the association's own signed mail: authenticated, never budgeted
    for n in range(3):
        intake.deliver(photos(intake, "contact@asso.example", 10 + n, auth="dmarc=pass header.from=asso.example"),
                       intake.nb)
    intake.poll()
    fates = {(r.from_addr, r.fate) for r in rows(intake)}
    assert ("a2@mail.piege.example", "quarantined") in fates, fates
    (row,) = [r for r in rows(intake) if r.fate == "quarantined" and r.from_addr == "a2@mail.piege.example"]
    assert ("les messages non authentifiés des adresses du domaine piege.example ont déjà ajouté" in row.reason
            and "[limits] bytes_per_domain_per_day = 1000000" in row.reason), row.reason
    assert not any(r.from_addr == "contact@asso.example" and r.fate != "filed" for r in rows(intake)), fates
    assert all(r.stored_bytes == 0 for r in rows(intake) if r.from_addr == "contact@asso.example")


def test_forged_senders_of_many_domains_share_one_budget_authenticated_applicants_are_still_filed(intake):
    """Addresses made up on as many domains without DMARC (anyone's: no need to own them) each had their own budgets,
    and together filled the disk until min_free_bytes stopped all filing, authenticated applicants' too."""
    small_limits(intake, "bytes_per_sender_per_day = 5000000\nbytes_per_domain_per_day = 5000000\n"
                         "unauthenticated_bytes_per_day = 1000000", 'authserv_id = "mx.example.test"')
    for n in range(4):
        intake.deliver(photos(intake, f"x@domaine{n}.example", n), intake.nb)
    intake.deliver(photos(intake, "contact@asso.example", 9, auth="dmarc=pass header.from=asso.example"), intake.nb)
    out = intake.poll()
    assert "3 classés" in out and "2 en quarantaine" in out, out
    got = {r.from_addr: r for r in rows(intake)}
    assert [got[f"x@domaine{n}.example"].fate for n in range(4)] == ["filed", "filed", "quarantined", "quarantined"]
    assert "les messages non authentifiés de tous les expéditeurs ont déjà ajouté" in got["x@domaine2.example"].reason
    assert got["contact@asso.example"].fate == "filed"


@pytest.mark.both_databases  # the new column, its sum by index: both dialects
def test_an_authenticated_sender_joining_their_own_case_past_the_day_s_budget_is_set_aside_too(intake):
    """A free webmail account passes DMARC, a one-euro domain passes SPF: an authenticated sender joining their own
    case again and again with 40 MB messages was never budgeted, and filled the disk until min_free_bytes stopped all
    filing. Every sender's mail has a budget too ([limits] bytes_per_authenticated_sender_per_day), generous."""
    small_limits(intake, "bytes_per_authenticated_sender_per_day = 1000000", 'authserv_id = "mx.example.test"')
    signed = "dmarc=pass header.from=piege.example"
    raw = intake.application(sender="Mallory <mallory@piege.example>", pieces=("dossier",))
    intake.deliver(f"Authentication-Results: mx.example.test; {signed}\r\n".encode() + raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    for n in range(4):
        intake.deliver(photos(intake, "mallory@piege.example", n, case["reference"], auth=signed), intake.nb)
    out = intake.poll()
    assert "2 classés" in out and "2 en quarantaine" in out, out
    set_aside = [r for r in rows(intake) if r.fate == "quarantined"]
    assert len(set_aside) == 2 and all(
        "les messages de mallory@piege.example ont déjà ajouté" in r.reason
        and "[limits] bytes_per_authenticated_sender_per_day = 1000000" in r.reason and case["reference"] in r.reason
        for r in set_aside), [r.reason for r in set_aside]
    assert all(r.stored_bytes == 0 for r in rows(intake))  # not counted against the unauthenticated budgets
    assert piece_count(intake) == 3  # the dossier and two photos: the others' files are not on the case
    code, digest = intake.cli("digest", "--preview")  # staff see them in the day's digest, in their words
    assert code == 0 and "mallory@piege.example" in digest and "même authentifié" in digest, digest
    assert "[limits]" not in digest, digest
    code, out = intake.cli("quarantine", "file-anyway", str(set_aside[0].id))  # a real applicant: filed anyway
    assert code == 0 and "classé" in out, out
    assert piece_count(intake) == 4


@pytest.mark.both_databases  # the domain recorded for authenticated mail, its sum by the covering index: both dialects
def test_the_addresses_of_one_signed_domain_share_a_budget_a_big_provider_s_addresses_each_count_alone(intake):
    """Whoever owns a one-euro domain with DMARC p=reject (every address of it passes) wrote from as many made-up
    addresses as they liked, each under its own budget of every mail ([limits] bytes_per_authenticated_sender_per_day),
    until min_free_bytes stopped all filing. Its addresses' authenticated mail shares one budget
    ([limits] bytes_per_authenticated_domain_per_day); a big provider's addresses are each one person, never one."""
    small_limits(intake, "bytes_per_authenticated_sender_per_day = 5000000\n"
                         "bytes_per_authenticated_domain_per_day = 1000000", 'authserv_id = "mx.example.test"')
    for n in range(4):  # a1@piege.example, a2@mail.piege.example...: one registrable domain
        where = "piege.example" if n % 2 else "mail.piege.example"
        intake.deliver(photos(intake, f"a{n}@{where}", n, auth=f"dmarc=pass header.from={where}"), intake.nb)
    for n in range(4):  # four people of a big mail provider: each has only their own budget
        intake.deliver(photos(intake, f"p{n}@gmail.com", 10 + n, auth="dmarc=pass header.from=gmail.com"), intake.nb)
    for n in range(4):  # one of them, from tags of their box: one budget (a tag, an address: a budget each)
        intake.deliver(photos(intake, f"p.0+{n}@gmail.com", 20 + n, auth="dmarc=pass header.from=gmail.com"),
                       intake.nb)
    out = intake.poll()
    assert "7 classés" in out and "5 en quarantaine" in out, out
    got = {r.from_addr: r for r in rows(intake)}
    assert [got[f"a{n}@{'piege.example' if n % 2 else 'mail.piege.example'}"].fate for n in range(4)] \
        == ["filed", "filed", "quarantined", "quarantined"], got
    reason = got["a2@mail.piege.example"].reason
    assert ("les messages authentifiés des adresses du domaine piege.example ont déjà ajouté" in reason
            and "[limits] bytes_per_authenticated_domain_per_day = 1000000" in reason), reason
    assert all(got[f"p{n}@gmail.com"].fate == "filed" for n in range(4))
    assert [got[f"p.0+{n}@gmail.com"].fate for n in range(4)] == ["filed"] + ["quarantined"] * 3  # after p0's
    assert "les messages authentifiés des adresses de la boîte p0@gmail.com" in got["p.0+1@gmail.com"].reason
    assert all(r.stored_bytes == 0 for r in rows(intake))  # not counted against the unauthenticated budgets
    assert {r.stored_domain for r in rows(intake) if r.fate == "filed"} == {"piege.example", *(
        f"p{n}@gmail.com" for n in range(4))}
    code, digest = intake.cli("digest", "--preview")  # staff see them in the day's digest, the domain named
    assert code == 0 and "par domaine d'expéditeur authentifié (piege.example)" in digest, digest
    assert "[limits]" not in digest, digest
    code, out = intake.cli("quarantine", "file-anyway", str(got["a2@mail.piege.example"].id))  # a real applicant
    assert code == 0 and "classé" in out, out


def test_the_free_subdomains_of_a_dynamic_dns_service_count_as_one_domain(intake):
    """The Public Suffix List's private part makes each name of a free dynamic DNS service a registrable domain of its
    own (x1.duckdns.org, x2.dedyn.io...): anyone makes one in a minute, at no cost, and writes its SPF record, so that
    their mail passes; each had its own budget of a domain's authenticated mail, and its own cap on new cases. The
    limits count them under the service's domain (the list's ICANN part), as a one-euro domain's addresses."""
    small_limits(intake, "bytes_per_authenticated_sender_per_day = 5000000\n"
                         "bytes_per_authenticated_domain_per_day = 1000000", 'authserv_id = "mx.example.test"')
    for n in range(4):
        where = f"x{n}.duckdns.org"
        intake.deliver(photos(intake, f"a@{where}", n, auth=f"spf=pass smtp.mailfrom={where}"), intake.nb)
    out = intake.poll()
    assert "2 classés" in out and "2 en quarantaine" in out, out
    got = {r.from_addr: r for r in rows(intake)}
    assert [got[f"a@x{n}.duckdns.org"].fate for n in range(4)] == ["filed", "filed", "quarantined", "quarantined"]
    assert "des adresses du domaine duckdns.org ont déjà ajouté" in got["a@x2.duckdns.org"].reason
