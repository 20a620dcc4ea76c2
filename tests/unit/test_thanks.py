"""An applicant's mail without files that only thanks (core/thanks.py), as French mail programs write it: staff were
told to read and answer each « Merci ! » as a question. Anything more (a question, « merci, mais … », news, a link, a
number, a long text) is still theirs to read."""

import pytest

from intake.core.parse import parse_message
from intake.core.thanks import only_thanks, own_text

OURS = "n.bataillon@ville-bethune.fr"
# the acknowledgement the applicant answers, as it is quoted below their answer
ACK = ("Bonjour,\n\nNous avons bien reçu votre candidature au label « Béthune Smart City » (dossier BSC-2026-0007).\n"
       "Pièces manquantes : courrier officiel au Maire. Pouvez-vous nous l'envoyer ?\n\nLe service Smart City")


def quoted(text=ACK):
    return "\n".join("> " + line if line else ">" for line in text.split("\n"))


GMAIL_HEADER = f"Le lun. 30 nov. 2026 à 10:12, Mission Smart City <{OURS}> a écrit :\n"
GMAIL_WRAPPED = f"Le lun. 30 nov. 2026 à 10:12, Mission Smart City Ville de Béthune <\n{OURS}> a écrit :\n"
THUNDERBIRD_HEADER = "Le 30/11/2026 à 10:12, Mission Smart City a écrit :\n"
OUTLOOK_BLOCK = (f"De : Mission Smart City <{OURS}>\nEnvoyé : lundi 30 novembre 2026 10:12\nÀ : Jeanne Martin "
                 "<jeanne.martin@asso.example>\nObjet : Accusé de réception [BSC-2026-0007]\n\n")
OWA_BLOCK = ("________________________________\nDe : Mission Smart City <" + OURS + ">\nEnvoyé : lundi 30 novembre "
             "2026 10:12\nÀ : Jeanne Martin\nObjet : Accusé de réception [BSC-2026-0007]\n\n")
NEW_OUTLOOK_BLOCK = (f"De : Mission Smart City <{OURS}>\nDate : lundi 30 novembre 2026 à 10:12\nÀ : Jeanne Martin "
                     "<jeanne.martin@asso.example>\nObjet : Accusé de réception [BSC-2026-0007]\n\n")
SAMSUNG_BLOCK = (f"-------- Message d'origine --------\nDe : Mission Smart City <{OURS}> \nDate : 30/11/2026 10:12 "
                 "(GMT+01:00) \nÀ : jeanne.martin@asso.example \nObjet : Accusé de réception [BSC-2026-0007] \n\n")

# an armoured OpenPGP signature (RFC 4880 6.2), as KMail's Inline OpenPGP puts it below the clear-signed text
PGP_SIGNATURE = ("-----BEGIN PGP SIGNATURE-----\n\niQIzBAABCAAdFiEEfK3bW9xQm2Lr5Tx9Yv3Kn7Hd4sEFAmdMNVwACgkQ\n"
                 "Yv3Kn7Hd4sH0xA/+Nq2Wm8Lr5Tx9Yv3Kn7Hd4sGf2bJc5aMeZq8Wm2Lr5Tx9Yv3K\n=Rq7m\n"
                 "-----END PGP SIGNATURE-----\n")

