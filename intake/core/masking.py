"""Text chosen by whoever sent a message, made unfit to carry a link in our own automatic mail.

Pure. Our acknowledgements and receipts repeat file names, the project's title and the subject: all written
by the sender, who may not be the person the mail goes to (a forged `From`). So that the town's mail never
carries a link, an address or a number to call that someone else chose ("Régularisez votre situation sur
www.bethune-paiement.fr"), web addresses, e-mail addresses, domain names, telephone numbers, IBANs and RIBs in that
text become "[…]". A file's extension is kept as it is (`rapport.ai` is not a domain).

They are looked for in a folded view of the text (`_fold`), so that what a reader takes for a number or a link
is found written in any of Unicode's ways: compatibility forms (full-width `０６ １２`, `ｗｗｗ．`, `＠`, ligatures,
superscripts), every decimal digit (Arabic-Indic `٠٦`, Devanagari...), the dots a domain name may be typed with
(`。`), dashes and middle dots between digits, Cyrillic and Greek letters drawn as Latin ones (« .сom »), and
invisible characters (zero-width spaces, soft hyphens, combining marks, Hangul fillers) ignored; a French number,
also with letters that look like digits (« O6 l2 34 56 78 »). Only what a pattern finds is replaced: every other
character stays as it was written, but for the bidirectional controls that would show it in another order than the
patterns read it (« \u202erf.tnemeiap-enuhteb » is shown « bethune-paiement.fr »).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from intake.core.filenames import EXTENSIONS
from intake.core.tlds import COUNTRY_TLDS, TLDS

MASK = "[…]"

# dashes, and dots a domain name may be typed with (IDNA reads these as dots), as ASCII; middle dots as "·"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2796\ufe58\ufe63\uff0d"
_FOLDS = {**dict.fromkeys(_DASHES, "-"), **dict.fromkeys("\u3002\uff0e\uff61", "."),
          **dict.fromkeys("\u2027\u2219\u22c5\u30fb\uff65", "·"), "\u2800": " ",
          # bullets, and the slashes NFKC keeps (fraction, division, big solidus), between the groups of a number
          # (attack34)
          **dict.fromkeys("\u2022\u25cf\u25e6", "·"), **dict.fromkeys("\u2044\u2215\u29f8", "/"),
          # Cyrillic and Greek letters drawn as Latin ones (Unicode's confusables): « bethune-paiement.fг » or « .сom »
          # is under no top-level domain and reads .fr, .com; « О6 12 34 56 78 » a number (attack33). The list of
          # top-level domains is read through the same fold (« онлайн »)
          **dict(zip("аВсСеЕгһНіІјЈКМоОрРԛԚѕЅТуУхХԝԜԁ", "aBcCeErhHiIjJKMoOpPqQsSTyYxXwWd", strict=True)),
          **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοϲϳνρ", "ABEZHIKMNOPTYXaocjvp", strict=True)),
          # and small capitals, as « fancy text » generators write (« bethune-paiement.ꜰʀ »)
          **dict(zip("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢı", "abcdefghijklmnoprstuvwyzi", strict=True))}
# letters that are drawn as nothing (Hangul fillers, « default ignorable » as format characters are): « 06ㅤ12ㅤ34 »
# read as a number and was not one (attack33); the Braille blank, drawn as a space, is one (`_FOLDS`)
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0")


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    """What a reader takes `c` for, as the patterns read it: "" for what cannot be seen (a format character, a
    combining mark), an ASCII digit for any decimal digit, a dash, a dot, else its compatibility form (NFKC)."""
    if c in _INVISIBLE or unicodedata.category(c) in ("Cf", "Mn", "Me"):
        return ""
    if c in _FOLDS:  # before its compatibility form: « ϲ » (lunate sigma) is « ς » there
        return _FOLDS[c]
    digit = unicodedata.decimal(c, None)
    if digit is not None:
        return str(digit)
    folded = unicodedata.normalize("NFKC", c)
    return "".join(_FOLDS.get(f, f) if unicodedata.decimal(f, None) is None else str(unicodedata.decimal(f))
                   for f in folded if unicodedata.category(f) not in ("Cf", "Mn", "Me"))


def _fold(text: str) -> tuple[str, list[int]]:
    """`text` as the patterns read it, and for each of its characters the index of the one of `text` it comes
    from (a character may fold to none, or to several: `ﬁ`, `…`)."""
    parts: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        f = c if c.isascii() else _fold_char(c)
        parts.append(f)
        origin += [i] * len(f)
    return "".join(parts), origin


_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
# every top-level domain, as the patterns read them (`_fold`), longest first; a short list of « TLDs seen in links »
# let amendes-bethune.ovh through (attack14), any two letters made « Node.js » and « p.ex. » domains (attack33)


def _by_first_letter(words: set[str]) -> str:
    """An alternation of `words` grouped by their first letter (« o(?:vh|nline|…) »): tried after each dot of a long
    run of them, 1,200 alternatives one by one made masking a text of 200,000 dots eight times slower."""
    first: dict[str, list[str]] = {}
    for word in sorted(words, key=lambda w: (-len(w), w)):
        first.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{re.escape(c)}(?:{'|'.join(rest)})" for c, rest in sorted(first.items()))


# an address: its local part as a run (tried once) or quoted (« "service amendes"@bethune-amendes.fr », which a mail
# program writes to: neither part was masked, attack33), then its domain
_ADDRESS = rf"(?:(?<![\w.+-])[\w.+-]+|\"[^\"\r\n]{{1,64}}\")@{_LABEL}(?:\.{_LABEL})+"

# between the digits of a telephone number: a space, a dot, a dash, a middle dot (as folded) or an underscore (a file's
# name), spaced or not, by as many blanks as one likes (an HTML body shows a run of them as one: « 06     12 » read
# « 06 12 »; at most two let it through, attack33). Each run is tried once where the number may go on: linear.
_SEP = r"(?:\s*[.·_-]\s*|\s+)?"
# the international prefix, spaced or in brackets (« + 33 », « (+33) », attack33)
_PLUS = r"(?:\+\s*\d{1,3}|\(\s*\+\s*\d{1,3}\s*\))"
# a separator there is, or a slash (« 071/12.34.56 »); without one, nine digits are any number's
_APART = r"(?:\s*[./·_-]\s*|\s+)"
_APART_DOT = r"(?:\s*[.·_-]\s*|\s+)"
# any one sign between the groups of a number, the same each time (« 06,12,34,56,78 », « 06•12•34•56•78 », attack34):
# a reader reads five groups of two digits as a number whatever sign separates them; the same sign throughout, so that
# hours (« 08:30-12:00, 14:00 ») stay; a comma, a semicolon or a plus without blanks around it, as a list or a sum
# is written in prose (« départements 02, 59, 60, 62, 80 », « 05 + 10 + … ») is not one
_SIGN = r"(?P<sign>[,;+]|\s*[:|\\*~'’/·]\s*)"
# « 04.12.2026 14:30 » is five groups of two digits: a date with its year whole, then its time, is not a number
_NOT_A_DATE = r"(?!\d{2}(?P<date_sep>[./ -])\d{2}(?P=date_sep)(?:19|20)\d{2}(?!\d))"


# an address or a domain name written so that robots do not read it and a reader does (attack33): « @ » or a dot in
# brackets (« [at] », « (@) », « {arobase} », « [.] », « (dot) », « [point] »), read as « @ » and « . » by every pattern
# (`_read_brackets`); from the first blank before it (one try a run of blanks, not one at each of them)
_BRACKETED = re.compile(r"(?<!\s)\s*[\[({<]\s*(?:(?P<at>@|at|arobase)|\.|dot|point)\s*[\])}>]\s*", re.IGNORECASE)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    """The patterns `mask_links` masks, compiled at its first use: the domain one, with every top-level domain, takes
    about 30 ms to build, which every command paid at its start (`intake poll` with nothing new among them)."""
    tld = _by_first_letter({_fold(t)[0] for t in TLDS | COUNTRY_TLDS})
    return (
        re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+", re.IGNORECASE),
        # « @ » between blanks, or as words: « arobase » and « point », or « at » and « dot » (not « at » and
        # « point »: « look at this point of view »); after « @ », a dot with a blank before it too (« paiement @
        # bethune-amendes . fr », attack34), not one that ends a sentence (« RDV @ salle. De plus »)
        re.compile(rf"(?<![\w.+-])[\w.+-]+(?:(?:\s*@\s*|\s+arobase\s+)(?:{_LABEL}(?:\.|\s+\.\s*|\s+(?:dot|point)\s+))+"
                   rf"|\s+at\s+(?:{_LABEL}(?:\.|\s+dot\s+))+)(?:{tld}|xn--[a-z0-9-]+)(?![\w-])",
                   re.IGNORECASE),
        # tried once per run, not at each of its characters
        re.compile(_ADDRESS),
        # (not a name with its initials, « J.Dupont », « J.P.Martin »: brands' top-level domains are people's names
        # too, and nobody but the brand has a domain under them)
        # not inside a word, an address or a name with its initials, but after a dot that follows none
        # (« sur .bethune-paiement.fr », « sur…bethune-paiement.fr ») or an underscore (attack33)
        re.compile(rf"(?<![^\W_])(?<![@-])(?<!\w\.)(?!(?-i:(?:[A-Z]\.)+[A-Z][a-z]+)(?![\w.-]))(?:{_LABEL}\.)+"
                   rf"(?:{tld}|xn--[a-z0-9-]+)(?![\w-])(?:/\S*)?", re.IGNORECASE),
        # a number as written in France and abroad: « 06 12 34 56 78 », « 0800 123 456 » and « 0 800 123 456 »
        # (4-3-3, how free and premium numbers are written), « (0)6 12 34 56 78 », « 06/12/34/56/78 » (five groups: a
        # date has three), « +33 6 … » and « 0033 6 … » (the international prefix as dialled)
        re.compile(rf"(?<!\d){_NOT_A_DATE}(?:{_PLUS}{_SEP}(?:\(0\){_SEP})?\d{{1,4}}(?:{_SEP}\d{{2,4}}){{2,5}}"
                   rf"|(?:0|\(0\){_SEP})[1-9](?:{_SEP}\d{{2}}){{4}}|0{_SEP}[1-9]\d{{2}}(?:{_SEP}\d{{3}}){{2}}"
                   # « (06) 12 34 56 78 », and digit by digit « 0 6 1 2 3 4 5 6 7 8 » (attack33)
                   rf"|\(0[1-9]\){_SEP}\d{{2}}(?:{_SEP}\d{{2}}){{3}}|0{_SEP}[1-9](?:{_SEP}\d){{8}}"
                   # a Belgian number of nine digits, its groups apart, « 02 123 45 67 », « 071/12.34.56 »
                   rf"|0[1-9](?:{_APART}\d{{3}}|\d{_APART}\d{{2}})(?:{_APART_DOT}\d{{2}}){{2}}"
                   rf"|0[1-9](?:\s*/\s*\d{{2}}){{4}}|(?:0|\(0\))[1-9]{_SIGN}\d{{2}}(?:(?P=sign)\d{{2}}){{3}})(?!\d)"
                   # « 0033 6 12 34 56 78 »: a French number after the prefix as dialled (not any run of digits
                   # after two zeros: a serial number, « RNP00267398 »)
                   rf"|(?<![\w-])(?:00\d{{2,3}}|\(\s*00\d{{2,3}}\s*\)){_SEP}(?:\(0\){_SEP})?[1-9](?:{_SEP}\d{{2}}){{4}}(?![\w-])"
                   # any other number after its prefix as dialled, apart from it, as after « + » (« 0032 2 123 45 67 »,
                   # « 0044 20 7946 0958 », attack34); a country's code never starts with 0 (« 1 000 000 000 000 € »)
                   rf"|(?<![\w-])(?:00[1-9]\d{{0,2}}|\(\s*00[1-9]\d{{0,2}}\s*\)){_APART}(?:\(0\){_SEP})?\d{{1,4}}"
                   rf"(?:{_SEP}\d{{2,4}}){{2,5}}(?![\w-])"),
        # a server named by its IPv4 address, with its port or path (« 45.12.33.7/payer »): a link without a domain
        re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])(?::\d+)?(?:/\S*)?"),
        # a French number with letters that look like digits (« O6 l2 34 56 78 »: O for 0, l or I for 1), in
        # groups of two as numbers are written: no word is
        re.compile(rf"(?<!\w){_NOT_A_DATE}(?:[0Oo][1-9lI]|\+33{_SEP}(?:\(0\){_SEP})?[1-9lI])(?:{_SEP}[0-9OolI]{{2}}){{4}}(?!\w)"),
    )


_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")


# an account number (IBAN) as written, in any case (« fr76 3000 6000 … »): someone else's in our mail is a place to send
# money to, a person's own is theirs (attack33); masked only when its check digits are right (`_is_iban`), so that a
# lot, a norm or a reference that looks like one stays. Looked for from each word that starts with two letters and
# two digits (`_ibans`), however its letters and digits are grouped (by four, as a RIB is: « FR76 30006 00001 … »), a
# blank, a dot, a slash, a dash or an underscore (a file's name) between groups: read as one run from its first
# such word, « Réf AB12 FR76 … » was no account, and the account after « AB12 » was never looked for (attack34).
_IBAN_START = re.compile(r"(?<![^\W_])[a-z]{2}\d{2}", re.IGNORECASE | re.ASCII)
# what may follow the start: 11 to 30 letters and digits, one separator at most between two of them
_IBAN_REST = re.compile(r"(?:[\s./_-]?[a-z0-9]){11,30}", re.IGNORECASE | re.ASCII)
_IBAN_GROUP = re.compile(r"[a-z0-9]+", re.IGNORECASE | re.ASCII)
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
# ISO 7064: each letter is read as its number, A = 10 … Z = 35
_IBAN_DIGITS = {ord(c): str(n) for n, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 10)}


def _is_iban(written: str) -> bool:
    """Whether `written` (as folded) is an IBAN: 15 to 34 letters and digits whose ISO 7064 remainder is 1."""
    iban = "".join(c for c in written if c.isalnum()).upper()
    if not 15 <= len(iban) <= 34:
        return False
    return int((iban[4:] + iban[:4]).translate(_IBAN_DIGITS)) % 97 == 1


def _ibans(seen: str) -> list[tuple[int, int]]:
    """Where `seen` holds IBANs: from each possible start, the longest run of whole groups that is one (a group
    after it, « BE68 5390 0754 7034 1234 », is not read with it). Its groups are as banks print them (`_grouped`),
    its letters in the case of its country's: « RN41 entre Lens et Arras » is words, whatever its check digits
    would say. Each start reads 34 letters and digits at most."""
    found: list[tuple[int, int]] = []
    for start in _IBAN_START.finditer(seen):
        if found and start.start() < found[-1][1]:
            continue
        rest = _IBAN_REST.match(seen, start.end())
        if rest is None:
            continue
        upper = start.group()[:2].isupper()
        ends, sizes, letters = [], [], [start.group()]
        for group in _IBAN_GROUP.finditer(seen, start.end(), rest.end()):
            text = group.group()
            if (text.upper() if upper else text.lower()) != text:
                break
            sizes.append(len(text))
            letters.append(text)
            if (group.end() == len(seen) or seen[group.end()] not in _ALNUM) and _grouped(sizes):
                ends.append((group.end(), "".join(letters)))
        end = next((e for e, iban in reversed(ends) if _is_iban(iban)), None)
        if end is not None:
            found.append((start.start(), end))
    return found


def _grouped(sizes: list[int]) -> bool:
    """Whether groups of these sizes, after the country and check digits, are an IBAN as written: in one run, by
    four as banks print it (two groups may run together: « 3000\u200b6000 »; the last one shorter), or as a RIB is
    (bank, branch, account, key)."""
    return (len(sizes) == 1 or sizes == [5, 5, 11, 2]
            or (all(size % 4 == 0 for size in sizes[:-1]) and sizes[-1] <= 4))


# a French RIB, as banks print it beside the IBAN: bank (5 digits), branch (5), account (11 letters and digits), key
# (2), grouped or not; what a bank's app takes as well (attack34). Looked for at each word's start, masked when its
# key is right (`_is_rib`)
_RIB = re.compile(r"(?<![^\W_])(?=(\d{5}[\s./_-]?\d{5}[\s./_-]?[a-z0-9]{11}[\s./_-]?\d{2})(?![^\W_]))",
                  re.IGNORECASE | re.ASCII)
# the RIB key reads A and J as 1, B, K and S as 2 … I, R and Z as 9
_RIB_DIGITS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789")


def _is_rib(written: str) -> bool:
    digits = "".join(c for c in written if c.isalnum()).upper().translate(_RIB_DIGITS)
    bank, branch, account, key = int(digits[:5]), int(digits[5:10]), int(digits[10:21]), int(digits[21:])
    return key == 97 - (89 * bank + 15 * branch + 3 * account) % 97


def _accounts(seen: str) -> list[tuple[int, int]]:
    """Where `seen` holds IBANs (`_ibans`) and RIBs, in the text's order; a RIB inside an IBAN (its own digits are
    one) is that IBAN."""
    ribs = [(m.start(1), m.end(1)) for m in _RIB.finditer(seen) if _is_rib(m.group(1))]
    found: list[tuple[int, int]] = []
    for start, end in sorted(_ibans(seen) + ribs):
        if not found or start >= found[-1][1]:
            found.append((start, end))
    return found


def _read_brackets(folded: str, origin: Sequence[int]) -> tuple[str, Sequence[int]]:
    """`folded` (`_fold`) with « @ » and dots in brackets read as such (`_BRACKETED`), and for each of its characters
    the index of the one of the text it comes from (`origin`; a bracketed one: its last)."""
    parts: list[str] = []
    read: list[int] = []
    done = 0
    for m in _BRACKETED.finditer(folded):
        parts += [folded[done:m.start()], "@" if m.group("at") else "."]
        read += [*origin[done:m.start()], origin[m.end() - 1]]
        done = m.end()
    return "".join(parts) + folded[done:], read + list(origin[done:])


def mask_links(text: str) -> str:
    """`text` with every web address, e-mail address, domain name, telephone number, IBAN and RIB replaced by "[…]",
    without the characters that would show it in another order (`_REORDERING`)."""
    bracketed = None  # looked for once: a « […] » put in makes none
    origin: Sequence[int]
    for pattern in (None, *_patterns()):  # None: the IBANs and RIBs (`_accounts`)
        seen, origin = (text, range(len(text))) if text.isascii() else _fold(text)
        if bracketed is None:
            bracketed = _BRACKETED.search(seen) is not None
        if bracketed:
            seen, origin = _read_brackets(seen, origin)
        if seen is text and pattern is not None:  # its own view
            text = pattern.sub(MASK, text)
            continue
        out: list[str] = []
        done = 0
        spans = _accounts(seen) if pattern is None else (m.span() for m in pattern.finditer(seen))
        for found_start, found_end in spans:
            start, end = max(origin[found_start], done), origin[found_end - 1] + 1
            out += [text[done:start], MASK]
            done = end
        text = "".join(out) + text[done:]
    return text if text.isascii() else text.translate(_REORDERING)


# what makes a text shown in another order than written: overrides, embeddings, isolates (« \u202erf.tnemeiap-enuhteb »
# is shown « bethune-paiement.fr », a link the patterns read backwards did not find, attack33), and the right-to-left
# marks, which alone show groups of digits in reverse order (« RLM 78 RLM 56 RLM 34 RLM 12 RLM 06 » is shown
# « 06 12 34 56 78 »); dropped from what `mask_links` gives back, shown as it was read
_REORDERING = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"))


# an address in text, as the address one of `_patterns` (`_ADDRESS`: one try per run)
ADDRESS = re.compile(_ADDRESS)
ADDRESS_MASK = "[adresse]"


def mask_addresses(text: str, keep: frozenset[str] = frozenset()) -> str:
    """`text` with every e-mail address replaced by "[adresse]", but for those of `keep` (lower-case): what the
    service's logs may say of the people who write to it (the journal is out of reach of the purge and of an
    erasure), the service's own addresses (mailboxes, staff) being kept."""
    return ADDRESS.sub(lambda m: m.group() if m.group().lower() in keep else ADDRESS_MASK, text)


