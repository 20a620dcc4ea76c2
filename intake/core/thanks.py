"""Whether an applicant's message without files only says thanks (« Merci ! », « Bien reçu, merci. Cordialement »).

Pure. Such a message needs no answer, and staff were told to read and answer each one as a question. The test is
conservative: anything it does not know (a word, a figure, a link, a question mark, a long text) makes the message
no thanks, and staff are told of it as before: a real question must never be hidden.

Only the message's own new text is read (`own_text`): what mail programs put below it (the mail answered, quoted
under « Le … a écrit : », « On … wrote: » or Outlook's « De : / Envoyé : » block, « > » lines, « Envoyé de mon
iPhone », a « -- » signature) is not the sender's writing of today. What the sender wrote below a phone's line or
above the mail answered but outside its quote is. The subject counts too (`subject_adds_nothing`): « Annulation de ma
demande » above « Merci. Cordialement » is no thanks.
"""

from __future__ import annotations

import html as html_module
import re

from intake.core.htmltext import html_as_text
from intake.core.text import fold

MAX_READ = 20_000  # characters of a text read: a longer new text is no bare thanks
MAX_WORDS = 12  # words of thanks at most, greeting, closing and signature aside
SIGNATURE_LINES = 8  # lines below « -- » at most (a name, a title, an address, a telephone), none asking
QUESTION_MARKS = "?？¿⸮"

# what the formulas below are made of, folded (core/text.py: lower-case, without accents, « - » as a space)
GREETINGS = ("bonjour", "bonsoir", "hello", "madame", "monsieur", "mesdames", "messieurs", "cher monsieur",
             "chere madame", "madame monsieur")
CLOSINGS = ("cordialement", "bien cordialement", "tres cordialement", "bien a vous", "bien a toi", "a vous",
            "bonne journee", "bonne soiree", "belle journee", "belle soiree", "bonne fin de journee",
            "bonne semaine", "bon week end", "bon weekend", "a bientot", "salutations", "sinceres salutations",
            "meilleures salutations", "cordiales salutations", "salutations distinguees", "amicalement",
            "bien amicalement", "veuillez agreer", "je vous prie d'agreer", "l'expression de mes salutations",
            "l'expression de mes sinceres salutations", "l'expression de mes salutations distinguees",
            "l'expression de mes sentiments distingues", "mes salutations distinguees", "regards", "best regards",
            "kind regards")
ACKS = ("merci", "merci beaucoup", "merci bien", "merci infiniment", "merci mille fois", "mille mercis",
        "mille merci", "un grand merci", "grand merci", "merci encore", "encore merci", "merci a vous",
        "merci a toi", "je vous remercie", "je vous en remercie", "nous vous remercions", "merci pour votre reponse",
        "merci de votre reponse", "merci pour votre retour", "merci de votre retour", "merci pour votre message",
        "merci pour la confirmation", "merci pour votre confirmation", "merci pour l'accuse de reception",
        "bien recu", "c'est bien recu", "bien note", "c'est note", "c'est bien note", "parfait", "c'est parfait",
        "super", "ok", "okay", "d'accord", "entendu", "tres bien", "top", "thanks", "thank you", "thanks a lot",
        "noted")
LINKS = ("et", "and")  # « Merci et bonne journée »: counted as no thanks
_PHRASES = sorted({(p, kind) for kind, phrases in (("greeting", GREETINGS), ("closing", CLOSINGS), ("ack", ACKS),
                                                   ("link", LINKS)) for p in phrases},
                  key=lambda pk: (-len(pk[0].split()), pk))

