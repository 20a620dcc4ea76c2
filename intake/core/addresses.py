"""Who may speak for a case: the roles and sources of a case's addresses (stored by intake/store/applicants.py).

Our mail about a case (acknowledgement, receipts, completion, reminders, decisions) always goes to the
case's applicant address: the `From` of the message that opened the case (the original sender of a
trusted staff forward), or an address staff confirmed as the main one; never to whoever wrote last,
never to a `Reply-To`. A `named` address (the Reply-To or Cc of the applicant's own mail) may bring
pieces; it never gets automatic mail. One message names at most MAX_NAMED addresses.

An applicant address recorded from a message whose sender failed authentication (`unverified`: the
town's server says the `From` domain is forged) speaks for nothing: that case is not the address's
open case, it gets no automatic mail, and its messages do not count against the address, until
staff confirm the address (`staff`). A case opened by a third party citing another case (`citing`)
gets its first acknowledgement and then no automatic mail either, until staff confirm its address. Nor does a
case opened by an automatic sender's documents (`robot`: a copier's « scan to email », a form platform): its
address is a machine's, or whoever the `From` of a mail marked Auto-Submitted names. Nor a case opened by a forward
filed for staff (`forward-for-staff`: unauthenticated, or naming nobody): its address is the forwarder's.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import idna

from intake.core.outgoing import wire_address

APPLICANT, NAMED = "applicant", "named"  # roles
OPENING, FORWARD, REPLY_TO, CC, STAFF = "opening", "forward", "reply-to", "cc", "staff"  # sources
UNVERIFIED = "unverified"  # the `From` of a message whose sender failed authentication (core/trust.py)
CITING = "citing"  # the `From` of a third party's message that cited another case (core/thread.py)
ROBOT = "robot"  # the `From` of an automatic sender's message that brought an application's documents (core/decide.py)
# the `From` of a forward filed for staff with nobody written to (unauthenticated; a colleague's « TR: » that names
# nobody: core/decide.py `_for_staff`): a colleague's address, or whoever wrote it in, never the applicant's
FOR_STAFF = "forward-for-staff"
SOURCE_LABELS = {OPENING: "expéditeur du premier message", FORWARD: "expéditeur d'origine (transfert authentifié)",
                 REPLY_TO: "adresse de réponse d'un message du demandeur", CC: "en copie d'un message du demandeur",
                 STAFF: "confirmée par le service",
                 UNVERIFIED: "expéditeur affiché d'un message non authentifié (à confirmer par le service)",
                 CITING: "expéditeur d'un message qui citait un autre dossier (à confirmer par le service)",
                 ROBOT: "expéditeur automatique (scanner, copieur, formulaire en ligne ; à confirmer par le service)",
                 FOR_STAFF: "expéditeur d'un transfert enregistré pour vérification (pas le demandeur ; à confirmer "
                            "par le service)"}
ROLE_LABELS = {APPLICANT: "demandeur (reçoit les courriels du dossier)",
               NAMED: "adresse nommée par le demandeur (peut compléter le dossier, ne reçoit aucun courriel)"}
# why_quiet of a case whose applicant address is not the applicant's (a robot's, a forwarder's): staff give another
CONFIRM_APPLICANT = "confirmez l'adresse du demandeur pour lui écrire"
MAX_NAMED = 10  # addresses one message may name (Reply-To, To, Cc); the others are ignored, staff told


def source_label(source: str) -> str:
    return SOURCE_LABELS.get(source, source)


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def why_quiet(applicant_source: str, linked: bool) -> str:
    """Why a case gets no automatic mail (acknowledgement of later pieces, completion, reminders), "" when it
    does: it was opened by a sender who failed authentication, or by a third party citing another case
    (`linked`), or by an automatic sender's documents, and staff have not confirmed its address (`applicant_source`:
    that of the case's applicant address)."""
    if applicant_source == STAFF:
        return ""
    if applicant_source == UNVERIFIED:
        return "ouvert par un message dont l'expéditeur n'est pas authentifié (confirmez l'adresse pour lui écrire)"
    if applicant_source == ROBOT:
        return f"ouvert par un expéditeur automatique ({CONFIRM_APPLICANT})"
    if applicant_source == FOR_STAFF:
        return (f"ouvert par un transfert enregistré pour vérification, au nom de celui qui l'a transféré "
                f"({CONFIRM_APPLICANT})")
    if applicant_source == CITING or linked:
        return "ouvert par un tiers qui citait un autre dossier (confirmez l'adresse pour lui écrire)"
    return ""


