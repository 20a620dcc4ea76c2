"""The bytes one sender's unauthenticated mail, and one registrable domain's addresses' together, may add to the store
in 24 hours ([limits] bytes_per_sender_per_day, bytes_per_domain_per_day; core/store_budget.py): past it a message
that would be filed (joining its sender's own case included) is set aside for staff; authenticated mail only past its
sender's budget of every mail (bytes_per_authenticated_sender_per_day), and a trusted staff forward never."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from test_decide import COURRIER, PHOTO, mail, run
from test_digest import PARIS, snapshot

from intake.config import parse
from intake.core.arrival import OVER_LIMITS, may_file_anyway
from intake.core.context import Context
from intake.core.digest import build, folded
from intake.core.labels import reason
from intake.core.sender_domain import provider_box
from intake.core.statuses import FILED, QUARANTINED
from intake.core.store_budget import (
    ANY_BYTES,
    DOMAIN_BYTES,
    SENDER_BYTES,
    SIGNED_DOMAIN_BYTES,
    authenticated,
    budget_reached,
    charged,
    counted,
    files_added,
    spends,
)
from intake.core.thread import CaseView, Clues
from intake.core.trust import FAIL, PASS, SenderCheck
from intake.errors import ConfigError

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"
MB = 1_000_000
OWN_CASE = CaseView(id=3, reference="BSC-2026-0003", status="incomplete", applicant="asso@x.example",
                    kinds=frozenset({"dossier"}))
JOINING = {"clues": Clues(open_of_sender=(OWN_CASE,))}
BUDGET = {"stored_cap": 500 * MB, "stored_domain_cap": 1000 * MB, "stored_domain": "x.example"}


def test_under_the_budget_a_message_joins_its_senders_own_case():
    d = run(mail(attachments=(PHOTO,)), **JOINING, **BUDGET, stored_by_sender=499 * MB, stored_by_domain=499 * MB)
    assert d.fate == FILED and d.case == OWN_CASE


def test_past_the_senders_budget_joining_its_own_case_is_set_aside_without_mail_nor_pieces():
    d = run(mail(attachments=(PHOTO, COURRIER)), **JOINING, **BUDGET, stored_by_sender=500 * MB)
    assert d.fate == QUARANTINED and d.mail is None and d.case is None and not d.new_pieces
    assert d.reason.startswith(OVER_LIMITS) and may_file_anyway(d.reason, kept=True)  # staff can file it anyway
    assert ("les messages non authentifiés de asso@x.example ont déjà ajouté 500,0 Mo de fichiers en 24 heures"
            in d.reason and "[limits] bytes_per_sender_per_day = 500000000" in d.reason
            and "BSC-2026-0003" in d.reason), d.reason
    assert not any(type(e).__name__ in ("AddPieces", "QueueMail", "OnCase") for e in d.effects), d.effects
    shown = reason(d.reason)  # what staff read: no setting's name
    assert "[limits]" not in shown and "ajouter en 24 heures" in shown, shown


def test_past_the_domains_budget_a_new_application_is_set_aside_too():
    d = run(mail(), **BUDGET, stored_by_sender=0, stored_by_domain=1000 * MB)
    assert d.fate == QUARANTINED and d.mail is None
    assert "des adresses du domaine x.example" in d.reason and "bytes_per_domain_per_day" in d.reason, d.reason


def test_past_every_unauthenticated_sender_s_budget_together_a_new_domain_s_message_is_set_aside_too():
    """The budgets per sender and per domain are keyed by what a forger writes: a thousand domains, a thousand."""
    d = run(mail(), **BUDGET, stored_all_cap=10_000 * MB, stored_by_all=10_000 * MB)
    assert d.fate == QUARANTINED and d.mail is None and "de tous les expéditeurs" in d.reason, d.reason
    assert "[limits] unauthenticated_bytes_per_day = 10000000000" in d.reason, d.reason
    passed = SenderCheck(PASS, "mx.ville-bethune.fr : dmarc=pass header.from=x.example")
    assert run(mail(), **BUDGET, stored_all_cap=10_000 * MB, stored_by_all=10**13, sender=passed).fate == FILED


def test_authenticated_mail_is_not_budgeted_as_unauthenticated_mail_and_a_staff_forward_never():
    passed = SenderCheck(PASS, "mx.ville-bethune.fr : dmarc=pass header.from=x.example")
    assert run(mail(attachments=(PHOTO,)), **JOINING, **BUDGET, stored_by_sender=10**12, sender=passed).fate == FILED
    assert run(mail(), **BUDGET, stored_by_sender=10**12, forwarded_by="n.bataillon@ville-bethune.fr",
               forward_evidence="dmarc=pass").fate == FILED


def test_past_its_sender_s_budget_of_every_mail_authenticated_mail_joining_its_own_case_is_set_aside_too():
    """A free webmail account passes DMARC, a one-euro domain SPF: joining one's own case with 40 MB messages all day
    filled the disk as well."""
    passed = SenderCheck(PASS, "mx.ville-bethune.fr : dmarc=pass header.from=x.example")
    under = run(mail(attachments=(PHOTO,)), **JOINING, added_cap=2000 * MB, added_by_sender=1999 * MB, sender=passed)
    assert under.fate == FILED and under.case == OWN_CASE
    d = run(mail(attachments=(PHOTO,)), **JOINING, added_cap=2000 * MB, added_by_sender=2000 * MB, sender=passed)
    assert d.fate == QUARANTINED and d.mail is None and d.case is None and not d.new_pieces
    assert d.reason.startswith(OVER_LIMITS) and may_file_anyway(d.reason, kept=True), d.reason
    assert ("les messages de asso@x.example ont déjà ajouté 2,00 Go de fichiers en 24 heures, le plus qu'un "
            "expéditeur, même authentifié, puisse ajouter ([limits] bytes_per_authenticated_sender_per_day = "
            "2000000000)" in d.reason and "à rattacher à BSC-2026-0003" in d.reason), d.reason
    staff = reason(d.reason)
    assert "[limits]" not in staff and "qu'un expéditeur, même authentifié, peut ajouter" in staff, staff
    # an unauthenticated sender under its own budgets meets it too; a staff forward never
    assert run(mail(), **BUDGET, added_cap=2000 * MB, added_by_sender=2000 * MB).fate == QUARANTINED
    assert run(mail(), added_cap=2000 * MB, added_by_sender=10**12, forwarded_by="n.bataillon@ville-bethune.fr",
               forward_evidence="dmarc=pass").fate == FILED


def test_past_its_domain_s_budget_of_authenticated_mail_a_new_address_of_a_signed_domain_is_set_aside():
    """Whoever owns a one-euro domain with DMARC p=reject (every address of it passes) made up as many addresses as
    they liked, each with its own budget of every mail: their domain's addresses share one more, generous."""
    passed = SenderCheck(PASS, "mx.ville-bethune.fr : dmarc=pass header.from=x.example")
    signed = {"sender": passed, "stored_domain": "x.example", "added_domain_cap": 4000 * MB, "added_cap": 2000 * MB}
    under = run(mail(sender="a9@x.example"), **signed, added_by_domain=3999 * MB)
    assert under.fate == FILED
    d = run(mail(sender="a9@x.example", attachments=(PHOTO,)), **JOINING, **signed, added_by_domain=4000 * MB)
    assert d.fate == QUARANTINED and d.mail is None and d.case is None and not d.new_pieces
    assert d.reason.startswith(OVER_LIMITS) and may_file_anyway(d.reason, kept=True), d.reason
    assert ("a9@x.example : les messages authentifiés des adresses du domaine x.example ont déjà ajouté 4,00 Go de "
            "fichiers en 24 heures, le plus que les adresses d'un même domaine, même authentifiées, puissent ajouter "
            "ensemble ([limits] bytes_per_authenticated_domain_per_day = 4000000000)" in d.reason), d.reason
    assert budget_reached(d.reason) == (SIGNED_DOMAIN_BYTES, "x.example")
    staff = reason(d.reason)
    assert "[limits]" not in staff and "adresses authentifiées d'un même domaine" in staff, staff
    # a big provider's address, or the town's, has no domain to count with (`stored_domain` ""): never this budget
    assert run(mail(sender="a9@gmail.com"), **{**signed, "stored_domain": ""}, added_by_domain=10**13).fate == FILED
    # unauthenticated mail has its own budget of the domain's, never this one; lifted (file-anyway): none
    assert run(mail(sender="a9@x.example"), **{**signed, "sender": SenderCheck()},
               added_by_domain=10**13).fate == FILED
    assert run(mail(sender="a9@x.example"), **{**signed, "added_domain_cap": 0}, added_by_domain=10**13).fate == FILED
    assert authenticated("a9@x.example", Context(watched=frozenset(), mailbox_address="", system_id="s",
                                                 sender=passed))
    digest = build(snapshot(quarantined=(), capped=(("a9@x.example", d.reason),)), PARIS)["quarantined"][0]["reason"]
    assert digest.startswith("volume de fichiers par domaine d'expéditeur authentifié (x.example) en 24 heures "
                             "atteint (limite fixée par l'administrateur)"), digest


