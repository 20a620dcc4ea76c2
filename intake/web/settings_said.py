"""The settings staff meet in their day, said in French for « Règles » (read-only): what holds mail for them, what
sets a message aside in the quarantine, and the service's rhythm. Each line names its key, for the admin who
changes it in config.toml or rules/conversations.toml; the numbers are the ones in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from intake.config.settings import Settings
from intake.core.conversation_rules import ConversationRules
from intake.core.french import DAYS, NBSP, agree, clock, count, size, unbreakable
from intake.web.console import SESSION_LIFETIME


@dataclass(frozen=True)
class Line:
    text: str
    key: str  # where it is set: « config.toml, [limits] cases_per_sender_per_day »


@dataclass(frozen=True)
class Group:
    title: str
    lines: tuple[Line, ...]


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]


def _days(days: frozenset[int]) -> str:
    """{0, 1, 2, 3, 4} -> « du lundi au vendredi »; {0, 2} -> « le lundi et le mercredi »."""
    ordered = sorted(days)
    if len(ordered) == 7:
        return "tous les jours"
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"du {DAYS[ordered[0]]} au {DAYS[ordered[-1]]}"
    return _and([f"le {DAYS[d]}" for d in ordered])


def _shared(domains: frozenset[str]) -> str:
    """« des grandes messageries (40 domaines : gmail.com, orange.fr…) et », the providers whose users each count
    alone; "" when there are none."""
    if not domains:
        return ""
    famous: list[str] = [d for d in ("gmail.com", "orange.fr", "laposte.net", "free.fr") if d in domains]
    known = famous or sorted(domains)
    more = "…" if len(domains) > 2 else ""
    return f"des grandes messageries ({count(len(domains), 'domaine')} : {', '.join(known[:2])}{more}) et "


def _minutes(n: int) -> str:
    return count(n // 60, "heure") if n % 60 == 0 else count(n, "minute")


def _reading_time(limits) -> str:
    """The daily reading budgets (core/reading_budget.py), as staff read them."""
    parts = [f"{_minutes(n // 60) if n % 60 == 0 else count(n, 'seconde')} {who}" for n, who in (
        (limits.read_seconds_per_sender_per_day, "pour un même expéditeur"),
        (limits.read_seconds_per_domain_per_day, "pour les adresses d'un même domaine"),
        (limits.unauthenticated_read_seconds_per_day, "pour tous les expéditeurs non authentifiés ensemble"),
        (limits.unauthenticated_read_seconds_per_network_per_day,
         "pour ceux d'un même réseau d'envoi, selon le serveur de la ville")) if n]
    if not parts:
        return "Aucune limite au temps de lecture des fichiers par jour."
    return (f"Temps de lecture des fichiers par jour, au plus : {', '.join(parts)} ; au-delà, les fichiers des "
            "messages suivants sont gardés sans être lus (« non lu », le dossier passe « à vérifier ») jusqu'au "
            "lendemain, et la raison est dite à côté de chaque fichier.")


def said(settings: Settings, conversation: ConversationRules) -> tuple[Group, ...]:
    """What « Règles » reminds staff of, in three groups."""
    limits, conv = settings.limits, conversation
    held = Group("Ce qui retient des courriels pour vous (« Envois à voir »)", (
        Line(f"Un courriel déjà vieux de plus de {count(settings.acknowledge_within_hours, 'heure')} quand le service "
             "le lit (après une panne, à la mise en service) est classé, mais son accusé de réception est retenu : "
             "vous l'envoyez, ou non.", "config.toml, acknowledge_within_hours"),
        Line(f"Au-delà de {count(conv.new_cases_per_day, 'accusé')} de réception de nouveaux dossiers en 24 heures, "
             "les suivants sont retenus : envoyez-les un par un, après avoir regardé le dossier (des candidatures "
             "inventées, en nombre, recevraient sinon chacune une réponse de la Ville).",
             "rules/conversations.toml, new_cases_per_day"),
        Line(f"Au-delà de {count(conv.answers_per_day, 'courriel automatique', 'courriels automatiques')} aux "
             "demandeurs en 24 heures (accusés de réception, mises à jour, avis de dossier complet, relances), les "
             "suivants sont retenus pour vous, et une relance due est reportée.",
             "rules/conversations.toml, answers_per_day"),
        Line(f"Au plus {count(conv.per_recipient_per_day, 'courriel automatique', 'courriels automatiques')} par "
             f"jour à une même adresse, et {count(conv.per_case_per_day, 'courriel')} par dossier : au-delà, rien ne "
             "part et le dossier est signalé « À voir » ; une relance due, elle, attend que la limite le permette.",
             "rules/conversations.toml, per_recipient_per_day, per_case_per_day"),
    ))
    floor = (f"Sous {size(limits.min_free_bytes)} d'espace libre sur le disque, plus aucun message n'est classé : la "
             "relève s'arrête avec une erreur (page « Boîtes aux lettres ») et le courrier attend dans la boîte."
             if limits.min_free_bytes else "Aucun seuil d'espace libre sur le disque.")
    seconds = limits.read_seconds
    read = _minutes(seconds // 60) if seconds % 60 == 0 else count(seconds, "seconde")
    quarantine = Group("Ce qui met un message en quarantaine", (
        Line(f"Un même expéditeur ouvre au plus {count(limits.cases_per_sender_per_day, 'dossier')} en 24 heures : "
             "le message suivant qui en ouvrirait un est mis en quarantaine ; si c'est une vraie candidature, "
             "enregistrez-la depuis « Quarantaine ».", "config.toml, [limits] cases_per_sender_per_day"),
        Line(f"Les adresses d'un même domaine (a1@exemple.fr, a2@exemple.fr…) ouvrent au plus "
             f"{count(limits.cases_per_domain_per_day, 'dossier')} ensemble en 24 heures, sauf celles "
             f"{_shared(limits.shared_mail_domains)}de la Ville.",
             "config.toml, [limits] cases_per_domain_per_day, shared_mail_domains"),
        Line(f"Un expéditeur automatique (le formulaire du site de la Ville) ouvre au plus "
             f"{count(limits.cases_per_robot_per_day, 'dossier')} en 24 heures.",
             "config.toml, [limits] cases_per_robot_per_day"),
        Line(f"Les messages que le serveur de la Ville n'a pas authentifiés (n'importe qui peut écrire sous le nom "
             f"d'un autre) ouvrent au plus {count(limits.unauthenticated_cases_per_day, 'dossier')} ensemble en "
             "24 heures, tous expéditeurs confondus ; au-delà, ils sont mis en quarantaine (le courrier authentifié "
             "et les transferts du service sont classés comme d'habitude).",
             "config.toml, [limits] unauthenticated_cases_per_day"),
        Line(f"Ces messages non authentifiés ajoutent au plus {size(limits.bytes_per_sender_per_day)} de fichiers "
             f"en 24 heures pour un même expéditeur, {size(limits.bytes_per_domain_per_day)} pour les adresses d'un "
             f"même domaine, {size(limits.unauthenticated_bytes_per_day)} pour tous ensemble : au-delà, le message "
             "suivant est mis en quarantaine, même s'il rejoint un dossier, et personne ne reçoit de courriel ; si "
             "c'est un vrai candidat, ouvrez-le dans « Quarantaine » et « Enregistrer malgré les limites ».",
             "config.toml, [limits] bytes_per_sender_per_day, bytes_per_domain_per_day, unauthenticated_bytes_per_day"),
        Line(f"Tout expéditeur, authentifié ou non, ajoute au plus "
             f"{size(limits.bytes_per_authenticated_sender_per_day)} de fichiers en 24 heures (une adresse de "
             "messagerie gratuite passe l'authentification) : au-delà, de même, le message suivant est mis en "
             "quarantaine.", "config.toml, [limits] bytes_per_authenticated_sender_per_day"),
        Line(f"Les messages authentifiés des adresses d'un même domaine ajoutent ensemble au plus "
             f"{size(limits.bytes_per_authenticated_domain_per_day)} de fichiers en 24 heures (qui a son propre "
             "domaine peut s'y inventer autant d'adresses qu'il veut) ; les adresses des grandes messageries "
             "(gmail.com, orange.fr…) et celles de la Ville comptent chacune seule, une boîte avec ses variantes en "
             "« + » (jeanne+1@gmail.com…) : au-delà, de même, le message suivant est mis en quarantaine.",
             "config.toml, [limits] bytes_per_authenticated_domain_per_day"),
        Line(f"Un courriel de plus de {size(settings.max_message_bytes)} n'est pas téléchargé : il est mis en "
             "quarantaine et reste dans la boîte. C'est aussi le plus gros envoi que la console accepte en une fois.",
             "config.toml, max_message_bytes"),
        Line(f"Un message de plus de {count(limits.max_attachments, 'fichier')} (archives ouvertes) ou de plus de "
             f"{count(limits.max_parts, 'partie')} est mis en quarantaine.",
             "config.toml, [limits] max_attachments, max_parts"),
        Line(f"Les fichiers d'un message qui ne sont pas lus en {read} sont marqués « non lu, à vérifier » : le "
             "dossier passe « à vérifier ».", "config.toml, [limits] read_seconds"),
        Line(_reading_time(limits), "config.toml, [limits] read_seconds_per_sender_per_day, "
             "read_seconds_per_domain_per_day, unauthenticated_read_seconds_per_day, "
             "unauthenticated_read_seconds_per_network_per_day"),
        Line(f"La quarantaine garde au plus {size(limits.quarantine_bytes)} de messages : au-delà, un message y est "
             "noté sans son contenu (l'original reste dans la boîte).", "config.toml, [limits] quarantine_bytes"),
        Line(floor, "config.toml, [limits] min_free_bytes"),
    ))
    digest = settings.digest
    hour, minute = conv.reminder_hour
    rhythm = Group("Le rythme du service", (
        Line(f"Les boîtes sont relevées toutes les {count(settings.schedule.poll_minutes, 'minute')}.",
             "config.toml, [schedule] poll_minutes"),
        Line((f"Relances d'un dossier incomplet : {_and([str(d) for d in conv.reminder_days])} "
              f"{agree(max(conv.reminder_days), 'jour')} après le dernier accusé de réception (un jour ouvré), à "
              f"{clock(time(hour, minute))}" if conv.reminder_days else "Aucune relance automatique")
             + f" ; le demandeur a {count(conv.deadline_days, 'jour')} après la réception pour compléter son dossier.",
             "rules/conversations.toml, [reminders]"),
        Line(f"Le récapitulatif quotidien part à {clock(digest.at)}, {_days(digest.days)}, à "
             f"{_and(list(digest.recipients))}"
             + (" ; pas les jours où il n'y a rien à signaler." if digest.skip_when_empty else ".")
             if digest.recipients else "Pas de récapitulatif quotidien : aucun destinataire n'est indiqué.",
             "config.toml, [digest]"),
        Line(f"La console vous déconnecte après {_minutes(settings.web.idle_minutes)} sans activité, et au plus "
             f"tard {count(int(SESSION_LIFETIME.total_seconds()) // 3600, 'heure')} après la connexion.",
             "config.toml, [web] idle_minutes"),
        Line(f"Les données arrivées au bout de leur durée de conservation sont effacées chaque jour à "
             f"{clock(settings.privacy.purge_at)}.", "config.toml, [privacy] purge_time"),
        Line(f"Les heures sont celles du fuseau {settings.timezone.key}.", "config.toml, timezone"),
    ))
    return tuple(Group(g.title, tuple(Line(_together(x.text), x.key) for x in g.lines))
                 for g in (held, quarantine, rhythm))


def _together(text: str) -> str:
    """No line ends inside « 8 h 30 », « 50,0 Mo », or just after « (nor just before »)."""
    return unbreakable(text).replace("« ", f"«{NBSP}").replace(" »", f"{NBSP}»")
