"""`files_cannot_matter` (core/decide.py) and `decide` agree: a message it says is decided whatever its files
hold gets the same fate and reason with no verdict at all as with every kind of piece recognised; a message
it says must be read can change with its files. So do `only_copies_matter` and `decide`, on what the
database knows."""

from dataclasses import replace
from pathlib import Path

import pytest

from intake.commands import samples
from intake.core.bounce import SentMail
from intake.core.classify import PIECE, Verdict
from intake.core.context import Budget, Context
from intake.core.decide import decide, files_cannot_matter, only_copies_matter
from intake.core.parse import parse_message
from intake.core.rules import parse_rules
from intake.core.thread import CaseView, Clues

RULES_FILE = Path(__file__).resolve().parents[2] / "rules" / "pieces.toml"
RULES = parse_rules(str(RULES_FILE), RULES_FILE.read_text(encoding="utf-8"))
NB = "n.bataillon@ville-bethune.fr"
WATCHED = frozenset({NB, "d.berteloot@ville-bethune.fr"})
FILES = [("Dossier d'intention.pdf", samples.pdf("Dossier d'intention"), "application/pdf"),
         ("Courrier au Maire.pdf", samples.pdf("Monsieur le Maire"), "application/pdf"),
         ("photo.jpg", samples.jpeg(), "image/jpeg")]


def mail(sender: str, subject: str = "Candidature au label", **kw) -> bytes:
    return samples.email(sender=sender, to=[NB], subject=subject, attachments=FILES, **kw)


DECIDED_WITHOUT_FILES = {
    "newsletter": mail("Lettre <news@media.example>", "Actualités", headers={"List-Id": "<news.media.example>"}),
    "bulk": mail("promo@shop.example", "Promo", headers={"Precedence": "bulk"}),
    "colleague": mail("Agent <agent7@ville-bethune.fr>", "Réunion"),
    "watched address": mail(f"Service <{NB}>", "Note"),
    "our own mail back": mail("x@y.example", "Re", headers={"X-Intake-Loop": "system-1"}),
    "bounce": mail("MAILER-DAEMON@mx.example", "Undelivered Mail Returned to Sender"),
}
READ = {
    "applicant": mail("Asso <contact@asso.example>"),
    "out-of-office": mail("Asso <contact@asso.example>", "Réponse automatique : absent",
                          headers={"Auto-Submitted": "auto-replied"}),
}


def fate(msg, verdicts, forwarded_by="", claimed_by=""):
    ctx = Context(watched=WATCHED, mailbox_address=NB, system_id="system-1", forwarded_by=forwarded_by,
                  claimed_by=claimed_by)
    d = decide(msg, verdicts, RULES, ctx)
    return d.fate, d.reason


def every_kind(msg) -> list[Verdict]:
    kinds = ["dossier", "courrier", "visuels"]
    return [Verdict(attachment=a, outcome=PIECE, kind=kinds[i % 3], detected_type="pdf", evidence="test")
            for i, a in enumerate(msg.attachments)]


@pytest.mark.parametrize("name", sorted(DECIDED_WITHOUT_FILES))
def test_a_message_decided_whatever_its_files_hold_is_not_read_and_its_fate_does_not_change(name):
    msg = parse_message(DECIDED_WITHOUT_FILES[name])
    assert files_cannot_matter(msg, RULES, WATCHED, "system-1"), name
    assert fate(msg, []) == fate(msg, every_kind(msg)), name


@pytest.mark.parametrize("name", sorted(READ))
def test_a_person_s_or_a_robot_s_files_are_read(name):
    msg = parse_message(READ[name])
    assert files_cannot_matter(msg, RULES, WATCHED, "system-1") == "", name
    if name == "applicant":
        assert fate(msg, []) != fate(msg, every_kind(msg))


def test_a_colleague_s_forward_is_read_whether_or_not_it_is_trusted():
    msg = parse_message(DECIDED_WITHOUT_FILES["colleague"])
    assert files_cannot_matter(msg, RULES, WATCHED, "system-1", claimed_by="agent7@ville-bethune.fr") == ""
    assert files_cannot_matter(msg, RULES, WATCHED, "system-1", forwarded_by="agent7@ville-bethune.fr") == ""
    assert fate(msg, [], claimed_by="agent7@ville-bethune.fr") != fate(msg, every_kind(msg),
                                                                      claimed_by="agent7@ville-bethune.fr")


def rich(msg, light: Context) -> Context:
    """`light` with everything else the database can know about the sender: an open case of theirs named by
    the subject and by our mail they answer, mail sent to them, a permanent bounce."""
    case = CaseView(id=7, reference="BSC-2026-007", status="incomplete", applicant=msg.from_addr,
                    kinds=frozenset({"dossier"}), addresses=frozenset({msg.from_addr}))
    full = Budget(sent_to_recipient=50, received_from_sender=50, undeliverable=True, last_key_to_recipient="k")
    return replace(light, clues=Clues(by_reference=(case,), by_headers=(case,), open_of_sender=(case,),
                                      by_our_mail=(case,)),
                   budget=full, budgets={msg.from_addr: full}, mails_24h_by_case={7: 9},
                   our_mails=(SentMail("<ours@intake>", msg.from_addr, 7),))


@pytest.mark.parametrize("name", sorted({**DECIDED_WITHOUT_FILES, **READ}))
def test_mail_decided_whatever_the_database_knows_but_its_copies_needs_no_more_context(name):
    """`only_copies_matter` (pipeline/lookup.py then looks up the message's earlier copies only) agrees with
    `decide`: the same decision, effects included, with an empty context as with a full one."""
    msg = parse_message({**DECIDED_WITHOUT_FILES, **READ}[name])
    light = Context(watched=WATCHED, mailbox_address=NB, system_id="system-1")
    decisions = [decide(msg, every_kind(msg), RULES, ctx) for ctx in (light, rich(msg, light))]
    if only_copies_matter(msg, RULES, WATCHED, "system-1"):
        assert decisions[0] == decisions[1], name
    else:
        assert name in {"bounce", *READ}, name  # a bounce is matched to our mail it reports on
    if name == "applicant":  # what the test would catch: the applicant's mail joins the case it finds
        assert decisions[0].case is None and decisions[1].case is not None


def test_a_colleague_s_forward_needs_the_whole_context():
    msg = parse_message(DECIDED_WITHOUT_FILES["colleague"])
    assert only_copies_matter(msg, RULES, WATCHED, "system-1")
    for who in ({"claimed_by": "agent7@ville-bethune.fr"}, {"forwarded_by": "agent7@ville-bethune.fr"}):
        assert not only_copies_matter(msg, RULES, WATCHED, "system-1", **who)
