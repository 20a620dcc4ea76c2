"""What the town's own mail server says about a message: is it the town's own mail, did its sender pass?

Pure. Everything in a received message is written by its sender, `Authentication-Results` included,
except what the town's receiving server adds on arrival. The admin says which server that is
(`[trust] provider`, docs/trust.md), and only its word is read:

- `own` (the town's own MX) and `google` (Google Workspace, `mx.google.com`): the topmost
  `Authentication-Results` of the message, and only if it carries the configured authserv-id. Nothing
  added before our server can sit above what it adds on arrival; a header with our id lower down may
  be a forgery (RFC 8601 §5: the server must add its own and remove incoming ones with its id). A
  topmost header with another id, or none, means our server's word is not there: nothing is believed.
- `microsoft365` (Exchange Online writes `Authentication-Results` without any authserv-id): the topmost
  one, only if it has no id (Exchange's form), and only in a message that carries exactly one
  `X-MS-Exchange-Organization-AuthAs` header, which Exchange's header firewall removes from mail coming
  from outside. Mail submitted inside the tenant says `Internal`, with the Exchange server that
  authenticated it in `X-MS-Exchange-Organization-AuthSource` (`[trust] exchange_servers`).

Two questions are asked of that word. `internal_evidence`: is this the town's own mail (what makes a
staff forward trusted)? `sender_check`: did the `From` domain of any sender pass or fail? A DMARC
result counts only with `header.from` naming (or aligned with) the `From` domain; an explanation
names only what was actually seen. The other evidence of a staff forward, a copy in the forwarder's
Sent folder, is looked up by the shell and passed in as `in_sent_folder`.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase

import idna

from intake.core import authresults
from intake.core.message import Enclosed, Message

OWN, MICROSOFT365, GOOGLE = "own", "microsoft365", "google"
PROVIDERS = (OWN, MICROSOFT365, GOOGLE)
GOOGLE_AUTHSERV_ID = "mx.google.com"
EXCHANGE_SERVERS = ("*.outlook.com",)  # where Exchange Online's mailbox servers live (AuthSource)
EXCHANGE = "Exchange Online"
AUTH_AS, AUTH_SOURCE = "x-ms-exchange-organization-authas", "x-ms-exchange-organization-authsource"
PASS, FAIL = "pass", "fail"


@dataclass(frozen=True)
class TrustSettings:
    provider: str = ""  # own | microsoft365 | google; "" : nothing the server says is believed
    authserv_id: str = ""  # own, google: the id the town's server writes first in Authentication-Results
    domains: frozenset[str] = frozenset()  # the town's mail domains, lower-case
    exchange_servers: tuple[str, ...] = EXCHANGE_SERVERS  # microsoft365: patterns AuthSource must match
    # a domain's organizational domain (the Public Suffix List: intake/adapters/psl.py), for DMARC's relaxed
    # alignment; None: only the same domain is aligned
    org_domain: Callable[[str], str | None] | None = None
    # the networks of third-party relays the town receives its mail through (a filtering gateway: Mimecast, Vade,
    # Altospam, a hybrid Exchange): their address in the server's word is theirs, never a sender's network
    inbound_relays: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    def aligned(self, one: str, other: str) -> bool:
        """DMARC's relaxed alignment: the same organizational domain (`mail.ville-bethune.fr` and
        `ville-bethune.fr`; never `a.gouv.fr` and `gouv.fr`, a public suffix)."""
        one, other = domain_of(one), domain_of(other)
        if not one or not other:
            return False
        if one == other:
            return True
        org = self.org_domain
        return org is not None and org(one) is not None and org(one) == org(other)


@dataclass(frozen=True)
class Evidence:
    trusted: bool
    why: str  # French, for staff and `intake explain`


@dataclass(frozen=True)
class SenderCheck:
    """Whether the town's server authenticated the `From` domain: `pass`, `fail`, or "" (it says nothing that
    counts: no configuration, no result, no policy, a soft failure)."""

    verdict: str = ""
    why: str = ""  # French: the evidence seen

    @property
    def failed(self) -> bool:
        return self.verdict == FAIL


NOTHING_SAID = SenderCheck()


_Result = authresults.Result


@dataclass(frozen=True)
class _Word:
    """What the town's server wrote about the message (or why nothing it wrote can be read)."""

    source: str  # "mx.ville-bethune.fr", "Exchange Online"; "" : none
    results: tuple[_Result, ...] = ()
    internal: str = ""  # microsoft365: the message was submitted inside the tenant (the evidence, in French)
    missing: str = ""  # why there is no word to read
    failure: str = ""  # the failure an unreadable header of the server's still says (`authresults.failure_written`)


