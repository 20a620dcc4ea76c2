"""`intake cases` and `intake case REF ...`: the cases, one case, and the dispatch of what staff do to it."""

from __future__ import annotations

from datetime import datetime

import click

from intake.cli import main
from intake.cli.case_actions import (
    case_add,
    case_address,
    case_merge,
    case_move,
    case_new,
    case_note,
    case_notify,
    case_piece,
    case_remind,
    case_status,
)
from intake.cli.case_corrections import case_discard, case_field, case_received, case_seen
from intake.cli.guard import Failure, app_of, guard
from intake.cli.output import day, echo, json_text, one_line_values, print_mail
from intake.cli.staff_action import case_command


@main.command()
@click.option("--status", "status", default=None, metavar="STATUT",
              help="Seulement les dossiers de ce statut, en anglais ou en français : incomplete (incomplet), "
                   "complete (complet), review (à vérifier), admissible (recevable)...")
@click.option("--json", "as_json", is_flag=True,
              help="Afficher un tableau JSON (pour les scripts ; les statuts y restent en anglais).")
@click.option("--csv", "as_csv", is_flag=True, help="Afficher un CSV pour un tableur (séparateur « ; », UTF-8).")
@click.pass_context
@guard
def cases(ctx: click.Context, status: str | None, as_json: bool, as_csv: bool) -> None:
    """Lister les dossiers.

    Une ligne par dossier : référence, statut, demandeur, pièces reçues, pièces manquantes.

    \b
    Exemple : intake cases --status incomplet --csv > incomplets.csv
    """
    from intake.commands.show import list_cases
    from intake.core import labels
    from intake.core.statuses import STATUSES

    if as_json and as_csv:
        raise Failure("cases : choisissez --json ou --csv, pas les deux", 2)
    if status:  # the stored word (incomplete) or the French one (incomplet)
        by_label = {labels.status(s): s for s in STATUSES}
        typed = status.strip().lower()
        status = typed if typed in STATUSES else by_label.get(typed)
        if status is None:
            raise Failure("--status : choisissez parmi " + ", ".join(f"{s} ({labels.status(s)})" for s in STATUSES),
                          2)
    app = app_of(ctx, reading=True)
    rows = list_cases(app, status)
    if as_json:
        echo(json_text(rows))
        return
    if as_csv:
        from intake.commands.show import rows_csv

        echo(rows_csv(app, rows).decode("utf-8"), nl=False)
        return
    if not rows:
        echo("Aucun dossier.")
        return
    case_table(rows)


def case_table(rows: list[dict]) -> None:
    """`intake cases` and the demo: one line per case, the status in French (--json keeps the stored word)."""
    from intake.core import labels

    rows = one_line_values(rows)  # a line per case, whatever its values hold
    echo(f"{'Référence':<15} {'Statut':<11} {'Demandeur':<36} {'Pièces':<26} Manquantes")
    for r in rows:
        who = r["applicant"] or "(sans adresse électronique)"
        if len(who) > 36:  # cut, and shown to be: a cut address looks like a whole one that is wrong
            who = who[:35] + "…"
        echo(f"{r['reference']:<15} {labels.status(r['status']):<11} {who:<36} "
             f"{', '.join(r['pieces']) or '-':<26} {', '.join(r['missing']) or '-'}")