THANKS = {
    "gmail": f"Merci !\n\n{GMAIL_HEADER}\n{quoted()}\n",
    "gmail, the header wrapped": f"Merci beaucoup\n\n{GMAIL_WRAPPED}\n{quoted()}\n",
    "gmail, signed on the same line": f"Bien reçu, merci. Cordialement, Jeanne Martin\n\n{GMAIL_HEADER}\n{quoted()}\n",
    "outlook desktop": ("Bonjour,\r\n\r\nBien reçu, merci.\r\n\r\nCordialement,\r\nJeanne Martin\r\n\r\n"
                        + OUTLOOK_BLOCK.replace("\n", "\r\n") + ACK.replace("\n", "\r\n")),
    "outlook desktop, old separator": ("Parfait, merci beaucoup\n\nJeanne\n\n-----Message d'origine-----\n"
                                       + OUTLOOK_BLOCK + ACK),
    "outlook web (OWA)": "Merci pour votre retour.\n\nBien à vous,\nJeanne MARTIN\n\n" + OWA_BLOCK + ACK,
    "new outlook": "Bonjour Madame,\n\nC'est noté, merci et bonne journée !\n\n" + NEW_OUTLOOK_BLOCK + ACK,
    "iphone": f"ok merci\n\nEnvoyé de mon iPhone\n\n> {GMAIL_HEADER}> \n{quoted()}\n",
    "apple mail": f"Merci 🙏🏽\n\nJ. Martin\n\n{GMAIL_HEADER}\n{quoted()}\n",
    "thunderbird": f"Bonjour,\n\nun grand merci !\n\n-- \nJeanne Martin\n\n{THUNDERBIRD_HEADER}{quoted()}\n",
    "a signature with a title, an address, a telephone": ("Merci !\n\n-- \nJeanne Martin\nPrésidente, Jardins partagés"
                                                          "\n12 rue des Lilas, 62400 Béthune\n06 12 34 56 78\n"),
    "samsung email": "D'accord, merci\n\n\n\nEnvoyé depuis mon appareil Galaxy\n\n\n\n" + SAMSUNG_BLOCK + ACK,
    "english gmail": f"Thanks a lot :)\n\nOn Mon, Nov 30, 2026 at 10:12 AM Mission Smart City <{OURS}> wrote:\n\n"
                     f"{quoted()}\n",
    "a comma between two formulas": "Merci, bien noté. Bonne fin de journée.\nCordialement\nMme Martin\n",
    # mail programs' own lines above the mail answered, no « -- » before them (tests/sixteenthmail.py,
    # tests/fifteenthmail.py): Spark's, BlueMail's, Proton Mail's (its line of U+2010 hyphens below), Airmail's
    "spark": ("Merci !\n\nEnvoyé avec Spark\nLe 1 déc. 2026 à 09:20 +0100, Mission Smart City <" + OURS + ">, a "
              f"écrit :\n{quoted()}\n"),
    "spark in english": f"Thank you!\n\nSent with Spark\nOn Dec 1, 2026, 09:20 +0100, Mission Smart City <{OURS}>, "
                        f"wrote:\n{quoted()}\n",
    "bluemail": f"Merci\n\nObtenir BlueMail pour Android\nLe 1 déc. 2026, à 09:20, Mission Smart City <{OURS}> a "
                f"écrit:\n{quoted()}\n",
    "bluemail in english": f"Merci\n\nGet BlueMail for Android\n\n{GMAIL_HEADER}{quoted()}\n",
    "proton mail": ("Merci beaucoup\n\nEnvoyé avec la messagerie sécurisée Proton Mail.\n\n" + "\u2010" * 7
                    + " Original Message " + "\u2010" * 7 + "\nLe mardi 1 décembre 2026 à 09:20, Mission Smart City "
                    f"<{OURS}> a écrit :\n\n{quoted()}\n"),
    "airmail": ("Merci !\n\n-- \nJeanne Roux\nEnvoyé avec Airmail\n\nOn 1 décembre 2026 at 09:20:31, Mission Smart "
                f"City ({OURS}) wrote:\n\n{quoted()}\n"),
    # « Sent with Airmail » alone, as Discourse's email_reply_trimmer lists it among the signatures it met
    "airmail, its line alone": ("Merci\n\nSent with Airmail\n\nOn 1 décembre 2026 at 09:20:31, Mission Smart City "
                                f"({OURS}) wrote:\n\n{quoted()}\n"),
    # eM Client: its separator, then the fields with no colon
    "em client": (f"Merci beaucoup !\n\n------ Message d'origine ------\nDe \"Mission Smart City\" <{OURS}>\n"
                  f"À \"Jeanne Martin\" <jeanne.martin@asso.example>\nDate 30/11/2026 10:12:31\n"
                  f"Objet Accusé de réception [BSC-2026-0007]\n\n{ACK}\n"),
    # answers written below the mail quoted (bottom-posted): The Bat!'s (its greeting above, « vous avez écrit »,
    # in English the weekday first), Thunderbird's « répondre sous la citation »
    "the bat!": ("Bonjour Mission,\n\nLe mardi 1 décembre 2026, 09:20:15, vous avez écrit :\n\n" + quoted()
                 + "\n\nMerci beaucoup !\n\n-- \nCordialement,\n Jeanne                          "
                 "mailto:jeanne.martin@asso.example\n"),
    "the bat! in english": ("Hello Mission,\n\nTuesday, December 1, 2026, 9:20:15 AM, you wrote:\n\n" + quoted()
                            + "\n\nThanks a lot!\n\n-- \nBest regards,\n Jeanne\n"),
    "thunderbird, below the quote": f"{THUNDERBIRD_HEADER}{quoted()}\n\nMerci, bonne soirée !\n\n-- \nJeanne Martin\n",
    # Yahoo Mail's iPhone app: its line and app link above the mail answered
    "yahoo mail for iphone": ("Merci beaucoup !\n\nEnvoyé de Yahoo Mail pour iPhone <https://mail.onelink.me/107872968>"
                              f"\n\nLe lundi, novembre 30, 2026, 6:10 PM, Mission Smart City <{OURS}> a écrit :\n\n"
                              f"{quoted()}\n"),
    "yahoo mail for iphone in english": (f"Thanks!\n\nSent from Yahoo Mail for iPhone\n\n{GMAIL_HEADER}\n{quoted()}\n"),
    # FairEmail's default reply header: the date, the sender, a colon
    "fairemail": f"Merci beaucoup !\n\n1 déc. 2026 09:20:15 Mission Smart City <{OURS}>:\n\n{quoted()}\n",
    # Horde IMP's attribution: the sender, no date (« Quoting %f: », in French « Citation de %f : »)
    "horde": f"Merci beaucoup !\n\nCitation Mission Smart City <{OURS}>:\n\n{quoted()}\n",
    "horde in french": f"Merci beaucoup !\n\nCitation de Mission Smart City <{OURS}> :\n\n{quoted()}\n",
    "horde in english": f"Thanks!\n\nQuoting Mission Smart City <{OURS}>:\n\n{quoted()}\n",
    # the eighteenth round (tests/eighteenthmail.py): Mailbird's and Aqua Mail's lines (Aqua Mail's link on the next
    # line), Zoho Mail's attribution between dashes with no colon
    "mailbird": ("Merci beaucoup !\n\nEnvoyé avec Mailbird [https://www.getmailbird.com/?utm_source=Mailbird&utm_medium"
                 f"=email&utm_campaign=sent-from-mailbird]\n\nLe 01/12/2026 09:20:15, Mission <{OURS}> a écrit :\n"
                 f"{quoted()}\n"),
    "mailbird in english": (f"Thanks!\n\nSent with Mailbird\n\nOn 12/1/2026 9:20:15 AM, Mission <{OURS}> wrote:\n"
                            f"{quoted()}\n"),
    "aqua mail": ("Merci beaucoup !\n\nEnvoyé avec AquaMail pour Android\nhttps://www.mobisystems.com/aqua-mail\n\n"
                  f"Le 1 décembre 2026 09:20:15 Mission Smart City <{OURS}> a écrit :\n\n{quoted()}\n"),
    "aqua mail in english": ("Thanks!\n\nSent with AquaMail for Android\nhttps://www.mobisystems.com/aqua-mail\n\n"
                             f"On December 1, 2026 9:20:15 AM Mission Smart City <{OURS}> wrote:\n\n{quoted()}\n"),
    "zoho mail": (f"Merci beaucoup !\n\n\n\n---- Le mar., 01 déc. 2026 09:20:15 +0100 Mission Smart City <{OURS}> a "
                  f"écrit ---\n\n{quoted()}\n"),
    "zoho mail in english": (f"Thanks!\n\n---- On Tue, 01 Dec 2026 09:20:15 +0100 Mission Smart City <{OURS}> wrote "
                             f"----\n\n{quoted()}\n"),
    # GMX's (gmx.fr, web.de) header above the mail answered, the date first, its quote no blockquote (« <div
    # name="quote"> »): as its HTML reads
    "gmx": (f"Merci beaucoup !\n\n\nEnvoyé:\xa0mardi 01 décembre 2026 à 09:20\nDe:\xa0\"Mission Smart City\" <{OURS}>\n"
            "À:\xa0jeanne.martin@asso.example\nObjet:\xa0Accusé de réception [BSC-2026-0007]\n" + ACK),
    "web.de": (f"Merci !\n\nGesendet:\xa0Dienstag, 01. Dezember 2026 um 09:20 Uhr\nVon:\xa0Mission <{OURS}>\n"
               "An:\xa0jeanne.martin@asso.example\nBetreff:\xa0Accusé de réception [BSC-2026-0007]\n" + ACK),
    # Nine (Android, Exchange): its line alone, then the AOSP block above the mail answered
    "nine": "Merci !\n\nEnvoyé depuis Nine\n\n" + SAMSUNG_BLOCK + ACK,
    "nine in english": "Thanks!\n\nSent from Nine\n\n" + SAMSUNG_BLOCK + ACK,
    # the nineteenth round (tests/nineteenthmail.py): Canary Mail's line alone; KMail's Inline OpenPGP, the text
    # clear-signed (RFC 4880 7: its armour header, « Hash: », the signature below the mail quoted, or below her text)
    "canary": (f"Merci beaucoup !\n\nEnvoyé avec Canary\n\nLe 1 déc. 2026 à 09:20 +0100, Mission Smart City <{OURS}> "
               f"a écrit :\n{quoted()}\n"),
    "canary in english": f"Thanks!\n\nSent with Canary\n\n{GMAIL_HEADER}{quoted()}\n",
    "inline openpgp": ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nMerci beaucoup !\n\nLe mardi 1 décembre "
                       f"2026, 09:20:15 CET Mission Smart City a écrit :\n{quoted()}\n" + PGP_SIGNATURE),
    "inline openpgp, no quote": ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nMerci !\n\n- -- \nJeanne "
                                 "Roux\n" + PGP_SIGNATURE),
    "formal": ("Madame, Monsieur,\n\nJe vous remercie.\n\nVeuillez agréer, Madame, Monsieur, l'expression de mes "
               "salutations distinguées.\n\nJeanne Martin\n\n" + OUTLOOK_BLOCK + ACK),
}

