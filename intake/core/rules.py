"""The admin's rules (rules/pieces.toml) -> a validated `Rules` value.

Pure: takes the file's name and text, returns values or raises RulesError with
the line and the fix. The shell reads the file (adapters/rulefiles.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase

from intake.core.conversation_rules import ConversationRules
from intake.core.fields import FieldRule
from intake.core.link_domains import refused_domain
from intake.core.links import is_host_name
from intake.core.retention import Retention
from intake.core.text import fold
from intake.core.tomlcheck import KeyPath, Locator, Table, load_toml, shape, whole_number
from intake.core.trust import domain_of
from intake.errors import RulesError

FILENAME_POINTS, WORD_POINTS, REGEX_POINTS = 3, 1, 2
CONTRACT_KINDS = ("dossier", "courrier", "visuels")  # the keys of SPEC.md's pieces: never renamed


@dataclass(frozen=True)
class Recogniser:
    """One way to recognise a kind. `types`, `min_size` and `min_pages` must hold; then the
    evidence scores: a matching file name 3 points, each word or phrase found in the text 1,
    each regular expression found 2. A rule without evidence scores its kind's `min_score`."""

    types: frozenset[str] = frozenset()
    filenames: tuple[str, ...] = ()  # folded glob patterns
    words: tuple[str, ...] = ()  # folded
    regex: tuple[re.Pattern[str], ...] = ()
    min_size: int = 0
    shown: tuple[str, ...] = ()  # `words` as the admin wrote them (« catégorie »), in the same order: what staff read
    min_pages: int = 0

    @property
    def has_evidence(self) -> bool:
        return bool(self.filenames or self.words or self.regex)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    required: bool
    recognisers: tuple[Recogniser, ...]
    min_score: int = 3  # how sure a match must be
    plural: bool = False  # the label is a plural noun ("documents complémentaires"): "ces pièces", not "cette pièce"
    form_url: str = ""  # where the applicant downloads the blank form of this piece (shown when it is missing)


@dataclass(frozen=True)
class Decoy:
    """A kind of document that is never a piece (invoice, CV, agenda, newsletter)."""

    label: str
    recogniser: Recogniser
    min_score: int = 2


@dataclass(frozen=True)
class Rules:
    kinds: tuple[Kind, ...]
    subject_words: tuple[str, ...] = ()  # folded
    inline_image_min_size: int = 20000
    shown_image_min_size: int = 50000  # an image the HTML body shows (cid:) is a logo below this size
    shown_image_min_side: int = 400  # ... or below this many pixels on its longer side (a logo, a portrait)
    image_min_size: int = 8000
    document_types: frozenset[str] = frozenset()
    version: str = ""  # short hash of the text, recorded with each decision
    conversation: ConversationRules = ConversationRules()  # rules/conversations.toml
    decoys: tuple[Decoy, ...] = ()
    margin: int = 2  # a kind wins over another that also matches only by this many points
    link_hosts: tuple[str, ...] = ()  # file-transfer sites whose links count as `link_kind`
    link_kind: str = ""
    # words (file-name patterns, folded) by which an applicant describes a link as the whole application (« notre
    # candidature : <lien> », « tout le dossier est ici : <lien> »): it seems to hold every required kind
    link_whole: tuple[str, ...] = ()
    notice_domains: tuple[str, ...] = ()  # domains whose robots send transfer notices (core/transfer.py)
    # e-signature services' domains, whose robots' mail carries the signed files themselves (core/transfer.py)
    signature_domains: tuple[str, ...] = ()
    forwarders: tuple[str, ...] = ()  # lower-case glob patterns of addresses whose forwards are filed
    fields: tuple[FieldRule, ...] = ()  # rules/fields.toml (core/fields.py)
    retention: Retention | None = None  # rules/retention.toml (core/retention.py)

    def is_forwarder(self, address: str) -> bool:
        """`address` is one of the town's addresses the rules name (`forwarders`): compared without regard to case
        only, never folded as file names are (`fold` made `*@ville-bethune.fr` match `x@ville--bethune.fr` and
        `x@ville-béthune.fr`, domains anyone can register: their mail was the town's, an attacker's review)."""
        local, _, domain = address.strip().lower().rpartition("@")
        lowered = f"{local}@{domain_of(domain)}"  # a Unicode domain as the ASCII name mail is delivered to
        return any(fnmatchcase(lowered, p) for p in self.forwarders)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(k.key for k in self.kinds if k.required)

    def label(self, key: str | None) -> str:
        return next((k.label for k in self.kinds if k.key == key), key or "")

    def kind(self, key: str | None) -> Kind | None:
        return next((k for k in self.kinds if k.key == key), None)

    @property
    def read_types(self) -> frozenset[str] | None:
        """The file types worth reading: those a rule may take as a piece (None: every type, when a rule
        names no type), plus the spreadsheet types whose macros must be seen."""
        types = set(self.document_types) | {"xlsx", "xls", "doc"}
        for kind in self.kinds:
            for rec in kind.recognisers:
                if not rec.types:
                    return None
                types |= rec.types
        return frozenset(types)