CASE_HELP = """Un dossier, et ce que le service en fait.

\b
  intake case REF [--json]                      voir le dossier : pièces, messages, courriels, historique
  intake case REF status STATUT [--note TEXTE] [--notify] [--despite-missing] [--clear-attention]
                                                enregistrer une décision : admissible (recevable),
                                                inadmissible (irrecevable), labelled (labellisé),
                                                declined (refusé), withdrawn (retiré), ou review (à
                                                vérifier) pour revenir à l'examen ; --notify envoie au
                                                demandeur le courriel templates/decision/STATUT qui
                                                correspond (une seule fois) ; un refus (declined,
                                                inadmissible) demande son motif (--note) ; admissible ou
                                                labelled avec des pièces manquantes demande
                                                --despite-missing ; « À voir » reste, sauf avec
                                                --clear-attention
  intake case REF piece FICHIER-OU-N° --kind TYPE
                                                corriger le type d'une pièce (dossier, courrier,
                                                visuels, ou aucune : pas une pièce) ; la correction
                                                tient quand les règles changent ; un fichier qui
                                                semble contenir aussi une autre pièce (dossier et
                                                courrier scannés ensemble) : --also TYPE la compte
                                                comme reçue, --not-also TYPE la redemande au
                                                demandeur (au lieu de --kind)
  intake case REF piece FICHIER-OU-N° --remove [--note TEXTE]
                                                retirer un fichier ajouté à la main par erreur (add,
                                                ou « Ajouter des pièces reçues autrement ») : il est
                                                effacé du disque, sauf si un autre dossier contient
                                                le même fichier, l'historique garde son nom, qui et
                                                pourquoi (--note), le statut est recalculé ; aucun
                                                courriel ne part ; un fichier arrivé par courriel ne
                                                se retire pas : --kind aucune (pas une pièce) ;
                                                impossible sur un dossier clos par une décision
  intake case REF add FICHIERS... [--received DATE] [--note TEXTE]
                                                ajouter au dossier des pièces reçues autrement que
                                                par courriel au service (courrier au Maire, clé USB,
                                                courriel reçu dans votre propre boîte), numérisées ou
                                                enregistrées : elles sont lues et reconnues exactement
                                                comme les pièces jointes d'un courriel, et le statut
                                                est recalculé ; si le dossier devient complet, le
                                                demandeur à qui le service a déjà écrit reçoit l'avis
                                                de dossier complet, sinon aucun courriel ne part ;
                                                --received : le jour où elles sont arrivées (par
                                                défaut aujourd'hui), --note : comment ; impossible sur
                                                un dossier clos par une décision
  intake case REF mail N [--raw]                lire le Nᵉ courriel envoyé sur le dossier, tel qu'il
                                                est parti (--raw : le message entier, à enregistrer en
                                                .eml)
  intake case REF note "TEXTE"                  ajouter une note du service à l'historique du dossier
  intake case REF remind                        réclamer maintenant les pièces manquantes d'un dossier
                                                incomplet : la relance suivante part aujourd'hui, au
                                                lieu de son jour (les suivantes gardent le leur) ;
                                                impossible le jour de la date limite des pièces ou
                                                après (la relance la donnerait encore)
  intake case REF notify                        prévenir maintenant le demandeur d'une décision enregistrée
                                                sans --notify : le courriel templates/decision/STATUT
                                                part, avec le motif enregistré (--note), une seule fois
  intake case REF merge AUTRE                   fusionner le dossier AUTRE dans REF (une candidature
                                                classée deux fois) : pièces, messages, courriels et
                                                historique rejoignent REF ; AUTRE mène ensuite à REF
  intake case REF move-message N --to AUTRE     déplacer le Nᵉ message du dossier (numéroté comme dans
                                                « intake case REF »), avec ses fichiers, vers AUTRE
  intake case REF address ADRESSE [--main]      confirmer une adresse du demandeur : ses courriels
                                                rejoignent alors le dossier ; avec --main, les
                                                courriels du dossier partent désormais à cette adresse
  intake case REF field CLÉ VALEUR              corriger un champ du dossier (rules/fields.toml : titre,
                                                organisation, categorie, theme, sous_theme,
                                                criteres...) ; plusieurs choix séparés par « ; » ;
                                                « - » le vide ; aucun dossier lu ensuite ne le remplace
  intake case REF received DATE [--note TEXTE]  corriger la date de réception (26/11/2026,
                                                « 26 novembre », « hier », avec 14:30 si besoin) :
                                                les délais comptent à partir d'elle
  intake case REF seen [--note TEXTE]           ce que dit « À voir » est traité : l'effacer
                                                (l'historique garde ce qu'il disait)
  intake case REF discard --reason TEXTE        pas une candidature (un tiers qui cite un autre
                                                dossier, un courriel classé par erreur) : supprimer le
                                                dossier tout de suite, comme le fait la purge (une
                                                ligne statistique sans nom ni contenu, une ligne au journal des
                                                suppressions avec qui et pourquoi) ; impossible sur
                                                un dossier qui porte une décision
  intake case new [--applicant ADRESSE] [--name NOM] [--title TITRE] [--received DATE] FICHIERS...
                                                enregistrer une candidature arrivée par courrier
                                                (numérisée) : ses fichiers sont lus et reconnus
                                                exactement comme les pièces jointes d'un courriel ;
                                                aucun courriel n'est envoyé ; sans adresse
                                                électronique (donnez --name), aucun ne le sera
                                                jamais : le service répond par courrier
Toute commande qui modifie un dossier accepte --by NOM, pour l'historique (par défaut : $INTAKE_USER,
sinon votre identifiant de connexion). STATUT s'écrit en anglais ou en français (recevable...).

\b
Exemple : intake case BSC-2026-0007 status admissible --note "comité du 3 décembre" --notify
"""