NOT_THANKS = {
    "a question": f"Merci ! Quand le jury se réunit-il ?\n\n{GMAIL_HEADER}\n{quoted()}\n",
    "a question without its mark": f"Merci, et la date du jury\n\n{GMAIL_HEADER}\n{quoted()}\n",
    "merci mais": f"Merci, mais il manque la lettre\n\n{GMAIL_HEADER}\n{quoted()}\n",
    "news after the thanks": "Bien reçu, merci. Je vous envoie la suite demain.\n\nJeanne\n\n" + OUTLOOK_BLOCK + ACK,
    "news on the next line": "Merci !\nLe courrier part par la poste\n\nEnvoyé de mon iPhone\n",
    "news as a capitalised line": "Merci.\nJe Passe Demain\n",
    "a link": "Merci, voici le lien : https://we.tl/t-AbCdEf\n\n" + SAMSUNG_BLOCK + ACK,
    "a bare host": "merci, tout est sur www.jardins-partages.example\n",
    "a phone number": "Merci, rappelez-moi au 06 12 34 56 78\n\nJeanne Martin\n",
    "a number in the signature": "Merci !\n\nJeanne Martin\n06 12 34 56 78\n\n" + OUTLOOK_BLOCK + ACK,
    "an address": "ok merci, écrivez plutôt à jeanne@autre.example\n",
    "a long message": ("Bonjour, merci beaucoup pour votre accusé de réception, nous sommes très heureux de "
                       "participer et nous restons à votre disposition pour tout complément.\n\nJeanne Martin\n"),
    "too many thanks": " ".join(["merci"] * 13),
    "a question below a quoted line (inline reply)": f"{quoted('Pouvez-vous nous envoyer la lettre ?')}\nmerci, "
                                                     "elle est en route\n",
    "an answer written between the quoted lines": f"Merci !\n\n{GMAIL_HEADER}\n{quoted(ACK[:120])}\nJe l'envoie "
                                                   f"demain par la poste\n{quoted(ACK[120:])}\n",
    "a question under a fake phone line": "Merci\nEnvoyé de mon bureau, où est mon dossier\n",
    "nothing but a greeting": "Bonjour,\n\nCordialement,\nJeanne Martin\n",
    "empty": "\n\n",
    "a name that is a sentence in capitals": "MERCI, ENVOYÉ HIER\n",
    "a forward of another mail": "Merci\n\n---------- Forwarded message ---------\nDe : Jean <jean@x.example>\n"
                                 "Date: lun. 30 nov. 2026\nSubject: lettre\n\nVoici la lettre\n",
    "a person's name, then a question on the next line": "Merci\nJeanne\nEt pour la lettre\n",
    # words spelled in symbols Unicode files as « So », as emoji are (attack12)
    "circled letters": "Merci ⓙⓔ ⓡⓔⓣⓘⓡⓔ ⓜⓐ ⓓⓔⓜⓐⓝⓓⓔ",
    "squared letters": "Merci 🅹🅴 🆁🅴🆃🅸🆁🅴",
    "regional indicators": "Merci 🇯🇪 🇷🇪🇹🇮🇷🇪",
    "braille": "Merci ⠁⠝⠝⠥⠇⠁⠞⠊⠕⠝",
    "a question mark as emoji": "Merci ❓\n",
    "a warning": "Merci ⚠️\n",
    "a telephone": "Merci ☎\n",
    "a thinking face": "Merci 🤔\n",
    "a capitalised line after a comma": "Merci, Candidature Retirée\n",
    "a capitalised line below": "Merci\nAbandon Du Projet\n",
    "a question in the signature": "Merci\n-- \nJeanne Martin\nPS : où en est mon dossier ?\n",
    "a letter below the signature": "Merci\n-- \nJeanne Martin\n\n" + "Je retire ma demande.\n" * 9,
    "news below the signature and a typed reply header": ("Merci\n-- \nJeanne Martin\n\n" + GMAIL_HEADER
                                                          + "Je retire ma demande\n"),
    # what is written below a phone's line or a separator that no mail program's block follows
    "news below a phone's line": "Merci\n\nEnvoyé de mon iPhone\n\nJe retire ma demande, nous déménageons\n",
    "news below Spark's line": "Merci\n\nEnvoyé avec Spark\n\nJe retire ma demande, nous déménageons\n",
    "a question on a program's line": "Merci\nEnvoyé avec Spark, où en est mon dossier\n",
    "news below BlueMail's line": "Merci\nObtenir BlueMail pour Android\nJe retire ma demande\n",
    "news below Proton's separator": "Merci\n" + "\u2010" * 7 + " Original Message " + "\u2010" * 7 + "\nJe retire ma "
                                     "demande\n",
    "a program named in a sentence": "Merci, envoyé avec Spark hier soir\n",
    "news below Airmail's signature": "Merci\n-- \nJeanne Roux\nEnvoyé avec Airmail\n\nJe retire ma demande.\n" * 3,
    "news below Airmail's line": "Merci\nSent with Airmail\nJe retire ma demande\n",
    "news below an old Outlook separator": "Merci\n-----Message d'origine-----\nJe retire ma demande\n",
    "news below a line of underscores": "Merci\n________________________________\nJe retire ma demande\n",
    # Horde's attribution with the news below it, unquoted; or a line saying « Citation » with no address
    "news below Horde's attribution": f"Merci\n\nCitation de Mission Smart City <{OURS}> :\nJe retire ma demande\n",
    "news above Horde's attribution": f"Merci, je retire ma demande\n\nCitation de Mission <{OURS}> :\n> x\n",
    "news below eM Client's separator": ("Merci\n------ Message d'origine ------\n"
                                         "De retour demain, je retire ma demande\n"),
    "news below the quote": f"{THUNDERBIRD_HEADER}{quoted()}\n\nMerci, je retire ma demande\n",
    "a question below the quote": f"Bonjour,\n\n{THUNDERBIRD_HEADER}{quoted()}\n\nMerci, et la date du jury\n",
    "news below the quote then quoted again": f"{THUNDERBIRD_HEADER}{quoted()}\n\nMerci\n\n> Je retire\n",
    "news below FairEmail's header": f"Merci\n\n1 déc. 2026 09:20:15 Mission <{OURS}>:\nJe retire ma demande\n",
    "news below Yahoo's iPhone line": "Merci\n\nEnvoyé de Yahoo Mail pour iPhone\n\nJe retire ma demande\n",
    "news on Yahoo's iPhone line": "Merci\nEnvoyé de Yahoo Mail pour iPhone, où en est mon dossier\n",
    "news below Mailbird's line": "Merci\n\nEnvoyé avec Mailbird\n\nJe retire ma demande\n",
    "a question on Mailbird's line": "Merci\nEnvoyé avec Mailbird, où en est mon dossier\n",
    "another link on Mailbird's line": "Merci\nEnvoyé avec Mailbird [https://we.tl/t-AbCdEf]\n",
    "news below Aqua Mail's link": ("Merci\n\nEnvoyé avec AquaMail pour Android\nhttps://www.mobisystems.com/aqua-mail"
                                    "\n\nJe retire ma demande\n"),
    "another link below Aqua Mail's line": "Merci\n\nEnvoyé avec AquaMail pour Android\nhttps://we.tl/t-AbCdEf\n",
    "news below Zoho's attribution": (f"Merci\n\n---- Le mar., 01 déc. 2026 09:20:15 +0100 Mission <{OURS}> a écrit "
                                      "---\nJe retire ma demande\n"),
    "news above Zoho's attribution": (f"Merci, je retire ma demande\n\n---- Le mar., 01 déc. 2026 09:20:15 +0100 "
                                      f"Mission <{OURS}> a écrit ---\n\n{quoted()}\n"),
    "news below a date line": "Merci\nEnvoyé: hier soir\nJe retire ma demande\n",
    "news below a date and a sender line": f"Merci\nEnvoyé: hier soir\nDe: moi <{OURS}>\nJe retire ma demande\n",
    "news below Nine's line": "Merci\n\nEnvoyé depuis Nine\n\nJe retire ma demande\n",
    "a question on Nine's line": "Merci\nEnvoyé depuis Nine, où en est mon dossier\n",
    "news below Canary's line": "Merci\n\nEnvoyé avec Canary\n\nJe retire ma demande\n",
    "a question on Canary's line": "Merci\nEnvoyé avec Canary, où en est mon dossier\n",
    "news in a clear-signed text": ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nMerci, je retire ma demande\n"
                                    + PGP_SIGNATURE),
    "news below a clear-signed text": ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nMerci\n" + PGP_SIGNATURE
                                       + "\nJe retire ma demande\n"),
    "news above a clear-signed text": ("Je retire ma demande\n-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n"
                                       "Merci\n" + PGP_SIGNATURE),
    "a question in the armour header": ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256, où en est mon dossier\n\n"
                                        "Merci\n" + PGP_SIGNATURE),
    "news in a signature never closed": ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nMerci\n"
                                         "-----BEGIN PGP SIGNATURE-----\n\nJe retire ma demande\n"),
    "horde's attribution naming two": f"Merci\n\nCitation de A <{OURS}> et je retire <ma@demande.fr> :\n> x\n",
}


