"""The reading time one sender's mail may take in a day ([limits] read_seconds_per_sender_per_day), and one
registrable domain's addresses' together (read_seconds_per_domain_per_day), every unauthenticated sender's together
(unauthenticated_read_seconds_per_day), and every unauthenticated sender's through one sending network
(unauthenticated_read_seconds_per_network_per_day).

Each message is bounded ([limits] read_seconds, 60 s a file), but nothing bounded how many: one sender's hundreds of
messages a day, each with image-only PDFs or large photos just under every per-message bound, kept the reading
processes busy (OCR) while real applicants' mail waited in the mailbox behind them. Past its budget, a message's files
are not read at all (nor its archives opened): each is "non lu, à vérifier" with the reason, the message is decided as
any message whose files could not be read (filed for staff, its case in `review`, nothing lost: its files are kept and
staff open them), and its sender's budget is new the next day (the service's time zone). The time counted is what the
message's reading took in the reading processes (parsing it, opening its archives, reading its files), as
[limits] read_seconds counts it, a reading process that died or a message set aside for its count of files
included. A message without files is not counted: its parse, bounded by read_seconds, is what says who sent it.

Whom it counts against: the address as written, keyed apart by what the town's server said of it (core/trust.py): a
forger the server names (`dmarc=fail`) never spends a real applicant's authenticated budget, nor does mail the server
could say nothing about (a domain without DMARC: anyone can write it); the domain is the one its new cases count with
(core/sender_domain.py: none for a big mail provider's addresses, each one person; a provider's box for its "+" tags).
Unauthenticated mail (no verdict, or forged) also spends one budget for every such sender together: made-up addresses
on a thousand domains without DMARC each had their own. That budget was everyone's: about eighty messages of costly
files under made-up addresses, from one machine, spent it, and every real unauthenticated applicant's files were then
filed unread for the rest of the day. So unauthenticated mail also counts by the network the town's server says it came
from (core/trust.py `sending_network`: its `iprev` result; an IPv4 /24, an IPv6 /48), each network at most its share:
one machine, or one hosting customer, no longer spends everyone's day. Only a bound more: without the server's word on
the network (no `[trust] provider`, a server that writes no `iprev`), or with a network the sender made the server
write (a value it copies unquoted), the message counts as before against every unauthenticated sender's budget, which
still bounds them all; a flood from as many networks as that budget holds shares still spends it.
Never budgeted: a trusted staff forward (`reading_exempt`).

What is stored of a key is never the address: `sealed` gives its keyed hash (HMAC-SHA256 under the installation's
secret), which a person's export and erasure compute again from her address (`keys_naming`).

Pure: the shell (pipeline/read.py) gives the seconds spent today by each key (store/readings.py) and records them.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass

from intake.core.labels import plain
from intake.core.trust import FAIL, PASS

SENDER_SECONDS = "[limits] read_seconds_per_sender_per_day"
DOMAIN_SECONDS = "[limits] read_seconds_per_domain_per_day"
ALL_SECONDS = "[limits] unauthenticated_read_seconds_per_day"
_SETTING = re.compile(r"\[limits\] \w+")
_PURPOSE = "reading-budget"  # the secret also keys the console's tokens: one purpose each
NETWORK_SECONDS = "[limits] unauthenticated_read_seconds_per_network_per_day"
NOT_READ = "non lu"  # how the reason a file was not read starts (core/classify.py shows it as it is)


@dataclass(frozen=True)
class ReadingKeys:
    """The budgets a message's reading counts against ("" : none)."""

    sender: str
    domain: str
    everyone: str
    network: str = ""  # unauthenticated mail through one sending network (the town's server's word)

    def all(self) -> tuple[str, ...]:
        return tuple(k for k in (self.sender, self.domain, self.everyone, self.network) if k)


@dataclass(frozen=True)
class ReadingCaps:
    """Seconds a day (0: no budget)."""

    sender: int = 0
    domain: int = 0
    everyone: int = 0
    network: int = 0


def reading_exempt(forwarded_by: str) -> bool:
    """Whether a message's reading is free of any budget: a trusted staff forward (`forwarded_by`), the colleague's
    own choice. Not the town's declared form ([trust] automatic_senders): its mail is read before the cap on its new
    cases (cases_per_robot_per_day) sets it aside, and a visitor submitting it again and again with costly files had
    every one read; it is budgeted as its own sender (the town's domain counts no addresses together)."""
    return bool(forwarded_by)