def _word(msg: Message, settings: TrustSettings) -> _Word:
    if not settings.provider:
        return _Word("", missing="aucun serveur de confiance configuré ([trust] provider)")
    values = msg.headers.get("authentication-results", ())
    if settings.provider == MICROSOFT365:
        return _exchange(msg, settings, values)
    wanted = settings.authserv_id.lower()
    if not values:
        return _Word("", missing=f"aucun en-tête Authentication-Results de {settings.authserv_id}")
    top = values[0]
    head = authresults.authserv_id(top)
    if head.lower() != wanted:
        seen = f"« {head} »" if head else "sans nom de serveur"
        return _Word("", missing=f"l'en-tête Authentication-Results le plus haut n'est pas de {settings.authserv_id} "
                                 f"({seen}) : aucun en-tête plus bas n'est cru")
    header = authresults.parse(top)
    if header is None:  # garbled: proves nothing, never a pass
        return _Word("", missing=f"en-tête Authentication-Results de {settings.authserv_id} illisible",
                     failure=authresults.failure_written(top))
    return _Word(settings.authserv_id, header.results)


def _exchange(msg: Message, settings: TrustSettings, values: tuple[str, ...]) -> _Word:
    """Exchange Online: its X-MS-Exchange-Organization-* headers cannot come from outside (header firewall);
    its Authentication-Results has no authserv-id and sits on top."""
    auth_as = msg.headers.get(AUTH_AS, ())
    if len(auth_as) != 1:
        return _Word("", missing="pas un en-tête X-MS-Exchange-Organization-AuthAs unique : le message n'est pas "
                                 "passé par Exchange Online, ou ses en-têtes ne sont pas visibles"
                                 + (f" ({len(auth_as)} trouvés)" if auth_as else ""))
    internal = ""
    sources = msg.headers.get(AUTH_SOURCE, ())
    if auth_as[0].strip().lower() == "internal":
        source = sources[0].strip().lower() if len(sources) == 1 else ""
        if source and any(fnmatchcase(source, p.lower()) for p in settings.exchange_servers):
            internal = f"X-MS-Exchange-Organization-AuthAs: Internal, AuthSource: {source}"
        else:
            return _Word("", missing="X-MS-Exchange-Organization-AuthAs: Internal, mais AuthSource "
                                     + (f"« {source} » n'est pas un serveur Exchange de la ville ([trust] "
                                        "exchange_servers)" if source else "absent ou en double"))
    results: tuple[_Result, ...] = ()
    if values and not authresults.authserv_id(values[0]):
        header = authresults.parse(values[0], anonymous=True)
        results = header.results if header is not None else ()
        if header is None and not internal:
            return _Word("", missing="en-tête Authentication-Results d'Exchange Online illisible",
                         failure=authresults.failure_written(values[0]))
    if not results and not internal:
        return _Word("", missing="aucun en-tête Authentication-Results d'Exchange Online (sans nom de serveur) "
                                 "en tête du message")
    return _Word(EXCHANGE, results, internal=internal)


# ------------------------------------------------------------------------------------------ questions
def internal_evidence(msg: Message, settings: TrustSettings, in_sent_folder: bool = False) -> Evidence:
    """Whether `msg` was authenticated as the town's own mail, and why (or why not)."""
    if in_sent_folder:
        return Evidence(True, "copie trouvée dans le dossier des messages envoyés de l'expéditeur")
    word = _word(msg, settings)
    if not word.source:
        return Evidence(False, word.missing + " ; et aucune copie dans un dossier Envoyés")
    domain = domain_of(msg.from_addr)
    if domain not in settings.domains:
        return Evidence(False, f"l'expéditeur {msg.from_addr} n'est pas d'un domaine de la ville")
    if word.internal:
        return Evidence(True, f"soumis dans l'organisation Exchange Online de la ville ({word.internal})")
    passed, refused = _town_passes(word, msg, domain, settings)
    if passed:
        return Evidence(True, f"authentifié par {word.source} ({passed})")
    return Evidence(False, f"{word.source} n'authentifie pas {domain} ({refused or _shown(word.results)})")


