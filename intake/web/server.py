"""`intake serve`: the console under uvicorn, on `[web] listen` (or `--listen`).

Behind the town's reverse proxy on the same host, uvicorn believes the proxy's
X-Forwarded-For / X-Forwarded-Proto (from 127.0.0.1 only, unless told
otherwise with FORWARDED_ALLOW_IPS), so rate limits see the real client.
"""

from __future__ import annotations

import logging
import os

import uvicorn

from intake.app import App
from intake.web.site import create_console

log = logging.getLogger("intake.web")


def serve(app: App, host: str, port: int) -> None:
    console = create_console(app)
    problems = [p for p in (app.rules_problem, app.templates.problem) if p]
    if problems:  # started while the admin's files are broken: the staff work on, with the last good ones
        log.warning("console: running on the last valid rules (%s) and templates (%s), not the files on disk, "
                    "until they are fixed: %s", app.settings.data_dir / "rules-in-force.json",
                    app.settings.data_dir / "templates-in-force.json", " ; ".join(problems))
    log.info("console: http://%s:%s/ (staff open %s)", f"[{host}]" if ":" in host else host, port,
             app.settings.web.public_url)
    # what the person who started it needs, in French: a start that went well is no warning
    print(f"Console du personnel démarrée : ouvrez {app.settings.web.public_url.rstrip('/')}/ dans votre navigateur "
          f"(elle écoute sur {host}:{port}).", flush=True)
    # log_config=None: uvicorn's loggers (a failed request's traceback, "Exception in ASGI application") go
    # through intake's handler, which masks addresses and control characters (cli/output.py SafeFormatter),
    # instead of a handler of uvicorn's own that wrote them as they are to the journal
    uvicorn.run(console, host=host, port=port, proxy_headers=True,
                forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
                server_header=False, log_level="warning", access_log=False, log_config=None,
                timeout_graceful_shutdown=10)