_TOP = {"application", "attachments", "kinds", "not_pieces", "links", "recognition"}
_APPLICATION = {"subject_words", "forwarders"}
_ATTACHMENTS = {"inline_image_min_size", "shown_image_min_size", "shown_image_min_side", "image_min_size",
                "document_types"}
_KIND = {"label", "required", "recognise", "min_score", "pluriel", "formulaire"}
_RECOGNISE = {"types", "filenames", "words", "regex", "min_size", "min_pages"}
_DECOY = {"label", "types", "filenames", "words", "regex", "min_score"}
_LINKS = {"hosts", "count_as", "notice_domains", "signature_domains", "whole_words"}
_RECOGNITION = {"margin"}


def parse_rules(filename: str, text: str) -> Rules:
    """Validate and build the rules; every problem names filename:line and the fix."""
    data, where = load_toml(filename, text)
    _required_listed(where, data)
    where.keys(data, _TOP, [])
    tables = {}
    for name, keys in (("application", _APPLICATION), ("attachments", _ATTACHMENTS), ("links", _LINKS),
                       ("recognition", _RECOGNITION)):
        tables[name] = where.table(data, name, [])
        where.keys(tables[name], keys, [name])
    application, attachments, links = tables["application"], tables["attachments"], tables["links"]
    kinds_table = where.table(data, "kinds", [])
    if not kinds_table:
        raise RulesError(filename, None, "aucune table [kinds.…] : déclarez au moins une sorte de pièce, par "
                                         "exemple [kinds.dossier]")
    _half_renamed_kind(where, kinds_table)
    kinds = tuple(_kind(where, key, value, list(kinds_table)) for key, value in kinds_table.items())
    _contract_kinds(where, kinds)
    _labels_apart(where, kinds)
    link_kind = links.get("count_as", "")
    if not isinstance(link_kind, str):  # ["visuels"] crashed (« unhashable type: 'list' »)
        where.fail(["links", "count_as"], shape("count_as", link_kind, "text")
                   or f"count_as est le nom d'une sorte de pièce, entre guillemets, par exemple count_as = "
                      f"\"{CONTRACT_KINDS[-1]}\"")
    if link_kind and link_kind not in kinds_table:
        where.fail(["links", "count_as"], f"count_as = {link_kind!r} n'est pas une sorte de pièce : "
                                          f"choisissez parmi {', '.join(kinds_table)}, ou supprimez la clé")
    margin = tables["recognition"].get("margin", 2)
    if whole_number("margin", margin, 0, 20):
        where.fail(["recognition", "margin"], whole_number("margin", margin, 0, 20, "de points"))
    notice, signature = _hosts(where, links, "notice_domains"), _hosts(where, links, "signature_domains")
    if refused := refused_domain(notice, signature):
        where.fail(["links", refused[0]], refused[1])
    return Rules(
        kinds=kinds,
        subject_words=tuple(fold(w) for w in _words(where, application, "subject_words", ["application"])),
        forwarders=tuple(w.strip().lower() for w in where.strings(application, "forwarders", ["application"])),
        inline_image_min_size=where.size(attachments, "inline_image_min_size", ["attachments"], 20000),
        shown_image_min_size=where.size(attachments, "shown_image_min_size", ["attachments"], 50000),
        shown_image_min_side=where.size(attachments, "shown_image_min_side", ["attachments"], 400, "pixels"),
        image_min_size=where.size(attachments, "image_min_size", ["attachments"], 8000),
        document_types=where.types(attachments, "document_types", ["attachments"]),
        version=hashlib.sha256(text.encode()).hexdigest()[:12],
        decoys=tuple(_decoy(where, i, d) for i, d in enumerate(_array(where, data, "not_pieces"))),
        margin=margin,
        link_hosts=_hosts(where, links),
        notice_domains=notice,
        signature_domains=signature,
        link_kind=link_kind,
        link_whole=tuple(fold(w) for w in where.strings(links, "whole_words", ["links"])),
    )


