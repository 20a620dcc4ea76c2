import pytest

from intake.commands import samples
from intake.core.origin import AUTOMATIC, BOUNCE, BULK, OWN, PERSON, STAFF, origin_of
from intake.core.parse import parse_message

WATCHED = frozenset({"n.bataillon@ville-bethune.fr", "d.berteloot@ville-bethune.fr"})


def origin(sender="Camille <camille@asso.example>", subject="Candidature", **headers):
    raw = samples.email(sender=sender, to=["n.bataillon@ville-bethune.fr"], subject=subject,
                        headers={k.replace("_", "-"): v for k, v in headers.items()})
    return origin_of(parse_message(raw), WATCHED, "sys-id").category


def test_a_person_is_a_person():
    assert origin() == PERSON


@pytest.mark.parametrize("headers, expected", [
    ({"X_Intake_Loop": "sys-id"}, OWN),
    ({"Auto_Submitted": "auto-replied"}, AUTOMATIC),
    ({"Auto_Submitted": "Auto-Replied; owner-email=x@y"}, AUTOMATIC),
    ({"Precedence": "bulk"}, BULK),
    ({"Precedence": "auto_reply"}, AUTOMATIC),
    ({"List_Unsubscribe": "<mailto:u@x>"}, BULK),
    ({"List_Id": "<liste.example>"}, BULK),
    ({"X_Autoreply": "yes"}, AUTOMATIC),
    ({"X_Auto_Response_Suppress": "All", "X_MS_Exchange_Inbox_Rules_Loop": "x@y"}, AUTOMATIC),
    ({"X_Spam_Flag": "YES"}, BULK),
    ({"Return_Path": "<>"}, AUTOMATIC),
])
def test_header_rules(headers, expected):
    assert origin(**headers) == expected


def test_auto_submitted_no_is_a_person():
    assert origin(Auto_Submitted="no") == PERSON
    assert origin(Auto_Submitted="no (typed by a person)") == PERSON  # RFC 3834 allows comments


def test_auto_submitted_is_read_past_its_comments():
    raw = samples.email(sender="Jeanne <jeanne@asso.example>", to=["n.bataillon@ville-bethune.fr"], subject="Absente",
                        headers={"Auto-Submitted": "auto-replied (zimbra; vacation)"})
    found = origin_of(parse_message(raw), WATCHED, "sys-id")
    assert (found.category, found.reason) == (AUTOMATIC, "Auto-Submitted: auto-replied")


def test_a_message_passed_on_by_a_forwarding_rule_is_still_the_persons():
    assert origin(Auto_Submitted="auto-forwarded") == PERSON


@pytest.mark.parametrize("sender", ["noreply@x.example", "no-reply@x.example", "ne-pas-repondre@x.example",
                                    "bounces+123@x.example", "listes-request@x.example",
                                    # a web site's forms (WordPress's default sender, PHP's mail() as the server)
                                    "wordpress@ville-bethune.fr", "WordPress@asso.example", "www-data@asso.example",
                                    "apache@asso.example", "nobody@asso.example"])
def test_robot_addresses_are_automatic(sender):
    assert origin(sender=sender) == AUTOMATIC


@pytest.mark.parametrize("sender", ["scanner@asso.example", "scan-accueil@mairie.example", "copieur.rdc@asso.example",
                                    "scan2mail@ccas.example", "xerox@mairie-annezin.example", "ricoh2@asso.example",
                                    "KM_C300i@asso.example", "mfp-1er@ch.example", "imprimante@asso.example",
                                    "mfc-l2710dw@asso.example", "BRN3C2AF4123456@asso.example", "hpscan@asso.example"])
def test_an_office_copier_s_scan_to_email_address_is_automatic(sender):
    """A copier's « scan to email » (« Message from KM_C300i », the PDF alone) was answered as a person: the
    acknowledgement and then every reminder went to scanner@..., which nobody reads, and the applicant who scanned
    heard nothing. Now it is a robot's documents: filed for staff to find the applicant (core/decide.py)."""
    assert origin(sender=sender, subject="Message from KM_C300i") == AUTOMATIC