def reading_keys(sender: str, verdict: str, domain: str, network: str = "") -> ReadingKeys:
    """The keys of a message from `sender` (as written; "" : none) that the town's server said `verdict` of (PASS,
    FAIL, or "" : nothing), whose new cases count with `domain` ("" : none), and that the server says came from
    `network` (core/trust.py `sending_network`; "" : it said none)."""
    kind = {PASS: "pass", FAIL: "fail"}.get(verdict, "none")
    unauthenticated = verdict != PASS
    return ReadingKeys(sender=f"{kind}:{sender.strip().lower()}", domain=f"{kind}:@{domain.lower()}" if domain else "",
                       everyone="unauthenticated:*" if unauthenticated else "",
                       network=f"unauthenticated:network:{network}" if unauthenticated and network else "")


def sealed(key: str, secret: bytes) -> str:
    """What the day's counter stores for `key`: its HMAC-SHA256 under the installation's `secret` (64 hexadecimal
    digits). The counter held senders' addresses in plain text; a hash without the secret names nobody (an address
    cannot be tried against it), while the service, holding the secret, finds a person's rows from her address."""
    return hmac.new(secret, f"{_PURPOSE}\0{key}".encode("utf-8"), hashlib.sha256).hexdigest()


def what_a_key_counts(key: str) -> str:
    """Whose reading time a key counts, in French, for a person's export beside its hash: « des messages de
    jeanne@asso.example que le serveur de la Ville a authentifiés »."""
    kind, _, name = key.partition(":")
    said = {"pass": "que le serveur de la Ville a authentifiés",
            "fail": "que le serveur de la Ville a dit contrefaits"}.get(
        kind, "dont le serveur de la Ville n'a pu dire s'ils venaient bien de leur expéditeur")
    if kind == "unauthenticated":  # never one person's (keys_naming gives none), said for the register's sake
        return f"des messages non authentifiés venus du réseau {name.partition(':')[2]}" if name.startswith(
            "network:") else "des messages non authentifiés de tous les expéditeurs"
    if not name.startswith("@"):
        return f"des messages de {name} {said}"
    if "@" in name[1:]:  # a big provider's box, in its domain's place
        return f"des messages de la boîte {name[1:]} et de ses variantes en « + » {said}"
    return f"des messages des adresses du domaine {name[1:]} {said}"


def near_cap(keys: ReadingKeys, spent: Mapping[str, float], caps: ReadingCaps, margin: float) -> bool:
    """Whether a budget of the message is within `margin` seconds of its cap by `spent` (a process's own count of
    today): there, the database is looked up before the message is read and its time written at once, as another
    process may have spent what this one has not seen yet; further from every cap, the process's count is enough."""
    pairs = ((keys.sender, caps.sender), (keys.domain, caps.domain), (keys.everyone, caps.everyone),
             (keys.network, caps.network))
    return any(key and cap and spent.get(key, 0.0) + margin >= cap for key, cap in pairs)


def duration(seconds: float) -> str:
    """`3725` -> « 1 h 2 min », `600` -> « 10 min », `42.4` -> « 42 s »."""
    whole = int(seconds)
    hours, minutes, secs = whole // 3600, whole % 3600 // 60, whole % 60
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"