def _unknown_kinds(listed: list[object], kinds: list[str]) -> str:
    """« ; « photos » n'est pas une sorte de pièce (sortes déclarées : dossier, courrier, visuels) » for the first
    name of `listed` that is no kind of the file, "" if all are."""
    unknown = next((str(k) for k in listed if k not in kinds), "")
    return (f" ; « {unknown} » n'est pas une sorte de pièce (sortes déclarées : {', '.join(kinds)})"
            if unknown else "")


def _required_listed(where: Locator, data: Table) -> None:
    """`required = [...]` written in a table of its own or at the top ([application] for instance): which pieces
    are required is said under each kind; the admin is told where, and of a kind the list names that does not
    exist. Before the keys are checked: « clé inconnue « required » » said neither."""
    kinds_table = data.get("kinds")
    kinds = list(kinds_table) if isinstance(kinds_table, dict) else []
    for path, table in [([], data), *(([name], t) for name, t in data.items() if name != "kinds")]:
        if isinstance(table, dict) and "required" in table and path != ["kinds"]:
            listed = table["required"] if isinstance(table["required"], list) else [table["required"]]
            first = kinds[0] if kinds else "dossier"
            where.fail([*path, "required"],
                       "les pièces obligatoires ne se listent pas ici : écrivez required = true sous chaque sorte de "
                       f"pièce obligatoire ([kinds.{first}], …) et required = false sous les autres"
                       + _unknown_kinds(listed, kinds))


def _contract_kinds(where: Locator, kinds: tuple[Kind, ...]) -> None:
    """The three keys of the label's pieces stay: every case records its pieces under them (the database,
    `intake cases --json`, the exports), and `dossier` is what the fields are read from and what makes a
    second application. A renamed key would leave past cases with pieces no rule knows."""
    keys = [k.key for k in kinds]
    absent = [k for k in CONTRACT_KINDS if k not in keys]
    if absent:
        others = [k for k in keys if k not in CONTRACT_KINDS]
        where.fail(["kinds", others[0]] if others else ["kinds"],
                   f"[kinds.{absent[0]}] manque{f' (renommé {others[0]} ?)' if others else ''} : les clés "
                   f"{', '.join(CONTRACT_KINDS)} sont celles sous lesquelles chaque dossier range ses pièces ; "
                   "gardez-les et changez plutôt label (le nom en français) ou required ; une nouvelle sorte de pièce "
                   "peut s'ajouter à côté")