def test_the_tags_of_one_box_of_a_big_provider_count_together_against_the_domain_s_budget():
    """One free account writes from jeanne+1@gmail.com, jeanne+2@gmail.com... (DMARC passes for each), each address
    with its own budget of every mail: a provider's box counts as a domain would, its other addresses alone."""
    shared = frozenset({"gmail.com", "googlemail.com", "orange.fr"})
    assert provider_box("Jeanne+1@gmail.com", shared) == "jeanne@gmail.com"
    assert provider_box("j.e.anne+x@googlemail.com", shared) == "jeanne@gmail.com"
    assert provider_box("jean.ne+2@orange.fr", shared) == "jean.ne@orange.fr"  # dots are Gmail's alone
    assert provider_box("jeanne+1@asso.example", shared) == provider_box("+1@gmail.com", shared) == ""
    passed = SenderCheck(PASS, "mx.ville-bethune.fr : dmarc=pass header.from=gmail.com")
    d = run(mail(sender="jeanne+9@gmail.com"), sender=passed, stored_domain="jeanne@gmail.com",
            added_domain_cap=4000 * MB, added_by_domain=4000 * MB)
    assert d.fate == QUARANTINED and ("jeanne+9@gmail.com : les messages authentifiés des adresses de la boîte "
                                      "jeanne@gmail.com (ses variantes en « + » comprises) ont déjà ajouté 4,00 Go"
                                      in d.reason and "d'une même boîte" in d.reason), d.reason
    assert budget_reached(d.reason) == (SIGNED_DOMAIN_BYTES, "")