def sender_check(msg: Message, settings: TrustSettings) -> SenderCheck:
    """Did the town's server authenticate the `From` domain? `fail` on dmarc=fail (or DMARC on another
    domain than the one read in `From`), on a `From` naming addresses of several domains without a pass for the
    first, or spf=fail for that domain without an aligned dkim=pass."""
    word = _word(msg, settings)
    if not word.source:
        return SenderCheck(FAIL if word.failure else "", f"{word.missing}, mais il y est écrit {word.failure}"
                           if word.failure else word.missing)
    domain = domain_of(msg.from_addr)
    if not domain:
        return SenderCheck("", "adresse d'expéditeur illisible")
    if word.internal:
        return (SenderCheck(PASS, f"soumis dans l'organisation ({word.internal})") if domain in settings.domains
                else SenderCheck("", f"soumis dans l'organisation ({word.internal}) pour un autre domaine"))
    # every DMARC result the header holds, not the first: a failure written anywhere is a failure
    dmarcs = [r for r in word.results if r.method == "dmarc"]
    other = next((r for r in dmarcs if r.prop("header.from") and not settings.aligned(r.prop("header.from"), domain)),
                 None)
    if other is not None:
        return SenderCheck(FAIL, f"{word.source} a vérifié un autre domaine que {domain} "
                                 f"({other.shown('header.from')})")
    failed = next((r for r in dmarcs if r.result == FAIL), None)
    if failed is not None:
        return SenderCheck(FAIL, f"{word.source} : {failed.shown('header.from')}")
    if domain in settings.domains:  # the town's own domain: what proves a staff forward proves it (`_town_passes`)
        passed, _refused = _town_passes(word, msg, domain, settings)
    else:
        passed = _passes(word.results, domain, settings)
    if passed:
        return SenderCheck(PASS, f"{word.source} : {passed}")
    # an address no mail server reads as one (inside an encoded word), or a domain written in other letters than its
    # own (full-width `ｇｍａｉｌ.com`, which IDNA delivers to gmail.com): the server checked another domain, or none,
    # and found no DMARC policy; anyone could write an applicant's address so, and join their case
    disguise = ("lisible seulement une fois décodée (mot encodé RFC 2047)" if msg.from_encoded
                else f"écrite en d'autres caractères que son domaine {domain}" if _disguised(msg.from_addr, domain)
                else "")
    if disguise:
        return SenderCheck(FAIL, f"adresse d'expéditeur (From) {disguise} : {word.source} n'a pas pu la vérifier "
                                 f"({_shown(word.results)})")
    # intake reads the first `From` address; a server's DMARC check may have read another (a FAIL above), or
    # none (RFC 7489 §6.6.1 leaves it to the receiver: OpenDMARC, unless told to refuse such mail, gives no
    # result), and then a forger of a domain with a DMARC policy, adding an address of their own, was not told
    # apart from its owner. An aligned pass for the first address (above) is its owner's word all the same.
    others = sorted({domain_of(a) for a in msg.from_others} - {domain, ""})
    fields = len(msg.headers.get("from", ()))
    if fields > 1:  # a first field of no address (« From: Mallory », an empty group), the applicant's in the next:
        # the server checked the first field, found no domain and said nothing; intake read the next
        return SenderCheck(FAIL, f"plusieurs champs d'expéditeur (From) dans un même message ({fields}) : le serveur "
                                 f"de la ville n'en a vérifié qu'un")
    if others:
        return SenderCheck(FAIL, f"plusieurs adresses d'expéditeur (From) de domaines différents ({domain}, "
                                 f"{', '.join(others[:3])}) : le serveur de la ville n'a pu en vérifier qu'une")
    spf = next((r for r in word.results if r.method == "spf" and r.result == FAIL
                and settings.aligned(domain_of(r.prop("smtp.mailfrom")), domain)), None)
    if spf is not None and not any(r.method == "dkim" and r.result == PASS and settings.aligned(_dkim_domain(r), domain)
                                   for r in word.results):
        return SenderCheck(FAIL, f"{word.source} : {spf.shown('smtp.mailfrom')}, sans dkim=pass pour {domain}")
    return SenderCheck("", f"{word.source} : {_shown(word.results)}")


