"""A forward by staff or a colleague is the original applicant's message, when it is authenticated.

Pure. When a watched address or an address the rules name (`forwarders`) forwards a message,
and the message is authenticated as the town's own mail (core/trust.py: the town's server's
`Authentication-Results`, or a copy in the forwarder's Sent folder), the case is filed under
the original sender and the answer goes to that sender from the watched address that received
the forward. Without that evidence anyone could write `From: n.bataillon@…` above a made-up
"Message transféré / De : victim@…" and make the town write to anyone: the message stays the
stated sender's, and nobody quoted inside ever gets mail.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from intake.core.message import Message
from intake.core.origin import is_robot_address
from intake.core.parse import MAX_FORWARDS, says_forward
from intake.core.rules import Rules
from intake.core.transfer import as_person, transfer_notice
from intake.core.trust import FAIL, NOTHING_SAID, PASS, Evidence, SenderCheck


@dataclass(frozen=True)
class Forward:
    msg: Message  # as the original sender's when the forward is trusted; else unchanged
    by: str = ""  # the trusted forwarder's address ("" : not a trusted forward)
    claimed_by: str = ""  # a town address whose forward could not be authenticated
    quoted: str = ""  # the original sender the forward names
    evidence: str = ""  # why it was trusted or not (French), "" when it is no forward at all
    sender: SenderCheck = SenderCheck()  # what the town's server says of the `From` domain (core/trust.py)
    notice: str = ""  # a file-transfer service's notice for a person (core/transfer.py): what was made of it (French)
    via: str = ""  # the service's address, when the notice is read as the person's message
    # a colleague's « TR: » with files in which no forward was found at all (a format not known): its files are read,
    # and it is filed for staff only if they hold an application's documents (core/decide.py `_blockless_forward`)
    blockless: bool = False

    def said(self) -> dict[str, Any]:
        """What a decision's Context (core/context.py) takes from the forward: every caller passes the same fields."""
        return {"forwarded_by": self.by, "claimed_by": self.claimed_by, "blockless": self.blockless,
                "quoted": self.quoted, "forward_evidence": self.evidence, "via": self.via, "sender": self.sender}


BLOCKLESS = "le transfert n'a ni bloc « De : » lisible ni courriel joint (format de transfert non reconnu)"
NOT_VOUCHED = "transfert non authentifié"  # in a blockless forward's evidence: the town's server did not vouch for it


def is_town_sender(address: str, rules: Rules, watched: frozenset[str]) -> bool:
    return address in watched or rules.is_forwarder(address)