@pytest.mark.parametrize("client", THANKS)
def test_a_bare_thanks_as_mail_programs_write_it_is_thanks(client):
    assert only_thanks(THANKS[client]), client


@pytest.mark.parametrize("case", NOT_THANKS)
def test_anything_more_than_thanks_is_not(case):
    assert not only_thanks(NOT_THANKS[case]), case


def test_as_many_cases_not_thanks_as_thanks():
    assert len(NOT_THANKS) >= len(THANKS)


def test_the_quoted_mail_and_what_is_below_the_reply_header_are_not_the_sender_s_text():
    """The acknowledgement quoted below holds a question mark: it is not the sender's."""
    assert own_text(THANKS["gmail"]).strip() == "Merci !"
    assert own_text(THANKS["outlook desktop"]).split() == ["Bonjour,", "Bien", "reçu,", "merci.", "Cordialement,",
                                                           "Jeanne", "Martin"]
    assert own_text(THANKS["iphone"]).strip() == "ok merci"
    assert own_text(THANKS["samsung email"]).strip() == "D'accord, merci"
    assert own_text(THANKS["the bat!"]).split() == ["Bonjour", "Mission,", "Merci", "beaucoup", "!"]
    assert own_text(NOT_THANKS["news below the quote then quoted again"]) is None