IPREV_PROPS = ("policy.iprev", "smtp.remote-ip")  # where a server names the host it checked (RFC 8601 §2.7.3; Exim)
# Exchange Online's header starts with its SPF result and the host it checked: « spf=pass (sender IP is 192.0.2.7) »
# where no outside sender connects from: the town's own relays (RFC 1918, shared address space, unique local)
_NOT_OUTSIDE = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                                                       "100.64.0.0/10", "fc00::/7"))
_EXCHANGE_IP = re.compile(r"\A\s*spf=[a-z]+\s+\(sender\s+IP\s+is\s+([0-9a-f:.]{2,45})\)", re.IGNORECASE)


def sending_network(msg: Message, settings: TrustSettings) -> str:
    """The network the town's server says the message came from ("" : it says none): the address of the `iprev`
    result in its header (`iprev=pass policy.iprev=192.0.2.7`, the host that connected to it; Exchange Online, which
    writes no iprev, names it in the comment of the SPF result its header starts with, before anything it copies from
    the message: `spf=none (sender IP is 192.0.2.7) smtp.mailfrom=…`), as an IPv4 /24 or an IPv6 /48 (what one
    sender's server, or one hosting customer, holds; an IPv4 address written as IPv6 is that IPv4 one). An address no
    outside sender connects from (loopback, private, link-local: a relay of the town's own, such as a content filter
    handing mail back to the server) names none, nor does one of the relays the town receives its mail through
    (`inbound_relays`: a third-party filtering gateway, whose address every message would otherwise share). Only
    the server's word, as `sender_check` reads it: an `iprev` the sender wrote in its own header, or anywhere below
    the server's, is never read. Two `iprev` results in the
    server's header (one the sender wrote through a value the server copied unquoted), or an address that is none,
    say nothing. The network's budget is one more bound beside every unauthenticated sender's
    (core/reading_budget.py): a wrong network names a budget smaller than the one every such sender already shares,
    never a way around it."""
    word = _word(msg, settings)
    if not word.source or word.internal:
        return ""
    if settings.provider == MICROSOFT365:  # no iprev: the comment Exchange writes first, before any value it copies
        said = _EXCHANGE_IP.match(msg.headers.get("authentication-results", ("",))[0])
        addresses = {said.group(1)} if said else set()
    else:
        iprevs = [r for r in word.results if r.method == "iprev"]
        addresses = {v for k, v in iprevs[0].props if k in IPREV_PROPS} if len(iprevs) == 1 else set()
    if len(addresses) != 1:
        return ""
    try:
        ip = ipaddress.ip_address(addresses.pop().strip("[]"))
    except ValueError:
        return ""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback or ip.is_link_local or ip.is_unspecified or any(ip in n for n in _NOT_OUTSIDE):
        return ""  # a hop of the town's own (a content filter handing mail back, a LAN gateway): everyone's, not one
    if any(ip in n for n in settings.inbound_relays):
        return ""  # a filtering gateway the town receives through ([trust] inbound_relays): everyone's, not one
    prefix = 24 if isinstance(ip, ipaddress.IPv4Address) else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def arrival_checks(msg: Message, settings: TrustSettings) -> dict[str, SenderCheck]:
    """What the town's server said of each message attached whole to `msg` (a colleague's forward « as an
    attachment »), on its arrival in the colleague's mailbox, by its sender's address: the attached message keeps the
    header fields it then had, the town's server's on top. An outsider who wrote in an applicant's name to a
    colleague's address, stamped « dmarc=fail » there and delivered all the same (a domain's p=none), was filed under
    the applicant once the colleague forwarded it. Only a failure counts (core/forward.py): whatever else an attached
    message says is its sender's to write. Of several attached messages from one address, a failure stands: the
    applicant's real mail attached beside a forgery in her name vouched for the forgery (attack12)."""
    checks: dict[str, SenderCheck] = {}
    for enclosed in msg.enclosed:
        if enclosed.from_addr and (enclosed.from_addr not in checks or checks[enclosed.from_addr].verdict != FAIL):
            checks[enclosed.from_addr] = sender_check(_as_message(enclosed), settings)
    return checks


def _as_message(enclosed: Enclosed) -> Message:
    return Message(message_id="", subject="", from_addr=enclosed.from_addr, from_name="", reply_to="", to=(), cc=(),
                   date=None, in_reply_to="", references=(), headers=dict(enclosed.headers), text="", html="",
                   from_others=enclosed.from_others)