def _labels_apart(where: Locator, kinds: tuple[Kind, ...]) -> None:
    """Two kinds under one label: the mails would ask the applicant for « dossier d'intention » while the piece
    missing is the other one, and staff could not tell the two apart on a case (a label copied and not retyped)."""
    seen: dict[str, Kind] = {}
    for kind in kinds:
        other = seen.setdefault(fold(kind.label).strip(), kind)
        if other is not kind:
            where.fail(["kinds", kind.key, "label"],
                       f"[kinds.{kind.key}] a le même label que [kinds.{other.key}] (« {other.label} ») : les "
                       "courriels et la console ne sauraient pas de quelle pièce il s'agit ; donnez à chaque sorte "
                       "de pièce son propre nom en français")


def _half_renamed_kind(where: Locator, kinds_table: Table) -> None:
    """The admin renamed the line `[kinds.courrier]` but not the `[[kinds.courrier.recognise]]` under it: one kind
    has its label and no rule, another its rules and no label. Say so, rather than « demande au moins une règle »
    about the name they typed (true, and no help)."""
    bare = [k for k, v in kinds_table.items() if isinstance(v, dict) and "recognise" in v and "label" not in v]
    empty = [k for k, v in kinds_table.items() if isinstance(v, dict) and "label" in v and "recognise" not in v]
    if bare and empty:
        new, old = empty[0], bare[0]
        where.fail(["kinds", new],
                   f"[kinds.{new}] a son label mais aucune règle, et les règles [[kinds.{old}.recognise]] plus bas "
                   f"n'ont plus leur [kinds.{old}] : le titre a été renommé sans elles. Remettez [kinds.{old}]"
                   + (f" (les clés {', '.join(CONTRACT_KINDS)} ne se renomment pas : changez plutôt label)"
                      if old in CONTRACT_KINDS else f", ou renommez aussi ses règles en [[kinds.{new}.recognise]]"))


def _hosts(where: Locator, links: Table, key: str = "hosts") -> tuple[str, ...]:
    """The file-transfer sites (`hosts`), or the domains their notices come from (`notice_domains`,
    `signature_domains`): host names (a
    name also covers its subdomains), never parts of one."""
    hosts = tuple(h.lower().strip() for h in where.strings(links, key, ["links"]))
    for host in hosts:
        if not is_host_name(host):
            what = "de site" if key == "hosts" else "de domaine"
            where.fail(["links", key], f"{host!r} n'est pas un nom {what} : écrivez le nom sans https:// ni "
                                       "chemin ni @, par exemple \"wetransfer.com\" (il couvre aussi ses "
                                       "sous-domaines, www.wetransfer.com...)")
    return hosts


def _array(where: Locator, data: Table, key: str) -> list[Table]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        where.fail([key], f"écrivez chaque entrée dans une table [[{key}]]")
    return value


_REGEX_PROBLEMS = (  # what Python's re says, in the admin's words, with the fix
    ("missing ), unterminated subpattern", "une parenthèse ( n'est pas refermée par )"),
    ("unbalanced parenthesis", "une parenthèse ) ferme ce qui n'est pas ouvert"),
    ("unterminated character set", "un crochet [ n'est pas refermé par ]"),
    ("nothing to repeat", "un *, + ou ? ne suit aucun caractère à répéter"),
    ("multiple repeat", "deux signes de répétition (*, + ou ?) se suivent"),
    ("bad escape", "une barre oblique inverse \\ est suivie d'une lettre qui n'a pas de sens ici"),
)


def _regex_problem(exc: re.error) -> str:
    """Why a regex of the rules does not compile, and how to write a special character as itself."""
    said = next((french for english, french in _REGEX_PROBLEMS if str(exc.msg).startswith(english)), str(exc.msg))
    where = f" (caractère n° {exc.pos + 1})" if exc.pos is not None else ""
    return (f"{said}{where} ; pour chercher tel quel l'un des caractères ( ) [ ] . * + ? \\, écrivez \\\\ devant "
            "(un mot simple va plutôt dans words)")


_NOT_A_WORD = re.compile(r"[*|\\^$]|\.[+?]|\{\d")  # a file name's pattern (*) or a regex's signs, in a list of words
_SIGNS = re.compile(r"\.[*+?]|[*|\\^$()?+]|\{[\d,]*\}")


