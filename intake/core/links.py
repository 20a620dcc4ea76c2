"""Transfer links: which site a link in a message leads to, and whether it is one of the file-transfer sites
the rules list (rules/pieces.toml [links] hosts).

A site is matched by its host name, as a browser reads it: the name itself or one of its subdomains
(`icloud.com` covers `www.icloud.com`), never a name that merely contains it (`wetransfer.com.evil.example`,
`user@wetransfer.com@evil.example`). core/rules.py refuses a `hosts` entry that is not a host name;
core/classify.py turns the links found into pieces.

A link that a mail filter rewrote on arrival (Microsoft Defender Safe Links, which a Microsoft 365 mailbox stores
in place of every link of the text and HTML; Proofpoint URL Defense; Barracuda Link Protection; Trend Micro; Vade's
Time-of-Click, on its own gateway and in Microsoft 365; Cisco Secure Email; Symantec's Click-time; Trellix
(FireEye); a Google redirect), or that the sender's
program made count its clicks (Mailspring's link tracking, Gmail's Mailtrack extension), is read as the link it
wraps (`unwrap`): the site it leads to is the one the applicant wrote. Only what the wrapper carries is read, decoded
as the filter decodes it when the link is clicked (Proofpoint's v3 links hold some characters apart, at their end:
read as written, `https://evil.example*.wetransfer.com/` looked like WeTransfer and led to evil.example). A wrapper
that keeps its target on its own servers (Mimecast's `/s/<token>`) leads to no site the message can show, whatever
the `domain=` it displays (`opaque_wrapper`).
"""

from __future__ import annotations

import binascii
import re
import unicodedata
from base64 import urlsafe_b64decode
from urllib.parse import parse_qs, quote, unquote, urlsplit

import idna

from intake.core.htmltext import html_as_text

# a link ends at a control or format character too (a bidirectional override or isolate, a zero-width character):
# a link holds none but percent-encoded, and its text is shown as the piece's name in the console and our mail,
# where « https://we.tl/t-x U+202E fdp.exe » read as « https://we.tl/t-xexe.pdf »
URL = re.compile(r"https?://[^\s<>\"')\]\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
                 r"\u2060-\u206f\ufeff\ufff9-\ufffb]+", re.IGNORECASE)
# what ends a link as written (URL, above), found in a link a filter's redirect decoded (« %E2%80%AE » in its `url=`)
_HIDDEN = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
                     r"\u2060-\u206f\ufeff\ufff9-\ufffb]")
HOST_NAME = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]")


MAX_URLS = 1000  # links looked at in one message: its first ones (a real mail has tens; a newsletter, hundreds)


def urls_in(*texts: str, limit: int = MAX_URLS) -> list[str]:
    """The first `limit` http(s) links in the texts, without the punctuation that ends a sentence, each as the link
    it wraps when a mail filter rewrote it (`unwrap`). Bounded: a 48 MB text of 1.5 million links made as many
    pieces, 17 s and 1.8 GB in the poller's process (the fifth attacker's review)."""
    return [url for _, url in _links(texts, limit)]


# « & » as HTML writes it in an href (every mail program escapes it: « …&amp;uk=…&amp;f=… »): read from the HTML as
# written, a Mail Drop link was a second piece beside the one its text part gave, and led staff to a broken address
_AMPERSAND = re.compile(r"&(?:amp|#0*38|#x0*26);", re.IGNORECASE)


def _links(texts: tuple[str, ...], limit: int) -> list[tuple[str, str]]:
    """(the link as the message writes it, the link it wraps, its « &amp; » read as « & ») for the first `limit`
    links of the texts."""
    found: list[tuple[str, str]] = []
    for text in texts:
        for match in URL.finditer(text or ""):
            if len(found) >= limit:
                return found
            written = match.group().rstrip(".,;:")
            found.append((written, unwrap(_AMPERSAND.sub("&", written))))
    return found


def written_forms(*texts: str, limit: int = MAX_URLS) -> dict[str, tuple[str, ...]]:
    """For each link `urls_in` finds, how the texts write it: itself, or the filter's redirects that wrap it (where
    the mail shows its file's name beside it: Gmail's chip for a big file, rewritten by Safe Links)."""
    forms: dict[str, tuple[str, ...]] = {}
    for written, url in _links(texts, limit):
        known = forms.get(url, ())
        if not known or (written not in known and len(known) < MAX_FORMS):
            forms[url] = known + (written,)
    return forms