def test_a_long_text_read_only_in_part_is_not_thanks():
    assert not only_thanks("Merci\n" + " " * 30_000 + "\nOù en est mon dossier")


def test_an_html_only_reply_is_read_from_its_html():
    """Outlook on the web and some phones send an HTML part alone: its text is read (core/htmltext.py)."""
    html = ('<html><body><div>Merci beaucoup !</div><div><br></div><div>Jeanne Martin</div><hr style="display:inline-'
            'block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri"><b>De :</b> Mission Smart City '
            f'&lt;{OURS}&gt;<br><b>Envoyé :</b> lundi 30 novembre 2026 10:12<br><b>À :</b> Jeanne Martin<br>'
            '<b>Objet :</b> Accusé de réception [BSC-2026-0007]</font><div>&nbsp;</div></div><div>Pouvez-vous nous '
            "l'envoyer ?</div></body></html>")
    raw = ("From: Jeanne Martin <jeanne.martin@asso.example>\r\nTo: " + OURS + "\r\nSubject: RE: Accusé de réception "
           "[BSC-2026-0007]\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n"
           "Content-Transfer-Encoding: 8bit\r\n\r\n" + html + "\r\n").encode()
    msg = parse_message(raw)
    assert not msg.text.strip() and only_thanks(msg.text, msg.html)
    asked = parse_message(raw.replace(b"Merci beaucoup !", "Merci, et le jury ?".encode()))
    assert not only_thanks(asked.text, asked.html)