def _words(where: Locator, table: Table, key: str, path: KeyPath) -> list[str]:
    """A list of words or phrases (`words`, `subject_words`), each looked for as written: one with `*` (as in
    filenames) or a regex's signs (`dossier.*intention`, `(dossier|candidature)`) would never be found in a text, and
    its points never counted: refused, with the words it holds as the list to write instead."""
    words = where.strings(table, key, path)
    for n, word in enumerate(words):
        _some_letter(where, [*path, key], word, n, "cherché dans chaque texte, il y serait presque toujours trouvé")
        if _NOT_A_WORD.search(word):
            parts = [" ".join(p.split()) for p in _SIGNS.split(word) if p.strip()]
            instead = ", ".join(f'"{p}"' for p in parts) or '"intention"'
            where.fail([*path, key], f"« {word} » (n° {n + 1} de {key}) est cherché tel quel dans le texte : les "
                                     "signes * | \\ ^ $ n'y remplacent rien, et il ne serait jamais trouvé. "
                                     f"Écrivez les mots seuls, chacun entre ses guillemets ({instead} : un mot est "
                                     "trouvé aussi au milieu d'un plus long, \"intention\" trouve « intentions ») ; "
                                     "« * » sert dans "
                                     "filenames (les noms de fichier) ; une expression régulière va dans regex")
    return words


def _some_letter(where: Locator, path: KeyPath, entry: str, n: int, why: str) -> None:
    """An entry without a letter or digit (« - », « * »): every file would score for the piece."""
    if not re.search(r"[a-z0-9]", fold(entry)):
        where.fail(path, f"« {entry} » (n° {n + 1} de {path[-1]}) n'a ni lettre ni chiffre : {why}, et chaque "
                         "fichier compterait pour cette pièce ; retirez-le avec sa virgule, ou écrivez un mot")


def _filenames(where: Locator, table: Table, path: KeyPath) -> list[str]:
    """The file name patterns: each is the whole name, extension included, so one without `*`, `?` or a dot
    ("courrier") would only ever match a file named exactly that, without extension: refused, with the pattern to
    write instead."""
    patterns = where.strings(table, "filenames", path)
    for n, pattern in enumerate(patterns):
        _some_letter(where, [*path, "filenames"], pattern, n, "il correspond au nom de chaque fichier")
        if not any(c in pattern for c in "*?."):
            where.fail([*path, "filenames"], f"« {pattern} » (n° {n + 1} de filenames) ne reconnaît qu'un fichier "
                                             f"nommé exactement « {pattern} », sans extension : un modèle décrit le "
                                             f"nom entier ; écrivez \"*{pattern.strip()}*\" pour tout nom qui contient "
                                             f"« {pattern.strip()} »")
    return patterns


def _recogniser(where: Locator, rule: Table, path: KeyPath) -> Recogniser:
    patterns = []
    for n, pattern in enumerate(where.strings(rule, "regex", path)):
        try:
            patterns.append(re.compile(fold(pattern)))
        except re.error as exc:
            where.fail([*path, "regex"], f"l'expression régulière n° {n + 1} (\"{pattern}\") est invalide : "
                                          f"{_regex_problem(exc)}")
    written = _words(where, rule, "words", path)
    return Recogniser(
        types=where.types(rule, "types", path),
        filenames=tuple(fold(p) for p in _filenames(where, rule, path)),
        words=tuple(fold(w) for w in written),
        shown=tuple(w.strip() for w in written),
        regex=tuple(patterns),
        min_size=where.size(rule, "min_size", path, 0),
        min_pages=where.size(rule, "min_pages", path, 0),
    )


def _score_setting(where: Locator, table: Table, path: KeyPath, default: int) -> int:
    value = table.get("min_score", default)
    if whole_number("min_score", value, 1, 100):
        where.fail([*path, "min_score"], whole_number("min_score", value, 1, 100, "de points"))
    return int(value)


