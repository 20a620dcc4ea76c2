"""Which kind of piece each attachment is, under the admin's rules.

Pure: an `Attachment`, the `Rules` and what was read inside the file (its text,
pages, whether it is encrypted: `content`, from adapters/extract.py) in; a
`Verdict` out, with the evidence in French words the admin reads in
`intake explain`. A file is a piece only when its content was read
(`content.read`): one that could not be read is "non lu, à vérifier", never a
piece on its name or type alone.

Scoring (rules/pieces.toml): for each kind, the best of its `recognise` rules
whose types, sizes and pages hold; a matching file name is worth 3 points,
each word or phrase found in the text 1, each regular expression 2; a rule
without such evidence is worth the kind's `min_score`. A kind is recognised
at `min_score`. Two kinds recognised within `margin` points of each other,
or a document that also looks like a decoy (invoice, CV...), is left for a
human: never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from functools import lru_cache
from itertools import combinations
from urllib.parse import parse_qs, urlsplit

from intake.core import filenames, french
from intake.core.content import Extracted
from intake.core.links import (
    ascii_host,
    described_words,
    expires,
    filelink_urls,
    link_name,
    linked_attachment_urls,
    listed_host,
    names_files,
    opaque_wrapper,
    shown_url,
    url_host,
    written_forms,
)
from intake.core.message import Attachment, Flag, Message
from intake.core.reading_budget import NOT_READ
from intake.core.rules import FILENAME_POINTS, REGEX_POINTS, WORD_POINTS, Recogniser, Rules
from intake.core.sniff import EXECUTABLE_TYPES, IMAGE_TYPES, UNOPENED_ARCHIVES, detect_type
from intake.core.text import fold

PIECE = "piece"  # recognised as a kind of piece
UNRESOLVED = "unresolved"  # could be a piece, not recognised: a human must look
SKIPPED = "skipped"  # not a piece (logo, signature, decoy, unsupported type)


@dataclass(frozen=True)
class Verdict:
    attachment: Attachment
    detected_type: str
    outcome: str  # PIECE, UNRESOLVED or SKIPPED
    kind: str | None
    evidence: str
    score: int = 0
    flag: str = ""  # something staff must know: encrypted, macro, executable, OCR missing
    also: tuple[str, ...] = ()  # other required kinds the file's words say it holds too (flag "several-pieces"), or
    #                             the kinds a link's shown name says it leads to (no kind of its own)
    by_text: bool = False  # a piece recognised by words or expressions its text holds (a page, not a mere photo)


@dataclass(frozen=True)
class _Score:
    points: int
    evidence: str
    by_text: bool = False  # words or expressions were found in the text


def classify_attachment(attachment: Attachment, rules: Rules, content: Extracted | None = None) -> Verdict:
    detected = detect_type(attachment.content)

    def verdict(outcome: str, kind: str | None, evidence: str, score: int = 0, flag: str = "") -> Verdict:
        return Verdict(attachment, detected, outcome, kind, evidence, score, flag)

    if detected in EXECUTABLE_TYPES:
        return verdict(SKIPPED, None, f"programme exécutable ({detected}) : jamais une pièce", flag="executable")
    if content is not None and getattr(content, "macros", False):
        return verdict(SKIPPED, None, "document avec macros : jamais une pièce", flag="macro")
    if detected in UNOPENED_ARCHIVES:  # it may hold the whole application: never dropped as "not a piece"
        return verdict(UNRESOLVED, None, f"archive {detected} que le service n'ouvre pas automatiquement (seules les "
                                         "archives ZIP le sont) : à ouvrir par le service", flag="unopened-archive")
    if detected in IMAGE_TYPES and attachment.inline and attachment.quoted:
        return verdict(SKIPPED, None, "image du message cité dans la réponse (« … a écrit : ») : pas un visuel "
                                      "du candidat")
    if detected in IMAGE_TYPES and attachment.inline:
        # a logo or signature is small; a photo the applicant put in the body (Gmail, Apple Mail, iPhone Mail,
        # Outlook: pasted or inserted pictures are shown there, by cid:) is a file like any other
        if attachment.referenced_in_html and attachment.size < rules.shown_image_min_size:
            return verdict(SKIPPED, None, "image affichée dans le corps du message (logo, signature)")
        if attachment.referenced_in_html and is_banner(content):
            return verdict(SKIPPED, None, "bandeau affiché dans le corps du message (signature) : pas un visuel")
        if attachment.referenced_in_html and is_small_picture(content, rules.shown_image_min_side):
            width, height = content.pixels if content is not None and len(content.pixels) == 2 else (0, 0)
            return verdict(SKIPPED, None, f"petite image affichée dans le corps du message ({width} x {height} "
                                          "pixels : logo, photo d'une signature) : pas un visuel")
        # a logo or signature goes with an HTML body; in a plain-text mail (iOS Mail puts the photos it shrank to
        # « Petite », 320 x 240 pixels and under 20 Ko, inline between its text parts) the picture is the sender's
        if attachment.html_mail and not attachment.referenced_in_html and (
                attachment.size < rules.inline_image_min_size):
            return verdict(SKIPPED, None, f"petite image insérée ({attachment.size} octets) : logo ou signature")
    if detected in IMAGE_TYPES and attachment.size < rules.image_min_size:
        shown, wanted = _sizes(attachment.size, rules.image_min_size)
        return verdict(SKIPPED, None, f"image trop petite pour être un visuel : {shown}, au moins {wanted} attendus "
                                      "(rules/pieces.toml, image_min_size)")
    if detected == "iwork":  # no reader here opens it, whatever the rules say: a person does
        return replace(verdict(UNRESOLVED, None, "document Apple Pages, Numbers ou Keynote : à ouvrir par le service, "
                                                 "ou à demander au candidat en PDF", flag="unreadable-document"),
                       also=_iwork_seems(attachment, rules))
    if content is not None and getattr(content, "encrypted", False):
        return verdict(UNRESOLVED, None, "document protégé par un mot de passe : à ouvrir par le service",
                       flag="encrypted")
    name = fold(attachment.filename)
    text = fold(getattr(content, "text", "") or "") if content is not None else ""
    pages = getattr(content, "pages", None) if content is not None else None
    # a photo or scan of a page whose text OCR read is a document, not a picture of the action: only words make it a
    # piece (its type and size alone, a visual's rule, say nothing of what a page of prose is)
    page = detected in IMAGE_TYPES and reads_as_page(text)
    scores = {}
    for kind in rules.kinds:
        best = max((_score(rec, 0 if page else kind.min_score, name, text, detected, attachment.size, pages)
                    for rec in kind.recognisers), key=lambda s: s.points)
        scores[kind.key] = best
    passed = sorted(((s.points, k) for k, s in scores.items() if s.points >= _min(rules, k)), reverse=True)
    decoy = next((d for d in rules.decoys
                  if _score(d.recogniser, d.min_score, name, text, detected, attachment.size, pages).points
                  >= d.min_score), None)
    if decoy is not None:
        if not passed:
            return verdict(SKIPPED, None, f"ressemble à : {decoy.label} (pas une pièce)")
        return verdict(UNRESOLVED, None, f"indices contradictoires : {decoy.label} ou "
                                         f"{' / '.join(k for _, k in passed)}")
    if len(passed) == 1 or (len(passed) > 1 and passed[0][0] - passed[1][0] >= rules.margin):
        points, key = passed[0]
        if not getattr(content, "read", False):  # never a piece on its name or type alone
            flag, why = _unread(content)
            return verdict(UNRESOLVED, None, f"{why} : non lu, à vérifier (ressemble à : {key})", points, flag=flag)
        evidence = scores[key].evidence + f" ({points} point{'s' if points > 1 else ''})"
        both = _also_in_text(key, rules, text, detected, attachment.size, pages)
        if both:  # counted as what it most is (its fields read), and staff told: it may hold another piece, which
            #      the applicant is not asked for while staff have not said (core/completeness.py `included`)
            found = ", ".join(f"{k} ({p} points de mots)" for k, p in both)
            return replace(verdict(PIECE, key, f"{evidence} ; contient peut-être aussi : {found} (un seul fichier "
                                               "pour plusieurs pièces ? à vérifier par le service)", points,
                                   flag="several-pieces"), also=tuple(k for k, _ in both), by_text=scores[key].by_text)
        return replace(verdict(PIECE, key, evidence, points), by_text=scores[key].by_text)
    if len(passed) > 1:
        detail = ", ".join(f"{k} ({p} points)" for p, k in passed)
        unsure = verdict(UNRESOLVED, None, f"indices contradictoires : {detail}", passed[0][0])
        # the words read in it make it two required pieces as much: one scan of the dossier and of the letter whose
        # parts weigh the same (a copier's « Attached Image », named by its date). It seems to hold both, for staff
        # to verify, and neither is asked of the applicant meanwhile (core/completeness.py `included`); a document of
        # an application, whatever the subject says (core/decide.py). Its name alone says nothing of the kind.
        worded = tuple(k for _, k in passed if scores[k].by_text and k in rules.required)
        if getattr(content, "read", False) and len(worded) > 1:
            return replace(unsure, also=worded, by_text=True, flag="several-pieces")
        return unsure
    if content is not None and getattr(content, "ocr_unavailable", False):
        return verdict(UNRESOLVED, None, "document scanné et lecture optique (OCR) non installée : "
                                         "à vérifier par le service", flag="ocr-unavailable")
    weak = [(s.points, k, s.evidence) for k, s in scores.items() if s.points > 0]
    if weak:
        points, key, evidence = max(weak)
        return verdict(UNRESOLVED, None, f"indices trop faibles pour {key} : {evidence} ({points} points)", points)
    if page:
        return verdict(UNRESOLVED, None, PAGE_WITHOUT_WORDS)
    small = size_wanted(rules, detected, attachment.size)
    if small is not None:  # « document jpg que les règles ne reconnaissent pas » said nothing of why
        shown, wanted = _sizes(attachment.size, small[1])
        return verdict(UNRESOLVED, None, f"fichier trop petit pour être reconnu comme {small[0]} : {shown}, au moins "
                                         f"{wanted} attendus{_MIN_SIZE} ; à ouvrir par le service, qui choisit sa "
                                         "nature", flag="too-small")
    if detected in rules.document_types:
        error = getattr(content, "error", "") if content is not None else ""
        return verdict(UNRESOLVED, None, f"document {detected} que les règles ne reconnaissent pas"
                       + (f" ({_impossible(error)})" if error else ""))
    return verdict(SKIPPED, None, f"type {detected} : pas une pièce selon les règles")


def size_wanted(rules: Rules, detected: str, size: int) -> tuple[str, int] | None:
    """(the kind's French name, the `min_size` in bytes) when a file of this type is recognised by its type and size
    alone (a rule with no name, word or expression: the photos', the videos') and is smaller than that rule asks;
    None otherwise. Staff read it as the file's evidence, the applicant in the acknowledgement (pipeline/mailer.py)."""
    for kind in rules.kinds:
        for rec in kind.recognisers:
            if detected in rec.types and not rec.has_evidence and size < rec.min_size:
                return kind.label, rec.min_size
    return None


def too_small_said(label: str, size: int, floor: int) -> str:
    """« 12 Ko, trop petit pour être reconnu comme … : au moins 20 Ko attendus »; in bytes when both round to one
    figure (19 600 bytes is « 20 Ko » too)."""
    shown, wanted = _sizes(size, floor)
    return f"{shown}, trop petit pour être reconnu comme {label} : au moins {wanted} attendus"


def checked_label(rules: Rules, detected: str, size: int) -> str:
    """What the applicant reads of a file staff will check, in the list of the documents a mail brought (the update):
    « document à vérifier », or why it was not recognised when it is too small for its rule, and what to do."""
    small = size_wanted(rules, detected, size)
    if small is None:
        return "document à vérifier"
    return (f"fichier trop petit pour être reconnu comme {small[0]} (au moins {_sizes(size, small[1])[1]} attendus ; "
            "vous pouvez nous l'envoyer dans sa taille d'origine)")


def _sizes(size: int, floor: int) -> tuple[str, str]:
    shown, wanted = french.size(size), french.size(floor)
    if shown != wanted:
        return shown, wanted
    return f"{size:,} octets".replace(",", " "), f"{floor:,} octets".replace(",", " ")


PAGE_WORDS = 20  # words of two letters or more from which an image's text is a page's, not a caption's or noise


def reads_as_page(text: str) -> bool:
    """Whether `text`, read from an image, is a page of writing: OCR reads an image only when it looks like a page
    (core/ocrplan.py, adapters), and a few stray words may still come off a photo's sign or T-shirt."""
    return sum(1 for word in text.split() if sum(c.isalpha() for c in word) >= 2) >= PAGE_WORDS


def _unread(content: Extracted | None) -> tuple[str, str]:
    """(flag, why) for a file whose content was not read."""
    if content is None:
        return "unread", "contenu non lu"
    if getattr(content, "ocr_unavailable", False):
        return "ocr-unavailable", "document scanné et lecture optique (OCR) non installée"
    if getattr(content, "error", ""):
        return "unread", (content.error if content.error.startswith(f"{NOT_READ} :")
                          else f"lecture impossible ({content.error})")
    return "unread", "aucun contenu lisible (ni texte, ni image)"


def _impossible(error: str) -> str:
    """Why a file could not be read, as staff read it: « lecture impossible : … », unless the file was not read at all
    (past its sender's reading budget, core/reading_budget.py), which its reason says itself."""
    return error if error.startswith(f"{NOT_READ} :") else f"lecture impossible : {error}"


IWORK_AS = {"pages": "docx", "key": "pptx", "numbers": "xlsx"}  # an iWork document's extension: its open equivalent


def _iwork_seems(attachment: Attachment, rules: Rules) -> tuple[str, ...]:
    """The kinds an Apple Pages, Numbers or Keynote document seems to hold, read as the rules read its open
    equivalent (Keynote a presentation, Pages a text document) by its name and type alone, never its words (no reader
    here opens it): a presentation the visuals, « Dossier d'intention.pages » the dossier. Not a piece (never one on
    its name or type alone): a kind it seems to hold, for staff to verify, that the applicant is not asked to send
    again meanwhile (core/completeness.py `included`); "" when its name says nothing (« Budget.numbers »)."""
    name = fold(attachment.filename)
    equivalent = IWORK_AS.get(name.rpartition(".")[2] if "." in name else "", "")
    if not equivalent:
        return ()
    return tuple(kind.key for kind in rules.kinds if kind.key in rules.required and any(
        _score(rec, kind.min_score, name, "", equivalent, attachment.size, None).points >= _min(rules, kind.key)
        for rec in kind.recognisers))


def _also_in_text(winner: str, rules: Rules, text: str, detected: str, size: int, pages: int | None
                  ) -> list[tuple[str, int]]:
    """The other required kinds whose words alone, in this file's text, reach their `min_score` plus `margin`,
    with their points (`[("courrier", 6)]`), [] when none: one scan of the dossier and of the signed letter together is
    recognised as the dossier, its longer part, and the letter inside would be reported missing to the applicant.
    Only words and expressions count here (not the name, not the type): a form or a letter that merely mentions
    the other piece's subject does not reach them."""
    found = []
    for kind in rules.kinds:
        if kind.key == winner or not kind.required:
            continue
        points = max((_score(replace(rec, filenames=()), kind.min_score, "", text, detected, size, pages).points
                      for rec in kind.recognisers if rec.words or rec.regex), default=0)
        if points >= kind.min_score + rules.margin:
            found.append((kind.key, points))
    return found


# a picture read as a page of prose with none of any piece's words (`reads_as_page`): what staff read of it, where
# the console and `intake case` name the file and offer to set its kind
PAGE_WITHOUT_WORDS = ("photo ou scan d'une page de texte où ne figure aucun des mots qui font reconnaître une pièce : "
                      "une page du dossier ou du courrier, ou un document complémentaire ? à ouvrir par le service, "
                      "qui choisit sa nature")

MAIL_TEXT_READ = 20_000  # characters of a mail's own text read for a piece written in it (a letter is 1,000 or 2,000)


def typed_in_mail(text: str, absent: Iterable[str], rules: Rules) -> tuple[str, ...]:
    """The `absent` kinds (keys, in the rules' order) the mail's own text reads as: the letter to the mayor written in
    the body (« Monsieur le Maire, j'ai l'honneur de solliciter… ») rather than attached, signed. A kind counts when its
    words alone, in `text`, reach its `min_score` plus `margin` (the bar a file holding a second piece must reach), so
    that the courtesy words of an ordinary mail (« je vous prie d'agréer mes salutations ») do not. Only the first
    MAIL_TEXT_READ characters are read: the poller's process decides, and a letter written in a mail is at its top."""
    folded = fold(text[:MAIL_TEXT_READ])
    found = []
    for kind in rules.kinds:
        if kind.key not in absent:
            continue
        points = max((_score(replace(rec, filenames=(), types=frozenset(), min_size=0, min_pages=0), kind.min_score, "",
                             folded, "", 0, None).points
                      for rec in kind.recognisers if rec.words or rec.regex), default=0)
        if points >= kind.min_score + rules.margin:
            found.append(kind.key)
    return tuple(found)


def written_in_mail(typed: Iterable[str], rules: Rules) -> str:
    """What a staff member is told when the mail's own text reads as pieces still missing (`typed`: `typed_in_mail`).
    The applicant is asked for them as for any missing piece (the rules want a file; the acknowledgement says why:
    templates' `typed_in_mail`), and staff see why they may not need to, and what to do if it will do (no piece is
    marked received without a file: a decision despite the missing piece, which also ends the reminders); "" when
    there are none."""
    found = [rules.label(key) for key in typed]
    if not found:
        return ""
    one = len(found) == 1
    return (f"le texte du courriel semble être : {', '.join(found)} (écrit dans le message, sans fichier joint) ; "
            f"{'la pièce reste demandée' if one else 'les pièces restent demandées'} au demandeur, relances comprises "
            f": lisez le message et, s'il suffit, enregistrez votre décision malgré "
            f"{'la pièce manquante' if one else 'les pièces manquantes'}")


def typed_now_received(attention: str, held: Iterable[str], rules: Rules) -> tuple[str, tuple[str, ...]]:
    """(`attention` without what `written_in_mail` said of pieces typed in a mail that the case now holds as files,
    the kinds it no longer speaks of): a line about the letter alone goes, one about the dossier and the letter says
    the dossier alone once the letter came; the rest of « À voir » stays as it was. Only this function's own words, as
    the rules in force write them, are recognised: a line written under other labels (the rules changed since), or
    cut short by « À voir »'s 1,000 characters, stays, for staff to clear (« C'est réglé »)."""
    got, dropped = set(held), list[str]()
    keys = [k.key for k in rules.kinds]
    for n in range(len(keys), 0, -1):  # the longest first: « dossier, courrier » is no longer « courrier »
        for typed in combinations(keys, n):
            line = written_in_mail(typed, rules)
            if not got & set(typed) or line not in attention:
                continue
            attention = attention.replace(line, written_in_mail(tuple(k for k in typed if k not in got), rules))
            dropped += [k for k in typed if k in got and k not in dropped]
    if not dropped:
        return attention, ()
    return " ; ".join(part for part in attention.split(" ; ") if part.strip()), tuple(k for k in keys if k in dropped)


def _min(rules: Rules, key: str) -> int:
    return next(k.min_score for k in rules.kinds if k.key == key)


def _score(rec: Recogniser, type_only_points: int, name: str, text: str, detected: str, size: int,
           pages: int | None) -> _Score:
    """Points and evidence of one rule; 0 when a hard condition fails."""
    if rec.types and detected not in rec.types:
        return _Score(0, "")
    if rec.min_size and size < rec.min_size:
        return _Score(0, "")
    if rec.min_pages and pages is not None and pages < rec.min_pages:
        return _Score(0, "")
    conditions = [f"type {detected}"] if rec.types else []
    if rec.min_size:
        conditions.append(f"taille ≥ {rec.min_size} octets")
    if not rec.has_evidence:
        return _Score(type_only_points, ", ".join(conditions))
    points, found = 0, []
    pattern = next((p for p in rec.filenames if fnmatchcase(name, p)), None)
    if pattern is not None:
        points += FILENAME_POINTS
        found.append(f"nom correspondant à « {pattern} »")
    words = [i for i, w in enumerate(rec.words) if w in text]
    if words:
        points += WORD_POINTS * len(words)
        shown = rec.shown if len(rec.shown) == len(rec.words) else rec.words  # staff read the admin's spelling
        found.append("mots trouvés : " + ", ".join(f"« {shown[i]} »" for i in words[:6]))
    regexes = [r for r in rec.regex if r.search(text)]
    if regexes:
        points += REGEX_POINTS * len(regexes)
        found.append("expressions trouvées : " + ", ".join(f"« {r.pattern} »" for r in regexes[:3]))
    return _Score(points, ", ".join(conditions + found), bool(words or regexes))


BANNER_RATIO = 3.0  # width / height from which a picture shown in a mail's body is a signature's banner
BANNER_MAX_HEIGHT = 600  # pixels: a banner drawn for a screen three times as dense as usual is 450 high


def is_banner(content: Extracted | None) -> bool:
    """A signature's banner (a town's, a company's: 600 x 150 pixels, often over shown_image_min_size) is wide and
    low; a photo pasted in a mail is 4:3, 3:2 or 16:9 wide (at most 1.78), or upright. A phone's panorama is as wide
    for its height as a banner, but thousands of pixels high: a visual (a street, a square, a site)."""
    pixels = content.pixels if content is not None else ()
    if len(pixels) != 2:
        return False
    width, height = pixels
    return 0 < height <= BANNER_MAX_HEIGHT and width / height >= BANNER_RATIO


def is_small_picture(content: Extracted | None, min_side: int) -> bool:
    """A picture whose longer side is under `min_side` pixels: a square logo, the sender's portrait in a signature
    (200 x 250 pixels, saved as PNG it can weigh 100 kB, over shown_image_min_size). A photo pasted in a mail keeps
    the camera's pixels, or the mail program's « medium » size (640 pixels and more)."""
    pixels = content.pixels if content is not None else ()
    return len(pixels) == 2 and 0 < max(pixels) < min_side


MAX_LINKS = 20  # transfer links kept as pieces of one message (an application gives one or two)


def transfer_links(text: str, html: str, rules: Rules) -> list[Verdict]:
    """Links to file-transfer sites in the message, as pieces of `rules.link_kind` (when the rules say so): a
    link counts when its host is one of `rules.link_hosts` or a subdomain of one (core/links.py), or when the mail
    program gave it as one of the message's files (its Filelink block: core/links.filelink_urls; Horde's list of
    linked attachments: core/links.linked_attachment_urls); the first
    MAX_LINKS of them, among the message's first MAX_URLS links. A link the mail shows under a name that another
    kind's rules recognise is no piece of `link_kind`: a file left on the site that seems to hold that kind
    (`also`, to verify by staff; core/completeness.py), not asked of the applicant meanwhile; so is a link shown
    under no file's name that the applicant's words describe as another kind (`_described_as`). A mail filter's
    redirect that keeps its target on its servers (Mimecast's) displaying a listed site is no piece of `link_kind`
    either: it seems to hold it, for staff to open."""
    if not rules.link_kind or not rules.link_hosts:
        return []
    out: dict[str, Verdict] = {}
    # a mail program's Filelink, Horde's linked attachments: the message's files, on whatever server
    attached = filelink_urls(html) | linked_attachment_urls(text)
    forms = written_forms(text, html)
    for url in forms:
        host = url_host(url)
        listed = listed_host(host, rules.link_hosts)
        shown = _opaque_shown_host(url, rules)
        if (listed or url in attached or shown) and names_files(url) and url not in out and len(out) < MAX_LINKS:
            content = url.encode("utf-8")
            link = Attachment(filename=f"{LINK_PREFIX}{shown_url(url)}", content=content, declared_type="text/uri-list",
                              inline=False)
            # the host as the DNS reads it (a look-alike in other letters shows as what it is), and a server no rule
            # lists said as such: only the sender's mail program gave it as a file of the message
            host = ascii_host(host) if listed or shown else (
                f"{ascii_host(host)}, serveur choisi par l'expéditeur, donné comme fichier du message par son logiciel "
                "de messagerie")
            named = _named_as_other_kind(url, text, html, rules, forms[url])
            if shown and not named:
                # the filter alone knows where it leads: the site it displays is no proof. Like a file left on a site,
                # it seems to hold the link's kind, for staff to open; not asked of the applicant meanwhile
                out[url] = Verdict(link, "link", UNRESOLVED, None, f"lien protégé par {opaque_wrapper(url)} ({host}), "
                                   f"qui affiche le site {shown} : sa destination n'est lisible que chez "
                                   f"{opaque_wrapper(url)}, pas dans le message : à ouvrir par le service",
                                   also=(rules.link_kind,))
            elif named:
                name, keys = named
                kinds = " ou ".join(rules.label(k) for k in keys)
                # a Google document or a file on Drive is shared, not transferred: opened where it is
                out[url] = Verdict(link, "link", UNRESOLVED, None, f"document partagé par un lien ({host}), "
                                   f"{_LINK_NAME_OPEN}{name}{_LINK_NAME_CLOSE}peut-être {kinds}, resté sur le site : "
                                   "à ouvrir par le service", also=keys)
            elif (said := _described_as(url, text, html, rules, forms[url])) is not None:
                words, keys = said
                others = tuple(k for k in keys if k != rules.link_kind)
                kinds = " et ".join(rules.label(k) for k in others)
                # the applicant's words say what the link holds (the evidence never quotes them as a file's name:
                # `link_shown_name`). Words naming `link_kind` too (« le dossier photos », « la lettre et les photos »)
                # leave it that piece, as a file counted as what it most is that seems to hold others too; else, like
                # a file shown under a piece's name, it is no piece itself, opened by staff where it is
                if rules.link_kind in keys:
                    out[url] = Verdict(link, "link", PIECE, rules.link_kind, f"lien de transfert de fichiers ({host})"
                                       f" ; {_DESCRIBED_BY}, « {words} », il contient aussi : {kinds} : à vérifier "
                                       "par le service", 0, also=others)
                else:
                    out[url] = Verdict(link, "link", UNRESOLVED, None, f"document partagé par un lien ({host}) ; "
                                       f"{_DESCRIBED_BY}, « {words} », il contient : {kinds} ; resté sur le site, à "
                                       "ouvrir par le service", also=keys)
            else:
                out[url] = Verdict(link, "link", PIECE, rules.link_kind, f"lien de transfert de fichiers ({host})", 0)
    return list(out.values())


def _described_as(url: str, text: str, html: str, rules: Rules,
                  written: tuple[str, ...] = ()) -> tuple[str, tuple[str, ...]] | None:
    """(the applicant's words, the kinds they name) when the message describes a link that shows no file's name in
    words naming a kind other than `link_kind` (« Le dossier d'intention (Google Drive) : <lien> », « Courrier au maire
    : » then the link: core/links.described_words), None otherwise. A kind is named by the words of its rules' file
    names (`filenames`: « *courrier* », « *lettre* », « *maire* »...), each at the start of a word of the applicant's
    (« *maire* » is no « sommaire »): the admin's words for what a file of that kind is called. Words naming several
    kinds (« le dossier et le courrier : <lien> ») make a link that seems to hold them all, as a file shown under such a
    name; with `link_kind` among them (« la lettre et les photos », « le dossier photos »: a « dossier » is a folder
    too) it stays a piece of `link_kind` that seems to hold the others too (`transfer_links`); words naming
    `link_kind` alone, or no kind, leave it a piece of `link_kind`, as before. Words the rules give for the whole
    application (`link_whole`: « notre candidature : <lien> », « tout le dossier est ici : <lien> ») name every required
    kind: « dossier » alone is also what applicants call their whole application. Only the clause
    nearest the link counts, the last one of its words that names a kind (clauses end at « . », « ; », « : », « , »,
    « ! », « ? »): in « le dossier et le courrier en pièces jointes, les photos ici : <lien> » the link is the photos.
    Only what the applicant says the link is: nothing of it is downloaded, and staff open it."""
    if link_name(url, text, html, written)[0]:  # the name the mail shows it under speaks for it
        return None
    for words in reversed(_CLAUSE_END.split(described_words(url, text, html, written))):
        folded = fold(words)
        if any(_names(p, folded) for p in rules.link_whole):  # the whole application: every piece it asks for
            keys = tuple(dict.fromkeys((*rules.required, *([rules.link_kind] if rules.link_kind else []))))
            break
        keys = tuple(k.key for k in rules.kinds
                     if any(_names(p, folded) for rec in k.recognisers for p in rec.filenames))
        if keys:
            break
    else:
        return None
    if keys == (rules.link_kind,):
        return None
    return " ".join(re.sub(r"\s*»", '"', re.sub(r"«\s*", '"', words)).split()), keys  # quoted in « », never as a name


_CLAUSE_END = re.compile(r"[.;:,!?](?=\s|$)")  # « v2.3 », « d'intention.pdf » end no clause


@lru_cache(maxsize=256)
def _word_pattern(pattern: str) -> tuple[re.Pattern[str], ...]:
    """A file-name pattern of the rules (« *lettre*maire* ») as searches of words: each of its literal parts at the
    start of a word, in its order; () for a pattern that names no word (« *.pdf »; « img_* » names « img »)."""
    parts = [part for part in pattern.split("*") if part]
    if sum(c.isalpha() for c in "".join(parts)) < 3:
        return ()
    return tuple(re.compile(("(?<![a-z0-9])" if part[0].isalnum() else "") + re.escape(part).replace(r"\?", "."))
                 for part in parts)


def _names(pattern: str, folded_words: str) -> bool:
    """Whether the applicant's words (folded) hold the pattern's parts in its order. Each part is searched from where
    the one before ended (its first place is the one that leaves the most room): in time proportional to the words for
    each part, where one expression « a.*?b.*?c… » backtracked on words the applicant writes."""
    parts, at = _word_pattern(pattern), 0
    for part in parts:
        found = part.search(folded_words, at)
        if found is None:
            return False
        at = found.end()
    return bool(parts)


_LINK_NAME_OPEN, _LINK_NAME_CLOSE = "« ", " » : "  # around the name a link is shown under, in its evidence
# before the words describing a link: what staff read, not how the rules matched them (their file-name words, or
# [links] whole_words for the whole application)
_DESCRIBED_BY = "d'après les mots du message qui le présentent"


def link_shown_name(evidence: str) -> str:
    """The name the mail showed a link under (« Dossier d'intention.pdf »), as `transfer_links` wrote it in the
    link's evidence; "" when none."""
    start = evidence.find(_LINK_NAME_OPEN)
    end = evidence.find(_LINK_NAME_CLOSE, start + len(_LINK_NAME_OPEN)) if start >= 0 else -1
    return evidence[start + len(_LINK_NAME_OPEN):end] if end >= 0 else ""


def _opaque_shown_host(url: str, rules: Rules) -> str:
    """The transfer site a filter's opaque redirect (Mimecast's: core/links.opaque_wrapper) displays as its target
    (`domain=wetransfer.com`), when the rules list it; "" otherwise (its links to anything else are no piece)."""
    if not opaque_wrapper(url):
        return ""
    shown = parse_qs(urlsplit(url).query).get("domain", [""])[0].strip().lower()
    return shown if listed_host(shown, rules.link_hosts) else ""


def _named_as_other_kind(url: str, text: str, html: str, rules: Rules,
                         written: tuple[str, ...] = ()) -> tuple[str, tuple[str, ...]] | None:
    """(the file's name, the kinds it may be) when the mail shows the link under a file name that another kind's
    rules recognise by its name and type (« Dossier d'intention.pdf »: Gmail's chip for a file over 25 MB, Outlook's
    OneDrive link, Apple's Mail Drop), None otherwise. Such a link is no visual to count: it may be the dossier or
    the letter, which the service cannot read there, and the applicant must not be asked again for it."""
    name, extension = link_name(url, text, html, written)
    if not name:
        return None
    folded, detected = fold(name), {"jpeg": "jpg", "tiff": "tif"}.get(extension, extension)
    kinds = tuple(k.key for k in rules.kinds if k.key != rules.link_kind and any(
        (not rec.types or detected in rec.types) and any(fnmatchcase(folded, p) for p in rec.filenames)
        for rec in k.recognisers))
    return (name, kinds) if kinds else None


def verdicts_for(msg: Message, rules: Rules, contents: Mapping[str, Extracted] | None = None) -> list[Verdict]:
    """Every attachment's verdict (with what was read inside it, by SHA-256), then the transfer links."""
    contents = contents or {}
    found = [classify_attachment(a, rules, contents.get(a.sha256)) for a in msg.attachments]
    return found + transfer_links(msg.text, msg.html, rules)


def flag_verdicts(flags: Iterable[Flag]) -> list[Verdict]:
    """What a container could not give: an encrypted, too big or broken entry may hide a piece
    (a human looks); an executable is never one (shown, skipped)."""
    out = []
    for flag in flags:
        content = f"{flag.filename}: {flag.problem}".encode("utf-8")
        folder, _, name = flag.filename.rpartition("/")
        att = Attachment(filename=name or flag.filename, content=content, declared_type="", inline=False,
                         container=f"{folder}/" if folder else "")
        outcome = SKIPPED if flag.problem == "executable" else UNRESOLVED
        out.append(Verdict(att, flag.problem, outcome, None, f"{flag.detail} ({flag.filename})", 0, flag.problem))
    return out


def unnamed_count(verdicts: Iterable[Verdict]) -> int:
    """How many of these files the rules could not name at all (UNRESOLVED, and no kind they seem to hold: a link
    under a dossier's name is that piece to verify, not an unknown document): core/completeness.py `unnamed`."""
    return sum(1 for v in verdicts if v.outcome == UNRESOLVED and not v.also)


def unique_files(verdicts: Iterable[Verdict]) -> tuple[Verdict, ...]:
    """The same file twice in one mail counts once (the last copy stands for it)."""
    return tuple({v.attachment.sha256: v for v in verdicts}.values())


def unopened_archives(files: Iterable[tuple[str, str, bool]]) -> tuple[str, ...]:
    """The names of a case's files (each as (its name, its detected type, whether nobody has named it yet:
    completeness.unnamed)) that are archives intake does not open (sniff.UNOPENED_ARCHIVES: .7z, .rar, .tar.gz…)
    and that staff have not looked at yet: the mails say why the pieces such an archive may hold are still asked
    for (templates' `unopened_archives`), and how to have the application checked at once. Once staff have named
    it (the piece it holds, or « aucune »), it is no longer one."""
    return tuple(dict.fromkeys(name for name, detected, unnamed in files if unnamed and detected in UNOPENED_ARCHIVES))


def set_aside(verdicts: Iterable[Verdict]) -> tuple[str, ...]:
    """The names of the documents with macros a mail brought (« .docm », « .xlsm »), never pieces whatever they hold:
    the applicant sent one as a piece (their dossier saved as .docm) and is asked again for what it holds; the
    acknowledgement names them, says why, and how to send them (templates' `set_aside`). A program is never named
    back: no applicant sends one as a piece, and its name is a trap's (« Photo\u202egpj.exe »)."""
    return tuple(dict.fromkeys(v.attachment.filename for v in verdicts if v.flag == "macro"))


FLAG_LABELS = {"executable": "programme écarté", "macro": "document à macros écarté",
               "encrypted": "fichier protégé par un mot de passe", "archive-bomb": "archive suspecte non ouverte",
               "too-large": "fichier trop volumineux non ouvert", "too-deep": "archive trop imbriquée",
               "too-many-entries": "archive incomplètement ouverte",
               "unopened-archive": "archive à ouvrir par le service", "corrupt": "fichier illisible",
               "ocr-unavailable": "scan non lu (lecture optique non installée)", "unread": "non lu, à vérifier",
               "unreadable-document": "document à ouvrir par le service",
               "too-small": "fichier trop petit pour être reconnu, à vérifier",
               "several-pieces": "un seul fichier qui semble contenir plusieurs pièces, à vérifier"}


def _also_said(v: Verdict, label: Callable[[str], str] = str) -> str:
    """What staff do about a file that appears to hold other pieces: the applicant is not asked for them until
    staff say (core/completeness.py). The pieces by the rules' names (`label`); the command, by the key to type."""
    if not v.also:
        return ""
    kinds = ", ".join(label(k) for k in v.also)
    holds = "contient" if v.kind is None else "contient aussi"  # a link under a dossier's name is no piece itself
    return (f" ({holds} : {kinds} ? pas demandé au demandeur ; à vérifier : « il le contient » ou « il ne le contient "
            f"pas » dans les pièces du dossier, en ligne de commande intake case REF piece N° --also {v.also[0]} ou "
            f"--not-also {v.also[0]}" + "".join(f", puis de même pour {k}" for k in v.also[1:]) + ")")


def several_pieces_answered(attention: str, filename: str) -> str:
    """`attention` without what `flagged_files` said of `filename` seeming to hold several pieces (« un seul fichier
    qui semble contenir plusieurs pièces, à vérifier : NAME (contient : …) »), once staff have said, for each,
    whether it holds it; the rest of « À voir » as it was. A line cut short by « À voir »'s 1,000 characters stays.
    Only the line as `_also_said` ends it is taken, from the start of a line to its « --not-also KEY…) »: the sender
    names the files, and counting parentheses let a name with one left open (« scan.pdf (copie ») run the answer on
    to the next « ) », another line's (a program set aside called « facture.exe) »), which went with it (attack12).
    A line under a label holding « ; » (the rules' to write) stays too, for staff to clear (« C'est réglé »)."""
    if filename.startswith(LINK_PREFIX):
        return _link_answered(attention, filename.removeprefix(LINK_PREFIX))
    line = re.compile(re.escape(f"{FLAG_LABELS['several-pieces']} : {filename}") + _ALSO_SAID_END)
    start = 0
    while match := line.search(attention, start):
        i, j = match.span()
        if i and not attention.startswith(" ; ", i - 3):
            start = i + 1  # inside another line (a file's name that ends with this one's)
            continue
        before, after = attention[:i], attention[j:]
        attention = (before[:-3] + after if before.endswith(" ; ") else before + after.removeprefix(" ; "))
        start = 0
    return attention


LINK_PREFIX = "lien : "  # a link's piece is named « lien : <shown_url> » (transfer_links)
_OPEN_LINK = "document partagé par un lien, à ouvrir"
_EXPIRING_LINK = "fichiers à télécharger avant que le lien expire"  # a transfer service's (links.expires)
_SHARED_LINK = "fichiers partagés à télécharger, le demandeur pouvant retirer le lien"  # a drive's, a shared folder's
_DOWNLOADS = (_EXPIRING_LINK, _SHARED_LINK)


def _link_answered(attention: str, shown: str) -> str:
    """`attention` without the question `_also_said` asked of the link shown as `shown` (« il le contient » ou « il ne
    le contient pas »), once staff have answered it: a link only « à ouvrir » has been opened, its line goes; one whose
    files are to download keeps « à télécharger avant que le lien expire » (a shared drive's: « fichiers partagés à
    télécharger, le demandeur pouvant retirer le lien »): staff may not have downloaded them yet, « C'est réglé »
    clears it. The link in the line is the whole address, the piece's name its shown form (links.shown_url)."""
    start = 0
    while match := _LINK_LINE.search(attention, start):
        i, j = match.span()
        if (i and not attention.startswith(" ; ", i - 3)) or shown_url(match["url"]) != shown:
            start = i + 1
            continue
        before, after = attention[:i], attention[j:]
        if match["head"].startswith(_DOWNLOADS):
            attention = before + match["head"] + after
            start = i + len(match["head"])
            continue
        attention = (before[:-3] + after if before.endswith(" ; ") else before + after.removeprefix(" ; "))
        start = 0
    return attention


# what `_also_said` writes after a file's name, to the end of its line: the pieces' labels (the rules', no « ; »)
# then its own words; the rules' keys hold no parenthesis. Nothing in it can cross into another line of « À voir »
_ALSO_SAID_END = (r" \(contient(?: aussi)? : [^;\n]*? \? pas demandé au demandeur ; à vérifier : « il le contient » "
                  r"ou « il ne le contient pas » dans les pièces du dossier, en ligne de commande intake case REF "
                  r"piece N° --also (?P<key>\w+) ou --not-also (?P=key)(?:, puis de même pour \w+)*\)(?= ; |$)")


# a link's line of « À voir », as `flagged_files` writes it: what to do, the name the mail showed it under, the whole
# link, then what `_also_said` asked
_HEADS = "|".join(re.escape(head) for head in (_OPEN_LINK, *_DOWNLOADS))
_LINK_LINE = re.compile(rf"(?P<head>(?:{_HEADS})(?: : « [^»\n]* »)? \((?P<url>\S+?)\))" + _ALSO_SAID_END)


_MIN_SIZE = " (rules/pieces.toml, min_size)"


def _sizes_said(v: Verdict) -> str:
    """« (12 Ko, au moins 20 Ko attendus) » after a file too small for its rule, as its evidence says it."""
    if v.flag != "too-small" or _MIN_SIZE not in v.evidence:
        return ""
    return f" ({v.evidence.split(_MIN_SIZE, 1)[0].rsplit(' : ', 1)[-1]})"


def flagged_files(verdicts: Iterable[Verdict], label: Callable[[str], str] = str) -> str:
    """What staff must know about the files (programs, macros, passwords, scans not read); `label`: the rules'
    `Rules.label`, to name the pieces a file seems to hold besides its own."""
    found = [f"{FLAG_LABELS.get(v.flag, v.flag)} : {v.attachment.filename}{_also_said(v, label)}{_sizes_said(v)}"
             for v in verdicts if v.flag]
    found += [m for v in verdicts if v.outcome in (PIECE, UNRESOLVED) and not (v.flag and v.detected_type == v.flag)
              and (m := filenames.mismatch(v.attachment.filename, v.detected_type))]
    # a link under a piece's name (a Google document, a file on Drive) is opened to be checked; any other, the
    # files of a transfer site, downloaded before they are deleted there; named as the mail showed it (a Mail Drop
    # card, Gmail's chip), which tells several such links apart where their addresses look alike. A link the
    # applicant's words describe (`_described_as`) may be a transfer whose files expire: to download, as any other.
    # Only a transfer service's link expires (links.expires); a shared drive's stays until the applicant removes it
    found += [(_OPEN_LINK if v.also and _DESCRIBED_BY not in v.evidence
               else _EXPIRING_LINK if expires(v.attachment.content.decode("utf-8", "replace")) else _SHARED_LINK)
              + (f" : « {name} »" if (name := link_shown_name(v.evidence)) else "")
              + f" ({v.attachment.content.decode('utf-8', 'replace')})" + _also_said(v, label)
              for v in verdicts if v.detected_type == "link"]
    return " ; ".join(dict.fromkeys(found))
