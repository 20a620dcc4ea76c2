"""`intake explain FILE.eml`: how a message would be handled, and why. No database, no mail."""

from __future__ import annotations

from pathlib import Path

from intake.adapters.rulefiles import IN_FORCE, in_force_instead, load_rules
from intake.config import Settings
from intake.core import labels
from intake.core.context import Context
from intake.core.decide import decide
from intake.core.french import count
from intake.core.reading_budget import reading_said
from intake.core.rules import Rules
from intake.core.sniff import not_a_saved_message
from intake.errors import OverLimit, ParseError, RulesError, UsageError
from intake.pipeline import readbudget
from intake.pipeline.read import read_message


def rules_to_explain_with(settings: Settings) -> tuple[Rules, str]:
    """The rules on disk, and ""; when they do not load (the admin is editing them), the last rules that loaded
    (data_dir/rules-in-force.json: those the service still applies) and why, in French. When none were kept
    either, the RulesError of the files on disk, saying what to fix. Reads data_dir, never writes there."""
    try:
        return load_rules(settings.rules_dir), ""
    except RulesError as exc:
        kept = in_force_instead(settings.rules_dir, settings.data_dir, exc)
        return kept, (f"règles en erreur : {exc} ; cette explication utilise les dernières règles valables, celles "
                      f"que le service applique encore ({settings.data_dir / IN_FORCE}), pas les règles en erreur "
                      "sur le disque : corrigez-les (intake rules check) pour essayer vos modifications")


