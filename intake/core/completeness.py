"""Is a case complete? From the kinds of pieces it holds and the rules.

A required kind that a file of the case appears to hold besides what it is (the dossier and the signed letter
scanned into one PDF: core/classify.py, flag "several-pieces") is `included`: not present (staff have not
confirmed it), and not asked of the applicant either: the mails say it seems to be in that file and that the
service checks it, and no reminder asks for it. Staff confirm it (it then counts as present) or deny it (it is
missing again, as any other): `intake case REF piece FILE --also KIND` / `--not-also KIND`.

A shared link the mail shows under a name that another kind's rules recognise (Gmail's Drive chip « Dossier
d'intention.pdf », a Google Docs document's chip: core/classify.py `transfer_links`) is no piece of its own (no
kind: it is no visual), but holds that kind the same way: to verify, then confirmed or denied by staff. A file
staff said is no piece (`--kind aucune`) holds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from intake.core.french import agree, count
from intake.core.statuses import COMPLETE, INCOMPLETE, REVIEW, CaseStatus


@dataclass(frozen=True)
class Assessment:
    status: CaseStatus
    missing: tuple[str, ...]  # required kinds absent, in the rules' order
    reason: str
    included: tuple[str, ...] = ()  # among `missing`: those a file of the case appears to hold (to verify)

    @property
    def asked(self) -> tuple[str, ...]:
        """The missing kinds the applicant is asked for: not those a file of theirs appears to hold."""
        return tuple(k for k in self.missing if k not in self.included)


# What a file's extra kind is (the Piece row's `also`, kind -> state): found by the rules and to verify, confirmed
# by staff (the file counts as that kind too), or denied by staff (it does not hold it)
TO_VERIFY, CONFIRMED, DENIED = "to-verify", "confirmed", "denied"


def kinds_held(files: Iterable[tuple[str | None, bool, Mapping[str, str] | None]]
               ) -> tuple[frozenset[str], frozenset[str]]:
    """From a case's files, each as (its kind, whether staff set it, its `also`: extra kind -> state, or None), the
    kinds the case holds (its pieces' own, and the extra kinds staff confirmed a file holds too) and the extra kinds
    still to verify. A file staff said is no piece holds nothing; a file of no kind the rules left (a shared link
    under a dossier's name) holds only its extra kinds."""
    held = [(kind, also or {}) for kind, manual, also in files if kind or not manual]
    confirmed = {extra for _, also in held for extra, state in also.items() if state == CONFIRMED}
    to_verify = {extra for _, also in held for extra, state in also.items() if state == TO_VERIFY}
    return frozenset({kind for kind, _ in held if kind} | confirmed), frozenset(to_verify)


def file_label(kind: str | None, manual: bool, also: Mapping[str, str] | None, label: Callable[[str], str], *,
               staff: bool = False) -> str:
    """What a case's file is called, from its row (its kind, whether staff set it, its `also`): its kind's French
    name (`label`: the rules' `Rules.label`); for a file of no kind that seems to hold a piece (a shared link under
    the dossier's name), the kinds staff confirmed it holds, else those still to verify (« peut-être dossier
    d'intention (à vérifier) »); a file staff said is no piece, or whose every extra kind they denied, is none; any
    other « document à vérifier ». `staff`: the words of `intake case` and the console, which say who decided.
    Kinds are named in the order of their keys, whatever order the database gave the `also` mapping."""
    if kind:
        return label(kind)
    held = also or {}
    confirmed = [label(k) for k in sorted(held) if held[k] == CONFIRMED]
    to_verify = [label(k) for k in sorted(held) if held[k] == TO_VERIFY]
    if manual:
        return "pas une pièce" if staff else "pas une pièce du dossier"
    if confirmed:
        return ", ".join(confirmed) + (" (confirmé par le service)" if staff else "")
    if to_verify:
        return f"{'à vérifier : ' if staff else ''}peut-être {' ou '.join(to_verify)}{'' if staff else ' (à vérifier)'}"
    if held:  # every extra kind denied by staff: they looked, it holds none
        return "pas une pièce (écarté par le service)" if staff else "pas une pièce du dossier"
    return "à vérifier" if staff else "document à vérifier"


def unnamed(kind: str | None, manual: bool, also: Mapping[str, str] | None) -> bool:
    """A document nobody has named yet, which may be any piece (the case goes to review): no kind, none set by
    staff (who mean « not a piece » by none), and no kind the rules said it may hold (a link under a dossier's name
    is the dossier to verify, not an unknown document; once staff confirmed or denied it, they have looked at it:
    denied, the dossier is asked for again, as when a scan turns out not to hold the letter)."""
    return kind is None and not manual and not also


File = TypeVar("File")


def holders(files: Iterable[tuple[File, str | None, bool, Mapping[str, str]]]) -> dict[str, File]:
    """kind -> the first file (each as (the file, its kind, whether staff set it, its also)) that appears to hold
    that kind besides its own, still to verify: what the mails name (« semble inclus dans votre fichier « X » »,
    « semble se trouver derrière le lien que vous avez partagé »)."""
    out: dict[str, File] = {}
    for file, kind, manual, also in files:
        for extra, state in also.items():
            if (kind or not manual) and state == TO_VERIFY:
                out.setdefault(extra, file)
    return out


def missing(present: Collection[str], required: tuple[str, ...]) -> tuple[str, ...]:
    """The required kinds a case does not hold, in the rules' order: the one definition of "missing pieces"."""
    return tuple(k for k in required if k not in present)


def assess(present: set[str] | frozenset[str], required: tuple[str, ...], unresolved: int = 0,
           included: Collection[str] = (), label: Callable[[str], str] = str) -> Assessment:
    """`unresolved`: documents that could be pieces but were not recognised; `included`: kinds a file of the
    case appears to hold besides its own (to verify). The reason is French: staff read it in the digest, the
    console and `intake case`; `label` (the rules' `Rules.label`) names each kind in it as the rules do
    (« courrier officiel adressé au Maire », not the key `courrier`).

    A case is never `complete` on a guess and never `incomplete` when an
    unrecognised document might be the missing piece: then a human looks.
    A piece that seems to be inside another file is not asked for: when nothing else is missing, the case is
    `review` (staff verify the file); otherwise it stays `incomplete`, and the applicant is asked for the rest.
    """
    absent = missing(present, required)
    if not absent:
        return Assessment(COMPLETE, (), "toutes les pièces obligatoires sont là")
    inside = tuple(k for k in absent if k in included)
    asked = tuple(k for k in absent if k not in included)
    def names(kinds: Iterable[str]) -> str:
        return ", ".join(label(k) for k in kinds)

    # a scan of the dossier and the letter may be the case's only file, and a piece may be behind a link: no « autre »
    verify = (f"{names(inside)} : {agree(len(inside), 'semble', 'semblent')} se trouver dans un fichier reçu ou "
              "derrière un lien, à vérifier") if inside else ""
    if unresolved:
        unknown = count(unresolved, "document non reconnu", "documents non reconnus")
        which = "la pièce manquante" if len(absent) == 1 else "l'une des pièces manquantes"
        return Assessment(REVIEW, absent, f"{unknown}, peut-être {which} ({names(absent)})", inside)
    if not asked:
        return Assessment(REVIEW, absent, verify, inside)
    return Assessment(INCOMPLETE, absent, f"manque : {names(asked)}" + (f" ; {verify}" if verify else ""), inside)


def with_new_files(status: str, present: set[str] | frozenset[str], required: tuple[str, ...], unresolved: int = 0,
                   included: Collection[str] = (), label: Callable[[str], str] = str) -> Assessment:
    """A case's completeness once new files joined it, whichever way they came (an applicant's reply, files staff
    add by hand): `assess` of all it holds now (`status`: its status before); a case already `review` stays so
    unless it is now complete: what made a person look at it still holds."""
    a = assess(present, required, unresolved, included, label)
    if status == REVIEW and a.status != COMPLETE:
        return Assessment(REVIEW, a.missing, "le dossier était déjà à vérifier", a.included)
    return a
