"""A seventh round (tests/gatewaymail.py), end to end: Dovecot, `intake poll`, SMTP. Links a mail security gateway
rewrote before the mailbox stored the message (Safe Links, Proofpoint, Vade, Cisco, Mimecast), and Tuta's notice of
a « confidential » message."""

from __future__ import annotations

import gatewaymail as gm
import programmail as pm
import pytest


def _ack_text(intake) -> str:
    (ack,) = intake.sent()
    return ack.get_body(("plain",)).get_content()


def _links(intake, reference: str) -> list[dict]:
    return [p for p in intake.case(reference)["piece_files"] if p["filename"].startswith("lien")]


GATEWAYS = {"safelinks": gm.safelinks, "proofpoint": gm.proofpoint, "vade": gm.vade, "vade-m365": gm.vade_m365,
            "cisco": gm.cisco, "symantec": gm.symantec, "trellix": gm.trellix}


@pytest.mark.parametrize("wrap", GATEWAYS.values(), ids=GATEWAYS.keys())
def test_a_transfer_link_rewritten_by_a_gateway_is_the_visuals_shown_to_staff_as_the_applicant_wrote_it(intake, wrap):
    """A OneDrive link (its « ! » one of the characters Proofpoint's v3 holds apart) under the applicant's words,
    rewritten in both parts: the case is complete, and staff are shown the link the applicant wrote, never the
    gateway's. Vade's, Cisco's, Symantec's and Trellix's links were not read (the visuals asked again of the
    applicant, and reminded); Proofpoint's was shown « s*Ak… »: a link to nowhere."""
    raw = gm.gmail_with_link(intake.nb, gm.ONEDRIVE, anchor="les photos de l'atelier")
    intake.deliver(gm.rewritten(raw, wrap), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == ["courrier", "dossier", "visuels"], case
    (link,) = _links(intake, case["reference"])
    assert link["filename"] == f"lien : {gm.ONEDRIVE}", link
    assert "visuels" not in _ack_text(intake).partition("manque")[2]


def test_a_mailspring_application_with_link_tracking_has_its_photos_link_and_its_names(intake):
    """Mailspring's link tracking writes every link as a redirect through its own server, in the text and the HTML:
    the photos' WeTransfer link was no piece (the visuals asked again of the applicant, and reminded). It is read
    as the link it leads to, and shown so to staff; Mailspring's own signature link and open-tracking picture are no
    piece."""
    import documents as d

    files = [("Dossier d'intention.pdf", "application/pdf", d.pdf_text(d.DOSSIER_LINES)),
             ("Lettre au Maire.pdf", "application/pdf", d.pdf_text(d.LETTER_LINES))]
    intake.deliver(gm.mailspring(intake.nb, gm.WETRANSFER, files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["applicant"] == "yann.leclercq@ateliers-partages.example", case
    assert [p["filename"] for p in _links(intake, case["reference"])] == [f"lien : {gm.WETRANSFER}"]
    text = _ack_text(intake)
    assert "Dossier d'intention.pdf" in text and "Lettre au Maire.pdf" in text, text


def test_a_gmail_link_tracked_by_mailtrack_is_the_visuals(intake):
    raw = gm.gmail_with_link(intake.nb, gm.WETRANSFER, anchor="les photos de l'atelier")
    intake.deliver(gm.rewritten(raw, gm.mailtrack), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete", case
    assert [p["filename"] for p in _links(intake, case["reference"])] == [f"lien : {gm.WETRANSFER}"]


def test_a_long_sharepoint_link_is_shown_to_staff_whole(intake):
    """A OneDrive for work folder link (150 characters), through Safe Links: staff were shown its first 120 characters,
    its token cut: a link that opens nothing. They are shown the whole link the applicant wrote; the applicant's
    acknowledgement masks it, as any link."""
    raw = gm.gmail_with_link(intake.nb, gm.SHAREPOINT, anchor="le dossier photos")
    intake.deliver(gm.rewritten(raw, gm.safelinks), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete", case
    (link,) = _links(intake, case["reference"])
    assert link["filename"] == f"lien : {gm.SHAREPOINT}", link
    assert "sharepoint" not in _ack_text(intake)


def test_a_proofpoint_link_whose_held_characters_make_another_host_is_no_transfer_link(intake):
    """`https://evil.example*.wetransfer.com/` with « / » held apart: Proofpoint leads to evil.example. Read as written,
    it was WeTransfer: counted as the visuals, and shown to staff as a link to wetransfer.com."""
    tricked = "https://urldefense.com/v3/__https://evil.example*.wetransfer.com/downloads/x__;Lw!!G3vK!Lx0Qf7hz$"
    intake.deliver(gm.gmail_with_link(intake.nb, tricked), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["missing"] == ["visuels"], case
    assert _links(intake, case["reference"]) == []


def test_a_mimecast_link_is_left_for_staff_to_open_never_counted_on_the_site_it_displays(intake):
    """Mimecast keeps the link on its servers: its `domain=we.tl` is only what it displays. Under the applicant's
    words (« l'album photos »), the message no longer says the link anywhere: it was no piece at all (the applicant
    asked again for the photos sent, and reminded). It is now a link that seems to hold the visuals, for staff to
    open (the case `review`; not asked of the applicant), shown as the link that works (Mimecast's), saying which
    site it displays and that this is no proof; staff say what they found."""
    intake.deliver(gm.rewritten(gm.gmail_with_link(intake.nb, anchor="l'album photos"), gm.mimecast), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "review" and "visuels" not in case["pieces"], case
    (link,) = _links(intake, case["reference"])
    assert case["included"] == {"visuels": link["filename"]}, case
    assert link["filename"].startswith("lien : https://protect-eu.mimecast.com/s/"), link
    assert "Mimecast" in link["evidence"] and "we.tl" in link["evidence"], link
    text = _ack_text(intake)
    assert "semblent être les fichiers que vous avez partagés par un lien" in text, text
    assert "Pièces manquantes" not in text, text
    code, out = intake.cli("case", case["reference"], "piece", str(link["id"]), "--also", "visuels")
    assert code == 0 and intake.cases()[0]["status"] == "complete", out


def test_a_link_mimecast_rewrote_whose_text_the_html_still_shows_is_the_visuals(intake):
    """Gmail writes the link as its own text: Mimecast changes the href, the text shown stays the applicant's link,
    which staff are shown and open."""
    intake.deliver(gm.rewritten(gm.gmail_with_link(intake.nb), gm.mimecast), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete", case
    assert f"lien : {gm.WETRANSFER}" in [p["filename"] for p in _links(intake, case["reference"])]


def test_a_gmail_big_file_chip_rewritten_by_mimecast_is_still_the_dossier_behind_the_link(intake):
    """Under Mimecast the chip's name is still the link's text: the link seems to hold the dossier, as it says, not
    the visuals its domain= displays."""
    intake.deliver(gm.rewritten(pm.gmail_big_file(intake.nb), gm.mimecast), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert list(case["included"]) == ["dossier"] and "visuels" not in case["pieces"], case
    assert "Dossier d'intention scanné.pdf" in _ack_text(intake)


def test_a_mimecast_link_to_a_site_no_rule_lists_is_no_piece(intake):
    intake.deliver(gm.rewritten(gm.gmail_with_link(intake.nb, "https://www.repaircafe.example/photos"), gm.mimecast),
                   intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["missing"] == ["visuels"] and _links(intake, case["reference"]) == [], case


def test_a_gmail_big_file_chip_rewritten_by_safe_links_is_still_the_dossier_behind_the_link(intake):
    """Gmail's chip « Dossier d'intention scanné.pdf » behind Safe Links (the town on Microsoft 365): its name was no
    longer found beside the link (searched as the Drive link, which the message no longer writes), so the link was
    counted as visuals and the applicant asked for the dossier they had sent."""
    intake.deliver(gm.rewritten(pm.gmail_big_file(intake.nb), gm.safelinks), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert "dossier" in case["included"] and "visuels" not in case["pieces"], case
    text = _ack_text(intake)
    assert "Dossier d'intention scanné.pdf" in text and "semble" in text, text


@pytest.mark.parametrize("wrap", [gm.safelinks, gm.proofpoint], ids=["safelinks", "proofpoint"])
def test_a_onedrive_file_attached_as_a_link_and_rewritten_by_a_gateway_is_still_named(intake, wrap):
    """Outlook.com's OneDrive « cloud attachment » (tests/moreclients.py) through a gateway: the dossier behind the link
    is named as before, not counted as the visuals."""
    import moreclients as mc

    intake.deliver(gm.rewritten(mc.outlook_com_cloud_file(intake.nb), wrap), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["included"].get("dossier", "").startswith("lien : https://1drv.ms/"), case
    assert "visuels" not in case["pieces"], case


def test_a_tuta_confidential_application_is_set_aside_for_staff_and_nobody_is_written_to(intake):
    """Tuta's notice holds a link and nothing else: it was ignored as a mail without a piece (« aucune pièce »), staff
    told nothing. Like Proton Mail's password-protected message, it is set aside, its reason said."""
    intake.deliver(gm.tuta_confidential(intake.nb), intake.nb)
    intake.poll()
    assert intake.cases() == [] and intake.sent() == []
    code, out = intake.cli("quarantine", "list")
    assert code == 0 and "Tuta" in out and "marc.vasseur@tuta.io" in out, out


def test_a_free_zimbra_reply_with_the_signed_letter_completes_the_case_and_is_not_taken_for_our_own_mail(intake):
    """Zimbra quotes our acknowledgement under « ----- Mail original ----- » and « De: "Mission Smart City" <our
    address> » (no space before the colon), which reads like a forward of our own mail: the reply joins the case, its
    letter completes it, and the completion notice names the letter as the applicant wrote it."""
    import documents as d

    applicant = "jean.dupont62@free.example"
    files = [("Dossier d'intention.pdf", "application/pdf", d.pdf_text(d.DOSSIER_LINES)),
             ("photo atelier.jpg", "image/jpeg", d.photo())]
    intake.deliver(gm.mailspring(intake.nb, gm.WETRANSFER, files[:1]).replace(
        b"yann.leclercq@ateliers-partages.example", applicant.encode()), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["missing"] == ["courrier"], case
    (ack,) = intake.sent()
    intake.deliver(gm.zimbra_reply(ack, applicant, d.pdf_text(d.LETTER_LINES)), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 2 and case["applicant"] == applicant, case
    notice = intake.sent()[-1]
    assert "Lettre signée.pdf" in notice.get_body(("plain",)).get_content()
    assert [a.addr_spec for a in notice["To"].addresses] == [applicant]