# a line from which the rest is not the sender's new text (tested on the line folded, `_cut_here`)
# (a phone's line names the phone, or the mail program: « Envoyé de mon bureau, … » is the sender's writing)
_STOP_LINES = re.compile(
    r"(?:(?:envoye (?:de|depuis) mon|sent from my) (?:\S+ )?(?:iphone|ipad|ipod|mac|smartphone|telephone|mobile|"
    r"portable|tablette|appareil|samsung|galaxy|android|huawei|xiaomi|honor|oppo|pixel|phone)\b[^,;]*|"
    r"envoye (?:depuis|a partir de|avec) (?:l'application |l'appli )?(?:yahoo|outlook|gmail|mail|courrier|orange|"
    r"free|sfr|laposte|proton|samsung|android|ios)\b.*|(?:get|obtenir|telecharger) outlook (?:for|pour) .*|"
    r"provenance : courrier pour windows.*|"
    # Yahoo Mail's iPhone app: « Envoyé de Yahoo Mail pour iPhone » (« de », not « depuis » as on Android), « Sent
    # from Yahoo Mail for iPhone », its app link after it in the text part (the line and its link alone)
    r"(?:envoye de|sent from) yahoo mail (?:pour|for|sur|on) (?:iphone|ipad|android)(?: ?<[^<>]{0,500}>)?|"
    # mail programs' own lines, written with no « -- » above the mail answered (tests/sixteenthmail.py), the line alone
    # (Canary Mail's, tests/nineteenthmail.py, the same way)
    r"(?:sent with|envoye avec) (?:spark|airmail|bluemail|canary)\.?|"
    r"(?:get|obtenir|telecharger) bluemail (?:for|pour) android|"
    # Mailbird's free version (« Envoyé avec Mailbird », its link to getmailbird.com in brackets in the text part) and
    # Aqua Mail's default signature (« Envoyé avec AquaMail pour Android », its link alone on the next line): the
    # line alone, the link its own and no other (tests/eighteenthmail.py)
    r"(?:sent with|envoye avec) mailbird(?: ?\[https?://(?:www\.)?getmailbird\.com/[^\[\]<>]{0,300}\])?|"
    r"(?:sent with|envoye avec) aqua ?mail (?:for|pour) android|https?://(?:www\.)?mobisystems\.com/aqua mail/?|"
    # Nine's (Android, Exchange; an AOSP Email fork): « Envoyé depuis Nine », « Sent from Nine »
    r"(?:sent from|envoye depuis) nine\.?|"
    r"sent with proton ?mail secure email\.?|envoye avec la messagerie securisee proton ?mail\.?)")
_SEPARATORS = ("message d'origine", "original message", "message original", "mail original")
# a mail forwarded below: its text is for staff to read (`own_text`: None)
_FORWARDS = re.compile(r"[-*> ]*(?:message transfere|forwarded message|mail transfere|debut du message reexpedie|"
                       r"begin forwarded message)\b.*")
_SENDER_LINE = re.compile(r"\*?(?:de|from|von|expediteur)\s*\*?\s*:")
# eM Client's sender line under its « ------ Message d'origine ------ »: no colon (« De "Mission" <x@y> »)
_BARE_SENDER_LINE = re.compile(r"(?:de|from)\s[^:]{0,300}<[^<>]{1,320}@[^<>]{1,320}>$")
_SENT_LINE = re.compile(r"\*?(?:envoye|sent|date|gesendet)\s*\*?\s*:")
_SUBJECT_LINE = re.compile(r"\*?(?:objet|subject|betreff)\s*\*?\s*:")
# « Le lun. 30 nov. 2026 à 10:12, Service <x@y> a écrit : » (Gmail, Thunderbird, Apple), « On … wrote: » (English),
# a line Gmail may wrap in two or three
# The Bat!'s answers say « vous avez écrit » (« Le mardi 1 décembre 2026, 09:20:15, vous avez écrit : »), in English
# « Tuesday, December 1, 2026, 9:20:15 AM, you wrote: », the weekday first (its default template, %ODateEn)
_REPLY_HEADER = re.compile(r"(?:le\s.{0,300}?\b(?:a|vous\s+avez)\s+ecrit|on\s.{0,300}?\bwrote|"
                           r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),\s.{0,300}?\byou\s+wrote)"
                           r"\s*:$")