def as_original(msg: Message, rules: Rules, watched: frozenset[str], mailbox_address: str,
                evidence: Evidence, sender: SenderCheck = NOTHING_SAID, aliases: frozenset[str] = frozenset(),
                automatic: frozenset[str] = frozenset(), arrivals: Mapping[str, SenderCheck] | None = None) -> Forward:
    """The message as the original sender's when it is a trusted forward (see the module's doc). `sender`:
    what the town's server says of the message's own `From`; for a trusted forward, the original sender
    is vouched for by staff, not by the server. `aliases`: the town's addresses the mail server delivers into a watched
    mailbox (`aliases` of [[mailboxes]]: the label's public address, a list of staff): in the forward's own To or Cc,
    they name a watched mailbox (and nothing else: every other condition stays). A file-transfer service's notice
    (core/transfer.py) is the message of the person it names when the server authenticated the service's domain; the
    service vouches for them. `automatic`: the town's own automatic senders ([trust] automatic_senders, lower-case),
    robots as those known by their address's look. `arrivals`: what the town's server said of the messages attached
    whole, on their arrival, by sender (core/trust.py `arrival_checks`): when it said one was forged, whoever sent
    it, the forward names nobody."""
    notice = transfer_notice(msg, rules, watched, automatic)
    if notice is not None:
        if sender.verdict == PASS:
            return Forward(as_person(msg, notice), via=notice.service,
                           notice=f"notification de {notice.service}, authentifiée ({sender.why}) : fichiers envoyés "
                                  f"par {notice.person}, traitée comme son message")
        return Forward(msg, sender=sender, notice=f"notification de {notice.service} pour {notice.person}, "
                                                  f"non authentifiée ({sender.why}) : traitée comme un courriel "
                                                  "automatique")
    if is_robot_address(msg.from_addr, automatic):
        # an address that writes automatically forwards nothing by hand: what its mail says is whoever's filled it in
        # (the town site's « nous écrire » form sends a visitor's message from wordpress@ the town's own domain, a town
        # address, authenticated): a forward block typed there made a visitor's text a trusted staff forward, filed
        # under and acknowledged to whomever it named. It is the robot's mail (core/decide.py: for staff, no mail).
        # So is a form that sends from a human-looking town address (contact@, mairie@) the admin declared automatic
        return Forward(msg, sender=sender)
    if msg.forward_unread and is_town_sender(msg.from_addr, rules, watched) and all(
            is_town_sender(a, rules, watched) for a in msg.forward_read):
        # a forward whose own sender line names no address (Outlook's « De : DUPONT Marc » for a colleague of the same
        # Exchange, above the applicant's block in a forward of a forward), or a forward of one whose blocks above that
        # line name only colleagues: nothing below it can be trusted (it may be an outsider's text), and ignored as the
        # colleague's own mail, the application was lost; filed for staff. An outsider named above it is the applicant
        # (the line is in their text). When nothing below it names anyone outside either, it is a colleague's mail
        # forwarded between staff (« TR: Réunion de service », its agenda attached): the colleague's own, as any
        # internal mail, not a case for staff to review; unless its files are an application's (the mayor's
        # secretariat forwarding the application it received, « De : SECRETARIAT DU MAIRE »; a sender line of HTML
        # whose address is only a link's target is read with it, core/htmltext.py): what its files hold decides, as for
        # a forward with no block at all (below; core/decide.py `_blockless_forward`)
        if all(is_town_sender(a, rules, watched) for a in msg.forward_below):
            if msg.attachments and says_forward(msg.subject):
                return _blockless(msg, sender, evidence, f"« De : {msg.forward_unread} », sans adresse")
            return Forward(msg, sender=sender)
        return Forward(msg, claimed_by=msg.from_addr, quoted=f"« {msg.forward_unread} »", sender=sender,
                       evidence=f"le transfert ne donne pas l'adresse de l'expéditeur d'origine (« De : "
                                f"{msg.forward_unread} »)")
    if not msg.forwarded_from and msg.attachments and says_forward(msg.subject) and is_town_sender(
            msg.from_addr, rules, watched):
        # a colleague's forward in a format no reading knows (a mail program's own layout, a header block retyped):
        # ignored as the colleague's own mail, an application it carried was lost. Nobody outside is named, nobody is
        # written to: what its files hold decides (an agenda forwarded between staff stays internal mail). Anyone can
        # write a town address in `From` and « TR: » in the subject: staff are told whether the town's server vouched
        # for it (core/decide.py: one it says is forged is a stranger's)
        return _blockless(msg, sender, evidence, BLOCKLESS)
    if not msg.forwarded_from or not is_town_sender(msg.from_addr, rules, watched):
        return Forward(msg, sender=sender)
    # a colleague's mail forwarded between staff stays staff mail: only an outside sender's is an application
    name, original = next(((n, a) for n, a in msg.forwarded_from if not is_town_sender(a, rules, watched)),
                          ("", ""))
    if not original:
        return Forward(msg, sender=sender)
    if msg.forward_guessed:
        # Outlook's block under a subject the colleague rewrote (no « TR: »): a forward, or text pasted into a new mail
        # with whatever block it held (an outsider's): for staff to check, nobody written to; ignored as the
        # colleague's own mail, the application was lost
        return Forward(msg, claimed_by=msg.from_addr, quoted=original, sender=sender,
                       evidence="l'objet ne dit pas qu'il s'agit d'un transfert (pas de « TR: ») : rien ne dit que "
                                "le bloc « De : » a été écrit par le logiciel de messagerie")
    if not evidence.trusted:
        return Forward(msg, claimed_by=msg.from_addr, quoted=original, evidence=evidence.why, sender=sender)
    if not any(a in watched or a in aliases for a in (*msg.to, *msg.cc)):
        # the town's mail, authenticated, but written to someone else: a colleague's reply to an outsider, which
        # quoted the outsider's text (a forward block naming anyone) and carried a blank form, sent on by the
        # outsider byte for byte (its DKIM signature still passes; its copy is in the Sent folder). An alias the admin
        # declared (a town address delivered into a watched mailbox, config/loader.py) counts as that mailbox; a watched
        # mailbox in Bcc only does not: a Bcc leaves no trace in the mail, and the same bytes, sent to someone else
        # with the mailbox in Bcc, are what that someone can send back
        return Forward(msg, claimed_by=msg.from_addr, quoted=original, sender=sender,
                       evidence=f"{evidence.why}, mais il n'est adressé (À, Cc) à aucune boîte surveillée, ni à "
                                "l'un de leurs alias (aliases) : un courriel de la ville écrit à quelqu'un d'autre, "
                                "qui a pu le renvoyer tel quel")
    forged = next(((a, c) for a, c in (arrivals or {}).items() if c.verdict == FAIL), None)
    if forged is not None:
        # the colleague forwarded, as an attachment, a mail the town's server had said was not from whom it named: the
        # original sender's, or a town address's above it (skipped as a colleague's in a chain of forwards), whose
        # text then wrote the block naming the « original sender »
        return Forward(msg, claimed_by=msg.from_addr, quoted=original, sender=sender,
                       evidence=f"{evidence.why}, mais le courriel transféré (joint) de {forged[0]} n'était pas "
                                f"authentifié à son arrivée à la ville : {forged[1].why}")
    if msg.enclosed_unread:
        # more mails attached than are read for what the town's server said on their arrival: one past them may be a
        # forgery it stamped (attack12)
        return Forward(msg, claimed_by=msg.from_addr, quoted=original, sender=sender,
                       evidence=f"{evidence.why}, mais il joint plus de {MAX_FORWARDS} courriels : ce que le serveur "
                                "de la ville a dit de l'arrivée des suivants n'est pas lu")
    as_sent = dataclasses.replace(msg, from_addr=original, from_name=name, from_others=(), from_encoded=False,
                                  reply_to="", to=(mailbox_address,), cc=())
    return Forward(as_sent, by=msg.from_addr, quoted=original, evidence=evidence.why)


def _blockless(msg: Message, sender: SenderCheck, evidence: Evidence, said: str) -> Forward:
    """A colleague's forward that names no original sender: filed for staff if its files are an application's,
    the colleague's own mail otherwise (core/decide.py `_blockless_forward`); whether the town's server vouched."""
    return Forward(msg, claimed_by=msg.from_addr, quoted="l'expéditeur d'origine (non lu)", sender=sender,
                   evidence=said if evidence.trusted else f"{said} ; {NOT_VOUCHED} : {evidence.why}", blockless=True)
