"""Whether the quarantine keeps a message's raw bytes: its byte budget ([limits] quarantine_bytes).

Anyone can send mail that is quarantined (over a limit, unreadable): without a bound, a flood of 49 MB
messages would fill the town's disk with bytes kept for staff. Over the budget a message is quarantined all
the same (its ledger line: sender, subject, reason), without its raw bytes; nothing is lost, intake never
deletes mail from the mailboxes: the original stays there, and its reason says where.

One sender may not take the whole budget: once the messages kept from one address hold a quarter of it, that
address gets no more kept, so that a real applicant's message is still kept during one sender's flood. The
sender is the message's `From`, which anyone can write: a flood under many made-up addresses still stops at the
budget, which is what bounds the disk.

Pure: what the quarantine holds (the shell adds it up, store/ledger.py `quarantine_held`) and the message's
size in, the decision out; the text the staff digest shows when messages were not kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake.core import french

SENDER_SHARE = 4  # one sender's messages stop being kept once they hold 1/SENDER_SHARE of the budget
NEARLY_FULL = 0.9  # the digest warns staff from this share of the budget held
NOT_KEPT = "contenu non gardé"  # how the reason of a message quarantined without its bytes begins
RAW_KEPT = "message brut conservé, à voir par le service"  # what a set-aside message's reason says otherwise


@dataclass(frozen=True)
class Held:
    """What the quarantine holds, in bytes, each stored message counted once however many lines name it."""

    total: int = 0
    by_sender: int = 0  # of which, messages from the same sender as the message being decided on
    already: bool = False  # the message's own bytes are held already (a retry, a copy in the other mailbox)


def room_for(size: int, held: Held, budget: int) -> str:
    """"" : the quarantined message's raw bytes (`size` bytes) are kept; else why not (French), to put at the
    head of its reason (`without_content`). Bytes held already cost nothing more: kept."""
    if held.already:
        return ""
    if held.by_sender >= budget // SENDER_SHARE:
        return (f"{NOT_KEPT} : cet expéditeur occupe déjà le quart de la place de la quarantaine "
                f"({french.size(held.by_sender)} sur {french.size(budget)}, [limits] quarantine_bytes)")
    if held.total + size > budget:
        return (f"{NOT_KEPT} : la quarantaine est pleine ({french.size(held.total)} gardés sur "
                f"{french.size(budget)}, [limits] quarantine_bytes)")
    return ""


_FOR = "mis en quarantaine pour : "  # what `without_content` says before the reason it was quarantined for


def without_content(reason: str, why: str, mailbox: str, folder: str, uid: int) -> str:
    """The reason of a message quarantined without its raw bytes (`why`: `room_for`): where its original is, then
    why it was quarantined (no longer saying its bytes are kept)."""
    reason = reason.replace(f" ; {RAW_KEPT}", "")
    return (f"{why} ; l'original reste dans la boîte {mailbox} (dossier {folder}, UID {uid}) ; "
            f"{_FOR}{reason}")


def was_not_kept(reason: str) -> bool:
    return reason.startswith(NOT_KEPT)


def quarantined_for(reason: str) -> str:
    """Why the message was quarantined, without what `without_content` said of its bytes."""
    return reason.split(f" ; {_FOR}", 1)[1] if was_not_kept(reason) and f" ; {_FOR}" in reason else reason


def what_to_do(mailbox: str, address: str, folder: str, uid: int, number: int) -> str:
    """What staff can do with a quarantined message whose bytes were not kept (command line and console)."""
    return (f"son contenu n'a pas été gardé (voir le motif) ; l'original est resté dans la boîte {mailbox} "
            f"({'boîte de réception' if folder.upper() == 'INBOX' else f'répertoire « {folder} »'}, n° {uid} sur le "
            f"serveur). « Traiter à nouveau » (intake quarantine retry {number}) "
            "le relit dans la boîte et le traite comme un message neuf ; s'il est de nouveau mis de côté, son contenu "
            "est gardé si la place a été libérée (en écartant des messages de la quarantaine) : vous pourrez alors le "
            "regarder ici, puis l'enregistrer malgré les limites s'il s'agit d'une candidature. S'il n'est plus dans "
            "la boîte, "
            f"et que c'est une candidature, transférez-le à {address} depuis votre adresse de la ville (une boîte "
            "surveillée, ou une adresse de `forwarders` dans rules/pieces.toml) : authentifié comme courriel de la "
            "ville (par son serveur, ou par la copie du transfert dans votre dossier Envoyés), il est enregistré au "
            "nom de l'expéditeur d'origine. Puis ignorez celui-ci (bouton « Ignorer ce message » de la console, ou "
            f"intake quarantine dismiss {number} --reason \"transféré\")")


@dataclass(frozen=True)
class Space:
    """The quarantine's use, for the staff digest."""

    held: int  # bytes held now
    budget: int  # [limits] quarantine_bytes
    not_kept: int  # messages quarantined without their bytes since the previous digest


def alert(space: Space) -> str:
    """The digest's line when the quarantine is full or nearly ("" : neither)."""
    room = f"{french.size(space.held)} gardés sur {french.size(space.budget)}, la place fixée par l'administrateur"
    act = ("libérez de la place en traitant à nouveau ou en écartant les messages en quarantaine (intake "
           "quarantine list, ou la console), ou demandez à l'administrateur d'agrandir la place de la quarantaine")
    if space.not_kept:
        what = french.count(space.not_kept, "message mis en quarantaine", "messages mis en quarantaine")
        return (f"la quarantaine est pleine ({room}) : {what} sans garder leur contenu depuis le dernier "
                f"récapitulatif ; leurs originaux sont restés dans les boîtes, où « Traiter à nouveau » les relit "
                f"une fois de la place libérée ; {act}")
    if space.held >= space.budget * NEARLY_FULL:
        return (f"la quarantaine est presque pleine ({room}) : au-delà, les messages mis en quarantaine ne seront "
                f"plus gardés (leurs originaux resteront dans les boîtes) ; {act}")
    return ""