# Horde IMP's attribution names the sender and no date: « Quoting %f: » (imp's attrib_text), in French « Citation
# de %f : » (its catalogue; the « de » and the space before the colon guessed, both read): kept as the sender's own
# text, it made her « Merci beaucoup ! » a question for staff (tests/seventeenthmail.py `horde`)
# FairEmail's reply header, by default the date, the sender and a colon, no « a écrit » (EntityMessage.getReplyHeader:
# « 1 déc. 2026 09:20:15 Mission Smart City <…>: »): a figure first, an address, the colon last
_DATED_HEADER = re.compile(r"\d[^<>]{0,300}<[^<>]{1,320}@[^<>]{1,320}>\s*:$")
# Zoho Mail's attribution, on one line between dashes, no colon: « ---- Le mar., 01 déc. 2026 09:20:15 +0100 Mission
# Smart City <…> a écrit --- » (« ---- On Tue, 01 Dec 2026 … <…> wrote ---- »): kept as her text, her « Merci » was a
# question for staff. Read as the others: the mail answered quoted below it (« > »), else not read
# (folded, its dashes are spaces: the line as written must start and end with two)
_ZOHO_HEADER = re.compile(r"(?:le|on)\s[^<>]{0,300}<[^<>]{1,320}@[^<>]{1,320}>\s*(?:a\s+ecrit|wrote)$")
# Tuta's attribution (tutao/tutanota's MailEditor: `formatDateTime(sentDate) + " " + lang.get("by_label") + " " +
# address + ":"`): « 1 déc. 2026, 09:20 par n.bataillon@…: », « Dec 1, 2026, 9:20 AM by …: », the address bare, no
# « a écrit »: kept as her text, her « Merci » was a question for staff. Read on the line as written (folding makes a
# « - » of the address a space), the date and time as Intl writes them, so that no sentence of hers is taken for it
_TUTA_HEADER = re.compile(r"(?:\d{1,2}\s\S{3,10}\s\d{4}|[^\W\d_]{3,10}\.?\s\d{1,2},\s\d{4}),\s\d{1,2}:\d{2}"
                          r"(?:\s?[ap]m)?\s(?:by|par|de)\s[^\s<>@]{1,200}@[^\s<>@]{1,200}:", re.IGNORECASE)
_IMP_HEADER = re.compile(r"(?:quoting|citation(?:\s+de)?)\s[^<>]{0,300}<[^<>]{1,320}@[^<>]{1,320}>\s*:$")
_SMILEYS = re.compile(r"(?<!\S)[:;=]['-]?[)(\]dDpP](?!\S)|(?<!\S)\^\^(?!\S)")
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\S")
_PUNCTUATION = frozenset(".,;:!…-–—()\"'«»*~")
_NOT_A_NAME = frozenset(("je", "j'", "nous", "vous", "il", "elle", "on", "mais", "pas", "ne", "est", "c'est", "ca",
                         "cela", "voici", "voila", "votre", "notre", "mon", "ma", "mes", "pour", "avec", "sans",
                         "demain", "aujourd'hui", "ci", "le", "la", "les", "un", "une", "des", "du", "de", "a", "au",
                         "et", "ou", "si", "quand", "comment", "pourquoi", "qui", "que", "quoi", "dossier", "lettre",
                         "courrier", "piece", "pieces", "photo", "photos", "suite", "envoi", "please", "i", "we",
                         # what a capitalised line may say instead of a signature (« Merci, Candidature Retirée »)
                         "demande", "candidature", "projet", "retrait", "annulation", "annule", "annulee", "abandon",
                         "adresse", "changement", "nouvelle", "nouveau", "modification", "urgent", "important",
                         "attention", "plainte", "reclamation", "desistement", "erreur", "probleme", "relance",
                         # what a capitalised line may ask instead (« Merci / Rappelez Moi Vite », « Appelez-Moi »):
                         # the pronouns and adverbs of a request, the verbs of one in the imperative
                         "moi", "me", "toi", "lui", "leur", "vite", "rapidement", "svp", "stp", "asap", "rappel",
                         "rappelez", "rappeler", "appelez", "appeler", "contactez", "contacter", "repondez",
                         "repondre", "ecrivez", "ecrire", "telephonez", "envoyez", "renvoyez", "retirez", "annulez",
                         "confirmez", "attendez", "aidez", "dites", "prevenez"))
_PARTICLES = frozenset(("de", "du", "des", "d'", "la", "le", "van", "von", "der"))