def _entries(text: str) -> dict[str, str]:
    """CASE_HELP's table, by action ("show" for the case itself, "new"): the description column (from column 48)
    of each `intake case ...` entry (an action given twice, one per usage, has both), so that `intake case REF
    status --help` says what CASE_HELP says."""
    entries: dict[str, str] = {}
    name = ""
    for line in text.splitlines():
        if line.startswith("  intake case "):
            words = line.split()
            name = "new" if words[2] == "new" else words[3] if not words[3].startswith("[") else "show"
            said = line[48:].strip() if line[46:48] == "  " else ""  # else the usage is longer
            entries[name] = f"{entries[name]} ; {said}".strip() if name in entries else said  # a second usage
        elif name and line.startswith(" " * 48):
            entries[name] = f"{entries[name]} {line.strip()}".strip()
        else:
            name = ""
    return {name: f"{text[:1].upper()}{text[1:]}." for name, text in entries.items()}


CASE_ACTIONS = ("status", "notify", "piece", "add", "mail", "note", "remind", "merge", "move-message", "address",
                "field", "received", "seen", "discard")


@main.command(help=CASE_HELP, context_settings={"ignore_unknown_options": True, "allow_extra_args": True,
                                                "allow_interspersed_args": False,
                                                "help_option_names": ["-h", "--help"]})
@click.argument("args", nargs=-1, type=click.UNPROCESSED, metavar="REF [ACTION ...]")
@click.pass_context
def case(ctx: click.Context, args: tuple[str, ...]) -> None:
    if not args:
        raise Failure("case : donnez une référence (intake case BSC-2026-0007), ou « intake case new ... »", 2)
    sub: click.Command
    if args[0] == "new":
        sub, rest = case_new, list(args[1:])
    elif len(args) > 1 and args[1] in CASE_ACTIONS:
        sub = {"status": case_status, "notify": case_notify, "piece": case_piece, "add": case_add, "mail": case_mail,
               "note": case_note,
               "remind": case_remind, "merge": case_merge, "move-message": case_move, "address": case_address,
               "field": case_field,
               "received": case_received, "seen": case_seen, "discard": case_discard}[args[1]]
        rest = [args[0], *args[2:]]
    elif len(args) > 1 and not args[1].startswith("-"):
        raise Failure(f"case {args[0]} {args[1]} : action inconnue : choisissez parmi " + ", ".join(CASE_ACTIONS)
                      + " (intake case --help)", 2)
    else:
        sub, rest = case_show, list(args)
    # under `intake` itself, so that a usage error says `intake case REF mail [OPTIONS] N` and `Try 'intake
    # case --help'`, not click's `intake case [ARGS]... intake case mail`, which cannot be typed
    with sub.make_context("case new" if sub is case_new else "case", rest, parent=ctx.parent) as sub_ctx:
        sub.invoke(sub_ctx)


@case_command("show")
@click.option("--json", "as_json", is_flag=True,
              help="Afficher le dossier en JSON (pour les scripts ; les valeurs y restent telles que conservées).")