def _decoy(where: Locator, index: int, table: Table) -> Decoy:
    path: KeyPath = ["not_pieces", index]
    where.keys(table, _DECOY, path)
    label = table.get("label")
    if not isinstance(label, str) or not label.strip():
        where.fail(path, 'chaque [[not_pieces]] demande un label, par exemple label = "facture"')
    rec = _recogniser(where, {k: v for k, v in table.items() if k in _RECOGNISE}, path)
    if not rec.has_evidence:
        where.fail(path, "une entrée [[not_pieces]] demande words, regex ou filenames")
    return Decoy(label=label.strip(), recogniser=rec, min_score=_score_setting(where, table, path, 2))


def _kind(where: Locator, key: str, value: object, declared: list[str]) -> Kind:
    path: KeyPath = ["kinds", key]
    if not re.fullmatch(r"[a-z][a-z0-9_]*", key):
        where.fail(path, f"le nom de sorte {key!r} ne doit contenir que des minuscules sans "
                         "accent, des chiffres ou _ (par exemple kinds.dossier)")
    if not isinstance(value, dict):
        where.fail(path, f"kinds.{key} doit être une table : écrivez [kinds.{key}] seul sur sa ligne")
    where.keys(value, _KIND, path)
    label = value.get("label")
    if shape("label", label, "text"):  # label = ["dossier d'intention"]
        where.fail([*path, "label"], shape("label", label, "text"))
    if not isinstance(label, str) or not label.strip():
        where.fail(path, f'[kinds.{key}] demande un nom en français, par exemple label = "dossier d\'intention"')
    required = value.get("required", True)
    if isinstance(required, list):  # the required pieces listed, as a form lists them
        where.fail([*path, "required"], f"required n'est pas une liste : il dit si [kinds.{key}] est obligatoire, "
                                        f"required = true (ou false), sous chaque [kinds.…]"
                                        + _unknown_kinds(required, declared))
    if not isinstance(required, bool):
        where.fail([*path, "required"], shape("required", required, "bool")
                   or "required doit valoir true ou false (sans guillemets)")
    recognise = value.get("recognise", [])
    if not isinstance(recognise, list) or not recognise:
        where.fail(path, f"[kinds.{key}] demande au moins une règle [[kinds.{key}.recognise]]")
    recognisers = []
    for i, rule in enumerate(recognise):
        rpath: KeyPath = [*path, "recognise", i]
        if not isinstance(rule, dict):
            where.fail(rpath, f"écrivez chaque règle dans une table [[kinds.{key}.recognise]]")
        where.keys(rule, _RECOGNISE, rpath)
        rec = _recogniser(where, rule, rpath)
        if not rec.types and not rec.has_evidence:
            where.fail(rpath, "une règle recognise demande types, ou des indices (filenames, words, regex)")
        recognisers.append(rec)
    plural = value.get("pluriel", False)
    if not isinstance(plural, bool):
        where.fail([*path, "pluriel"], shape("pluriel", plural, "bool")
                   or "pluriel doit valoir true ou false (sans guillemets) : true quand le label est au pluriel, par "
                      "exemple « documents complémentaires »")
    form_url = value.get("formulaire", "")
    if not isinstance(form_url, str) or (form_url and not _URL.fullmatch(form_url.strip())):
        where.fail([*path, "formulaire"], "formulaire doit être l'adresse du formulaire vierge, commençant "
                                          "par https:// (par exemple formulaire = "
                                          "\"https://www.ville-bethune.fr/...\"), ou être supprimé")
    return Kind(key=key, label=label.strip(), required=required, recognisers=tuple(recognisers),
                min_score=_score_setting(where, value, path, 3), plural=plural, form_url=form_url.strip())


_URL = re.compile(r"https?://[^\s/\"'<>]+\.[^\s/\"'<>]+(/[^\s\"'<>]*)?", re.IGNORECASE)