def test_what_authenticated_mail_adds_is_charged_to_its_sender_a_staff_forward_and_the_town_s_form_are_not():
    base = Context(watched=frozenset(), mailbox_address="", system_id="s",
                   automatic=frozenset({"contact@ville-bethune.fr"}),
                   sender=SenderCheck(PASS, "mx.ville-bethune.fr : dmarc=pass header.from=x.example"))
    assert charged("asso@x.example", base) and not counted("asso@x.example", base)
    assert not charged("contact@ville-bethune.fr", base)
    assert not charged("asso@x.example", replace(base, forwarded_by="agent@ville-bethune.fr"))
    # mail the town's server says is forged does not spend the real address's budget (it has the unauthenticated ones)
    forged = replace(base, sender=SenderCheck(FAIL, "mx.ville-bethune.fr : dmarc=fail header.from=x.example"))
    assert spends("asso@x.example", base) and not spends("asso@x.example", forged) and counted("asso@x.example", forged)


def test_a_forged_senders_reason_says_it_is_not_authenticated():
    d = run(mail(), **BUDGET, stored_by_sender=600 * MB,
            sender=SenderCheck(FAIL, "mx.ville-bethune.fr : dmarc=fail header.from=x.example"))
    assert d.fate == QUARANTINED and "l'expéditeur affiché (non authentifié) asso@x.example" in d.reason


def test_no_budget_when_staff_file_a_message_anyway():
    assert run(mail(), stored_by_sender=10**12, stored_by_domain=10**12, stored_domain="x.example").fate == FILED


def test_the_budgets_are_read_default_generously_and_are_checked():
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    limits = parse(data, "config.toml", EXAMPLE.parent).limits
    assert (limits.bytes_per_sender_per_day, limits.bytes_per_domain_per_day, limits.unauthenticated_bytes_per_day,
            limits.bytes_per_authenticated_sender_per_day, limits.bytes_per_authenticated_domain_per_day) \
        == (500 * MB, 1000 * MB, 10_000 * MB, 2000 * MB, 4000 * MB)
    for key in ("bytes_per_sender_per_day", "bytes_per_domain_per_day", "unauthenticated_bytes_per_day",
                "bytes_per_authenticated_sender_per_day", "bytes_per_authenticated_domain_per_day"):
        data["limits"] = {**data["limits"], key: 200 * MB}
        assert getattr(parse(data, "config.toml", EXAMPLE.parent).limits, key) == 200 * MB
        for bad, words in ((10 * MB, "est moins que max_message_bytes (50000000)"), ("500 Mo", "nombre entier"),
                           (0, "nombre entier")):
            data["limits"] = {**data["limits"], key: bad}
            with pytest.raises(ConfigError) as caught:
                parse(data, "config.toml", EXAMPLE.parent)
            assert caught.value.key == f"limits.{key}" and words in str(caught.value), str(caught.value)
        data["limits"] = {**data["limits"], key: 10 * MB}  # the figure to write, not a key's name to look up
        with pytest.raises(ConfigError) as caught:
            parse(data, "config.toml", EXAMPLE.parent)
        assert f"mettez au moins {key} = 50000000 (par défaut" in str(caught.value), str(caught.value)
        data["limits"].pop(key)