def only_thanks(text: str, html: str = "") -> bool:
    """Whether a message whose text is `text` (its HTML `html`, read as text, when it has no text part) says nothing
    but thanks or an acknowledgement: no question mark, at most MAX_WORDS words of the formulas of ACKS (at least
    one) besides a greeting, a closing and a signature that is only a name, and punctuation or THANKS_EMOJI. When in
    doubt, no: the message is then flagged to staff as a question."""
    from_html = not text.strip()
    if from_html and len(html) > MAX_READ * 5:  # its end not read: no bare thanks
        return False
    if not from_html:
        clear = cleartext(text[:MAX_READ + 1])  # one character more: a longer text stays too long to read
        if clear is None:
            return False
        text = clear
    own = own_text(html_as_text(_quoted_marked(html[:MAX_READ * 5])), from_html=True) if from_html else own_text(text)
    if own is None or any(c in own for c in QUESTION_MARKS):
        return False
    return _said(own)


_ARMOUR_BEGIN, _ARMOUR_SIGNATURE = "-----BEGIN PGP SIGNED MESSAGE-----", "-----BEGIN PGP SIGNATURE-----"
_ARMOUR_END = "-----END PGP SIGNATURE-----"
_HASH_HEADER = re.compile(r"Hash:\s?[A-Za-z0-9-]{1,20}(?:,\s?[A-Za-z0-9-]{1,20}){0,4}")
_SIGNATURE_LINE = re.compile(r"(?:Version|Comment):.{0,200}|[A-Za-z0-9+/=]{0,100}")


