"""`/cases`: counts by status, filters, search, sorting and paging over every case."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from starlette.routing import Route

from intake.commands.show import gone_case
from intake.core import french
from intake.core import visits as visit_policy
from intake.core.statuses import STATUSES
from intake.store import caselist
from intake.store.database import session
from intake.web.console import LIST_COOKIE, Ctx, page

PER_PAGE = 50
SORT_LABELS = {"reference": "référence", "recu": "date de réception", "maj": "dernière activité",
               "statut": "statut", "demandeur": "demandeur"}


def choice_fields(rules) -> list:
    """The dossier's fields with a list of values (category, theme, criteria...): each is a filter."""
    return [r for r in rules.fields if r.choices]


@dataclass
class ListView:
    """A list of cases as the staff member asked for it: its filters, its order, and the query that says so."""

    filter: caselist.CaseFilter
    sort: str
    descending: bool
    chosen: dict[str, str]
    fields: list
    query: dict[str, str]  # without the page


def list_view(ctx: Ctx, params: Mapping[str, str]) -> ListView:
    rules, settings = ctx.app.rules, ctx.app.settings
    fields = choice_fields(rules)
    chosen = {r.key: params.get(r.key, "") for r in fields if params.get(r.key, "") in [v for v, _ in r.choices]}
    mailbox_names = [m.name for m in settings.mailboxes]
    mark, me = ctx.who.mark, ctx.who.staff.email
    f = caselist.CaseFilter(
        news=(mark, me) if mark is not None and params.get("nouveau") == "1" else None,
        status=params.get("statut", "") if params.get("statut", "") in STATUSES else "",
        attention=params.get("a_voir") == "1",
        todo=params.get("a_traiter") == "1",
        mailbox=params.get("boite", "") if params.get("boite", "") in mailbox_names else "",
        fields=tuple((r.key, chosen[r.key], r.multiple) for r in fields if r.key in chosen),
        q=params.get("q", "")[:200])
    sort = params.get("tri", "") if params.get("tri", "") in caselist.SORTS else "reference"
    descending = params.get("ordre", "desc") != "asc"
    query = {"q": f.q, "nouveau": "1" if f.news else "", "statut": f.status, "a_voir": "1" if f.attention else "",
             "a_traiter": "1" if f.todo else "",
             "boite": f.mailbox, **chosen, "tri": sort if sort != "reference" else "",
             "ordre": "" if descending else "asc"}
    return ListView(f, sort, descending, chosen, fields, query)


def last_list(ctx: Ctx) -> ListView:
    """The list the staff member last looked at (every case, by reference, if none)."""
    raw = ctx.console.keys.unsign(ctx.request.cookies.get(ctx.console.cookie_name(LIST_COOKIE)),
                                 purpose=LIST_COOKIE) or ""
    return list_view(ctx, dict(parse_qsl(raw[:2000])))


@page()
def case_list(ctx: Ctx):
    params, rules, settings = ctx.request.query_params, ctx.app.rules, ctx.app.settings
    view = list_view(ctx, params)
    f, sort, descending, query = view.filter, view.sort, view.descending, view.query
    mark, me = ctx.who.mark, ctx.who.staff.email
    news_for = (mark, me) if mark is not None else None
    number = int(params["page"]) if params.get("page", "").isdecimal() and 0 < int(params["page"]) < 100_000 else 1
    with session(ctx.app.engine) as s:
        rows, total, counts = caselist.cases_page(s, f, sort, descending, number, PER_PAGE, news_for)
        news = caselist.news_count(s, mark, me) if mark is not None else 0
        todo = caselist.todo_count(s)
        gone = gone_case(s, f.q.strip(), settings.timezone) if not total and f.q.strip() else ""
    for row in rows:
        row.missing = [rules.label(k) for k in rules.required if k not in row.kinds]
    pages = max(1, -(-total // PER_PAGE))
    response = ctx.render(
        "cases.html", rows=rows, total=total, counts=counts, statuses=STATUSES, filter=f, query=query,
        fields=view.fields, chosen=view.chosen, mailboxes=settings.mailboxes, sort=sort, descending=descending,
        sort_labels=SORT_LABELS, page=number, pages=pages, gone=gone, news=news,
        todo=todo, count_or_none=french.count_or_none, news_detail=visit_policy.badge_detail,
        mark=french.date_time(mark.astimezone(settings.timezone)) if mark is not None else "",
        filtered=any(v for k, v in query.items() if k not in ("tri", "ordre")),
        more_open=any(v for k, v in query.items() if k not in ("q", "statut", "nouveau", "a_traiter")))
    # this list, for the case pages opened from it (« Dossier suivant »), through their actions and redirects
    kept = urlencode({k: v for k, v in query.items() if v})
    ctx.console.set_cookie(response, LIST_COOKIE, ctx.console.keys.sign(kept, purpose=LIST_COOKIE))
    return response


@page()
def case_list_csv(ctx: Ctx):
    """The list as shown (same filters, same order, every page) for a spreadsheet: the columns of
    `intake cases --csv` and of the digest's attachment."""
    from starlette.responses import Response

    from intake.core.digest import CaseLine, cases_csv
    from intake.store import outbox

    rules, tz = ctx.app.rules, ctx.app.settings.timezone
    view = list_view(ctx, ctx.request.query_params)
    with session(ctx.app.engine) as s:
        rows, _, _ = caselist.cases_page(s, view.filter, view.sort, view.descending, 1, 1_000_000)
        reminders = outbox.reminders_by_case(s)
    lines = [CaseLine(reference=r.case.reference, status=r.case.status, applicant=r.case.applicant,
                      title=r.case.title, received_at=r.case.received_at,
                      missing=tuple(rules.label(k) for k in rules.required if k not in r.kinds),
                      reminders_sent=reminders.get(r.case.id or 0, 0), attention=r.case.attention) for r in rows]
    day = ctx.app.clock().astimezone(tz).strftime("%Y-%m-%d")
    return Response(cases_csv(lines, tz), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="dossiers-{day}.csv"', "Cache-Control": "no-store"})


routes = [Route("/cases", case_list, methods=["GET"]), Route("/cases.csv", case_list_csv, methods=["GET"])]
