"""The admin's mail templates (templates/), rendered with Jinja2.

Errors become RulesError naming the template file, the line and the problem. The files are read as a
whole (every `*.j2` at once, a byte-order mark dropped, anything but UTF-8 refused with its line) and
rendered from that snapshot, never half from an old file and half from a new one.

A long-running process (`intake run`, `intake serve`) gives an `accept` check (the template checks of
`intake rules check`): the templates it started with must pass it, and a later change on disk is taken only
once it passes too. Until then the last good templates stay in force, the refusal is logged and kept in
`problem` (the digest shows it): an admin's slip never reaches an applicant, nor stops the intake.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intake.adapters import textfile
from intake.core.text import fold
from intake.core.tomlcheck import did_you_mean
from intake.errors import RulesError, TemplateError

log = logging.getLogger("intake.templates")
LOOK_EVERY = 2.0  # seconds: how often a long-running process looks for changed templates
IN_FORCE = "templates-in-force.json"  # in data_dir: the texts of the last templates that passed the checks


@dataclass(frozen=True)
class _Snapshot:
    fingerprint: str  # of the files, taken before they were read
    sources: dict[str, tuple[str, str]]  # template name -> (its text, its file)
    env: Any  # jinja2.Environment over `sources`


class Templates:
    def __init__(self, directory: Path, accept: Callable[[Templates], None] | None = None):
        self.directory = Path(directory)
        self._accept = accept
        self._snapshot: _Snapshot | None = None
        self._lock = threading.Lock()
        self._looked_at = 0.0
        self._refused = ""  # fingerprint of the files on disk last refused by `accept`
        self.problem = ""  # why the templates on disk are not in force ("" : they are)
        self._printed: dict[tuple[str, str], list[Any]] = {}  # what each template's {{ … }} print (whole_values)

    def fingerprint(self, *more: Path) -> str:
        """What the templates are now (every file's name, size and modification time, and those of `more`):
        a check that passed for the same fingerprint need not run again."""
        files = sorted(p for p in self.directory.rglob("*") if p.is_file())
        parts = [str(self.directory.resolve())] + [
            f"{p}:{st.st_size}:{st.st_mtime_ns}" for p in (*files, *more) for st in [p.stat()]]
        return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()

    def read_as(self) -> str:
        """The fingerprint of the files in force when they were read (taken before reading them)."""
        return self._current().fingerprint

    def start(self) -> Templates:
        """Read the templates and run `accept` on them (RulesError if they fail it); returns self."""
        self._current()
        if self._accept is not None:
            self._accept(self)
        return self

    @property
    def env(self):
        return self._current().env

    def render(self, name: str, context: dict) -> str:
        import jinja2

        self.look_for_changes()
        try:
            return self._current().env.get_template(name).render(**context)
        except jinja2.TemplateNotFound as exc:
            if exc.name != name:  # an {% include %} names a file that does not exist
                wanted = str(exc.name)
                format_ = ".html.j2" if wanted.endswith(".html.j2") else ".txt.j2" if wanted.endswith(".txt.j2") else ""
                there = sorted(p for p in self._current().sources if "/" not in p and p.endswith(format_))
                typo = did_you_mean(wanted, there)
                # a typo in the include (the same kind of block is there) is the include's mistake; else the block
                # was deleted or renamed: never offer the other format's twin, whose HTML would reach the text part
                said = (f"ce bloc n'existe pas dans templates/ : {typo}" if typo else
                        f"le bloc templates/{wanted} n'existe pas : "
                        + textfile.missing_hint(self.directory / wanted, "templates/"))
                raise TemplateError(str(self.directory / name), _line(exc),
                                    f"{{% include \"{wanted}\" %}} : {said}", cause=str(self.directory / wanted)) \
                    from None
            folder = (self.directory / name).parent  # a mail's whole folder deleted: that one cause for its files
            raise TemplateError(str(self.directory / name), None,
                                f"modèle introuvable (cherché : {exc.name}) : "
                                + textfile.missing_hint(self.directory / name, "templates/"),
                                cause="" if folder.is_dir() else str(folder)) from None
        except jinja2.TemplateSyntaxError as exc:
            line, said = exc.lineno, syntax_in_french(str(exc.message))
            left_open = _tag_left_open(exc.source or "")
            if left_open and exc.lineno and left_open[0] < exc.lineno:
                # `{% set x = 1 %` then `{#- a comment` below: Jinja read on into the next line and complained of
                # « # » there (« retirez-le »), or of « : » expected: the tag of the line above lacks its end
                opened_line, opener = left_open
                closer = "%}" if opener == "{%" else "}}"
                line = opened_line
                said = (f"la balise {opener} … de cette ligne n'est pas fermée : il manque « {closer} » à sa fin "
                        f"(sans lui, la suite, jusqu'à la ligne {exc.lineno}, est lue comme la suite de la balise)")
            unclosed = re.search(r"^Unexpected end of template.*innermost block that needs to be closed is '(if|for)'",
                                 str(exc.message), re.S)
            opened = _opened_at(exc.source or "", unclosed.group(1)) if unclosed else None
            if unclosed and opened:  # Jinja points at the end of the file: the admin needs the line that opened it
                tag = unclosed.group(1)
                line, said = opened, (f"ce {{% {tag} %}} n'est jamais fermé : ajoutez {{% end{tag} %}} là où "
                                      f"{'la condition' if tag == 'if' else 'la boucle'} s'arrête (le modèle se "
                                      f"termine à la ligne {exc.lineno} sans {{% end{tag} %}})")
            crossed = re.search(r"^Encountered unknown tag '(?:end(?:if|for)|else|elif)'.*innermost block that "
                                r"needs to be closed is '(if|for)'", str(exc.message), re.S)
            waiting = _opened_at("\n".join((exc.source or "").splitlines()[:exc.lineno or 0]), crossed.group(1)) \
                if crossed else None
            if crossed and waiting:  # {% endif %} where a {% for %} is open: say which one waits
                said += (f" (le {{% {crossed.group(1)} %}} de la ligne {waiting} attend son "
                         f"{{% end{crossed.group(1)} %}})")
            raise TemplateError(exc.filename or str(self.directory / name), line, said) from None
        except jinja2.UndefinedError as exc:
            known = set(context) | set(self._current().env.globals)
            raise TemplateError(*_where(exc, self.directory / name),
                                undefined_in_french(str(exc.message), known)) from None
        except jinja2.TemplateRuntimeError as exc:  # a filter that does not exist: Jinja finds out on rendering
            raise TemplateError(*_where(exc, self.directory / name), syntax_in_french(str(exc.message))) from None
        except RulesError:
            raise
        except Exception as exc:  # noqa: BLE001 - a filter or a method that raised on this mail's values
            raise TemplateError(*_where(exc, self.directory / name), failed_in_french(exc)) from None

    def render_mail(self, folder: str, context: dict) -> tuple[str, str, str]:
        """(subject, text, html) from <folder>/subject.j2, body.txt.j2, body.html.j2."""
        subject = " ".join(self.render(f"{folder}/subject.j2", context).split())
        text = re.sub(r"[ \t]+\n", "\n", self.render(f"{folder}/body.txt.j2", context))
        text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"  # blank lines left by template tags
        return subject, text, self.render(f"{folder}/body.html.j2", context)

    # ------------------------------------------------------------------------------ the files in force
    def names(self) -> list[str]:
        """Every template (« acknowledgement/body.txt.j2 », « _contact.txt.j2 »...), sorted."""
        return sorted(self._current().sources)

    def source(self, name: str) -> tuple[str, str]:
        """(text, file path) of template `name` as in force."""
        return self._current().sources[name]

    def parses(self, name: str) -> bool:
        """Whether template `name` is free of syntax errors (rendering it says those)."""
        import jinja2

        current = self._current()
        try:
            current.env.parse(current.sources[name][0])
        except jinja2.TemplateSyntaxError:
            return False
        return True

    def block_names(self) -> list[str]:
        """The blocks mails include (templates/_contact.txt.j2...): the files at the folder's top."""
        return sorted(p for p in self._current().sources if "/" not in p)

    def whole_values(self, name: str, context: dict) -> None:
        """RulesError at the line of a {{ … }} of template `name` that prints a whole list or table of `context`
        (a variable, or a field of one), in any branch: rendering the check's samples reaches only their branches,
        and one behind {% if %} (a file name, a number of pieces) was met first by an applicant's mail, whose
        acknowledgement then failed and stopped the mailbox's poll, every later application with it."""
        import jinja2
        from jinja2 import nodes

        current = self._current()
        if name not in current.sources:
            return
        source, filename = current.sources[name]
        key = (current.fingerprint, name)
        printed = self._printed.get(key)
        if printed is None:
            try:
                tree = current.env.parse(source)
            except jinja2.TemplateSyntaxError:
                return  # said by rendering it
            printed = self._printed[key] = [e for o in tree.find_all(nodes.Output) for e in o.nodes
                                            if not isinstance(e, nodes.TemplateData)]
        for expr in printed:
            value = _sample_value(expr, context)
            if isinstance(value, (list, tuple, set, frozenset, dict)):
                try:
                    _printable(value)
                except jinja2.TemplateRuntimeError as exc:
                    raise RulesError(filename, expr.lineno, str(exc.message or "")[len(_OURS):]) from None

    def unsafe_access(self, only: str | None = None) -> None:
        """RulesError at the line of the first template (or of template `only`) that reaches, or asks for, Python's
        inner workings: an attribute or key that begins with « _ » (« ''.__class__.__mro__ », « x['__class__'] »,
        « x|attr('__dict__') ») or one the sandbox keeps for itself (a function's globals, a generator's frame...), in
        any branch: rendering the check's samples reaches only theirs, and the sandbox refuses them at send time
        anyway (`_snapshot_of`)."""
        import jinja2
        from jinja2 import nodes

        current = self._current()
        for name in sorted(current.sources) if only is None else [only]:
            source, filename = current.sources[name]
            try:
                tree = current.env.parse(source)
            except jinja2.TemplateSyntaxError:
                continue  # said by rendering it
            for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
                if isinstance(node, nodes.Getattr):
                    key: Any = node.attr
                elif isinstance(node, nodes.Getitem):
                    key = node.arg.value if isinstance(node.arg, nodes.Const) else None
                else:  # x|attr("__class__")
                    key = node.args[0].value if node.name == "attr" and node.args and isinstance(
                        node.args[0], nodes.Const) else None
                if isinstance(key, str) and _internal(key):
                    raise RulesError(filename, node.lineno, f"« .{key} » {_UNSAFE}")

    def field_uses(self, name: str) -> list[tuple[str, int, bool]]:
        """Each `fields.<key>` (or `fields["<key>"]`) of template `name`, in any branch: (key, line, guarded), where
        guarded is False for one printed ({{ … }}) without an {% if %} (or `… if … else …`) that tests that key, a
        `| default(…)`, or `is defined`: the dossier may not give it (core/template_fields.py)."""
        import jinja2
        from jinja2 import nodes

        current = self._current()
        if name not in current.sources:
            return []
        try:
            tree = current.env.parse(current.sources[name][0])
        except jinja2.TemplateSyntaxError:
            return []  # said by rendering it
        out: list[tuple[str, int, bool]] = []

        def key_of(node: Any) -> str | None:
            if isinstance(node, (nodes.Getattr, nodes.Getitem)) and isinstance(node.node, nodes.Name) \
                    and node.node.name == "fields":
                key = node.attr if isinstance(node, nodes.Getattr) else (
                    node.arg.value if isinstance(node.arg, nodes.Const) else None)
                return key if isinstance(key, str) else None
            return None

        def tested(test: Any) -> frozenset[str]:
            return frozenset(k for n in [test, *test.find_all((nodes.Getattr, nodes.Getitem))]
                             if (k := key_of(n)) is not None)

        def visit(node: Any, safe: frozenset[str], printed: bool, guarded: bool) -> None:
            if isinstance(node, (nodes.If, nodes.CondExpr)):
                visit(node.test, safe, printed, True)
                body: list[Any] = node.body if isinstance(node, nodes.If) else [node.expr1]
                rest: list[Any] = [*node.elif_, *node.else_] if isinstance(node, nodes.If) else [node.expr2]
                for child in body:
                    visit(child, safe | tested(node.test), printed, guarded)
                for child in rest:
                    if child is not None:
                        visit(child, safe, printed, guarded)
                return
            if (isinstance(node, nodes.Filter) and node.name in ("default", "d")) or isinstance(node, nodes.Test):
                guarded = True
            key = key_of(node)
            if key is not None:
                out.append((key, node.lineno, guarded or not printed or key in safe))
                return
            for child in node.iter_child_nodes():
                visit(child, safe, printed or isinstance(node, nodes.Output), guarded)

        visit(tree, frozenset(), False, False)
        return out

    def field_errors(self, declared: list[str]) -> list[RulesError]:
        """The first `fields.<key>` of each mail template that rules/fields.toml (its keys: `declared`) does not
        declare (a typo: empty in every mail, even behind `| default("")`), or that is printed without an {% if %}
        for a dossier that does not give it (core/template_fields.py): for `intake rules check` and for every command
        that loads the templates with the rules (app.py), which alone know both folders."""
        from intake.core.template_fields import field_use_said

        out = []
        for name in self.names():
            if name.startswith(("digest/", "receipt/")):  # their variables hold no `fields` (said by rendering them)
                continue
            for key, line, guarded in self.field_uses(name):
                said = field_use_said(key, guarded, declared)
                if said:
                    out.append(RulesError(self.source(name)[1], line, said))
                    break
        return out

    def _current(self) -> _Snapshot:
        snapshot = self._snapshot
        if snapshot is None:
            with self._lock:
                if self._snapshot is None:
                    self._snapshot = _read(self.directory)
                snapshot = self._snapshot
        return snapshot

    def look_for_changes(self, now: bool = False) -> None:
        """Take the files on disk if they changed and pass `accept`; else keep ours and say why in `problem`.
        At most every LOOK_EVERY seconds, unless `now`."""
        if self._accept is None or self._snapshot is None or (
                not now and time.monotonic() - self._looked_at < LOOK_EVERY):
            return
        with self._lock:
            if not now and time.monotonic() - self._looked_at < LOOK_EVERY:
                return
            self._looked_at = time.monotonic()
            try:
                seen = self.fingerprint()
            except OSError as exc:
                seen = f"unreadable: {exc}"
            if seen in (self._snapshot.fingerprint, self._refused):
                return
            candidate = Templates(self.directory)
            try:
                self._accept(candidate)
                self._snapshot = candidate._current()
            except Exception as exc:  # noqa: BLE001 - whatever fails the check, the files are not taken
                self._refused = seen
                self.problem = (f"modèles de courriel modifiés mais refusés : {exc} ; les modèles précédents restent "
                                "en service (intake rules check)")
                log.error("templates changed on disk but are not valid (the previous ones stay in force): %s", exc)
                return
            self._refused, self.problem = "", ""
            log.info("templates changed on disk: checked, now in force")


def _read(directory: Path) -> _Snapshot:
    """Every template file, decoded (RulesError naming the first one that is not UTF-8 text)."""
    _folder_must_exist(directory)
    fingerprint = Templates(directory).fingerprint()
    sources = {path.relative_to(directory).as_posix(): (_text(path), str(path)) for path in _files(directory)}
    return _snapshot_of(fingerprint, sources)


def read_errors(directory: Path) -> list[RulesError]:
    """For `intake rules check`: why each template file cannot be read (the folder missing is one error)."""
    errors = []
    try:
        files = _files(directory)
    except RulesError as exc:
        return [exc]
    for path in files:
        try:
            _text(path)
        except RulesError as exc:
            errors.append(exc)
    return errors


def _files(directory: Path) -> list[Path]:
    _folder_must_exist(directory)
    return [path for path in sorted(directory.rglob("*.j2")) if path.is_file()]


def _folder_must_exist(directory: Path) -> None:
    if not directory.is_dir():  # templates_dir mistyped in config.toml, or the folder never copied
        raise RulesError(str(directory), None, "dossier des modèles introuvable : vérifiez templates_dir dans "
                                               "config.toml (relatif au dossier de config.toml), ou copiez-y le "
                                               "dossier templates/ livré avec intake")


def _text(path: Path) -> str:
    """A template file's text (RulesError naming it when it is not UTF-8 text, or cannot be read)."""
    try:
        text, line, problem = textfile.read(path)
    except PermissionError:
        from intake.adapters.failures import admin_file_fix

        raise RulesError(str(path), None, f"accès refusé : {admin_file_fix(path)}") from None
    if problem:
        raise RulesError(str(path), line, problem)
    return text


def _snapshot_of(fingerprint: str, sources: dict[str, tuple[str, str]]) -> _Snapshot:
    """The Jinja environment over the templates' texts (name -> (text, file))."""
    import jinja2
    import markupsafe
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Loader(jinja2.BaseLoader):
        def get_source(self, environment, template):
            if template not in sources:
                raise jinja2.TemplateNotFound(template)
            text, filename = sources[template]
            return text, filename, lambda: True

    from intake.core.french import unbreakable

    @jinja2.pass_eval_context
    def finalize(eval_ctx, value):
        """Every value an HTML template prints keeps its times, dates, amounts and telephone numbers on one line on
        a phone's width (core/french.py `unbreakable`); text templates print theirs as they are (a plain-text mail
        program wraps at spaces it chooses, and the text part must read the same in any of them)."""
        value = _printable(value)  # a whole list or table is refused, in text and HTML alike
        if not eval_ctx.autoescape or not isinstance(value, str):
            return value
        glued = unbreakable(str(value))
        return value if glued == value else (markupsafe.Markup(glued) if isinstance(value, markupsafe.Markup)
                                             else glued)

    # the admin's templates run sandboxed: no attribute of Python's inner workings (« ''.__class__.__mro__ »), no
    # method that changes a value given to them (a list's append, a dict's update); `unsafe_access` refuses such a
    # template at check time, even behind an {% if %} the samples do not reach
    env = ImmutableSandboxedEnvironment(
        loader=Loader(),
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        keep_trailing_newline=True,
        auto_reload=False,
    )
    from intake.core.french import agree

    env.globals["accord"] = agree  # {{ n }} {{ accord(n, "pièce reçue", "pièces reçues") }}
    return _Snapshot(fingerprint, sources, env)


def keep_in_force(templates: Templates, data_dir: Path, checked_by: str) -> None:
    """Keep in data_dir the texts of templates that passed the checks (`checked_by`: which checks), for a console
    that starts while the files on disk are broken (`in_force_instead`), as a running one keeps them in memory.
    Written only when they changed; a data_dir not there yet, or not writable, keeps nothing (the command goes on)."""
    import json

    from intake.adapters.storage import keep_beside

    files = {name: text for name, (text, _file) in templates._current().sources.items()}
    keep_beside(data_dir, IN_FORCE, json.dumps({"checked_by": checked_by, "files": files}, ensure_ascii=False,
                                               sort_keys=True).encode())


def in_force_instead(directory: Path, data_dir: Path, checked_by: str, accept: Callable[[Templates], None],
                     refused: RulesError) -> Templates | None:
    """For `intake serve` and `intake run` started while the templates on disk fail the checks (`refused`): the last
    templates that passed them (`keep_in_force`), in force as a running console or worker keeps its own when the files
    break under it; the files on disk are taken once they pass `accept`, and `problem` says why they are not meanwhile.
    None when none were kept, or by other checks (another version of intake)."""
    import json

    try:
        kept = json.loads((Path(data_dir) / IN_FORCE).read_text(encoding="utf-8"))
        if kept["checked_by"] != checked_by:
            return None
        sources = {str(name): (str(text), str(Path(directory) / name)) for name, text in kept["files"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    templates = Templates(directory, accept=accept)
    templates._snapshot = _snapshot_of(f"kept: {data_dir}", sources)
    try:
        templates._refused = templates.fingerprint()  # not tried again until they change on disk
    except OSError:
        pass
    templates.problem = (f"modèles de courriel en erreur : {refused} ; les derniers modèles valables restent en "
                         "service (intake rules check)")
    return templates


# What Jinja says of the mistakes an admin makes in a template, said so that someone who is not a programmer can
# fix it (the admin edits templates/, README: « Modèles »); anything else keeps Jinja's words.
_UNSAFE = ("est interdit dans un modèle : il donnerait accès au fonctionnement interne du programme (refusé pour la "
           "sécurité) ; n'utilisez que les variables et leurs champs que liste templates/_variables.txt")
_SYNTAX = (  # (what Jinja says, what the admin reads: « @ » stands for what Jinja quoted)
    (r"access to attribute '([^']*)' of '[^']*' object is unsafe", f"« .@ » {_UNSAFE}"),
    (r"^(.*) is not safely callable", f"appeler « @ » {_UNSAFE}"),
    (r"expected token 'end of statement block', got 'if'", "« else if » s'écrit en un mot dans un modèle : "
                                                           "{% elif … %}"),
    (r"Encountered unknown tag '(end(?:if|for)|else|elif)'.*innermost block that needs to be closed is '(?:if|for)'",
     "{% @ %} ne ferme pas ce qui est ouvert ici : un {% if %} se ferme par {% endif %}, un {% for %} par "
     "{% endfor %}, dans l'ordre inverse de leur ouverture"),
    (r"Encountered unknown tag '(end(?:if|for)|else|elif)'", "{% @ %} de trop : aucun {% if %} ou {% for %} ouvert "
                                                         "ne l'attend ici : supprimez-le, ou ajoutez plus haut ce "
                                                         "qu'il doit fermer"),
    (r"Encountered unknown tag 'end'.*innermost block that needs to be closed is '(if|for)'",
     "{% end @ %} s'écrit en un mot : {% end@ %}"),
    (r"Encountered unknown tag '(\w+)'.*innermost block that needs to be closed is 'if'",
     "balise {% @ %} inconnue dans ce {% if %} : « sinon si » s'écrit {% elif … %}, « sinon » {% else %}, et la "
     "condition se ferme par {% endif %}"),
    (r"Encountered unknown tag '(\w+)'.*innermost block that needs to be closed is 'for'",
     "balise {% @ %} inconnue dans cette boucle {% for %} : « si la liste est vide » s'écrit {% else %}, et la boucle "
     "se ferme par {% endfor %}"),
    (r"expected token 'end of statement block', got '='", "une comparaison s'écrit avec deux signes égal : "
                                                          "{% if status == \"complete\" %} (ou {% if complete %})"),
    (r"expected token 'end of statement block'", "une balise {% … %} n'est pas fermée : il manque « %} » (sur cette "
                                                 "ligne ou celle d'avant)"),
    (r"expected (?:token )?'end of print statement'", "une variable {{ … }} n'est pas fermée : il manque « }} » (sur "
                                                 "cette ligne ou celle d'avant)"),
    (r"innermost block that needs to be closed is '(\w+)'",
     "le modèle se termine sans {% end@ %} : une condition {% if %} ou une boucle {% for %} n'est pas fermée"),
    (r"Encountered unknown tag '(\w+)'", "balise {% @ %} inconnue (les balises sont if, elif, else, endif, for, "
                                         "endfor, include, set)"),
    (r"No filter named '(\w+)'", "le filtre « @ » n'existe pas ici (après « | » dans {{ … }}) : retirez « | @ » "
                                  "ou mettez un filtre de Jinja (default, upper, lower, join...)"),
    (r"Expected an expression, got 'end of (?:statement block|print statement)'",
     "une balise est vide : {% if %} demande une condition, par exemple {% if applicant_name %}, {% elif %} aussi, et "
     "{{ }} le nom d'une variable, par exemple {{ reference }} (templates/_variables.txt les liste)"),
    (r"expected token 'in'", "une boucle s'écrit {% for p in pieces %} … {% endfor %} : il manque « in » et la liste "
                             "à parcourir"),
    (r"Missing end of comment tag", "un commentaire {# … n'est pas fermé : il manque « #} » (le reste du modèle "
                                    "serait pris pour le commentaire)"),
    (r"Missing end of raw directive", "un {% raw %} n'est pas fermé : ajoutez {% endraw %} là où le texte à "
                                      "recopier tel quel s'arrête"),
    (r"No test named '(\w+)'", "le test « @ » n'existe pas (après « is » dans {% if … is … %}) : écrivez par "
                               "exemple {% if applicant_name is defined %}, ou comparez avec ==, "
                               "{% if status == \"complete\" %}"),
    (r"expected name or number", "il manque un nom après « . » : un champ s'écrit {{ p.filename }} (templates/"
                                 "_variables.txt liste les champs)"),
    (r"expected token 'name', got '([^']*)'", "il manque un nom avant « @ » : après « | » le nom d'un filtre "
                                              "({{ applicant_name | upper }}), après « . » celui d'un champ "
                                              "({{ p.filename }})"),
    (r"unexpected end of template, expected '([^']*)'", "le modèle se termine alors qu'il manque « @ » : fermez la "
                                                        "balise, la parenthèse ou le crochet ouvert"),
    (r"^Unexpected end of template", "le modèle se termine au milieu d'une balise : vérifiez que chaque {% … %} a son "
                                     "« %} », chaque {{ … }} son « }} », et chaque {% if %} son {% endif %}"),
    (r"unexpected '([^']*)', expected '([^']*)'", "« @ » inattendu : il manque « @2 » avant (chaque « ( » a son « ) », "
                                                  "chaque « [ » son « ] »)"),
    (r"expected token '([^']*)', got '([^']*)'", "« @2 » inattendu à cet endroit : « @ » était attendu (par exemple "
                                                 "une virgule entre deux valeurs, f(a, b))"),
    (r"unexpected char [\"']([\"'])[\"']", "un texte entre guillemets n'est pas fermé : il manque le « @ » qui le "
                                           "termine, sur la même balise"),
    (r"unexpected char '([«»“”„‘’‚‹›])'", "les guillemets « @ » d'un traitement de texte ne comptent pas dans une "
                                         "balise {% … %} ou {{ … }} : écrivez des guillemets droits, "
                                         "{% if status == \"complete\" %}"),
    (r"unexpected char '([^']*)'", "caractère « @ » inattendu dans une balise {% … %} ou {{ … }} : retirez-le "
                                   "(les variables sont listées dans templates/_variables.txt)"),
    (r"unexpected '([^']*)'", "« @ » inattendu : vérifiez que chaque {{ a son }} et chaque {% son %}"),
)


_OURS = "intake: "  # a TemplateRuntimeError raised here, already in the admin's words


def _printable(value: Any) -> Any:
    """What {{ … }} prints, refused when it is a whole list or table: {{ pieces }} or {{ service }} put
    « [{'kind': …}] » or « {'name': 'Ville de Béthune', …} » in the applicant's mail, and the check let it pass."""
    import jinja2

    if isinstance(value, (list, tuple, set, frozenset)):
        raise jinja2.TemplateRuntimeError(
            f"{_OURS}cette variable {{{{ … }}}} est une liste, qui s'afficherait telle quelle dans le courriel "
            f"({_shown(value)}) : parcourez-la, {{% for p in pieces %}} - {{{{ p.kind }}}} : {{{{ p.filename }}}}"
            "{% endfor %}, ou joignez-la, {{ … | join(\", \") }} (templates/_variables.txt dit ce que contient "
            "chaque liste)")
    if isinstance(value, dict):
        raise jinja2.TemplateRuntimeError(
            f"{_OURS}cette variable {{{{ … }}}} est un ensemble de champs, qui s'afficherait tel quel dans le courriel "
            f"({_shown(value)}) : affichez l'un de ses champs, par exemple {{{{ service.phone }}}} ou "
            "{{ p.filename }} (templates/_variables.txt les liste)")
    return value


def _internal(key: str) -> bool:
    """Whether an attribute name is one of Python's inner workings, that no template needs."""
    from jinja2 import sandbox

    return key.startswith("_") or key in {
        "mro", *sandbox.UNSAFE_FUNCTION_ATTRIBUTES, *sandbox.UNSAFE_METHOD_ATTRIBUTES,
        *sandbox.UNSAFE_GENERATOR_ATTRIBUTES, *sandbox.UNSAFE_COROUTINE_ATTRIBUTES,
        *sandbox.UNSAFE_ASYNC_GENERATOR_ATTRIBUTES}


_UNKNOWN = object()


def _sample_value(expr: Any, context: dict) -> Any:
    """What `expr` ({{ pieces }}, {{ service }}, {{ more.review }}) is in `context`, _UNKNOWN for anything else (a
    loop's variable, a filter, a call)."""
    from jinja2 import nodes

    if isinstance(expr, nodes.Name):
        return context.get(expr.name, _UNKNOWN)
    if isinstance(expr, (nodes.Getattr, nodes.Getitem)):
        owner = _sample_value(expr.node, context)
        key = expr.attr if isinstance(expr, nodes.Getattr) else (
            expr.arg.value if isinstance(expr.arg, nodes.Const) else _UNKNOWN)
        if isinstance(owner, dict):
            return owner.get(key, _UNKNOWN) if isinstance(key, str) else _UNKNOWN
        return getattr(owner, key, _UNKNOWN) if owner is not _UNKNOWN and isinstance(key, str) else _UNKNOWN
    return _UNKNOWN


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def syntax_in_french(message: str) -> str:
    if message.startswith(_OURS):
        return message[len(_OURS):]
    for pattern, said in _SYNTAX:
        found = re.search(pattern, message, re.S)
        if found:
            if len(found.groups()) > 1:
                said = said.replace("@2", _token(found.group(2)))
            return said.replace("@", _token(found.group(1))) if found.groups() else said
    return f"erreur d'écriture du modèle (Jinja : {message})"


# Jinja's names for the pieces of a template it expected or met, as the admin types them
_TOKENS = {"end of statement block": "%}", "begin of statement block": "{%", "end of print statement": "}}",
           "begin of print statement": "{{", "end of comment": "#}", "begin of comment": "{#",
           "end of template": "fin du modèle", "name": "nom", "string": "texte", "integer": "nombre",
           "float": "nombre", "template data / text": "texte"}


def _token(said: str) -> str:
    """What Jinja quoted (« end of statement block », « name », « ) »), in the admin's words."""
    return _TOKENS.get(said, said)


# the words an admin writes a variable's meaning with, in French (folded: lower case, no accents), and the variable
# each means: « {{ date_limite }} » is `deadline`, « {{ nom_du_demandeur }} » `applicant_name`. The first of a name's
# words found in this order decides (« nom_du_projet » is the project's title, not the applicant's name).
_MEANINGS = (
    (("projet", "titre", "intitule"), "fields.titre"),
    (("organisation", "association", "structure", "entreprise", "societe", "organisme", "collectivite"),
     "fields.organisation"),
    (("categorie",), "fields.categorie"),
    (("theme", "thematique"), "fields.theme"),
    (("criteres", "critere"), "fields.criteres"),
    (("relance", "rappel"), "reminder_number"),
    (("limite", "echeance", "delai", "avant"), "deadline"),
    (("manquantes", "manquants", "manquante", "manquant", "manque", "absentes", "attendues"), "missing"),
    (("nouvelles", "nouveaux", "apportees", "recues"), "new_pieces"),
    (("complet", "completude"), "complete_date"),
    (("reception", "recu", "recue", "arrivee", "depot"), "received_at"),
    (("objet", "sujet"), "original_subject"),
    (("motif", "raison", "commentaire", "decision"), "note"),
    (("reference", "ref", "numero", "num", "dossier", "identifiant"), "reference"),
    (("demandeur", "candidat", "contact", "nom", "prenom", "destinataire", "porteur"), "applicant_name"),
    (("statut", "etat"), "status"),
    (("pieces", "piece", "fichiers", "fichier", "documents", "document", "jointes"), "pieces"),
    (("champs", "champ", "formulaire"), "fields"),
    (("service", "coordonnees", "mairie", "ville"), "service"),
)


def meant(name: str, known: Iterable[str]) -> str:
    """The variable of `known` that `name`, written in French words, means (`_MEANINGS`); "" when none is."""
    words = set(re.split(r"[_\W\d]+", fold(name)))
    variables = set(known)
    for said, variable in _MEANINGS:
        if words & set(said) and variable.split(".")[0] in variables:
            return variable
    return ""


def undefined_in_french(message: str, known: Iterable[str] = ()) -> str:
    found = re.match(r"'(\w+)' is undefined", message)
    if found:
        known = {k for k in known if not k.startswith("_")}
        close = did_you_mean(found.group(1), known)
        if not close and (by_meaning := meant(found.group(1), known)):
            close = f"vouliez-vous dire « {by_meaning} » ?"
        if close:
            return (f"variable « {found.group(1)} » inconnue : {close} (les variables sont listées dans "
                    "templates/_variables.txt)")
        return (f"variable « {found.group(1)} » inconnue : n'utilisez que celles que liste templates/_variables.txt "
                "(ou le haut du modèle)")
    found = re.match(r"No (first|last) item, sequence was empty", message)
    if found:  # {{ missing | first }} in a mail whose list is empty
        return (f"« | {found.group(1)} » ne trouve rien : la liste est vide dans ce courriel ; mettez cette ligne dans "
                "{% if la_liste %} … {% endif %}, par exemple {% if unresolved %}{{ unresolved | first }}{% endif %}")
    found = re.search(r"has no attribute '(\w+)'", message)
    if found:
        return (f"« .{found.group(1)} » n'existe pas pour cette variable : n'utilisez que les champs que liste "
                "templates/_variables.txt (par exemple, pour une pièce : .kind, .filename, .size)")
    return f"{message} : n'utilisez que les variables que liste templates/_variables.txt"


_BLOCK_TAG = re.compile(r"{%[-+]?\s*(if|for|endif|endfor)\b")
_COMMENT_OR_RAW = re.compile(r"{#.*?#}|{%[-+]?\s*raw\s*[-+]?%}.*?{%[-+]?\s*endraw\s*[-+]?%}", re.S)


def _opened_at(source: str, tag: str) -> int | None:
    """The line of the innermost {% if %} (or {% for %}) still open at the end of `source`, None if none is."""
    source = _COMMENT_OR_RAW.sub(lambda m: "\n" * m.group(0).count("\n"), source)  # keep the lines counted
    open_: list[int] = []
    for found in _BLOCK_TAG.finditer(source):
        if found.group(1) == tag:
            open_.append(source.count("\n", 0, found.start()) + 1)
        elif found.group(1) == f"end{tag}" and open_:
            open_.pop()
    return open_[-1] if open_ else None


_TAG_MARK = re.compile(r"{%|{{|{#|%}|}}|#}")


def _tag_left_open(source: str) -> tuple[int, str] | None:
    """(line, « {% » or « {{ ») of the first tag whose end never comes before the next tag opens (or the file ends):
    the mistake behind an error Jinja reports lines further down. None when every tag is closed. Comments are skipped
    whole; a tag's quoted text holding « {{ » is taken for an opener (rare in a mail template, and only looked at once
    the template failed)."""
    opened: tuple[int, str] | None = None
    at = 0
    while True:
        found = _TAG_MARK.search(source, at)
        if found is None:
            return opened
        mark = found.group(0)
        if opened is None:
            if mark == "{#":
                end = source.find("#}", found.end())
                if end < 0:
                    return None  # an unclosed comment: Jinja says so itself
                at = end + 2
                continue
            if mark in ("{%", "{{"):
                opened = (source.count("\n", 0, found.start()) + 1, mark)
            at = found.end()
            continue
        if mark == ("%}" if opened[1] == "{%" else "}}"):
            opened, at = None, found.end()
            continue
        if mark in ("{%", "{{", "{#"):
            return opened
        at = found.end()


def failed_in_french(exc: Exception) -> str:
    """What the admin reads of an error a template raised on rendering (a filter given a value it cannot take:
    « {{ "%d" | format(reference) }} »)."""
    said = " ".join(str(exc).split())[:300]
    called = re.match(r"do_(\w+)\(\) (?:missing \d+ required|takes .* given|got an unexpected keyword)", said)
    if isinstance(exc, TypeError) and called:  # {{ reference | replace("-") }}: Jinja's filter named by its function
        return (f"le filtre « {called.group(1)} » n'a pas reçu les valeurs qu'il attend entre parenthèses : vérifiez-"
                "les, par exemple {{ reference | replace(\"-\", \"/\") }} (deux valeurs, séparées par une virgule)")
    if isinstance(exc, TypeError) and said.startswith("can only concatenate str"):
        return ("un texte et un nombre ne s'ajoutent pas avec « + » : mettez-les bout à bout avec « ~ », par exemple "
                "{{ \"pièce n° \" ~ n }}")
    return (f"erreur à l'affichage du modèle ({type(exc).__name__}{' : ' + said if said else ''}) : vérifiez les "
            "filtres (après « | ») et les calculs de cette ligne, avec les valeurs que liste templates/_variables.txt")


def _where(exc: Exception, file: Path) -> tuple[str, int | None]:
    """(the template file, the line) where `exc` was raised: the innermost template of the traceback (an included
    block's own file), else `file`, the template rendered."""
    tb = exc.__traceback__
    where: tuple[str, int | None] = (str(file), None)
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            where = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return where


def _line(exc: Exception) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