def cleartext(text: str) -> str | None:
    """The text of a message clear-signed with OpenPGP inline (RFC 4880 7: KMail's « Inline OpenPGP », Mutt's and
    Enigmail's old « PGP/Inline »): what is between « -----BEGIN PGP SIGNED MESSAGE----- » and its « Hash: » lines,
    and the armoured signature, its dash-escaped lines (« - -- ») given back; a text that is not clear-signed as it
    is. None when the armour is not whole or anything but blank lines is written around it or in the signature (not
    read: what the sender wrote there is for staff)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if start == len(lines) or lines[start].strip() != _ARMOUR_BEGIN:
        return text
    at = start + 1
    while at < len(lines) and lines[at].strip():
        if not _HASH_HEADER.fullmatch(lines[at].strip()):
            return None
        at += 1
    signed = next((j for j in range(at + 1, len(lines)) if lines[j].strip() == _ARMOUR_SIGNATURE), None)
    end = next((j for j in range(signed + 1, len(lines)) if lines[j].strip() == _ARMOUR_END), None) if signed else None
    if signed is None or end is None or any(line.strip() for line in lines[end + 1:]) or not all(
            _SIGNATURE_LINE.fullmatch(line.strip()) for line in lines[signed + 1:end]):
        return None
    return "\n".join(line[2:] if line.startswith("- ") else line for line in lines[at + 1:signed])


# a message's signature and its sender's key (RFC 3156, RFC 8551), and how each begins: OpenPGP's armour, a CMS
# structure's DER (a SEQUENCE)
_SIGNATURES = {"application/pgp-signature": b"-----BEGIN PGP SIGNATURE-----",
               "application/pgp-keys": b"-----BEGIN PGP PUBLIC KEY BLOCK-----",
               "application/pkcs7-signature": b"\x30", "application/x-pkcs7-signature": b"\x30"}


def only_a_signature(declared_type: str, content: bytes) -> bool:
    """Whether a file is the message's signature or the sender's public key (« signature.asc », « smime.p7s »,
    Thunderbird's « OpenPGP_0x….asc »), declared so and beginning as one: a signed thanks says no more than one not
    signed. A file only declared so (a text that begins otherwise) may say more."""
    start = _SIGNATURES.get(declared_type.split(";")[0].strip().lower())
    return start is not None and content.lstrip()[:len(start)] == start


# a subject's reply prefixes (« RE: », « Réf : », « AW: »...), a list's tag before them
_REPLY_PREFIX = re.compile(r"\s*(?:\[[^\]]{0,40}\]\s*)?(?:re|ré|ref|réf|aw|sv|antw)\s*(?:\[\d{1,3}\])?\s*:\s*",
                           re.IGNORECASE)


def subject_adds_nothing(subject: str, reference: str) -> bool:
    """Whether the subject of a mail whose text only thanks (`only_thanks`) says nothing more: empty, the subject of
    our mail answered (a reply prefix, and the case's reference as our mails write it, « [BSC-2026-0007] »), or
    thanks itself (« Merci »). A subject the applicant wrote (« Annulation de ma demande », « Nouvelle adresse »
    above « Merci. Cordialement, Jeanne Martin ») is for staff to read."""
    if len(subject) > MAX_READ:  # its end not read
        return False
    rest, replied = " ".join(subject.split()), False
    while (prefix := _REPLY_PREFIX.match(rest)) and prefix.end():
        rest, replied = rest[prefix.end():], True
    tag = f"[{reference}]"
    if not rest.strip() or replied and reference and tag in rest:
        return True
    rest = rest.replace(tag, " ") if reference else rest
    return not rest.strip() or not any(c in rest for c in QUESTION_MARKS) and _said(rest)


def own_text(text: str, from_html: bool = False) -> str | None:
    """The sender's new text of a message: its lines down to the first that starts what mail programs put below it
    (`_cut_here`), without the quoted ones (« > »). None when none was found in the first MAX_READ characters of a
    longer text (what is further down was not read), when a mail forwarded below is (« Message transféré »: its
    text is for staff), when a line below « Le … a écrit : » is not quoted and is not below the whole quote (an
    answer written between the quoted lines of the mail answered, or below a reply header the sender typed: an
    answer written below the mail quoted is read, `_below_the_quote`), or when a line below a phone's (« Envoyé
    de mon iPhone ») is neither quoted nor the start of the mail answered, or when a « -- » signature is longer than
    SIGNATURE_LINES or asks (« PS : où en est mon dossier ? »). `from_html`: the text of an HTML part,
    whose blockquotes are quoted lines (`_quoted_marked`) only below a reply header or a phone's line: above, a
    blockquote is the sender's text indented (None: not read)."""
    lines = text[:MAX_READ].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    signed = False  # a phone's or mail program's line was read: below it, only what mail programs put
    signature: int | None = None  # lines of the signature below « -- », once read
    for i, line in enumerate(lines):
        if _FORWARDS.fullmatch(fold(line.strip())):
            return None
        if _STOP_LINES.fullmatch(fold(line.strip())):
            signed = True
            continue
        if line.strip() in ("--", "-- ") and signature is None:
            signature = 0
            continue
        cut = _cut_here(lines, i)
        if cut is not None:
            if cut and any(n.strip() and not n.lstrip().startswith(">") for n in lines[cut:]):
                below = _below_the_quote(lines[cut:])
                if below is None or signed:
                    return None
                rest = own_text("\n".join(below), from_html)
                return None if rest is None else "\n".join([*kept, rest])
            return "\n".join(kept)
        if line.lstrip().startswith(">"):
            if from_html and not signed:
                return None
        elif signature is not None and not signed:  # the signature's lines: a name, a title, a town's address
            if line.strip():
                signature += 1
                if signature > SIGNATURE_LINES or any(c in line for c in QUESTION_MARKS):
                    return None
        else:
            if signed and line.strip():
                return None
            kept.append(line)
    return "\n".join(kept) if len(text) <= MAX_READ else None


def _below_the_quote(lines: list[str]) -> list[str] | None:
    """The lines an answer written below the mail it quotes adds (bottom-posted, as The Bat!'s and Thunderbird's
    « répondre sous la citation » write it): those after one run of quoted lines (« > », blank lines among them),
    when no quoted line comes after them; None when the quote is interrupted (an answer written between its lines,
    for staff to read) or when no quoted line comes first (a reply header the sender typed above their news)."""
    start = next((j for j, line in enumerate(lines) if line.strip() and not line.lstrip().startswith(">")), len(lines))
    if not any(line.lstrip().startswith(">") for line in lines[:start]):
        return None
    if any(line.lstrip().startswith(">") for line in lines[start:]):
        return None
    return lines[start:]


def _cut_here(lines: list[str], i: int) -> int | None:
    """None when `lines[i]` starts nothing mail programs put below the new text; else 0, or, for a reply header
    whose mail program quotes the mail answered below it (« > »), the index of the line after the header."""
    raw = lines[i].strip()
    folded = fold(raw)
    # a separator only where Outlook's header block follows it (else its text, no thanks, is read)
    if re.fullmatch(r"_{10,}", raw) or raw.startswith(("-", "\u2010")) and folded.strip("-\u2010* ") in _SEPARATORS:
        if any(_SENDER_LINE.match(fold(n.strip())) or _BARE_SENDER_LINE.match(fold(n.strip()))
               for n in lines[i + 1:i + 4]):  # « -----Message d'origine----- », eM Client's « ------ … ------ »
            return 0
        # Proton Mail's « ‐‐‐‐‐‐‐ Original Message ‐‐‐‐‐‐‐ » (U+2010 hyphens) right above its « Le … a écrit : »
        below = next((j for j in range(i + 1, min(i + 3, len(lines))) if lines[j].strip()), None)
        if below is not None and (end := _reply_header_end(lines, below)) is not None:
            return end
        return None
    if _SENDER_LINE.match(folded) and any(_SENT_LINE.match(fold(n.strip())) for n in lines[i + 1:i + 4]):
        return 0  # Outlook's « De : … / Envoyé : … / À : … / Objet : … » (OWA, the new Outlook: « Date : »)
    if (_SENT_LINE.match(folded) and i + 1 < len(lines) and _SENDER_LINE.match(fold(lines[i + 1].strip()))
            and any(_SUBJECT_LINE.match(fold(n.strip())) for n in lines[i + 2:i + 4])):
        return 0  # GMX's (gmx.fr, web.de) « Envoyé: … / De: … / À: … / Objet: », the date first
    return _reply_header_end(lines, i)


def _reply_header_end(lines: list[str], i: int) -> int | None:
    """The index of the line after a reply header « Le … a écrit : » / « On … wrote: » starting at `lines[i]`
    (wrapped in up to three lines), None when none starts there."""
    raw = lines[i].strip()
    if _IMP_HEADER.match(fold(raw)) or _DATED_HEADER.match(fold(raw)) or _TUTA_HEADER.fullmatch(raw) or (
            raw[:2] == raw[-2:] == "--" and _ZOHO_HEADER.match(fold(raw))):
        return i + 1
    if fold(lines[i].strip()).startswith(("le ", "on ", "monday", "tuesday", "wednesday", "thursday", "friday",
                                          "saturday", "sunday")):
        for end in range(i, min(i + 3, len(lines))):
            header = fold(" ".join(lines[i:end + 1]))
            if _REPLY_HEADER.match(header) and re.search(r"\d", header):
                return end + 1
    return None


def _said(own: str) -> bool:
    """Whether `own` is made of greetings, closings, thanks, a name after a greeting or as the signature, and
    punctuation or emoji only, with at least one thanks and at most MAX_WORDS words of them."""
    tokens: list[tuple[str, str]] = []  # (as written, kind: "word", "punct" or "line")
    for line in own.split("\n"):
        line = _SMILEYS.sub(" ", line.replace("’", "'").replace("-", " "))
        for token in _TOKEN.findall(line):
            if token[0].isalpha():
                tokens.append((token, "word"))
            elif token in _PUNCTUATION or all(_emoji(c) for c in token):
                tokens.append((token, "punct"))
            else:  # a figure, « @ », « / », « + », « ? »...: not thanks
                return False
        tokens.append(("", "line"))
    words = [(i, t) for i, (t, kind) in enumerate(tokens) if kind == "word"]
    folded = [fold(t) for _, t in words]
    at, thanks, previous = 0, 0, ""
    while at < len(words):
        found = _phrase_at(folded, at, words)
        if found is None:
            name = _name_here(tokens, words, at, previous)
            if not name:
                return False
            at, previous = at + name, "name"
            continue
        size, kind = found
        thanks += size if kind == "ack" else 0
        at, previous = at + size, kind
    return 0 < thanks <= MAX_WORDS


def _phrase_at(folded: list[str], at: int, words: list[tuple[int, str]]) -> tuple[int, str] | None:
    """(its words, its kind) of the longest formula of _PHRASES at `folded[at]`, its words one after the other with
    no punctuation or line end between them (« Merci, bien noté » is « merci » and « bien noté », not « merci bien »
    and « noté »); None when none is there."""
    for phrase, kind in _PHRASES:
        size = len(phrase.split())
        if " ".join(folded[at:at + size]) == phrase and all(
                words[k][0] == words[k - 1][0] + 1 for k in range(at + 1, at + size)):
            return size, kind
    return None


def _name_here(tokens: list[tuple[str, str]], words: list[tuple[int, str]], at: int, previous: str) -> int:
    """How many words from `words[at]` make a person's name (1 to 4 words each capitalised, particles aside, none
    a word of a sentence), where one may stand: right after a greeting (« Bonjour Nadia, ») up to a punctuation or
    a line's end, or as the signature, the last words of the text on their own line or after a closing or a
    punctuation. 0 when none."""
    if previous == "name":
        return 0
    for size in range(min(4, len(words) - at), 0, -1):
        names = [t for _, t in words[at:at + size]]
        if not _is_name(names):
            continue
        before = tokens[words[at][0] - 1][1] if words[at][0] else "line"
        after = tokens[words[at + size - 1][0] + 1][1]
        last = at + size == len(words)
        if previous == "greeting" and after in ("punct", "line") and size <= 3:
            return size
        if last and (before in ("line", "punct") or previous == "closing"):
            return size
    return 0


def _is_name(words: list[str]) -> bool:
    if fold(words[0]) in _NOT_A_NAME:
        return False
    # each word capitalised, one at least written « Martin » (« ENVOYÉ HIER » in capitals is no name)
    return all(w[0].isupper() or (i and fold(w) in _PARTICLES) for i, w in enumerate(words)) and not any(
        fold(w) in _NOT_A_NAME - _PARTICLES for w in words) and any(
        w[0].isupper() and any(c.islower() for c in w[1:]) for w in words)


# the emoji a thanks is signed with (a smile, joined hands, a heart, flowers, a thumb up...), skin tones and joiners
# aside: any other symbol may say more (« ❓ », « ⚠ », « ☎ », « 🤔 », letters drawn as symbols: « ⓙⓔ ⓡⓔⓣⓘⓡⓔ »)
THANKS_EMOJI = frozenset("🙏👍👌👏🙌🤝✌💪😊🙂😀😃😄😁😆☺😉😇🤗😍🥰😘😎🥳👋❤♥💙💚💛🧡💜🤍🖤💕💖💗💓💐🌸🌹🌷🌻🌞☀✨⭐🌟"
                         "🎉🎊✔✅☑")


def _emoji(c: str) -> bool:
    return c in THANKS_EMOJI or "\U0001f3fb" <= c <= "\U0001f3ff" or c in "\u200d\ufe0f\ufe0e"


_BLOCKQUOTE = re.compile(r"<(/?)blockquote\b[^<>]*>", re.IGNORECASE)


def _quoted_marked(html: str) -> str:
    """`html` with each outermost blockquote (the mail answered, quoted by Gmail, Apple Mail, Thunderbird) replaced
    by a « > » line: as in a text part, a line under « Le … a écrit : » that is no blockquote's is the sender's. The
    reply header Apple Mail writes inside its blockquote, at its top, is kept above that line."""
    out, depth, at, opened, first = [], 0, 0, 0, True
    for tag in _BLOCKQUOTE.finditer(html):
        if tag.group(1):
            if depth == 1:
                out.append(_header_of(html[opened:tag.start()]) if first else "")
                out.append("<br>&gt;<br>")
                at, first = tag.end(), False
            depth = max(0, depth - 1)
        else:
            if depth == 0:
                out.append(html[at:tag.start()])
                opened = tag.end()
            depth += 1
    if depth:
        out.append((_header_of(html[opened:]) if first else "") + "<br>&gt;<br>")
    else:
        out.append(html[at:])
    return "".join(out)


def _header_of(quoted: str) -> str:
    """The reply header (« Le … a écrit : ») at the top of a blockquote's HTML, as HTML; "" when none is."""
    lines = html_as_text(quoted[:2_000]).split("\n")[:3]
    cut = _cut_here(lines, 0)
    return "<br>" + html_module.escape("\n".join(lines[:cut])).replace("\n", "<br>") if cut else ""