def test_an_html_only_answer_with_its_news_below_a_reply_header_it_typed_is_not_thanks():
    """In an HTML part, the mail answered is a blockquote: a line below « Le … a écrit : » that is in none is the
    sender's (everything below that line was taken for the quoted mail, unread)."""
    header = "<div>Le 12 nov. 2026 à 10:00, Mission Smart City a écrit :</div>"
    assert only_thanks("", f"<div>Merci</div>{header}<blockquote type=\"cite\"><div>{ACK}</div></blockquote>")
    assert not only_thanks("", f"<div>Merci</div>{header}<div>Je retire ma demande, nous déménageons</div>")
    assert not only_thanks("", f"<div>Merci</div>{header}<blockquote><blockquote>x</blockquote>y</blockquote>"
                               "<div>Je retire ma demande</div>")
    # a blockquote above any reply header is the sender's text indented (Gmail's and Apple Mail's « indent »)
    assert not only_thanks("", '<div>Merci</div><blockquote style="margin:0 0 0 40px">Je retire ma demande'
                               '</blockquote>')
    # Apple Mail: its header at the top of its blockquote
    assert only_thanks("", '<div>Merci !<br><div><br><blockquote type="cite"><div>Le 30 nov. 2026 à 10:12, Mission '
                           f'Smart City &lt;{OURS}&gt; a écrit :</div><br><div>{ACK}</div></blockquote></div></div>')
    # iOS Mail: its header in the first blockquote, below the phone's line
    assert only_thanks("", '<div>ok merci</div><div><br></div><div>Envoyé de mon iPhone</div><div><br><blockquote '
                           f'type="cite">Le 30 nov. 2026 à 10:12, Mission Smart City a écrit :</blockquote></div>'
                           f'<blockquote type="cite"><div>{ACK}</div></blockquote>')