# how many of a link's written forms are looked at for its name: each is searched for in the whole message (the text
# and the HTML's, and as HTML writes it); a real mail writes a link once or twice, in its HTML and its text, each
# wrapped once (a link wrapped a thousand ways would make as many searches of a 48 MB text per link)
MAX_FORMS = 4


# A mail program's own list of the files it put on a server instead of attaching them: Thunderbird's Filelink
# (Nextcloud, ownCloud, Box, WeTransfer, Dropbox... each through an add-on), and BlueMind's and Roundcube's detached
# attachments, which write the same block: <div id="cloudAttachmentListRoot">, each file a link of class
# « cloudfile-name » (its name) or « cloudfile-link » (« Lien : … »). Such a link is the message's file whatever its
# server: an association's own Nextcloud is in no list. The footer's links to the services' sites are neither.
_FILELINK_ROOT = re.compile(r"""\bid\s*=\s*["']?cloudAttachmentListRoot\b""")
_ANCHOR = re.compile(r"<a\s[^<>]*>", re.IGNORECASE)  # stops at the next "<" or ">": each character read once
_FILELINK_CLASS = re.compile(r"\bcloudfile-(?:name|link)\b", re.IGNORECASE)  # in the tag: its class
_HREF = re.compile(r"""\bhref\s*=\s*["']?([^"'\s<>]+)""", re.IGNORECASE)


def filelink_urls(html: str, limit: int = MAX_URLS) -> frozenset[str]:
    """The links a mail program's Filelink block gives as the message's files (as `urls_in` reads them)."""
    root = _FILELINK_ROOT.search(html or "")
    if root is None:
        return frozenset()
    hrefs = []
    for anchor in _ANCHOR.finditer(html, root.end()):
        tag = anchor.group()
        href = _HREF.search(tag)
        if href and _FILELINK_CLASS.search(tag):
            hrefs.append(href.group(1))
            if len(hrefs) >= limit:
                break
    return frozenset(urls_in(" ".join(hrefs), limit=limit))


# Horde's webmail (IMP) with « linked attachments »: a file over the server's limit is kept on the webmail's server and
# IMP appends to the text its list (lib/Compose.php `_linkAttachments`): « ----- », « Attachments: » in the user's
# language (« Pièces jointes: »), then for each file « 1. <name> (<size>) [<type>] » and on the next line « Download
# link: <link> » (left in English by IMP's French catalogue, translated in others), the link IMP's own
# « <webmail>/imp/attachment.php?id=…&u=… ». The webmail is the sender's organisation's (a university's, a host's):
# in no list, like a Filelink's server. Only an unquoted item of that shape, its link to an « attachment.php », is one.
# IMP sends its text format=flowed (DelSp=Yes) cut at 78 characters: « Download link: » alone on its line, the link on
# the next, a long name over two lines; a line ending in a space goes on in the next (`_SOFT_BREAK`).
_LINKED_ITEM = re.compile(r"^\d{1,3}\. ([^\n]{1,300}?) \([^()\n]{1,30}\) \[[A-Za-z0-9.+-]{1,80}/[A-Za-z0-9.+-]{1,120}\]"
                          r"[ \t]*\r?\n[^\n:>]{1,60}: *(https?://[^\s<>\"]{1,2048})", re.MULTILINE)
_SOFT_BREAK = re.compile(r" +\r?\n")


def _linked_items(text: str, limit: int = MAX_URLS) -> dict[str, str]:
    """{link: the file's name as IMP lists it} for Horde's linked attachments in `text` (`linked_attachment_urls`)."""
    found: dict[str, str] = {}
    if "attachment.php" not in (text or "").lower():
        return found
    for match in _LINKED_ITEM.finditer(_SOFT_BREAK.sub(" ", text)):
        for url in urls_in(match.group(2), limit=1):
            try:
                path = urlsplit(url).path
            except ValueError:
                continue
            if path.lower().endswith("/attachment.php"):
                found.setdefault(url, match.group(1))
        if len(found) >= limit:
            break
    return found


