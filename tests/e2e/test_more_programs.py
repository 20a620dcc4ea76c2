"""More mail programs (tests/programmail.py), end to end: Dovecot, `intake poll`, SMTP. Apple Mail's rich text with
the files inside the HTML alternative, Outlook for Windows and Samsung Email answering our acknowledgement with the
missing letter, a list that rewrites its members' From, Proton Mail's password-protected notice."""

from __future__ import annotations

import documents as d
import programmail as pm
import pytest

APPLICANT = "jeanne.roux@asso-quartier.example"
FILES = [("Dossier d’intention.pdf", "application/pdf", d.pdf_text(d.DOSSIER_LINES)),
         ("Lettre au Maire.pdf", "application/pdf", d.pdf_text(d.LETTER_LINES)),
         ("IMG_4821.jpeg", "image/jpeg", d.photo())]


@pytest.mark.parametrize("iphone", [False, True], ids=["mac", "iphone"])
def test_an_apple_mail_application_in_rich_text_is_complete_and_acknowledged_to_its_sender(intake, iphone):
    """Apple Mail in rich text puts the files in the HTML alternative only (multipart/alternative > multipart/mixed):
    a reader taking the text/plain alternative would see none of them."""
    intake.deliver(pm.apple_mail_rich(intake.nb, FILES, iphone=iphone), intake.nb, intake.db)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == ["courrier", "dossier", "visuels"]
    assert case["applicant"] == "amelie.caron@me.example"
    names = sorted(p["filename"] for p in intake.case(case["reference"])["piece_files"])
    assert names == sorted(n for n, _, _ in FILES)
    (ack,) = intake.sent()
    assert [a.addr_spec for a in ack["To"].addresses] == ["amelie.caron@me.example"]


def _acknowledged(intake):
    intake.deliver(intake.application(sender=f"Jeanne Roux <{APPLICANT}>", pieces=("dossier", "visuels")), intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    return ack


REPLIES = {"outlook-windows": lambda ack: pm.outlook_reply(ack, APPLICANT, d.logo_png()),
           "samsung-email": lambda ack: pm.samsung_reply(ack, APPLICANT)}


@pytest.mark.parametrize("program", REPLIES)
def test_the_letter_sent_in_reply_completes_the_case_and_the_signature_is_no_piece(intake, program):
    ack = _acknowledged(intake)
    intake.deliver(REPLIES[program](ack), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 2
    files = intake.case(case["reference"])["piece_files"]
    names = [p["filename"] for p in files]
    assert "image001.png" not in names
    assert {"outlook-windows": "Courrier signé à Monsieur le Maire.pdf",
            "samsung-email": "20261130_091501.jpg"}[program] in names
    (notice,) = intake.sent()[1:]
    assert "est complet" in notice["Subject"] and f"[{case['reference']}]" in notice["Subject"]
    assert [a.addr_spec for a in notice["To"].addresses] == [APPLICANT]


def test_a_proton_mail_password_protected_application_is_set_aside_for_staff_and_nobody_is_written_to(intake):
    intake.deliver(pm.proton_password_protected(intake.nb), intake.nb)
    intake.poll()
    assert intake.cases() == [] and intake.sent() == []
    code, out = intake.cli("quarantine", "list")
    assert code == 0 and "Proton Mail" in out and "jeanne.roux@proton.me" in out, out


@pytest.mark.parametrize("list_first", [True, False], ids=["list-copy-first", "own-copy-first"])
def test_an_application_sent_to_a_list_and_to_the_town_is_filed_from_the_member_s_own_copy(intake, list_first):
    """The list's copy (From rewritten to « … via Tiers-lieux Artois », Precedence: list) opens no case and gets no
    answer; the member's own copy, the same Message-ID, is still filed under her and acknowledged to her, whichever
    came first."""
    member = "jeanne.roux@tiers-lieu.example"
    copies = [pm.list_rewritten(intake.nb, member), pm.list_rewritten(intake.nb, member, through_list=False)]
    for raw in copies if list_first else copies[::-1]:
        intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == member and case["pieces"] == ["courrier", "dossier"] and case["messages"] == 1
    (ack,) = intake.sent()
    assert [a.addr_spec for a in ack["To"].addresses] == [member]


def test_an_application_that_came_only_through_a_list_is_answered_by_nobody(intake):
    intake.deliver(pm.list_rewritten(intake.nb, "jeanne.roux@tiers-lieu.example"), intake.nb)
    intake.poll()
    assert intake.cases() == [] and intake.sent() == []


def test_a_dossier_gmail_sent_as_a_drive_link_is_for_staff_to_open_not_counted_as_the_visuals(intake):
    """Gmail puts a file over 25 MB (a scanned dossier) on Drive and writes its name in a link: the link was counted
    as the visuals, and the case left « incomplete, dossier missing », reminders asking for the dossier she had sent
    and no one told to open the link. Now the link is the dossier to verify: staff open it, the applicant is not
    asked for it (tests/e2e/test_linked_piece.py); only the visuals she did not send are asked for."""
    intake.deliver(pm.gmail_big_file(intake.nb), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "incomplete" and case["pieces"] == ["courrier"], case
    assert case["included"] == {"dossier": "lien : https://drive.google.com/file/d/1QxZ7kLmN0pQrStUvWxYz12345AbCdEf/"
                                           "view?usp=drive_web"}, case
    (link,) = [p for p in intake.case(case["reference"])["piece_files"] if p["type"] == "link"]
    assert link["kind"] is None and "« Dossier d'intention scanné.pdf » : peut-être dossier d'intention" in \
        link["evidence"]
    (ack,) = intake.sent()
    assert [a.addr_spec for a in ack["To"].addresses] == ["sophie.leroy62@gmail.example"]
    body = ack.get_body(("plain",)).get_content()
    received = body.split("Pièces reçues :")[1].split("Pièce que le service vérifie")[0]
    assert "lien" not in received and "visuels" not in received  # no visual it is not
    assert "dossier d'intention" not in body.split("Pièces manquantes")[1], body