def case_show(ctx: click.Context, reference: str, as_json: bool) -> None:
    from intake.commands.show import case_detail
    from intake.core import french, labels

    app = app_of(ctx.find_root(), reading=True)
    detail = case_detail(app, reference)
    if as_json:
        echo(json_text(detail))
        return
    detail = one_line_values(detail)  # values read from strangers' mail and documents cannot print a line of ours
    if detail["asked_as"]:
        a = detail["asked_as"]
        echo(f"{a['reference']} a été fusionné dans {detail['reference']} le {day(a['at'])} par {a['by']} :")
    echo(f"{detail['reference']}  {labels.status(detail['status'])}  ({labels.reason(detail['status_reason'])})")
    if detail["untold"]:
        echo(f"{detail['untold']} ; pour le prévenir : intake case {detail['reference']} notify")
    if detail["applicant"]:
        echo(f"Demandeur : {detail['applicant_name']} <{detail['applicant']}>")
    else:
        echo(f"Demandeur : {detail['applicant_name']} (pas d'adresse électronique : aucun courriel ne peut lui être "
             "envoyé, répondez par courrier)")
    for a in detail["addresses"]:
        if a["address"] != detail["applicant"]:
            echo(f"  aussi    : {a['address']} ({a['label']})")
    if detail["linked_to"]:
        echo(f"Lié à     : {detail['linked_to']} (un tiers a cité ce dossier : à rattacher ou non)")
    echo(f"Projet    : {detail['title'] or '(sans titre)'}")
    names = {rule.key: rule.label for rule in app.rules.fields}
    for key, value in detail["fields"].items():
        if key != "titre":
            by_staff = " (corrigé par le service)" if key in detail["staff_fields"] else ""
            echo(f"  {names.get(key, key):<18} : {value}{by_staff}")
    echo(f"Reçu le   : {french.date_time(datetime.fromisoformat(detail['received_at']))}")
    echo(f"Manquant  : {', '.join(app.rules.label(k) for k in detail['missing']) or 'rien'}")
    for kind, filename in detail["included"].items():
        link = next((p for p in detail["piece_files"] if p["filename"] == filename and p["type"] == "link"), None)
        if link is not None:  # named by its number: a link's address is no name to type
            echo(f"  {app.rules.label(kind)} : semble se trouver derrière le lien n° {link['id']} ({filename}), pas "
                 f"demandé au demandeur : à ouvrir et vérifier (intake case {detail['reference']} piece {link['id']} "
                 f"--also {kind}, ou --not-also {kind})")
            continue
        echo(f"  {app.rules.label(kind)} : semble inclus dans « {filename} », pas demandé au demandeur : à vérifier "
             f"(intake case "
             f"{detail['reference']} piece « {filename} » --also {kind}, ou --not-also {kind})")
    if detail["attention"]:
        echo(f"À voir    : {labels.reason(detail['attention'])}")
    echo("Pièces :")
    for p in detail["piece_files"]:
        echo(f"  - #{p['id']} [{p['label']}] {p['filename']} ({p['size']} octets, {p['type']}) {p['path']}")
    if detail["merged"]:
        echo("Fusionnés ici : " + ", ".join(f"{m['reference']} ({day(m['at'])}, {m['by']})"
                                                  for m in detail["merged"]))
    echo("Messages (intake case REF move-message N --to AUTRE pour en déplacer un) :")
    for n, m in enumerate(detail["message_list"], 1):
        echo(f"  {n}. {day(m['received_at'])} {m['mailbox']} (n° {m['uid']} sur le serveur) {labels.fate(m['fate'])} : "
             f"{m['subject'] or labels.reason(m['reason'])}")
    echo("Courriels envoyés (intake case REF mail N pour en lire un) :")
    for n, m in enumerate(detail["mails"], 1):
        line = f"  {n}. {labels.mail(m['kind'])} à {m['to']} : {labels.mail_status(m['status'])} {m['last_error']}"
        echo(line.rstrip())
    echo("Historique :")
    for e in detail["events"]:
        when = datetime.fromisoformat(e["at"])
        echo(f"  - {when:%d/%m/%Y %H:%M} [{e['actor']}] {labels.event(e['kind'])} : "
             f"{labels.detail(e['kind'], e['detail'])}")


@case_command("mail")
@click.argument("number", type=int, metavar="N")
@click.option("--raw", is_flag=True,
              help="Afficher le message entier tel qu'il est parti (RFC 5322), par exemple pour l'enregistrer en "
                   ".eml.")
def case_mail(ctx: click.Context, reference: str, number: int, raw: bool) -> None:
    from intake.commands.show import sent_mail

    data = sent_mail(app_of(ctx.find_root(), reading=True), reference, number)
    if raw:
        echo(data.decode("utf-8", "replace").replace("\r\n", "\n"), nl=False)
        return
    print_mail(data)


_DESCRIPTIONS = _entries(CASE_HELP)
for _command in (case_show, case_new, case_status, case_notify, case_piece, case_add, case_mail, case_note, case_remind,
                 case_merge, case_move,
                 case_address, case_field, case_received, case_seen, case_discard):
    # an action CASE_HELP forgot has no description (tests/unit/test_cli_help_fr.py says so), not a CLI that fails
    _command.help = _command.help or _DESCRIPTIONS.get(_command.name or "", "")