def dkim_passes(msg: Message, settings: TrustSettings) -> tuple[tuple[str, str], ...]:
    """(domain, header.b) of each DKIM signature the town's server says passed, lower-case: the domain is
    header.d, or that of header.i (Google's form); header.b is "" when the server does not name the
    signature (RFC 6008). None for mail submitted inside the organization, which no server of the town
    checked on arrival (its results are whatever its sender wrote)."""
    word = _word(msg, settings)
    if word.internal:
        return ()
    return tuple((r.prop("header.d") or r.prop("header.i").rpartition("@")[2], r.prop("header.b"))
                 for r in word.results if r.method == "dkim" and r.result == PASS)


def _failure(results: Iterable[_Result]) -> _Result | None:
    """A failure the server wrote (dkim, spf or dmarc), wherever it wrote it: never outweighed by a pass beside it (a
    pass may have been written into the header by the message itself, core/authresults.py; a failure never helps)."""
    return next((r for r in results if r.method in ("dkim", "spf", "dmarc") and r.result == FAIL), None)


def _passes(results: Iterable[_Result], domain: str, settings: TrustSettings) -> str:
    """The evidence that `domain` passed, as seen ("" : none). A failure anywhere vetoes everything else; a DMARC
    pass counts only with header.from aligned with `domain`; else an aligned dkim=pass or spf=pass. The strongest
    is named: DMARC, then DKIM, then SPF, whatever order the server wrote them in."""
    results = tuple(results)
    if _failure(results) is not None:
        return ""
    for method, prop in (("dmarc", "header.from"), ("dkim", "header.d"), ("spf", "smtp.mailfrom")):
        for r in results:
            value = r.prop(prop)
            if r.method == method and r.result == PASS and settings.aligned(
                    domain_of(value) if method == "spf" else value, domain):
                return r.shown(prop)
    return ""


def _town_passes(word: _Word, msg: Message, domain: str, settings: TrustSettings) -> tuple[str, str]:
    """(the evidence that `domain`, one of the town's, sent `msg`, "" : none; why not, in French). As `_passes`, but
    a DKIM signature proves it only if it signs the message's To and Cc fields (its `h=` tag names each as many times
    as the message has them, and Cc even when it has none): the town's mail to an outsider, its DKIM signature still
    passing, had its To rewritten (or a Cc added) to name a watched mailbox by the outsider, who sent it back, a
    trusted forward of whomever its block named. An aligned SPF pass (the town's own server sent it) needs no
    signature; a DMARC pass counts only beside an aligned SPF pass or such a signature (it may rest on any
    signature)."""
    failed = _failure(word.results)
    if failed is not None:
        return "", f"{word.source} écrit un échec : {failed.shown('header.from', 'header.d', 'smtp.mailfrom')}"
    passing = [r for r in word.results if r.result == PASS]
    # the server checks one envelope sender: a second SPF result of one was written by the message, into a value the
    # server copied without quoting it (`smtp.mailfrom=x@evil.example;spf=pass smtp.mailfrom=ville-bethune.fr`)
    envelopes = [r for r in word.results if r.method == "spf" and r.prop("smtp.mailfrom")]
    spf = next((r for r in passing if r.method == "spf" and len(envelopes) == 1
                and settings.aligned(domain_of(r.prop("smtp.mailfrom")), domain)), None)
    dkims = [r for r in passing if r.method == "dkim" and settings.aligned(_dkim_domain(r), domain)]
    # a signature of the town's domain that the server could not verify (permerror, neutral, policy...): a forger's
    # made-up one, its « pass » written into the header through a value the server copied unquoted (docs/trust.md,
    # open point); only a pass for every signature of the domain the server names is the town's word
    unverified = next((r for r in word.results if r.method == "dkim" and r.result != PASS
                       and settings.aligned(_dkim_domain(r), domain)), None)
    dkim = next((r for r in dkims if not _unsigned_recipients(msg, r)), None) if unverified is None else None
    dmarc = next((r for r in passing if r.method == "dmarc" and settings.aligned(r.prop("header.from"), domain)), None)
    if dmarc is not None and (spf or dkim):
        return dmarc.shown("header.from"), ""
    if dkim is not None:
        return dkim.shown("header.d"), ""
    if spf is not None:
        return spf.shown("smtp.mailfrom"), ""
    if dkims and unverified is not None:
        return "", (f"{dkims[0].shown('header.d')} à côté de {unverified.shown('header.d')} : une signature de "
                    f"{domain} que le serveur n'a pas pu vérifier, et pas de spf=pass pour {domain}")
    if dkims:
        return "", (f"{dkims[0].shown('header.d')} mais {_unsigned_recipients(msg, dkims[0])}, et pas de spf=pass "
                    f"pour {domain} : le destinataire du courriel a pu les changer")
    if dmarc is not None:
        return "", f"{dmarc.shown('header.from')} sans spf=pass ni dkim=pass qui le fonde, pour {domain}"
    return "", ""


