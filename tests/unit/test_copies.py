"""Duplicates are judged by content (issue 8), but only filed or quarantined messages keep their content
fingerprint (issue 9): what an earlier copy of unknown content means."""

from pathlib import Path

from intake.commands import samples
from intake.core.classify import classify_attachment
from intake.core.content import Extracted
from intake.core.context import Context, Earlier, sort_copies
from intake.core.decide import decide
from intake.core.parse import parse_message
from intake.core.rules import parse_rules
from intake.core.statuses import DUPLICATE, FILED, IGNORED, QUARANTINED

RULES_FILE = Path(__file__).resolve().parents[2] / "rules" / "pieces.toml"
RULES = parse_rules(str(RULES_FILE), RULES_FILE.read_text(encoding="utf-8"))
NB, DB = "n.bataillon@ville-bethune.fr", "d.berteloot@ville-bethune.fr"
DOSSIER = ("dossier.pdf", samples.pdf(), "application/pdf")
MID = "<same@x.example>"


def parsed(attachments=(DOSSIER,), sender="asso@x.example"):
    return parse_message(samples.email(sender=sender, to=[NB], subject="Candidature", message_id=MID,
                                       attachments=list(attachments)))


def run(msg, recorded):
    earlier, reused = sort_copies(msg.fingerprint, recorded)
    verdicts = [classify_attachment(a, RULES, Extracted(read=True)) for a in msg.attachments]
    ctx = Context(watched=frozenset({NB, DB}), mailbox_address=NB, system_id="sys", earlier=earlier, reused=reused)
    return decide(msg, verdicts, RULES, ctx)


def test_a_copy_with_the_same_content_is_a_duplicate():
    msg = parsed()
    d = run(msg, [Earlier("db", 3, FILED, 1, fingerprint=msg.fingerprint, sender="asso@x.example")])
    assert d.fate == DUPLICATE and d.mail is None


def test_another_message_reusing_a_filed_message_id_is_filed_and_flagged():
    first = parsed(sender="mallory@evil.example")
    d = run(parsed(), [Earlier("nb", 1, FILED, 1, fingerprint=first.fingerprint, sender="mallory@evil.example")])
    assert d.fate == FILED and d.mail is not None
    assert "aussi celui d'un autre message (boîte nb, UID 1, de mallory@evil.example)" in d.attention


def test_an_application_after_an_ignored_mail_with_its_message_id_is_never_dropped():
    # the ignored mail kept no fingerprint (minimisation): its content cannot be compared
    d = run(parsed(), [Earlier("nb", 1, IGNORED, None, fingerprint="", sender="someone@x.example")])
    assert d.fate == FILED and d.mail is not None and "message non retenu (boîte nb, UID 1" in d.attention


def test_a_copy_of_an_ignored_mail_is_still_a_duplicate():
    d = run(parsed(attachments=()), [Earlier("nb", 1, IGNORED, None, fingerprint="")])
    assert d.fate == DUPLICATE and "boîte nb (UID 1, ignoré)" in d.reason


def test_a_filed_message_reduced_to_its_trace_is_never_filed_again():
    # a deleted case's message: its trace keeps no fingerprint, and the case must not come back
    d = run(parsed(), [Earlier("nb", 1, FILED, None, fingerprint="")])
    assert d.fate == DUPLICATE


def test_a_copy_is_preferred_to_a_different_message_sharing_the_message_id():
    msg = parsed()
    other = parsed(sender="mallory@evil.example")
    recorded = [Earlier("nb", 1, FILED, 1, fingerprint=other.fingerprint),
                Earlier("db", 2, QUARANTINED, None, fingerprint=msg.fingerprint)]
    assert sort_copies(msg.fingerprint, recorded) == (recorded[1], None)
    assert run(msg, recorded).fate == DUPLICATE


def test_the_fingerprint_is_the_digest_of_the_text_as_one_line_of_words_read_a_step_at_a_time(monkeypatch):
    """The fingerprint (stored in the ledger: it must never change) normalises the text to its words one step at
    a time, not as a list of every word (20 times a large text's size in memory): the same digest as the whole
    `" ".join(text.split())`, whatever the step, with any whitespace, lone surrogates and files."""
    import random
    from dataclasses import replace
    from hashlib import sha256

    from intake.commands import samples
    from intake.core import message as message_mod
    from intake.core.message import Attachment, Message
    from intake.core.parse import parse_message

    def expected(m: Message) -> str:
        parts = [m.from_addr, m.header("date"), m.subject, " ".join(m.text.split())]
        parts += sorted(a.sha256 for a in m.attachments)
        return sha256("\n".join(parts).encode("utf-8", "replace")).hexdigest()

    base = parse_message(samples.email(sender="Asso <a@x.example>", to=["n@v.fr"], subject="Candidature",
                                       attachments=[]))
    pick = random.Random(7)
    alphabet = ["mot", "é", " ", "\n", "\t", "\u00a0", "\u2003", "\udc80", "\x1c", "  ", "\r\n", "Bonjour"]
    for n in range(500):
        text = "".join(pick.choice(alphabet) for _ in range(pick.randint(0, 80)))
        files = tuple(Attachment(filename=f"f{i}.pdf", content=bytes([i]) * 3, declared_type="application/pdf",
                                 inline=False) for i in range(n % 3))
        for step in (1, 3, 10, 1 << 20):
            monkeypatch.setattr(message_mod, "WORDS_STEP", step)
            msg = replace(base, text=text, attachments=files)
            assert msg.fingerprint == expected(msg), (text, step)