def test_tuta_s_html_answer_is_read_above_its_reply_header():
    """Tuta's answer, its HTML alone: « 1 déc. 2026, 09:20 par <address>: » (tutao/tutanota's MailEditor: the date,
    « by » in the user's language, the bare address, a colon), then `<br><blockquote class="tutanota_quote">`; her
    « Merci » above it was a question for staff. News written below that line, not quoted, is still hers."""
    head = f"<br>1 déc. 2026, 09:20 par {OURS}:<br>"
    quote = f'<blockquote class="tutanota_quote">{ACK}<br></blockquote>'
    assert only_thanks("", f"<html><body>Merci beaucoup !<br>{head}{quote}</body></html>")
    assert only_thanks("", f"Thanks!<br><br>Dec 1, 2026, 09:20 by {OURS}:<br>{quote}")
    assert only_thanks("", f"Merci<br><br>1 déc. 2026, 09:20 de {OURS}:<br>{quote}")
    assert not only_thanks("", f"Merci<br>{head}Je retire ma demande<br>")
    assert not only_thanks("", f"Merci, je retire ma demande<br>{head}{quote}")
    assert not only_thanks("", f"Merci<br>1 déc. 2026, 09:20 par moi et je retire <ma@demande.fr>:<br>{quote}")


def test_a_gmail_answer_as_it_arrives_is_read_from_its_decoded_text_part():
    """Gmail's multipart/alternative, quoted-printable, CRLF, the header « Le … a écrit : » wrapped at 78
    characters and the acknowledgement quoted below (its question mark is not the sender's)."""
    text = ("Bien re=C3=A7u, merci beaucoup !\r\n\r\nJeanne Martin\r\n\r\nLe lun. 30 nov. 2026 =C3=A0 10:12, "
            "Mission Smart City <\r\nn.bataillon@ville-bethune.fr> a =C3=A9crit :\r\n\r\n> Bonjour,\r\n>\r\n> "
            "Pi=C3=A8ces manquantes : courrier officiel au Maire. Pouvez-vous nous l'envoye=\r\nr ?\r\n>\r\n")
    html = ('<div dir=3D"ltr">Bien re=C3=A7u, merci beaucoup !<div><br></div><div>Jeanne Martin</div></div><br><div '
            'class=3D"gmail_quote"><div dir=3D"ltr" class=3D"gmail_attr">Le lun. 30 nov. 2026 =C3=A0 10:12, Mission '
            'Smart City &lt;<a href=3D"mailto:n.bataillon@ville-bethune.fr">n.bataillon@ville-bethune.fr</a>&gt; a '
            '=C3=A9crit&nbsp;:<br></div><blockquote class=3D"gmail_quote">Pouvez-vous nous l\'envoyer ?</blockquote>'
            '</div>\r\n')
    raw = ("MIME-Version: 1.0\r\nDate: Mon, 30 Nov 2026 11:02:17 +0100\r\nMessage-ID: <CAH7dQn=x1@mail.gmail.com>\r\n"
           "Subject: Re: [BSC-2026-0007] =?UTF-8?Q?Accus=C3=A9_de_r=C3=A9ception?=\r\nFrom: Jeanne Martin "
           "<jeanne.martin@gmail.com>\r\nTo: n.bataillon@ville-bethune.fr\r\nContent-Type: multipart/alternative; "
           'boundary="000000000000a1b2c3"\r\n\r\n--000000000000a1b2c3\r\nContent-Type: text/plain; charset="UTF-8"\r\n'
           f"Content-Transfer-Encoding: quoted-printable\r\n\r\n{text}\r\n--000000000000a1b2c3\r\nContent-Type: "
           'text/html; charset="UTF-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'
           f"{html}\r\n--000000000000a1b2c3--\r\n").encode()
    msg = parse_message(raw)
    assert "?" in msg.text and only_thanks(msg.text, msg.html)
    assert only_thanks("", msg.html)  # its HTML alone says the same