def ours(address: str, own: Iterable[str]) -> str:
    """Why staff may not give this address as the one a case's mail goes to ("" : they may): it is one of the
    service's own (a watched mailbox or one of its aliases). Our automatic mail is never written to them
    (core/replies.py `reply_target`); an address staff type (read in an unreadable sender's message, given on the
    phone, copied from a signature that quotes our own) must not send the acknowledgement back to our mailbox,
    where no applicant reads it and the loop header alone keeps it from being filed."""
    if address and address in {a.lower() for a in own}:
        return (f"{address} est une adresse du service (boîte surveillée ou alias) : les courriels du dossier n'y "
                "partent pas ; donnez l'adresse du demandeur")
    return ""


def named_in(reply_to: str, recipients: Iterable[str], applicant: str, watched: frozenset[str]
             ) -> tuple[list[tuple[str, str]], int]:
    """The (address, source) pairs a message of the applicant names (its Reply-To, then its To and Cc), at most
    MAX_NAMED, and how many more it named (ignored)."""
    found: dict[str, str] = {}
    for address, source in [(reply_to, REPLY_TO), *((a, CC) for a in recipients)]:
        if address and address not in watched and address != applicant:
            found.setdefault(address, source)
    pairs = list(found.items())
    return pairs[:MAX_NAMED], max(0, len(pairs) - MAX_NAMED)


# Letters of other scripts drawn as Latin ones (Unicode's confusables, the usual few): « jeаnne@оrange.fr » with a
# Cyrillic а and о is another address, which staff read as the applicant's
_LOOKALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "һ": "h",
    "ɡ": "g", "ı": "i", "ȷ": "j", "ℓ": "l",
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "ω": "w", "ϲ": "c", "ϳ": "j",
    "0": "o", "1": "l", "|": "l",
    "օ": "o", "ս": "u", "ո": "n", "հ": "h", "ց": "g", "ɑ": "a",  # Armenian ones, and a Latin alpha (attack12)
})
# two letters drawn as one: « rn » as m, « vv » as w, « cl » as d (jeanne@vvanadoo.fr, a domain anyone may own)
_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"))


def _skeleton(address: str) -> str:
    """What an address looks like: compatibility forms folded (full-width), accents dropped, letters of other scripts
    drawn as Latin ones read as those, `rn` as `m` (`_PAIRS`), digits 0 and 1 as o and l."""
    skeleton = "".join(c for c in unicodedata.normalize("NFKD", address.casefold())
                       if not unicodedata.combining(c)).translate(_LOOKALIKES)
    for pair, one in _PAIRS:
        skeleton = skeleton.replace(pair, one)
    return skeleton


def looks_like(address: str, known: Iterable[str]) -> str:
    """What staff are told of a stranger's `address` that looks like one of a case's `known` addresses without being
    it ("" : none does): a third party citing the case from « jeanne@asso-quartíer.fr » or with a Cyrillic letter is
    not its applicant, however alike the two read; the address's DNS form shows the other domain."""
    skeleton = _skeleton(address)
    like = sorted(a for a in known if a and a != address and _skeleton(a) == skeleton)
    if not like:
        return ""
    return (f"attention : l'adresse {address} ressemble à celle de {like[0]} sans être la même (une autre boîte, ou un "
            f"autre domaine{_on_the_wire(address)}) : ce n'est pas le même expéditeur")


def looks_like_ours(address: str, own: Iterable[str]) -> str:
    """What staff are told of a sender whose domain looks like one of the service's own (`own`: its addresses)
    without being it ("" : none does): « n.bataillon@exarnple.test » (« rn » for « m », a digit one, a Cyrillic
    letter) is a stranger's address, whose « TR: » staff read as a colleague's forward, and whose forward block's
    « De : » they then confirmed as the applicant's address (attack14)."""
    domain = address.rpartition("@")[2].lower()
    domains = {a.rpartition("@")[2].lower() for a in own if "@" in a}
    if not domain or domain in domains:
        return ""
    skeleton = _skeleton(_unicode(domain))
    like = sorted(d for d in domains if _skeleton(_unicode(d)) == skeleton)
    if not like:
        return ""
    return (f"attention : l'adresse {address} ressemble à une adresse de la ville ({like[0]}) sans en être une "
            f"(un autre domaine{_on_the_wire(address)}) : ce n'est pas un agent, et le « De : » d'un transfert qu'elle "
            "envoie ne nomme personne")


def _on_the_wire(address: str) -> str:
    """The address's DNS form, where it differs (an IDN: the other domain shows), as `looks_like*` add it."""
    wire = wire_address(address)
    return f" ; pour le réseau : {wire}" if wire != address else ""


def _unicode(domain: str) -> str:
    """A domain as it reads: its « xn-- » labels (IDNA) decoded, each left as it is when it is not valid IDNA."""
    if "xn--" not in domain:
        return domain
    labels = []
    for label in domain.split("."):
        try:
            labels.append(idna.decode(label) if label.startswith("xn--") else label)
        except idna.IDNAError:
            labels.append(label)
    return ".".join(labels)