@pytest.mark.parametrize("sender", ["ricoh-mpc3004@asso.example", "sharp_mx2651n@ccas.example",
                                    "canon-iradv-c5535@mairie.example", "Canon-iR-ADV-C5535@mairie.example",
                                    "kyocera.taskalfa3253ci@asso.example", "taskalfa3253ci@asso.example",
                                    "hp-m479fdw@asso.example", "epson-wf4830@asso.example",
                                    "xerox-altalink-c8030@ch.example", "toshiba-estudio2518a@asso.example",
                                    "lexmark-ms431@asso.example", "brother-mfc-l2710dw@asso.example",
                                    "imagerunner@mairie.example", "konica-c300i@asso.example",
                                    "ir-adv-c5535@mairie.example", "aficio-mp-c2051@asso.example",
                                    "mx-2651n@asso.example", "mpc3004@asso.example", "km-c300i@asso.example",
                                    "kmc3350@asso.example", "km_c250i@asso.example",
                                    "laserjet-m428@asso.example"])
def test_a_copier_s_address_named_after_its_model_is_automatic(sender):
    """Admins name a copier's address after the device (RICOH MP C3004, SHARP MX-2651N, Canon iR-ADV C5535): only the
    brand alone, with at most a number, was a copier's, so a Ricoh's « Scan Data from RNP… » sent from
    ricoh-mpc3004@ was acknowledged, and reminded, at the copier (the sixth round of programs and devices)."""
    assert origin(sender=sender, subject="Scan Data from RNP00267398A1B2") == AUTOMATIC


@pytest.mark.parametrize("sender", ["canon.jean@x.example", "jean.canon@x.example", "scanlan@x.example",
                                    "brotherhood@x.example", "escande@x.example", "sharpe.l@x.example",
                                    "canon.marie1962@x.example", "hp@x.example", "hp.jean@x.example",
                                    "epson.marie@x.example", "brother.m@x.example", "ricochet@x.example",
                                    "sharp.mx@x.example", "etienne.canon62@x.example", "estudio.photo@x.example",
                                    "mx@x.example", "bp.martin@x.example", "ecosysteme.asso@x.example"])
def test_a_person_whose_address_looks_like_a_copier_s_is_still_a_person(sender):
    assert origin(sender=sender) == PERSON


@pytest.mark.parametrize("sender", ["mpc1985@gmail.example", "hpm1962@orange.example", "bp1974@free.example",
                                    "mx1990@x.example", "imc1999@x.example", "sharpe1962@x.example",
                                    "hp-m1958@x.example", "canon.b1985@x.example", "ecosys.bethune@x.example",
                                    "ecosys-asso@x.example", "ecosys@x.example", "ecosys62@x.example",
                                    "kmc62@orange.example", "km-c59@x.example"])
def test_initials_and_a_year_of_birth_or_an_association_named_ecosys_are_persons(sender):
    """Initials then a year of birth is how many people name their mailbox: the copier models of this morning's commits
    (mpc3004@, hp-m479fdw@, a brand with a series letter) took mpc1985@, hpm1962@, bp1974@ and sharpe1962@ for
    copiers, and « ecosys » followed by anything for a Kyocera: such an applicant got no acknowledgement, their case was
    filed in review, and later mail from them opened a case of its own each time (an attacker's review)."""
    assert origin(sender=sender) == PERSON


@pytest.mark.parametrize("sender", ["mfc62@wanadoo.example", "mfc1962@orange.example", "mfp1958@free.example",
                                    "mfc.59@x.example", "mfp7@x.example"])
