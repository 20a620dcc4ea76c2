"""The cap on cases the addresses of one domain open together in 24 hours ([limits] cases_per_domain_per_day,
core/decide.py `capped`, core/sender_domain.py): whoever owns a catch-all domain writes from a1@, a2@... each under
its own [limits] cases_per_sender_per_day; past the domain's cap, a message that would open a case is set aside for
staff as past the sender's. Not the big mail providers' domains ([limits] shared_mail_domains), nor the town's."""

import pytest
from test_decide import COURRIER, DOSSIER, mail, run

from intake.adapters.psl import org_domain
from intake.config.sections import shared_mail_domains
from intake.config.validator import Validator
from intake.core.arrival import OVER_LIMITS
from intake.core.decide import DOMAIN_CAP, ROBOT_CAP, set_aside_by_cap
from intake.core.labels import plain
from intake.core.sender_domain import SHARED_MAIL_DOMAINS, counted_domain, domain_of_address
from intake.core.statuses import FILED, QUARANTINED
from intake.core.thread import CaseView, Clues
from intake.core.trust import FAIL, SenderCheck
from intake.errors import ConfigError

SHARED = frozenset(SHARED_MAIL_DOMAINS)
TOWN = frozenset({"ville-bethune.fr"})
ROOM = dict(cases_opened=0, cases_cap=5, domain="evil.example", domain_cap=10)


def counted(address: str, shared=SHARED, town=TOWN) -> str:
    return counted_domain(address, org_domain(address.rpartition("@")[2]), shared, town)


def test_the_addresses_of_one_registrable_domain_count_together():
    assert counted("a1@evil.example") == counted("a2@sub.evil.example") == counted("A3@Mail.Evil.Example") \
        == "evil.example"
    assert counted("jeanne@asso.co.uk") == "asso.co.uk"  # a public suffix of two labels: the name under it
    assert counted("x@notevil.example") == "notevil.example"  # never a domain that merely ends alike


def test_a_big_mail_provider_s_addresses_each_count_alone_and_the_town_s_too():
    for address in ("jeanne@gmail.com", "paul@orange.fr", "x@hotmail.fr", "y@laposte.net", "z@proton.me",
                    "w@free.fr", "v@icloud.com", "u@smtp.orange.fr"):
        assert counted(address) == "", address
    assert counted("agent@ville-bethune.fr") == counted("agent@mail.ville-bethune.fr") == ""
    assert counted("x@gmail.com", shared=frozenset()) == "gmail.com"  # the admin's list decides
    assert counted("x@mon-fai.example", shared=frozenset({"mon-fai.example"})) == ""
    assert counted("") == counted("no-domain") == ""


def test_forged_addresses_of_a_mail_provider_or_of_the_town_count_together():
    """The town's server says forged: made-up x1@gmail.com, x2@gmail.com... are one sender's, not thousands."""
    for address, domain in (("x1@gmail.com", "gmail.com"), ("x@smtp.orange.fr", "orange.fr"),
                            ("agent@mail.ville-bethune.fr", "ville-bethune.fr")):
        assert counted_domain(address, org_domain(address.rpartition("@")[2]), SHARED, TOWN, forged=True) == domain


def test_under_the_domain_s_cap_a_new_address_of_it_opens_a_case():
    assert run(mail(attachments=(DOSSIER,), sender="a10@evil.example"), domain_opened=9, **ROOM).fate == FILED


def test_past_the_domain_s_cap_a_new_address_of_it_is_set_aside_as_past_a_sender_s():
    d = run(mail(attachments=(DOSSIER,), sender="a11@evil.example"), domain_opened=10, **ROOM)
    assert d.fate == QUARANTINED and d.mail is None and d.reason.startswith(OVER_LIMITS)
    assert "a11@evil.example" in d.reason and "domaine evil.example" in d.reason and "10 dossiers" in d.reason
    assert f"{DOMAIN_CAP} = 10" in d.reason and "malgré les limites" in d.reason  # staff may file it anyway
    assert set_aside_by_cap(d.reason)  # one line of the digest with the sender's cap
    assert not any(type(e).__name__ == "OpenCase" for e in d.effects)
    said = plain(d.reason)
    assert "[limits]" not in said and "nouveaux dossiers des adresses d'un même domaine" in said, said


def test_past_the_domain_s_cap_pieces_still_join_their_case_and_a_staff_forward_is_filed():
    case = CaseView(id=3, reference="BSC-2026-0003", status="incomplete", applicant="a1@evil.example",
                    kinds=frozenset({"dossier"}))
    assert run(mail(attachments=(COURRIER,), sender="a1@evil.example"), clues=Clues(open_of_sender=(case,)),
               domain_opened=99, **ROOM).case == case
    assert run(mail(sender="a12@evil.example"), domain_opened=99, forwarded_by="n.bataillon@ville-bethune.fr",
               forward_evidence="dmarc=pass", **ROOM).fate == FILED


