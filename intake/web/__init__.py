"""The staff console (`intake serve`): a small server-rendered web application.

    site.py      the ASGI application: routes, static files, error pages, headers
    security.py  keys, CSRF tokens, security headers, safe redirects and file names
    console.py   per request: who is signed in; `page` (GET) and `action` (POST form) handlers
    auth.py      sign-in by one-time link, sessions, sign-out, rate limits
    (its queries are in intake/store/: caselist.py, signins.py, cases.py, ...)
    render.py    the console's Jinja2 pages (autoescaped), French labels
    mailview.py  mail as text; previews.py: the decision mail before it is sent
    export.py    the jury's ZIP and PDF summaries
    routes/      one module per screen: cases, case, actions, inbox (quarantine, outbox, mailboxes),
                 jury, admin
    server.py    uvicorn
"""