DOMAIN_MASK = "[domaine]"


def mask_domains(text: str, domains: tuple[str, ...]) -> str:
    """`text` with each of `domains` (a sender's registrable domain, core/sender_domain.py), and its subdomains,
    replaced by "[domaine]": a message set aside past a domain's cap says for staff which domain it counted with,
    and a person's own domain names them in the logs as their address would (`mask_addresses`)."""
    for domain in sorted({d for d in domains if d}, key=len, reverse=True):
        text = re.sub(rf"(?<![\w.@-])(?:[\w-]+\.)*{re.escape(domain)}(?![\w-]|\.[\w-])", DOMAIN_MASK, text,
                      flags=re.IGNORECASE)
    return text


def quoting(address: str) -> re.Pattern[str]:
    """A search for `address` as a whole address in a text, in any case: never a part of another one (`ann@x.fr`
    is not in `joann@x.fr` nor in `ann@x.fr.example`), what a person's access request lists and erasure replaces."""
    return re.compile(rf"(?<![\w.+-]){re.escape(address)}(?![\w-]|\.[\w-])", re.IGNORECASE)


def quoting_bytes(address: str) -> re.Pattern[bytes]:
    """`quoting` for bytes (a raw message, a decoded part): the address in UTF-8."""
    return re.compile(rb"(?<![\w.+-])" + re.escape(address.encode("utf-8")) + rb"(?![\w-]|\.[\w-])", re.IGNORECASE)