def past_reading(keys: ReadingKeys, spent: Mapping[str, float], caps: ReadingCaps, sender: str) -> str:
    """Which budget a message's reading is past, as its reason says it ("" : none): a budget is reached once what was
    already spent today is at or past it (a message is never cut half-way; one message at most goes past it)."""
    who = sender or "l'expéditeur sans adresse"
    if keys.sender and caps.sender and spent.get(keys.sender, 0.0) >= caps.sender:
        return (f"la lecture des messages de {who} a déjà pris {duration(spent[keys.sender])} aujourd'hui, le plus "
                f"qu'un expéditeur puisse prendre par jour ({SENDER_SECONDS} = {caps.sender})")
    if keys.domain and caps.domain and spent.get(keys.domain, 0.0) >= caps.domain:
        domain = keys.domain.partition(":@")[2]
        return (f"la lecture des messages des adresses du domaine {domain} ({who}) a déjà pris "
                f"{duration(spent[keys.domain])} aujourd'hui, le plus que les adresses d'un même domaine puissent "
                f"prendre ensemble par jour ({DOMAIN_SECONDS} = {caps.domain})")
    if keys.network and caps.network and spent.get(keys.network, 0.0) >= caps.network:
        network = keys.network.rpartition("network:")[2]
        return (f"la lecture des messages non authentifiés venus du réseau {network} ({who} compris), selon le "
                f"serveur de la ville, a déjà pris {duration(spent[keys.network])} aujourd'hui, le plus que les "
                f"expéditeurs non authentifiés d'un même réseau puissent prendre ensemble par jour ({NETWORK_SECONDS} "
                f"= {caps.network}) : un envoi en masse ?")
    if keys.everyone and caps.everyone and spent.get(keys.everyone, 0.0) >= caps.everyone:
        return (f"la lecture des messages non authentifiés de tous les expéditeurs ({who} compris) a déjà pris "
                f"{duration(spent[keys.everyone])} aujourd'hui, le plus qu'ils puissent prendre ensemble par jour "
                f"({ALL_SECONDS} = {caps.everyone}) : un envoi en masse ?")
    return ""


def not_read_reason(why: str) -> str:
    """What each file of a message past its reading budget says, for staff (`intake explain`, the console, which
    show a file's evidence as it is): the limit in words, not the setting's name (core/labels.py `plain`)."""
    return (f"{NOT_READ} : {plain(why)} ; le fichier est gardé, à ouvrir par le service (la lecture reprend demain "
            "pour cet expéditeur)")


def setting_reached(why: str) -> str:
    """The setting a `past_reading` reason names (for the log, which names settings for the admin)."""
    found = _SETTING.search(why)
    return found.group(0) if found else ""


def reading_said(keys: ReadingKeys | None, caps: ReadingCaps, sender: str) -> str:
    """What `intake explain` says of a message's daily reading budgets, in French."""
    if keys is None:
        return "non compté (transfert de confiance, ou aucune limite de lecture par jour fixée)"
    kind = keys.sender.partition(":")[0]
    whose = {"pass": "authentifié", "fail": "falsifié selon le serveur de la ville"}.get(kind, "non authentifié")
    who = sender or "l'expéditeur sans adresse"
    parts = [f"{who} ({whose}) : {duration(caps.sender)} par jour"] if caps.sender else []
    if keys.domain and caps.domain:
        parts.append(f"les adresses de {keys.domain.partition(':@')[2]} ensemble : {duration(caps.domain)}")
    if keys.everyone and caps.everyone:
        parts.append(f"tous les expéditeurs non authentifiés ensemble : {duration(caps.everyone)}")
    if keys.network and caps.network:
        parts.append(f"les expéditeurs non authentifiés du réseau {keys.network.rpartition('network:')[2]} (selon le "
                     f"serveur de la ville) ensemble : {duration(caps.network)}")
    return (f"compté chaque jour pour {' ; '.join(parts)} ; au-delà, ses fichiers seraient gardés sans être lus "
            "(« non lu : … », à vérifier par le service) jusqu'au lendemain") if parts else "aucune limite"


def keys_naming(address: str, domain: str = "", forged_domain: str = "") -> tuple[str, ...]:
    """Every key that names `address` (as a sender, or as a big provider's box, which counts in a domain's place) or
    `domain`, the one its mail counts with, whatever the town's server said: what an export gives and an erasure
    forgets. `forged_domain`: the one forgeries of it count with; hers only when it is `domain` (her organisation's).
    A big mail provider's (« fail:@gmail.com ») or the town's counts the forgeries of every address there, no one's
    in particular: a gmail.com applicant's export gave it to her, and her erasure gave every forger of gmail.com a
    new day's budget."""
    address = address.strip().lower()
    names = (address, f"@{address}", *((f"@{domain.lower()}",) if domain else ()))
    forged = (f"@{forged_domain.lower()}",) if forged_domain and forged_domain.lower() == domain.lower() else ()
    return tuple(f"{kind}:{name}" for kind in ("pass", "none", "fail")
                 for name in dict.fromkeys(names + (forged if kind == "fail" else ())))
