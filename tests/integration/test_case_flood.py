"""A flood of messages that each open a case (here a copier's scans, each a review case of its own) stops at
[limits] cases_per_sender_per_day: the rest is set aside in the quarantine with the reason, the digest says so on
one line, and staff file a real one anyway."""

from __future__ import annotations

from localsite import NB
from sqlmodel import select

from intake.commands import samples
from intake.store.database import session
from intake.store.tables import Case, Inbound


def scan(n: int) -> bytes:
    return samples.email(sender="Copieur <scanner@asso.example>", to=[NB], subject=f"Numérisation {n}",
                         headers={"Auto-Submitted": "auto-generated"},
                         attachments=[("dossier.pdf", samples.pdf(f"Dossier d'intention\nProjet {n}"),
                                       "application/pdf")])


def test_past_the_daily_cap_a_senders_new_cases_are_set_aside_nothing_lost_and_one_digest_line(local, tmp_path):
    local.config.write_text(local.config.read_text() + "\n[limits]\ncases_per_sender_per_day = 2\n")
    for n in range(1, 6):
        local.drop("nb", f"{n}.eml", scan(n))
    code, out = local.cli("poll")
    assert code == 0, out
    with session(local.app().engine) as s:
        cases = s.exec(select(Case)).all()
        rows = s.exec(select(Inbound).order_by(Inbound.uid)).all()
    assert len(cases) == 2 and {c.status for c in cases} == {"review"}
    assert [r.fate for r in rows] == ["filed", "filed", "quarantined", "quarantined", "quarantined"]
    set_aside = [r for r in rows if r.fate == "quarantined"]
    assert all(r.raw_sha256 for r in set_aside)  # nothing lost: kept for staff
    assert "scanner@asso.example a déjà ouvert 2 dossiers en 24 heures" in set_aside[0].reason
    assert "cases_per_sender_per_day" in set_aside[0].reason
    assert local.sent() == []  # a copier is never written to

    html = tmp_path / "d.html"
    code, out = local.cli("digest", "--preview", "--html", str(html))
    assert code == 0, out
    assert out.count("plafond de nouveaux dossiers par expéditeur") == 1, out
    assert "3 messages de 1 expéditeur (scanner@asso.example)" in out
    assert "Numérisation 4" not in out  # one line, not one per message
    # staff read what the limit is about, not the setting's name (the log and the stored reason keep it)
    plain = "limite du nombre de nouveaux dossiers par expéditeur en 24 heures fixée par l'administrateur : 2"
    for text in (out, html.read_text(encoding="utf-8")):
        assert "[limits]" not in text and "cases_per_sender_per_day" not in text and " UID " not in text, text
    code, out = local.cli("quarantine", "list")
    assert code == 0 and plain in out and "[limits]" not in out and "UID" not in out, out
    code, out = local.cli("quarantine", "show", str(set_aside[0].id))
    assert code == 0 and plain in out and "[limits]" not in out and "UID" not in out, out
    assert f"boîte nb (INBOX), n° {set_aside[0].uid} sur le serveur" in out

    # retried, it is set aside again (the poller's path, caps included): staff are told the way out
    code, out = local.cli("quarantine", "retry", str(set_aside[0].id))
    assert code == 0, out
    assert (f"plafond de nouveaux dossiers par expéditeur en 24 heures s'applique encore (limite fixée par "
            f"l'administrateur) ; intake quarantine retry ne le lève pas : s'il s'agit d'une vraie candidature, "
            f"utilisez intake quarantine file-anyway {set_aside[0].id}.") in out, out
    code, out = local.cli("quarantine", "file-anyway", str(set_aside[0].id))
    assert code == 0, out
    with session(local.app().engine) as s:
        assert len(s.exec(select(Case)).all()) == 3
        assert s.get(Inbound, set_aside[0].id).fate == "filed"