def _dkim_domain(result: _Result) -> str:
    return result.prop("header.d") or result.prop("header.i").rpartition("@")[2]


def _unsigned_recipients(msg: Message, result: _Result) -> str:
    """Why the DKIM signature(s) a pass names do not sign To and Cc ("" : they all do). The signature is the message's
    DKIM-Signature of that domain (and whose b= starts with header.b, when the server names it, RFC 6008)."""
    domain, b = _dkim_domain(result), result.prop("header.b")
    signatures = [t for t in (_tags(v) for v in msg.headers.get("dkim-signature", ()))
                  if t.get("d", "").lower() == domain and (not b or t.get("b", "").lower().startswith(b))]
    if not signatures:
        return f"aucune signature DKIM de {domain} dans le message"
    for tags in signatures:
        signed = [h.strip().lower() for h in tags.get("h", "").split(":")]
        for name in ("to", "cc"):
            if signed.count(name) < max(1, len(msg.headers.get(name, ()))):
                return f"sa signature ne couvre pas le champ {name.capitalize()} (h={tags.get('h', '')})"
    return ""


def _tags(value: str) -> dict[str, str]:
    """A DKIM-Signature's tags (RFC 6376 §3.2), whitespace removed from values; none when a tag is written twice (no
    valid signature: which `h=` a verifier read, if any, is not known)."""
    tags: dict[str, str] = {}
    for item in value.split(";"):
        name, eq, tag = item.partition("=")
        if eq:
            if name.strip().lower() in tags:
                return {}
            tags[name.strip().lower()] = "".join(tag.split())
    return tags


def _disguised(address: str, domain: str) -> bool:
    """A domain written in other characters than ASCII that is an ASCII domain all the same (IDNA maps full-width
    letters to theirs): not an internationalized domain (`xn--…`), a disguise."""
    written = address.rpartition("@")[2]
    return not written.isascii() and domain.isascii() and not any(label.startswith("xn--")
                                                                   for label in domain.split("."))


def _shown(results: tuple[_Result, ...]) -> str:
    return "; ".join(f"{r.method}={r.result}" for r in results) or "aucun résultat"


def domain_of(address: str) -> str:
    """The domain of an address (or a bare domain), lower-case, as an ASCII name where it can be one: IDNA 2008 with
    the UTS #46 mapping, as our mail goes there (core/outgoing.py `wire_address`) and as mail servers look it up. The
    standard library's IDNA 2003 codec made `straße.de` `strasse.de`, someone else's domain: a DMARC pass for
    `xn--strae-oqa.de` read as for another domain, and its owner's mail as a forgery."""
    domain = address.rpartition("@")[2].strip().strip(".").lower()
    if not domain or domain.isascii():
        return domain
    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except idna.IDNAError:
        try:
            return domain.encode("idna").decode("ascii")
        except UnicodeError:
            return domain


def same_message(copy: Message, msg: Message) -> bool:
    """The copy found in a Sent folder says what the received message says (not just its Message-ID), to whom it
    says it: the same To and Cc. A colleague's forward to someone outside, sent back by them with To (or Cc) naming a
    watched mailbox, found its copy in the Sent folder all the same: a trusted forward of whomever its block named
    (core/forward.py believes only a forward addressed to a watched mailbox). A Bcc is never compared: the Sent copy
    may keep it, the received message never does."""
    return (copy.message_id == msg.message_id and copy.fingerprint == msg.fingerprint
            and copy.forwarded_from == msg.forwarded_from
            and sorted(copy.to) == sorted(msg.to) and sorted(copy.cc) == sorted(msg.cc))
