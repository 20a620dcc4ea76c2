"""Which case a message belongs to: its subject's reference, its In-Reply-To/References, its sender.

Pure. The shell looks up the cases these clues point at (`Clues`); `match()`
weighs them. A reference is a label for people, not a credential (references
are sequential): strong clues (reference, headers) join a case only when the
sender is one the case knows (a trusted staff forward's sender is its original
sender: the colleague vouches for who wrote, not for the case they named);
clues that disagree are ambiguous and go to a human; a stranger who names a
case is `cited`, never joined. The weak clue (the sender's single open
case as its applicant, and the message carries pieces) joins only when nothing
says it is another project: a new dossier d'intention goes only to an open case
still waiting for one, else it is another project; the very file of a case's
dossier, sent again, is that case's. A sender the town's server
says is forged (`unverified`) may speak for no case.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CaseView:
    """What the policy needs to know of an existing case."""

    id: int
    reference: str
    status: str
    applicant: str  # the address our mail about the case goes to
    kinds: frozenset[str] = frozenset()
    hashes: frozenset[str] = frozenset()  # SHA-256 of every file already on the case
    by_hand: dict[str, str] = field(default_factory=dict)  # files staff added by hand: SHA-256 -> name on the case
    unresolved: int = 0  # documents on the case not recognised yet
    included: frozenset[str] = frozenset()  # kinds a file of the case appears to hold besides its own: to verify
    addresses: frozenset[str] = frozenset()  # every address that may speak for the case (applicant included)
    quiet: str = ""  # why the case gets no automatic mail (opened by a third party, or by a forged sender)
    attention: str = ""  # what « À voir » says (core/filing.py: what it said of a piece typed in a mail, once received)

    def knows(self, sender: str) -> bool:
        return bool(sender) and (sender == self.applicant or sender in self.addresses)


@dataclass(frozen=True)
class Clues:
    by_reference: tuple[CaseView, ...] = ()  # cases whose reference the subject names
    by_headers: tuple[CaseView, ...] = ()  # cases of the messages In-Reply-To/References name (ours or theirs)
    open_of_sender: tuple[CaseView, ...] = ()  # the sender's undecided cases (as their applicant: statuses.OPEN)
    by_our_mail: tuple[CaseView, ...] = ()  # among by_headers: cases one of OUR Message-IDs was named for
    same_name: tuple[CaseView, ...] = ()  # open cases of another address whose applicant wrote under the same name
    # an automatic sender's mail (a copier's scan): the open cases of the address its Reply-To names, a clue for staff
    of_reply_to: tuple[CaseView, ...] = ()


def person_name(display_name: str) -> str:
    """The sender's display name as a clue for staff ("" : none): a first name and a surname at least (« Jeanne
    Roux »), never an address, a single word (« contact », « Mairie ») or a name of more than six words."""
    words = display_name.split()
    if "@" in display_name or not 2 <= len(words) <= 6 or not all(any(c.isalpha() for c in w) for w in words):
        return ""
    return " ".join(words)


# anchored on its « ( »: a pattern starting with \s* tried each space of a long run again through the whole run
_ADDRESS_AFTER = re.compile(r"\(\s*[^\s()@]+@[^\s()@]+\s*\)$")


def shown_name(display_name: str) -> str:
    """The sender's display name as a case records it: without an address in brackets after it, as a server that
    sends for the person from its own address writes it (Odoo's « Jeanne Roux (jeanne.roux@…) » at its
    notifications@ address); the name itself when nothing else is left."""
    trimmed = display_name.rstrip()
    found = _ADDRESS_AFTER.search(trimmed)
    return (trimmed[:found.start()] if found else display_name).strip() or display_name


def same_name_hint(name: str, cases: tuple[CaseView, ...]) -> str:
    """What staff are told of a new case whose sender wrote under the name of another open case's applicant, from
    another address (a personal address, a phone's): the same person? Only staff are told; nothing joins, the
    sender learns nothing (a display name is anyone's to write)."""
    if not name or not cases:
        return ""
    refs = ", ".join(sorted(c.reference for c in cases))
    return (f"même nom d'expéditeur (« {name} ») que le demandeur de {refs}, d'une autre adresse : la même "
            "personne ? à rattacher par le service s'il s'agit de la même candidature")


def reply_to_hint(address: str, cases: tuple[CaseView, ...]) -> str:
    """What staff are told of an automatic sender's application documents (a copier's « Scan to E-mail » from its own
    address, hers typed as its « Reply to ») whose Reply-To is the applicant of open cases: perhaps their missing
    piece, perhaps anyone's (any sender may write that Reply-To, an outsider's own noreply@ box included).
    Only staff are told; nothing joins (a Reply-To is whatever was typed on the copier's panel)."""
    if not address or not cases:
        return ""
    refs = ", ".join(sorted(c.reference for c in cases))
    return (f"son Reply-To ({address}) est le demandeur de {refs}, dossier en cours : peut-être une pièce de ce "
            "dossier (n'importe qui peut écrire ce Reply-To) ; à vérifier auprès du demandeur avant de fusionner les "
            "deux dossiers")


@dataclass(frozen=True)
class Match:
    case: CaseView | None  # the case to join; None: a new case (or none at all)
    ambiguous: tuple[CaseView, ...] = ()  # several candidates: a human decides
    reason: str = ""
    cited: CaseView | None = None  # a case the message names although its sender may not speak for it


def normalise_reference(ref: str) -> str:
    """A reference as staff type it: `bsc-2026-7` -> `BSC-2026-0007`."""
    parts = ref.strip().upper().split("-")
    if len(parts) == 3 and parts[1].isdecimal() and parts[2].isdecimal():  # isdigit: "²", which int() refuses
        return f"{parts[0]}-{parts[1]}-{int(parts[2]):04d}"
    return ref.strip().upper()


def full_reference(text: str) -> str | None:
    """The case reference staff typed for `intake person` (a paper application may have no address: its reference
    stands for its applicant), normalised (`bsc 2026 7` -> `BSC-2026-0007`), or None when `text` is no reference
    with its prefix and its year: a person's export or erasure never guesses a case from a number alone."""
    if "@" in text:
        return None
    typed = typed_reference(text)
    if typed is None or not typed[0] or typed[1] is None:
        return None
    return f"{typed[0]}-{typed[1]}-{typed[2]:04d}"


def partial_reference(text: str) -> bool:
    """Whether `text` is a reference without its prefix or its year (`2026-0012`, `12`): not an address either."""
    return "@" not in text and typed_reference(text) is not None and full_reference(text) is None


_TYPED = re.compile(r"(?:([A-Z]+)[\s_\-/.]*((?:19|20)\d\d)[\s_\-/.]+|((?:19|20)\d\d)[\s_\-/.]+)?(\d{1,6})")
_NUMBER_WORD = re.compile(r"^(?:N\s*°|NUM[ÉE]RO)\s*")


def typed_reference(typed: str) -> tuple[str, int | None, int] | None:
    """A reference as a person types it, in parts (prefix or "", year or None, number): `bsc 2026 2`,
    `[BSC-2026-0002]`, `2026-0002` (the prefix left out), `2026/2`, `0002` or `n° 2` (the number alone). None when
    it is no reference (a prefix needs its year). The store takes the one case they name (store/cases.py `resolve`).
    """
    text = _compatible(typed).strip().strip("[]()«»\"' \u00a0").upper()
    found = _TYPED.fullmatch(_NUMBER_WORD.sub("", text))
    if found is None:
        return None
    prefix, year, bare_year, number = found.groups()
    year = year or bare_year
    return prefix or "", int(year) if year else None, int(number)


def references_in(subject: str, prefix: str) -> tuple[str, ...]:
    """Case references named in a subject, normalised: `bsc 2026-7` -> `BSC-2026-0007`.

    Tolerates lost brackets, RE:/TR:/Fwd:/AW: prefixes, spaces, underscores or
    no separator, missing leading zeros, and compatibility forms (`_compatible`): full-width letters and
    digits, non-breaking hyphens and the other usual dashes. Finding more references grants nothing: a
    reference is only a pointer, which `match` weighs by who sends the message.
    """
    subject = _compatible(subject or "")
    pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(prefix)}[\s_\-–/.]*((?:19|20)\d\d)[\s_\-–/.]*(\d{{1,6}})(?!\d)",
                         re.IGNORECASE)
    return tuple(dict.fromkeys(f"{prefix.upper()}-{y}-{int(n):04d}" for y, n in pattern.findall(subject)))