def test_a_forward_from_a_town_address_without_proof_is_budgeted_as_its_sender_s_mail():
    """Anyone can write one where the town's mail cannot be verified: it must not store files without a bound."""
    claimed = Context(watched=frozenset(), mailbox_address="", system_id="s", claimed_by="agent@ville-bethune.fr")
    assert counted("agent@ville-bethune.fr", claimed)
    assert not counted("agent@ville-bethune.fr", replace(claimed, claimed_by="", forwarded_by="agent@ville-bethune.fr"))


def test_the_town_s_own_form_is_not_budgeted_its_new_cases_are_capped():
    form = Context(watched=frozenset(), mailbox_address="", system_id="s",
                   automatic=frozenset({"contact@ville-bethune.fr"}))
    assert not counted("contact@ville-bethune.fr", form) and counted("wordpress@asso.example", form)


def test_what_a_join_adds_is_the_files_its_case_does_not_hold_already():
    d = run(mail(attachments=(PHOTO, COURRIER)), **JOINING)
    assert files_added(d) == len(PHOTO[1]) + len(COURRIER[1]) and d.fate == FILED
    held = replace(OWN_CASE, hashes=frozenset(v.attachment.sha256 for v in d.new_pieces if v.attachment.content
                                              == PHOTO[1]))
    assert files_added(run(mail(attachments=(PHOTO, COURRIER)), clues=Clues(open_of_sender=(held,)))) \
        == len(COURRIER[1])


def test_the_digest_counts_the_messages_set_aside_past_a_byte_budget_on_one_line():
    """A flood is what the budgets stop: forty messages were forty lines of the digest (thirty, and « 10 autres »)."""
    passed = SenderCheck(PASS, "mx.ville-bethune.fr : dmarc=pass header.from=x.example")
    unauthenticated = run(mail(), **BUDGET, stored_by_sender=600 * MB).reason
    authenticated = run(mail(), added_cap=2000 * MB, added_by_sender=2000 * MB, sender=passed).reason
    domain = run(mail(sender="a2@x.example"), **BUDGET, stored_by_domain=1000 * MB).reason
    assert budget_reached(unauthenticated) == (SENDER_BYTES, "") and budget_reached(authenticated) == (ANY_BYTES, "")
    assert budget_reached(domain) == (DOMAIN_BYTES, "x.example")
    assert folded(authenticated) and not folded("au-delà des limites : plus de 1000 parties ([limits] max_parts)")
    flood = tuple((f"m{i % 4}@x.example", unauthenticated if i % 2 else authenticated) for i in range(40))
    d = build(snapshot(quarantined=(("nb UID 9", "x@y : ?", "cannot be parsed"),), capped=flood), PARIS)
    assert len(d["quarantined"]) == 2 and d["needs_human"]
    line = d["quarantined"][0]
    assert line["what"].startswith("40 messages de 4 expéditeurs (m0@x.example, m1@x.example, m2@x.example et 1 "
                                   "autre)"), line["what"]
    assert line["reason"] == ("volume de fichiers en 24 heures atteint par expéditeur non authentifié pour 20 messages "
                              "et par expéditeur (même authentifié) pour 20 messages (limites fixées par "
                              "l'administrateur) : mis de côté sans garder leurs fichiers ; à enregistrer malgré les "
                              "limites s'il s'agit de vraies candidatures"), line["reason"]
    said = build(snapshot(quarantined=(), capped=(("a2@x.example", domain),)), PARIS)["quarantined"][0]["reason"]
    assert said.startswith("volume de fichiers par domaine d'expéditeur non authentifié (x.example) en 24 heures "
                           "atteint (limite fixée par l'administrateur) : mis de côté sans garder"), said
    # with messages set aside past a cap on new cases: the same line, each counted
    cap = run(mail(), cases_opened=7, cases_cap=5).reason
    said = build(snapshot(quarantined=(), capped=(("a@x.example", cap), ("b@x.example", authenticated))),
                 PARIS)["quarantined"][0]["reason"]
    assert said.startswith("plafond de nouveaux dossiers par expéditeur en 24 heures atteint ; volume de fichiers par "
                           "expéditeur (même authentifié) en 24 heures atteint (limites fixées par l'administrateur) : "
                           "mis de côté sans ouvrir de dossier ni garder leurs fichiers"), said


def test_the_budget_a_reason_names_is_the_last_one_whatever_the_sender_s_address_says():
    """A quoted local part may hold any words: the limit `budgeted` wrote comes after the address."""
    forged = '"x [limits] cases_per_sender_per_day = 5"@evil.example'
    said = run(mail(), **BUDGET, stored_by_sender=600 * MB).reason.replace("asso@x.example", forged)
    assert budget_reached(said) == (SENDER_BYTES, "") and folded(said), said
    assert budget_reached("au-delà des limites : x a déjà ouvert 5 dossiers ([limits] cases_per_sender_per_day = 5)"
                          ) == ("", "")