def mask_filename(name: str) -> str:
    """A file name as our mail may show it: masked (`mask_links`) but for its extension, when that is a file's
    (`FILE_EXTENSIONS`). Another suffix is masked with the rest: « … bethune-paiement.fr » kept « .fr » as an
    extension, and the address whole in the acknowledgement (an attacker's review). An extension that is a
    top-level domain too (`.zip`, `.mov`, `.ai`, `.md`) is a file's after a name, not after a domain's labels: in
    « Payez sur amendes.bethune.zip » the last word's dot makes it a domain name, masked whole (attack14)."""
    ext = _EXTENSION.search(name)
    if ext and ext.group()[1:].lower() in FILE_EXTENSIONS:
        stem = name[:ext.start()]
        last_word = stem.split()[-1] if stem.split() else ""
        if _is_tld(ext.group()[1:]) and "." in _fold(last_word)[0].strip("."):
            return mask_links(name)
        return mask_links(stem) + ext.group()
    return mask_links(name)


def _is_tld(label: str) -> bool:
    folded = _fold(label)[0].lower()
    return folded in TLDS or folded in COUNTRY_TLDS


# the extensions a file sent with an application goes by (core/filenames.py), and working files' (Illustrator,
# Photoshop, InDesign, SVG...), some of which are country domains too (.ai: Anguilla)
FILE_EXTENSIONS = frozenset(ext for exts in EXTENSIONS.values() for ext in exts) | {
    "ai", "psd", "svg", "indd", "idml", "xcf", "sketch", "fig", "dwg", "dxf", "avif", "webm", "mkv", "m4a", "aac",
    "flac", "odg", "ots", "xlsm", "xltx", "potx", "vsd", "vsdx", "pub", "wps", "wpd", "xps", "oxps", "djvu", "raw",
    "cr2", "nef", "arw", "dng", "7zip", "tgz", "bz2", "xz", "json", "xml", "vcf", "p7s", "p7m", "asc", "sig", "url",
    "webloc", "lnk"}