# Dashes NFKC keeps as they are (it maps U+2011, the non-breaking hyphen, to U+2010, and U+FF0D to "-"): a
# reference typed or pasted by a word processor or a phone comes with any of them.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63", "-"))


def _compatible(text: str) -> str:
    """`ＢＳＣ－２０２６－０００１`, `BSC\u20112026\u20110001` -> `BSC-2026-0001`: NFKC, then the usual dashes as
    "-". ASCII text is returned as it is."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text).translate(_DASHES)


def match(clues: Clues, kinds_in_message: frozenset[str], sender: str = "", unverified: bool = False,
          dossiers: frozenset[str] = frozenset(), files_to_check: bool = False) -> Match:
    """The case the message joins. A reference or a thread is only a pointer: the message joins a case
    only when its sender may speak for it (`CaseView.knows`). A trusted staff forward is its original sender's
    message (core/forward.py) and joins no other case: the colleague forwarded what reached the town's public
    address, and whoever wrote there may have named anyone's reference (it joined that case, completed it and
    rewrote its dossier's fields: attack11). Otherwise the case it names is `cited`: staff decide, the sender learns
    nothing of it.
    A sender whose domain failed authentication (`unverified`) may speak for none. `dossiers`: SHA-256 of the
    message's files recognised as the dossier d'intention; a case that already holds them all is the one they
    belong to (the same application sent again: forwarded to the other mailbox, or resent), not another project.
    `files_to_check`: the message brings files that may be pieces, which the rules do not recognise (« à vérifier »):
    from the sender of one open case, they join it as a piece would, for staff to look at (iOS Mail's photos shrunk
    under the visuels' size, sent after the dossier, were ignored with their mail)."""
    named = {c.id: c for c in clues.by_reference + clues.by_headers}
    if named:
        allowed = {} if unverified else {i: c for i, c in named.items() if c.knows(sender)}
        if len(allowed) == 1:
            case = next(iter(allowed.values()))
            return Match(case, reason=f"{_how(clues, case)} {case.reference}")
        if len(allowed) > 1:
            refs = ", ".join(sorted(c.reference for c in allowed.values()))
            return Match(None, tuple(allowed.values()), f"il désigne plusieurs dossiers ({refs})")
        cited = next(iter(clues.by_our_mail or clues.by_reference or clues.by_headers))
        evidence = ("il répond à un courriel du service pour ce dossier" if cited in clues.by_our_mail
                    else "référence dans l'objet seulement" if cited in clues.by_reference
                    else "il répond à un message de ce dossier")
        return Match(None, reason=f"un tiers ({sender or 'expéditeur inconnu'}) cite le dossier {cited.reference} "
                                  f"({evidence})", cited=cited)
    if not (kinds_in_message or files_to_check) or not clues.open_of_sender or unverified:
        return Match(None)
    candidates = clues.open_of_sender
    if "dossier" in kinds_in_message:  # a dossier d'intention goes only to a case still waiting for one
        same = tuple(c for c in candidates if dossiers and dossiers <= c.hashes)
        if len(same) == 1:
            return Match(same[0], reason=f"le même dossier d'intention que {same[0].reference} : la même "
                                         "candidature, envoyée de nouveau")
        candidates = tuple(c for c in candidates if "dossier" not in c.kinds)
        if not candidates:
            refs = ", ".join(sorted(c.reference for c in clues.open_of_sender))
            return Match(None, reason=f"un nouveau dossier d'intention : un autre projet que {refs}")
    if len(candidates) > 1:
        refs = ", ".join(sorted(c.reference for c in candidates))
        return Match(None, candidates, f"l'expéditeur a plusieurs dossiers ouverts ({refs})")
    case = candidates[0]
    brings = "des pièces" if kinds_in_message else "des fichiers à vérifier"
    return Match(case, reason=f"seul dossier ouvert de l'expéditeur : {case.reference}, et le message apporte {brings}")


def _how(clues: Clues, case: CaseView) -> str:
    if case in clues.by_our_mail:
        return "il répond à un courriel du service pour le dossier"
    if case in clues.by_headers:
        return "il répond à un message du dossier"
    return "son objet cite le dossier"