def linked_attachment_urls(text: str, limit: int = MAX_URLS) -> frozenset[str]:
    """The links Horde's webmail (IMP) lists in a message's text as its files kept on the server (« linked
    attachments »), as `urls_in` reads them: each a link to IMP's « attachment.php », after its item's
    « <n>. <name> (<size>) [<type>] » line."""
    return frozenset(_linked_items(text, limit))


# host (or its subdomains), path, and the query parameter that holds the wrapped link
_WRAPPERS = (("safelinks.protection.outlook.com", "", "url"), ("safelinks.protection.office365.us", "", "url"),
             ("google.com", "/url", "q"), ("linkprotect.cudasvc.com", "/url", "a"),
             ("trendmicro.com", "/wis/clicktime/v1/query", "url"), ("urldefense.proofpoint.com", "/v2/url", "u"),
             # Vade's Time-of-Click: its gateway's antiphishing.vadesecure.com/v4?f=…&u=<link>, and Vade for
             # Microsoft 365 and Google Workspace's m365.eu.vadesecure.com/safeproxy/v4?…&u=<link>
             ("antiphishing.vadesecure.com", "/v4", "u"), ("vadesecure.com", "/safeproxy/v4", "u"),
             ("vadesecure.com", "/safeproxy/v3", "u"),
             # Symantec / Broadcom Email Security.cloud's Click-time: clicktime.symantec.com/<token>?[h=…&]u=<link>
             ("clicktime.symantec.com", "/", "u"),
             # Trellix (FireEye) Email Security: protect2.fireeye.com/v1/url?k=…&q=1&e=…&u=<link>
             ("fireeye.com", "/v1/url", "u"),
             # and the sender's own program counting clicks: Mailspring's « link tracking »
             # (link.getmailspring.com/link/<message>/<n>?redirect=<link>&recipient=…), the Mailtrack extension of
             # Gmail (mailtrack.io/trace/link/<hash>?url=<link>&userId=…&signature=…): a path ending in « / » is
             # its prefix
             ("link.getmailspring.com", "/link/", "redirect"), ("mailtrack.io", "/trace/link/", "url"))
