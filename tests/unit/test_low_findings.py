"""Low findings of the security review: link hosts, text our mail repeats, plain-text connections."""

from pathlib import Path

import pytest

from intake.core.classify import transfer_links
from intake.core.links import is_host_name, listed_host, url_host
from intake.core.masking import MASK, mask_filename, mask_links
from intake.core.rules import parse_rules
from intake.errors import RulesError

RULES_FILE = Path(__file__).resolve().parents[2] / "rules" / "pieces.toml"
RULES = parse_rules(str(RULES_FILE), RULES_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("url, counts", [
    ("https://wetransfer.com/downloads/abc", True), ("https://www.dropbox.com/s/x", True),
    ("https://WeTransfer.com/x", True), ("https://we.tl/t-abc", True),
    ("https://wetransfer.com.evil.example/downloads/abc", False),  # r14: a name that merely contains one
    ("https://evilwetransfer.com/x", False), ("https://wetransfer.com@evil.example/x", False),
    ("https://evil.example/wetransfer.com/x", False), ("https://evil.example/?u=https://wetransfer.com", False),
    ("https://www.icloud.com/attachment/?u=https%3A%2F%2Fcvws.icloud-content.com%2FB%2Fx&uk=y&f=Photos.zip", True),
    ("https://francetransfert.numerique.gouv.fr/download/download-info-public?enclosure=abc", True),
    ("https://icloud.com.evil.example/attachment/x", False), ("https://notfrancetransfert.numerique.gouv.fr/x", False),
])
def test_a_transfer_link_counts_by_its_host_never_by_a_substring(url, counts):
    found = transfer_links(f"Voici nos photos : {url}", "", RULES)
    assert bool(found) is counts, url


def test_the_host_is_what_the_browser_opens():
    assert url_host("https://user:pw@Files.Example.org:8443/x?y#z") == "files.example.org"
    assert url_host("https://wetransfer.com\\@evil.example/x") == "wetransfer.com"  # what WHATWG URL opens
    assert listed_host("www.icloud.com", ("dropbox.com", "icloud.com")) == "icloud.com"
    assert listed_host("xicloud.com", ("icloud.com",)) == "" and listed_host("", ("icloud.com",)) == ""


def test_every_shipped_link_host_is_a_host_name():
    assert RULES.link_hosts and all(is_host_name(h) for h in RULES.link_hosts)
    assert {"icloud.com", "francetransfert.numerique.gouv.fr", "wetransfer.com"} <= set(RULES.link_hosts)


@pytest.mark.parametrize("hosts", [['"smash."'], ['"https://wetransfer.com"'], ['"wetransfer.com/x"'],
                                   ['"nextcloud"']])
def test_a_link_host_that_is_not_a_host_name_is_refused(hosts):
    text = RULES_FILE.read_text(encoding="utf-8")
    start = text.index("hosts = [")
    end = text.index("]", start) + 1
    with pytest.raises(RulesError) as caught:
        parse_rules("pieces.toml", text[:start] + f"hosts = [{', '.join(hosts)}]" + text[end:])
    assert "n'est pas un nom de site" in str(caught.value)


@pytest.mark.parametrize("text, masked", [
    ("Régularisez votre situation sur www.bethune-paiement.example sous 48 h",
     f"Régularisez votre situation sur {MASK} sous 48 h"),
    ("Payez sur https://bethune-paiement.example/amende", f"Payez sur {MASK}"),
    ("paiement-bethune.fr ou bethune-paiement.click", f"{MASK} ou {MASK}"),
    ("écrivez à aide@bethune-paiement.fr", f"écrivez à {MASK}"),
    ("service des amendes 01 23 45 67 89, +33 6 12 34 56 78", f"service des amendes {MASK}, {MASK}"),
    ("Projet Vélo Béthunois 2026 (J.Dupont, St.Omer)", "Projet Vélo Béthunois 2026 (J.Dupont, St.Omer)"),
])
def test_links_addresses_and_numbers_others_chose_are_masked(text, masked):
    assert mask_links(text) == masked


@pytest.mark.parametrize("text", [
    "Tél. ０６ １２ ３４ ５６ ７８",  # full-width digits
    "Tél. ＋３３ ６ １２ ３４ ５６ ７８",
    "Tél. ٠٦ ١٢ ٣٤ ٥٦ ٧٨",  # Arabic-Indic digits
    "Tél. ०६ १२ ३४ ५६ ७८",  # Devanagari digits
    "Tél. 𝟎𝟔 𝟏𝟐 𝟑𝟒 𝟓𝟔 𝟕𝟖",  # mathematical digits
    "Tél. 06\u200b12\u200b34\u200b56\u200b78",  # zero-width spaces
    "Tél. 06\u00ad12\u00ad34\u00ad56\u00ad78",  # soft hyphens
    "Tél. 06–12–34–56–78", "Tél. 06‑12‑34‑56‑78", "Tél. 06−12−34−56−78",  # en dash, non-breaking hyphen, minus
    "Tél. 06·12·34·56·78", "Tél. 06．12．34．56．78", "Tél. 06\u202f12\u202f34\u202f56\u202f78",
    "Tél. 06 - 12 - 34 - 56 - 78", "Tél. 06　12　34　56　78",  # ideographic space
    "Tél. ０6 1２ 3４ ５6 ７8",  # mixed
    "Tél. O6 l2 34 56 78", "Tél. 0I.23.45.67.O9", "Tél. +33 6 l2 34 56 7O",  # letters that look like digits
    "Tél. Ｏ６ １２ ３４ ５６ ７８",  # a full-width O
])
def test_a_telephone_number_in_other_digits_or_separators_is_masked(text):
    """Only ASCII 0-9 and [ .-] were read as a number: full-width or other Unicode digits, and separators that look
    like a space, a dot or a dash, carried a number someone else chose into our mail."""
    assert mask_links(text) == f"Tél. {MASK}"


@pytest.mark.parametrize("text", [
    "ｗｗｗ．ｂｅｔｈｕｎｅ－ｐａｉｅｍｅｎｔ．ｆｒ", "ｈｔｔｐｓ：／／bethune-paiement.example/amende",
    "bethune-paiement。fr",
    "aide＠bethune-paiement.fr", "aide@bethune\u200b-paiement.fr", "bethune-paiement．ｃｏｍ",
])
def test_a_link_or_address_in_compatibility_forms_is_masked(text):
    assert mask_links(f"Payez sur {text} sous 48 h") == f"Payez sur {MASK} sous 48 h"


@pytest.mark.parametrize("text", [
    "Les habitant·e·s et candidat·es, citoyen·ne·s du quartier",  # inclusive writing: no domain « candidat.es »
    "Saison 2025–2026, ﬁnancement 10 000 €, 120 m², étape ①",
    "Réunion du 01/12/2026 14:30 – salle 3",
    "Projet Vélo Béthunois ２０２６ (J.Dupont, St.Omer)",
    "ＡＢＣ　ｄｕ　ｊａｒｄｉｎ",
    "Lot O1 : voirie, lot O2 : éclairage (12 lots, 34 rues)", "Ol la la, lo fi",
])
def test_ordinary_text_in_other_forms_is_kept_as_written(text):
    assert mask_links(text) == text


def test_a_file_name_keeps_its_extension():
    assert mask_filename("rapport.ai") == "rapport.ai" and mask_filename("Courrier au maire.pdf") == \
        "Courrier au maire.pdf"
    assert mask_filename("Avis de paiement - www.bethune-paiement.example.jpg") == f"Avis de paiement - {MASK}.jpg"


def test_a_file_name_ending_in_a_domain_is_masked_whole():
    """An attachment named « … bethune-paiement.fr » kept « .fr » as its extension, and so the address whole in the
    acknowledgement's list of documents received (an attacker's review): only a file's extension is kept."""
    assert mask_filename("Payez sur bethune-paiement.fr") == f"Payez sur {MASK}"
    assert mask_filename("exemple.com") == MASK and mask_filename("bethune-paiement.com.pdf") == f"{MASK}.pdf"
    assert mask_filename("photo.JPEG") == "photo.JPEG" and mask_filename("Dossier final.v2") == "Dossier final.v2"


@pytest.mark.parametrize("text", [
    "amendes-bethune.ovh", "bethune.tax/payer", "paiement-bethune.zip", "bethune-amende.gratis", "bethune.онлайн",
    "BETHUNE-PAIEMENT.OVH", "J.Dupont.ovh",
    "0800 123 456", "0 800 123 456", "0899 123 456", "(0)6 12 34 56 78", "06/12/34/56/78", "0033 6 12 34 56 78",
    "45.12.33.7/payer", "45.12.33.7:8080",
])
def test_a_link_under_any_top_level_domain_and_numbers_as_dialled_are_masked(text):
    """attack14: only two-letter and a short list of « TLDs seen in links » were masked (amendes-bethune.ovh, .tax,
    .zip went into the acknowledgement a forged `From` gets), nor a number in 4-3-3 (« 0800 123 456 »), with slashes,
    with « (0) » or « 0033 », nor a server by its IPv4 address."""
    assert mask_links(f"Payez sur {text} sous 48 h") == f"Payez sur {MASK} sous 48 h"


@pytest.mark.parametrize("text", [
    "Projet de J.Dupont et J.P.Bosch, St.Omer", "Réunion du 01/12/2026 à 14 h, version 1.2.3 du 12.03.2026",
    "Scan Data from RNP00267398A1B2", "n° 00000000-0000-0000",
])
def test_names_with_initials_and_dates_are_kept_whatever_the_top_level_domains(text):
    assert mask_links(text) == text


def test_every_top_level_domain_of_the_bundled_public_suffix_list_is_known_to_masking():
    """intake/core/tlds.py is a copy of the installed Public Suffix List's top-level domains: remake it when this
    fails (a newer `publicsuffixlist`)."""
    import publicsuffixlist

    from intake.core.tlds import TLDS

    data = (Path(publicsuffixlist.__file__).parent / "public_suffix_list.dat").read_text(encoding="utf-8")
    icann = data.split("===BEGIN ICANN DOMAINS===")[1].split("===END ICANN DOMAINS===")[0]
    tops = {line.strip().lstrip("!*.").split(".")[-1].lower() for line in icann.splitlines()
            if line.strip() and not line.startswith("//")}
    tops = {t.encode("ascii").decode("idna") if t.startswith("xn--") else t for t in tops}
    assert {t for t in tops if len(t) > 2 or not t.isascii()} <= TLDS


@pytest.mark.parametrize("contact", ["Amendes-Bethune.Fr", "Mme Amendes-Bethune.Com", "Payez.Sur Amendes-Bethune.Ovh"])
def test_a_contact_that_is_a_domain_name_is_nobody_to_greet(contact):
    """attack14: the greeting took « Amendes-Bethune.Fr » for a name (capitalised words), unmasked in our mail."""
    from intake.core.mailcontent import greeting_name

    assert greeting_name({"contact": contact}) == ""
    assert greeting_name({"contact": "Mme J. Dupont"}) == "Madame J. Dupont"


def test_a_file_name_that_is_a_domain_under_an_extension_that_is_a_top_level_domain_is_masked_whole():
    """attack14: « Payez sur amendes.bethune.zip » kept « .zip » as a file's extension (it is one, and a top-level
    domain too) and « amendes.bethune » unmasked before it: the domain whole in the acknowledgement."""
    assert mask_filename("Payez sur amendes.bethune.zip") == f"Payez sur {MASK}"
    assert mask_filename("Payez sur amendes.bethune.ai") == f"Payez sur {MASK}"
    assert mask_filename("rapport.zip") == "rapport.zip" and mask_filename("notes.md") == "notes.md"
    assert mask_filename("rapport.v2.pdf") == "rapport.v2.pdf"