def test_initials_mfc_or_mfp_with_a_departement_or_a_year_are_a_person_s(sender):
    """Attacker's review (attack8): « mfc » (Brother's MFC) and « mfp » were a copier's words whatever followed them, a
    number included, so Marie-France C.'s mfc62@ (her département: Béthune is in the Pas-de-Calais) or mfc1962@ got no
    acknowledgement: her application filed in review as a copier's scan, each later mail of hers a case of its own.
    A model (mfc-l2710dw@) or a word (mfp-1er@) is still a device's."""
    assert origin(sender=sender) == PERSON


@pytest.mark.parametrize("sender", ["ecosys-m2540dn@asso.example", "ecosys.p2040@asso.example", "mpc2004@asso.example",
                                    "kyocera-ecosys-m2540dn@asso.example", "ricoh-mpc2004@asso.example"])
def test_a_model_numbered_in_the_2000s_or_an_ecosys_with_its_model_is_still_a_copier(sender):
    assert origin(sender=sender, subject="Scan Data from RNP00267398A1B2") == AUTOMATIC


@pytest.mark.parametrize("subject", [
    "Réponse automatique : absent", "Absent du bureau - Re: Accusé de réception [BSC-2026-0011]",
    "Absente du bureau", "Message d'absence", "Automatic reply: Candidature"])
def test_out_of_office_subjects_are_automatic_even_without_headers(subject):
    assert origin(subject=subject) == AUTOMATIC


@pytest.mark.parametrize("subject", ["Re: absent du bureau la semaine dernière, voici le dossier",
                                     "Candidature : message d'absence de subvention"])
def test_a_person_mentioning_an_absence_is_still_a_person(subject):
    assert origin(subject=subject) == PERSON


def test_a_mailer_daemon_is_a_bounce():
    assert origin(sender="MAILER-DAEMON@mx.example", subject="Undelivered Mail") == BOUNCE


def test_mail_from_a_watched_address_is_staff_mail():
    assert origin(sender="D. Berteloot <d.berteloot@ville-bethune.fr>") == STAFF


def test_our_own_message_id_is_recognised():
    raw = samples.email(sender="n.bataillon@ville-bethune.fr", to=["x@y.example"], subject="s",
                        message_id="<intake.BSC-2026-0001.abcd@ville-bethune.fr>")
    assert origin_of(parse_message(raw), WATCHED, "sys-id").category == OWN


def test_a_read_receipt_is_automatic_not_a_bounce():
    raw = (b"From: a@x.example\r\nTo: n.bataillon@ville-bethune.fr\r\nSubject: Lu : Accuse\r\n"
           b"Content-Type: multipart/report; report-type=disposition-notification; boundary=B\r\n\r\n"
           b"--B\r\nContent-Type: text/plain\r\n\r\nLu.\r\n--B\r\n"
           b"Content-Type: message/disposition-notification\r\n\r\n"
           b"Disposition: manual-action/MDN-sent-manually; displayed\r\n"
           b"--B--\r\n")
    assert origin_of(parse_message(raw), WATCHED, "sys-id").category == AUTOMATIC


def test_an_unregistered_auto_submitted_value_is_automatic_but_not_written_down():
    """The ledger line of an ignored message keeps nothing a sender wrote (README, Personal data): a keyword of
    their own (« Auto-Submitted: Jeanne-Martin-0612345678 ») is not copied into its reason, nor the journal."""
    raw = samples.email(sender="Jeanne <jeanne@asso.example>", to=["n.bataillon@ville-bethune.fr"], subject="Absente",
                        headers={"Auto-Submitted": "Jeanne-Martin-0612345678; x"})
    found = origin_of(parse_message(raw), WATCHED, "sys-id")
    assert found.category == AUTOMATIC and "Jeanne" not in found.reason and "0612345678" not in found.reason
    assert found.reason == "Auto-Submitted (valeur non standard)"
    raw = samples.email(sender="Robot <alerts@asso.example>", to=["n.bataillon@ville-bethune.fr"], subject="Alerte",
                        headers={"Auto-Submitted": "auto-notified"})
    assert origin_of(parse_message(raw), WATCHED, "sys-id").reason == "Auto-Submitted: auto-notified"