# Proofpoint URL Defense v3: https://urldefense.com/v3/__<link>__;<base64url of the characters held apart>!!<ids>$:
# each character held apart is a « * » in the link, a run of 2 to 65 of them « ** » and a letter of _RUN
_PROOFPOINT_V3 = re.compile(r"https?://urldefense\.com/v3/__(https?:/.+?)__;([A-Za-z0-9_-]*)!", re.IGNORECASE)
_RUN = {c: n for n, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", start=2)}
# Cisco Secure Email (IronPort): https://secure-web.cisco.com/<token>/<the link, percent-encoded whole>
_CISCO = re.compile(r"https?://secure-web\.cisco\.com/[A-Za-z0-9_-]+/(https?%3A%2F%2F[^?#\s]*)", re.IGNORECASE)
# Mimecast URL Protect keeps the link on its servers: protect-eu.mimecast.com/s/<token>?domain=<what it shows>, and
# since 2024 url.<region>.<m|a>.mimecastprotect.com/s/<token>?domain=…
_OPAQUE = ("mimecast.com", "mimecastprotect.com")
MAX_WRAPS = 3  # a wrapped link wrapped again (a filter at the sender's and one at the town's)


def unwrap(url: str) -> str:
    """The link a mail filter's redirect wraps (Safe Links' `url=`, Proofpoint's `u=` or `__...__;`, ...); `url`
    itself when it is none."""
    for _ in range(MAX_WRAPS):
        inner = _wrapped(url.replace("&amp;", "&"))
        if not inner:
            break
        # a space, a control or format character the redirect decoded is sent percent-encoded by a browser, and kept
        # so: the link is the piece's name, where an override showed « …t-x U+202E fdp.exe » as « …t-xexe.pdf »
        url = _HIDDEN.sub(lambda m: quote(m.group(), safe=""), inner)
    return url


def opaque_wrapper(url: str) -> str:
    """The mail filter whose redirect `url` is when that redirect keeps its target on the filter's servers (Mimecast
    URL Protect: « Mimecast »), "" otherwise. Such a link says nothing the service can check of where it leads: the
    `domain=` it displays is text anyone can write (and can be changed without changing where the link leads)."""
    host = url_host(url)
    if listed_host(host, _OPAQUE) and urlsplit(url).path.startswith("/s/"):
        return "Mimecast"
    return ""


def _proofpoint_v3(link: str, held: str) -> str:
    """The link Proofpoint's v3 redirect leads to: `link` percent-decoded, each « * » replaced by the next character
    `held` (base64url) gives and each « **X » by the next run of them (X: its length, _RUN); "" when the two do not
    add up (a link made to look like one is no link at all, never the characters around its stars)."""
    try:
        chars = urlsafe_b64decode(held + "=" * (-len(held) % 4)).decode("utf-8") if held else ""
    except (binascii.Error, ValueError):
        return ""
    out, used, i, link = [], 0, 0, unquote(link)
    while i < len(link):
        if link[i] != "*":
            out.append(link[i])
            i += 1
            continue
        run, step = (_RUN.get(link[i + 2:i + 3], 0), 3) if link.startswith("**", i) else (1, 1)
        if not run or used + run > len(chars):
            return ""
        out.append(chars[used:used + run])
        used, i = used + run, i + step
    if used != len(chars):
        return ""
    return re.sub(r"^(https?:/)(?=[^/])", r"\1/", "".join(out), flags=re.IGNORECASE)  # « https:/x », as it writes some


def _wrapped(url: str) -> str:
    v3 = _PROOFPOINT_V3.match(url)
    if v3:
        return _proofpoint_v3(v3.group(1), v3.group(2))
    cisco = _CISCO.match(url)
    if cisco:
        return unquote(cisco.group(1))
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    host = url_host(url)  # as a browser reads it, as the sites the rules list are matched
    for wrapper, path, key in _WRAPPERS:
        if listed_host(host, (wrapper,)) and (not path or parts.path == path
                                               or (path.endswith("/") and parts.path.startswith(path))):
            value = parse_qs(parts.query).get(key, [""])[0]
            if wrapper == "urldefense.proofpoint.com" and value:  # Proofpoint v2: "-" stands for "%", "_" for "/"
                value = unquote(value.replace("_", "/").replace("-", "%"))
            return value if value.lower().startswith(("http://", "https://")) else ""
    return ""


def url_host(url: str) -> str:
    """The host a URL leads to, lower-case: `https://user@wetransfer.com.evil.example:443/x` ->
    `wetransfer.com.evil.example` (what a browser opens, not what the link's text looks like)."""
    authority = re.split(r"[/?#\\]", url.partition("://")[2], maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    host = host.partition("]")[0] + "]" if host.startswith("[") else host.partition(":")[0]
    return host.strip(".").lower()


def ascii_host(host: str) -> str:
    """`host` as the DNS reads it: labels that are not ASCII in Punycode (IDNA), so that a look-alike of a known site
    (« wеtransfer.com » with a Cyrillic е) shows as the other name it is (« xn--wtransfer-… »)."""
    if host.isascii():
        return host
    cut = ""
    if len(host) > MAX_HOST or any(len(label) > MAX_LABEL for label in host.split(".")):
        # no name the DNS can hold: shown cut, never encoded whole. Punycode's time grows as the square of a label's
        # length, and this runs in the poller's own process: a mail program's Filelink (a piece whatever its server)
        # to a host of 4,000 Chinese characters cost 6 s, of 16,000 a minute and a half, each link of the message
        host, cut = ".".join(label[:MAX_LABEL] for label in host[:MAX_HOST].split(".")), "…"
    try:
        # IDNA 2008 with the UTS #46 mapping, as browsers open it (core/outgoing.py `wire_address`): the standard
        # library's IDNA 2003 codec showed « swißtransfer.com », someone else's domain, as « swisstransfer.com »
        return idna.encode(host, uts46=True).decode("ascii") + cut
    except (idna.IDNAError, UnicodeError):  # a label IDNA refuses (forbidden characters): each label alone
        return ".".join(label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
                        for label in host.split(".")) + cut


MAX_HOST, MAX_LABEL = 253, 63  # the longest host name and label the DNS holds (RFC 1035), in characters here


# Characters of a link intake shows as a piece's name: the link staff open, whole. Cut at 120, a OneDrive for work or
# SharePoint folder link (« https://<tenant>-my.sharepoint.com/:f:/g/personal/<user>/<46 characters>?e=… », 140 and
# more) led nowhere. Bounded as browsers bound an address; the console wraps it, our mail masks it (« lien : […] »).
SHOWN_URL = 2048


def shown_url(url: str) -> str:
    """A link as staff read it among a case's pieces (« lien : … »): as written when it is short, in ASCII and names no
    user before its host; else its scheme, the host a browser opens (`ascii_host`; any « name@ » before it dropped) and
    the start of the rest. Cut at 120 characters, « https://wetransfer.com.<100 characters>.evil.example/… »
    or « https://wetransfer.com-<100 characters>@evil.example/… » showed a WeTransfer link; a mail program's Filelink
    makes a link to any server a piece (`filelink_urls`)."""
    scheme, _, after = url.partition("://")
    authority = re.split(r"[/?#\\]", after, maxsplit=1)[0]
    # a browser reads a backslash as « / » in an http(s) link: « https://evil.example\.wetransfer.com/… » opens it
    if len(url) <= SHOWN_URL and url.isascii() and "@" not in authority and "\\" not in url:
        return url
    host = url_host(url)
    where = authority.rpartition("@")[2]
    port = where[len(host):] if where.lower().startswith(host) and where[len(host):].startswith(":") else ""
    start = f"{scheme.lower()}://{ascii_host(host)}{port}"
    rest = after[len(authority):].replace("\\", "/")
    room = max(SHOWN_URL - len(start), 20)
    return start + (rest if len(rest) <= room else rest[:room] + "…")


def is_host_name(name: str) -> bool:
    """A host name as the rules must give it: letters, digits and hyphens in dot-separated labels, no scheme,
    port or path, at least two labels (`wetransfer.com`, not `wetransfer` nor `smash.`)."""
    return bool(HOST_NAME.fullmatch(name))


def listed_host(host: str, hosts: tuple[str, ...]) -> str:
    """The entry of `hosts` that `host` is, or is a subdomain of ("" : none). A name that is not a host name as
    the rules write them (`evil.example*.wetransfer.com`, a link whose filter's held characters were left in) is
    none."""
    if not host or not HOST_NAME.fullmatch(host):
        return ""
    return next((h for h in hosts if host == h or host.endswith("." + h)), "")


# The file-transfer services, whose links expire (a week or a month after the sending): their files are to be
# downloaded before then. Any other site the rules list (a shared drive or folder: Google Drive, OneDrive, Dropbox,
# a partner's Nextcloud...) keeps its files until the person who shared them takes them away (`expires`)
TRANSFER_HOSTS = ("wetransfer.com", "we.tl", "fromsmash.com", "swisstransfer.com", "transfernow.net",
                  "grosfichiers.com", "filemail.com", "dl.free.fr", "transfert.free.fr",
                  "francetransfert.numerique.gouv.fr", "filesender.renater.fr", "cjoint.com", "1fichier.com",
                  "framadrop.org")


def expires(url: str) -> bool:
    """Whether the link is a file-transfer service's, whose files are deleted after a time (`TRANSFER_HOSTS`, and
    Apple Mail Drop's www.icloud.com/attachment/… links, kept 30 days), not a shared drive's (iCloud Drive's own)."""
    if listed_host(url_host(url), TRANSFER_HOSTS):
        return True
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    return bool(listed_host(url_host(url), ("icloud.com",))) and path.startswith("/attachment")


# A listed site's own pages, which name no file: its home page, its sections about itself (the footer of every
# notice it sends: « Conditions », « Confidentialité », « Aide »...), its help and blog sites
_SITE_SECTIONS = frozenset({"about", "account", "apps", "blog", "business", "careers", "contact", "cookies",
                            "download-app", "explore", "features", "hc", "help", "jobs", "legal", "login", "plans",
                            "press", "pricing", "privacy", "pro", "products", "security", "signup", "support",
                            "terms"})
_SITE_HOSTS = ("help.", "support.", "blog.", "status.")


def names_files(url: str) -> bool:
    """The link can lead to someone's files: not a site's home page, nor one of its pages about itself."""
    host = url_host(url)
    if host.startswith(_SITE_HOSTS):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    segments = [p for p in parts.path.split("/") if p]
    if not segments:
        # a bare key names a file too: 1fichier's links are « 1fichier.com/?k3jqyw2p8x »
        keys = parse_qs(parts.query, keep_blank_values=True)
        return bool(parts.query and not all(k.startswith("utm_") for k in keys))
    return segments[0].lower() not in _SITE_SECTIONS


# A file's name as a mail program shows it beside its link: « Dossier d'intention scanné.pdf »
_FILE_NAME = re.compile(r"[^\s<>/\\\"][^<>/\\\"\n]{0,150}\.([A-Za-z0-9]{2,5})")
_NAME_REACH = 400  # characters of a link's anchor, or of the text before it, looked at for the name


# Google's own documents are no files and have no extension: their address says what they are
_GOOGLE_NATIVE = {"document": "docx", "presentation": "pptx", "spreadsheets": "xlsx"}
_NAME = re.compile(r"[^\s<>/\\\"][^<>/\\\"\n]{0,150}")


def _native_type(url: str) -> str:
    """The type of a Google Docs, Slides or Sheets document the URL leads to (docs.google.com/document/d/…: docx),
    "" for any other URL."""
    if url_host(url) != "docs.google.com":
        return ""
    segments = [p for p in urlsplit(url).path.split("/") if p]
    return _GOOGLE_NATIVE.get(segments[0].lower(), "") if segments else ""


def _visible(name: str) -> str:
    """A name as one line of what a reader sees: control and format characters dropped (a bidirectional override
    shows « rf.tnemeiap-enuhteb » as « bethune-paiement.fr », past the masking of our mail; an escape sequence
    drives a terminal), whitespace runs as one space."""
    if not name.isascii() or not name.isprintable():
        name = "".join(" " if c.isspace() else c for c in name
                       if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co"))
    return " ".join(name.split())


def _shown_name(name: str, native: str) -> tuple[str, str] | None:
    name = _visible(name)
    match = _FILE_NAME.fullmatch(name)
    if match:
        return name, match.group(1).lower()
    if native and _NAME.fullmatch(name):  # a Google document's title, as Gmail's chip shows it
        return name, native
    return None


def link_name(url: str, text: str, html: str, written: tuple[str, ...] = ()) -> tuple[str, str]:
    """(the file name, its extension lower-case) a mail program shows for `url`, ("", "") when none: Gmail's chip
    for a file too big to attach (« Dossier d'intention.pdf » in the anchor of the drive.google.com link, and on the
    line before « <url> » in its text), or for a Google Docs document (its title, no extension: the type its
    docs.google.com address says), Outlook's link to a OneDrive file (« Dossier.docx<url> »), Apple's Mail Drop
    card, a Dropbox file's link (its name in its path), Horde's list of linked attachments (« 1. <name> (<size>)
    [<type>] » on the line before « Download link: <url> »). Only the link's own anchor or the characters just before it
    are read, never the rest of the message. `written`: how the message writes the link when a mail filter rewrote
    it (`written_forms`)."""
    try:
        native = _native_type(url)
    except ValueError:
        native = ""
    for href in dict.fromkeys((url, url.replace("&", "&amp;"), *written)):
        at = html.find(href)
        if at >= 0:
            opened = html.find(">", at + len(href), at + len(href) + _NAME_REACH)
            closed = html.find("</a", opened, opened + _NAME_REACH) if opened >= 0 else -1
            if closed > opened >= 0:
                name = " ".join(html_as_text(html[opened + 1:closed]).split())
                shown = _shown_name(name, native)
                if shown:
                    return shown
    for form in dict.fromkeys((url, *written)):
        at = text.find(form)
        if at > 0:
            before = text[max(0, at - _NAME_REACH):at].rstrip().rstrip("<").rstrip()
            name = " ".join(before.rpartition("\n")[2].split())
            shown = _shown_name(name, native)
            if shown:
                return shown
    if url.lower().partition("?")[0].endswith("/attachment.php"):  # Horde's linked attachment: its item's name
        listed = _linked_items(text).get(url)
        shown = _shown_name(listed, native) if listed else None
        if shown:
            return shown
    dropped = _mail_drop_name(url)
    return dropped if dropped[0] else _dropbox_name(url)


def _dropbox_name(url: str) -> tuple[str, str]:
    """The file name a Dropbox link to a file carries: « Copier le lien » gives www.dropbox.com/scl/fi/<id>/<name>
    ?rlkey=…&dl=0 (since 2023; www.dropbox.com/s/<id>/<name>?dl=0 before), the file's name percent-encoded as its
    last segment, the name Dropbox's page shows. ("", "") for a folder's link (/scl/fo/…: no name of a file) and any
    other link. The name is the sender's to write, as any file name in a mail."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "", ""
    segments = [p for p in parts.path.split("/") if p]
    if not listed_host(url_host(url), ("dropbox.com",)) or not (
            segments[:2] == ["scl", "fi"] and len(segments) == 4 or segments[:1] == ["s"] and len(segments) == 3):
        return "", ""
    return _shown_name(unquote(segments[-1]), "") or ("", "")


def _mail_drop_name(url: str) -> tuple[str, str]:
    """The file name an Apple Mail Drop link carries (www.icloud.com/attachment/?u=…&uk=…&f=<name>&sz=<bytes>), the
    name iCloud's download page shows: Apple Mail's card puts the link on the file's icon and on « Télécharger », its
    name beside them, where no anchor gives it. ("", "") for any other link. The name is the sender's to write, as
    any file name in a mail."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "", ""
    if not listed_host(url_host(url), ("icloud.com",)) or not parts.path.startswith("/attachment"):
        return "", ""
    name = parse_qs(parts.query).get("f", [""])[0]
    return _shown_name(name, "") or ("", "")


# The words an applicant writes before a link to say what it holds (« Le dossier d'intention (Google Drive) : <lien> »,
# « Courrier au maire : » then the link on the next line): read from the link's own line, after any other link on it,
# or, when nothing but the link is on its line, from the line before it when that line ends with « : ». Only a line's
# last _WORDS_REACH characters are read; what starts the line as a quote, a bullet or a number is dropped.
_WORDS_REACH = 200
_LINE_START = re.compile(r"^[\s>|*•·◦‣▪–—-]*(?:\d{1,2}[.)°]\s*)?")
_LINE_END = re.compile(r"[\s<(\[:–—-]+$")


def described_words(url: str, text: str, html: str, written: tuple[str, ...] = ()) -> str:
    """The words the message writes just before `url` to say what it holds (« Le dossier d'intention (Google Drive) »,
    « Courrier au maire »), "" when it writes none: the link's own line before it (after any other link on that line),
    or the line before it when the link is alone on its line and that line ends with « : ». Read in the text part,
    else in the HTML as a reader sees it (its words, the link's own anchor text included). Never a trust decision:
    the applicant's own words, which only say what the applicant says the link is. `written`: how the message writes
    the link when a mail filter rewrote it (`written_forms`)."""
    for form in dict.fromkeys((url, *written)):
        at = (text or "").find(form)
        if at >= 0:
            return _words_before(text[max(0, at - 2 * _WORDS_REACH):at])
    for href in dict.fromkeys((url, url.replace("&", "&amp;"), *written)):
        at = (html or "").find(href)
        if at < 0:
            continue
        start = html.rfind("<", max(0, at - _NAME_REACH), at)
        opened = html.find(">", at + len(href), at + len(href) + _NAME_REACH)
        closed = html.find("</a", opened, opened + _NAME_REACH) if opened >= 0 else -1
        if start < 0 or closed < 0:
            continue
        anchor = " ".join(html_as_text(html[opened + 1:closed]).split())
        before = html[max(0, start - 2 * _NAME_REACH):start]
        previous = before.lower().rfind("</a")  # another link's anchor before it: its words are that link's
        if previous >= 0:
            before = before[before.find(">", previous) + 1:] if before.find(">", previous) >= 0 else ""
        before = html_as_text(before)
        return _words_before(before + ("" if URL.search(anchor) else " " + anchor))
    return ""


def _words_before(before: str) -> str:
    lines = before.replace("\r", "").split("\n")
    own = _visible(_LINE_START.sub("", URL.split(lines[-1])[-1]))
    own = _LINE_END.sub("", own)
    if not any(c.isalpha() for c in own):  # the link alone on its line: the line before, if it announces it
        previous = next((line for line in reversed(lines[:-1]) if _LINE_START.sub("", line).strip()), "")
        if not previous.rstrip().endswith(":") or URL.search(previous):
            return ""
        own = _LINE_END.sub("", _visible(_LINE_START.sub("", previous)))
    return own[-_WORDS_REACH:].lstrip()