def test_no_domain_cap_for_a_domain_not_counted_nor_when_staff_file_anyway():
    assert run(mail(sender="a@gmail.com"), domain_opened=500, **{**ROOM, "domain": ""}).fate == FILED
    assert run(mail(sender="a@evil.example"), domain_opened=500, **{**ROOM, "cases_cap": 0}).fate == FILED
    assert run(mail(sender="a@evil.example"), domain_opened=500, **{**ROOM, "domain_cap": 0}).fate == FILED


def test_a_form_s_mail_budgeted_per_applicant_is_bounded_by_its_own_caps_not_the_domain_s():
    form = mail(attachments=(DOSSIER,), sender="wordpress@evil.example",
                headers={"Reply-To": "Visiteur <porteur@asso.example>"})
    assert run(form, robot_named="porteur@asso.example", robot_cap=30, domain_opened=29, **ROOM).fate == FILED
    assert run(form, robot_named="porteur@asso.example", robot_cap=30, domain_opened=99, automatic=frozenset(
        {"wordpress@evil.example"}), **ROOM).fate == FILED  # the town's own form ([trust] automatic_senders)


def test_a_catch_all_s_addresses_marked_automatic_share_the_domain_s_cap_all_the_same():
    """Any mail saying « Auto-Submitted: auto-generated » with a Reply-To was an automatic sender's budgeted per
    applicant named, and skipped the domain's cap: a catch-all's owner wrote so from a1@, a2@... a1000@, each
    address opening [limits] cases_per_robot_per_day cases (30). The addresses of one domain that are not the
    town's declared automatic senders open together at most that many (a real form platform's one address keeps its
    own cap, above the domain's)."""
    flood = mail(attachments=(DOSSIER,), sender="a999@evil.example",
                 headers={"Reply-To": "Visiteur <porteur@asso.example>", "Auto-Submitted": "auto-generated"})
    d = run(flood, robot_named="porteur@asso.example", robot_cap=30, domain_opened=30, **ROOM)
    assert d.fate == QUARANTINED and "domaine evil.example" in d.reason and "30 dossiers" in d.reason, d.reason
    assert ROBOT_CAP in d.reason and set_aside_by_cap(d.reason), d.reason


def test_an_unauthenticated_sender_s_reason_says_so():
    d = run(mail(attachments=(DOSSIER,), sender="a1@evil.example"), domain_opened=10,
            sender=SenderCheck(FAIL, "mx.ville-bethune.fr : dmarc=fail header.from=evil.example"), **ROOM)
    assert d.fate == QUARANTINED and "non authentifié" in d.reason and DOMAIN_CAP in d.reason


def test_the_admin_s_list_of_shared_domains_replaces_the_default_and_a_bad_entry_is_named_with_its_fix():
    v = Validator("/etc/intake/config.toml")
    assert shared_mail_domains(v, {}) == SHARED
    assert shared_mail_domains(v, {"shared_mail_domains": ["Orange.fr", "mon-fai.example"]}) == \
        {"orange.fr", "mon-fai.example"}
    for written, said in ((["@orange.fr"], '"orange.fr"'), (["*.orange.fr"], '"orange.fr"'),
                          (["https://gmail.com/"], "n'est pas un nom de domaine"), ("gmail.com", '["gmail.com"]'),
                          (["gmail.com", "GMAIL.com"], "deux fois"), ([3], "une liste de domaines")):
        with pytest.raises(ConfigError) as err:
            shared_mail_domains(v, {"shared_mail_domains": written})
        assert "/etc/intake/config.toml" in str(err.value) and "limits.shared_mail_domains" in str(err.value)
        assert said in str(err.value), (written, str(err.value))


def test_the_example_and_the_readme_list_the_default_shared_domains():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    example = " ".join((root / "config.example.toml").read_text(encoding="utf-8").replace("#", " ").split())
    listed = example[example.index("default list ([] : none), which is: "):].split(". To add one")[0]
    assert re.findall(r"[a-z0-9.-]+\.[a-z]+", listed.split("which is: ")[1]) == list(SHARED_MAIL_DOMAINS)
    readme = (root / "README.md").read_text(encoding="utf-8")
    said = " ".join(readme[readme.index("Par défaut : gmail.com"):].split(". Écrite, la clé")[0].split())
    assert re.findall(r"[a-z0-9.-]+\.[a-z]+", said.removeprefix("Par défaut : ")) == list(SHARED_MAIL_DOMAINS)


@pytest.mark.parametrize("address", ["a@évil.example", "a@ÉVIL.example", "a@xn--vil-9la.example",
                                     "a@XN--VIL-9LA.example..", "a@e\u0301vil.example"])
def test_one_domain_s_spellings_are_one_domain(address):
    """Each spelling of a domain was a domain of its own: a catch-all's owner opened the cap's cases in each."""
    assert domain_of_address(address) == "xn--vil-9la.example"