def explain_file(settings: Settings, path: Path, rules: Rules | None = None, warning: str = "") -> str:
    """How the message in `path` would be handled, in French. `rules`/`warning`: as `rules_to_explain_with` gives
    them (by default, the rules on disk); a warning is the explanation's first line."""
    if rules is None:
        rules = load_rules(settings.rules_dir)
    raw = path.read_bytes()
    problem = not_a_saved_message(raw)
    if problem:
        raise UsageError(f"{path} : {problem}")
    lines = ([f"ATTENTION : {warning}"] if warning else []) + [f"Message : {path}"]
    mailbox_address = settings.mailboxes[0].address
    try:
        reading = read_message(raw, rules, settings, mailbox_address)
    except OverLimit as exc:
        return "\n".join(lines + [f"Décision : quarantaine (au-delà des limites : {exc}) ; le message brut serait "
                                  "conservé pour le service."])
    except ParseError as exc:
        return "\n".join(lines + [f"Décision : quarantaine (illisible : {exc}) ; le fichier brut serait conservé."])
    msg, verdicts = reading.msg, reading.verdicts
    lines += [f"  De      : {msg.from_name} <{msg.from_addr}>", f"  À       : {', '.join(msg.to)}",
              f"  Cc      : {', '.join(msg.cc) or '-'}", f"  Objet   : {msg.subject}",
              f"  Message-ID : {msg.message_id or '(aucun)'}"]
    if msg.defects:
        lines.append(f"  Défauts de structure : {', '.join(msg.defects)}")
    if msg.reply_to:
        lines.append(f"  Reply-To : {msg.reply_to} (noté, jamais utilisé pour écrire)")
    forward = reading.forward
    check = forward.sender  # a trusted forward's original sender is vouched for by its evidence, below
    if forward.by:
        lines.append(f"  Transfert de confiance par {forward.by} ({forward.evidence}) : traité comme un message "
                     f"de {msg.from_addr}")
    elif check.verdict:
        lines.append(f"  Authentification de l'expéditeur : {'réussie' if check.verdict == 'pass' else 'ÉCHEC'} "
                     f"({check.why})")
    else:
        lines.append(f"  Authentification de l'expéditeur : non établie ({check.why})")
    if forward.notice:
        lines.append(f"  Notification d'un service (transfert de fichiers, signature électronique) : {forward.notice}")
    if forward.claimed_by:
        lines.append(f"  Transfert NON reconnu de {forward.claimed_by} : {forward.evidence} ; traité comme le "
                     f"message de {forward.claimed_by} : {forward.quoted}, cité dedans, ne recevrait rien "
                     "(le dossier Envoyés n'est pas consulté par explain)")
    if reading.unread:
        lines.append(f"Pièces jointes ({len(msg.attachments)}) : non lues, rien de ce qu'elles contiennent ne "
                     f"changerait la décision ({reading.unread})")
        lines += [f"  - {a.filename} : {a.size} octets" for a in msg.attachments]
    else:
        lines.append(f"Pièces jointes et liens ({len(verdicts)}) :")
    for v in verdicts:
        what = {"piece": f"pièce « {rules.label(v.kind)} »", "unresolved": "document non reconnu (à vérifier)",
                "skipped": "pas une pièce"}[v.outcome]
        if v.outcome == "unresolved" and v.also:  # a link under a piece's name: that piece, to verify
            what = f"semble être : {' ou '.join(rules.label(k) for k in v.also)} (à vérifier)"
        a = v.attachment
        where = f" (dans {a.container.rstrip('/')})" if a.container else ""
        lines.append(f"  - {a.filename}{where} : type réel {v.detected_type} (annoncé {a.declared_type or '-'}), "
                     f"{a.size} octets{', inséré dans le message' if a.inline else ''}")
        content = reading.contents.get(a.sha256)
        if content is not None and (content.text.strip() or content.error or content.pages):
            excerpt = " ".join(content.text.split())[:160]
            pages = f", {count(content.pages, 'page')}" if content.pages else ""
            lines.append(f"      lu par {content.method}{pages}" + (f" : « {excerpt} »" if excerpt else " (sans texte)")
                         + (f" ; problème : {content.error}" if content.error else ""))
        if content is not None and content.not_ocr:
            lines.append(f"      pas de lecture optique (OCR) : {content.not_ocr}")
        lines.append(f"      -> {what} : {v.evidence}")
    lines.append("Temps de lecture des fichiers : " + reading_said(readbudget.keys_of(settings, forward),
                                                                   readbudget.caps(settings), msg.from_addr))
    if reading.fields:
        lines.append("Champs lus dans le dossier : " + " ; ".join(f"{k} = {v}" for k, v in reading.fields.items()))
    ctx = Context(watched=settings.watched, aliases=settings.aliases, mailbox_address=mailbox_address,
                  system_id=settings.system_id, automatic=settings.trust.automatic_senders, **forward.said())
    d = decide(msg, verdicts, rules, ctx)
    lines.append(f"Origine : {labels.origin(d.origin.category) if d.origin else '-'} "
                 f"({d.origin.reason if d.origin else ''})")
    lines.append(f"Décision : {labels.fate(d.fate)} ({labels.reason(d.reason)})")
    if d.assessment:
        inside = ", ".join(rules.label(k) for k in d.assessment.included)
        lines.append(f"Statut du dossier : {labels.status(d.assessment.status)} ; manquant : "
                     f"{', '.join(rules.label(k) for k in d.assessment.missing) or 'rien'}"
                     + (" (dont, semble se trouver dans un fichier reçu ou derrière un lien, à vérifier et pas demandé "
                        f"au candidat : {inside})" if inside else ""))
        mail = d.mail
        lines.append(f"Courriel automatique : {labels.mail(mail.kind)} à {mail.to_addr} depuis {mail.from_addr}" if mail
                     else f"Courriel automatique : aucun ({d.no_mail_reason})")
    if d.attention:
        lines.append(f"À signaler au service : {d.attention}")
    lines.append("(Sans base de données : un doublon, une réponse à un dossier existant, un avis de non-remise "
                 "qui se rapporte à l'un de nos courriels, ou le temps de lecture déjà pris aujourd'hui par "
                 "l'expéditeur ne se voit pas ici.)")
    return "\n".join(lines)
