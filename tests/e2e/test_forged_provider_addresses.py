"""Mail the town's server says is forged, « from » addresses of a big mail provider (or of the town itself): each such
address counted alone against the caps on new cases and the byte budget ([limits] shared_mail_domains and the town's
own domains are never counted together), so that an outsider writing « from » x1@gmail.com, x2@gmail.com... (gmail.com's
DMARC policy is p=none: the forgeries are delivered, stamped dmarc=fail) opened five review cases a day per made-up
address, each keeping its files: no bound at all. Forged mail of such a domain now counts together, apart from its
real users' mail (authenticated, or not judged), which still counts address by address."""

from __future__ import annotations

import pytest
from sqlmodel import select

from intake.store.database import session
from intake.store.tables import Inbound

FORGED = "spf=softfail smtp.mailfrom=relay.example; dkim=none; dmarc=fail header.from={domain}"
SIGNED = "dkim=pass header.d={domain}; dmarc=pass header.from={domain}"


def told(intake, sender: str, result: str) -> bytes:
    domain = sender.rpartition("@")[2]
    raw = intake.application(sender=f"Candidat <{sender}>", subject=f"Candidature de {sender}", pieces=("dossier",))
    return f"Authentication-Results: mx.example.test; {result.format(domain=domain)}\r\n".encode() + raw


def fates(intake) -> dict[str, str]:
    with session(intake.app().engine) as s:
        return {r.from_addr: r.fate for r in s.exec(select(Inbound))}


def test_forged_addresses_of_a_mail_provider_share_the_domain_s_cap_its_real_users_do_not(intake):
    intake.configure('[limits]\ncases_per_domain_per_day = 3\n[trust]\nauthserv_id = "mx.example.test"')
    for n in range(5):
        intake.deliver(told(intake, f"faux{n}@gmail.com", FORGED), intake.nb)
    for n in range(5):  # real Gmail users: each counts alone, as before
        intake.deliver(told(intake, f"vrai{n}@gmail.com", SIGNED), intake.nb)
    out = intake.poll()
    assert "8 classés" in out and "2 en quarantaine" in out, out
    got = fates(intake)
    assert [got[f"faux{n}@gmail.com"] for n in range(5)] == ["filed"] * 3 + ["quarantined"] * 2, got
    assert all(got[f"vrai{n}@gmail.com"] == "filed" for n in range(5)), got


def test_forged_addresses_of_the_town_share_a_cap_too(intake):
    intake.configure('[limits]\ncases_per_domain_per_day = 2\n[trust]\nauthserv_id = "mx.example.test"')
    town = intake.nb.rpartition("@")[2]
    for n in range(4):
        intake.deliver(told(intake, f"agent{n}@{town}", FORGED), intake.nb)
    out = intake.poll()
    assert "2 classés" in out and "2 en quarantaine" in out, out


@pytest.mark.both_databases  # the day's count of every unauthenticated sender's cases: both dialects
def test_made_up_addresses_of_many_domains_share_one_cap_authenticated_applicants_are_still_filed(intake):
    """Forged addresses on as many domains without DMARC (anyone's: no need to own them) each had the caps of their
    address and domain: a thousand domains, a thousand domains' worth of review cases a day."""
    intake.configure('[limits]\nunauthenticated_cases_per_day = 3\n[trust]\nauthserv_id = "mx.example.test"')
    nobody = "spf=none smtp.mailfrom=relay.example; dkim=none; dmarc=none header.from={domain}"
    for n in range(4):  # forgeries of domains with a DMARC policy: counted apart, they set no one else's aside
        intake.deliver(told(intake, f"y@protege{n}.example", FORGED), intake.nb)
    for n in range(4):
        intake.deliver(told(intake, f"x@domaine{n}.example", nobody), intake.nb)
    intake.deliver(told(intake, "presidente@asso.example", SIGNED), intake.nb)
    out = intake.poll()
    assert "7 classés" in out and "2 en quarantaine" in out, out
    got = fates(intake)
    assert got["y@protege3.example"] == got["x@domaine3.example"] == "quarantined", got
    assert got["presidente@asso.example"] == "filed", got
    code, digest = intake.cli("digest", "--preview")
    assert code == 0 and ("plafond de nouveaux dossiers des expéditeurs non authentifiés ensemble en 24 heures "
                          "atteint") in digest, digest