def test_a_subject_is_read_whole_and_in_bounded_time():
    """subject_adds_nothing runs in the poller's process: a 40 MB subject is not split, and its end unread, it is no
    thanks."""
    import time

    from intake.core.thanks import subject_adds_nothing

    subject = "merci " + "cordialement " * 3_000_000 + "je retire ma demande"
    started = time.process_time()  # this process's CPU time: a pause of the machine is not the reading's cost
    assert not subject_adds_nothing(subject, "BSC-2026-0007")
    assert time.process_time() - started < 0.5
    assert subject_adds_nothing("RE: Accusé de réception [BSC-2026-0007]", "BSC-2026-0007")


@pytest.mark.parametrize("line", ["\u2010\u2010 Original Message \u2010\u2010\nLe " + "1 " * 40,
                                  "Envoyé avec Spark" + " Spark" * 50, "Obtenir BlueMail pour " + "Android " * 50,
                                  "envoye avec la messagerie securisee proton" + " proton" * 40])
def test_lines_that_almost_make_a_program_s_line_or_proton_s_separator_are_read_quickly(line):
    import time

    started = time.process_time()
    assert not only_thanks("Merci\n" + (line + "\n") * 2_000)
    assert time.process_time() - started < 2



# capitalised words on the last line are read as a signature (a person's name, her association's mailbox or not);
# a request written in capitals there (« Rappelez Moi Vite ») is for staff to read
SIGNED = {
    "her name": "Merci\nJeanne Martin\n",
    "her first name": "Merci !\n\nJeanne\n",
    "a surname of Spanish origin": "Merci beaucoup\n\nMaria Lopez Fernandez\n",
    "a title and a surname": "Merci.\nMme Martin\n",
}
NOT_SIGNED = {
    "a request in capitals": "Merci\nRappelez Moi Vite\n",
    "an order in capitals, hyphenated": "Merci\nRappelez-Moi Vite\n",
    "an answer asked for": "Merci\nRépondez Vite\n",
    "after a comma": "Merci,\nAppelez Moi\n",
    "please": "Merci\nContactez Nous Svp\n",
    "as soon as possible": "Merci\nRappel Urgent Asap\n",
    "to her": "Merci\nEcrivez Lui\n",
}


@pytest.mark.parametrize("case", SIGNED)
def test_a_name_below_the_thanks_is_a_signature(case):
    assert only_thanks(SIGNED[case]), case


@pytest.mark.parametrize("case", NOT_SIGNED)
def test_a_request_in_capitals_below_the_thanks_is_for_staff(case):
    assert not only_thanks(NOT_SIGNED[case]), case
