"""The console's parts that need no server: safe redirects and file names, CSRF tokens,
the link taken out of the kept copy, cookies under HTTPS and under a proxy path (the ASGI app called directly)."""

from __future__ import annotations

import asyncio
import email
import email.policy
import io
import zipfile
from datetime import datetime, timezone

import pytest

from intake.app import open_app
from intake.commands import samples
from intake.config import load
from intake.core import outgoing
from intake.core.next_page import safe_next
from intake.web import export
from intake.web.auth import _without_link
from intake.web.security import Keys, disposition
from intake.web.site import create_console


@pytest.mark.parametrize("given, expected", [
    ("/cases/BSC-2026-0001", "/cases/BSC-2026-0001"),
    ("/cases?statut=complete&page=2", "/cases?statut=complete&page=2"),
    ("//evil.example/cases", "/cases"),
    ("https://evil.example", "/cases"),
    ("/\\evil.example", "/cases"),
    ("javascript:alert(1)", "/cases"),
    ("/cases/../../etc", "/cases"),
    ("/cases\r\nSet-Cookie: x=1", "/cases"),
    ("", "/cases"),
    (None, "/cases"),
])
def test_only_paths_of_the_console_are_followed_after_sign_in(given, expected):
    assert safe_next(given) == expected


@pytest.mark.parametrize("name", ['a".pdf', "../../etc/passwd", "x\r\nSet-Cookie: y=1.pdf", "été 2026 «projet».pdf",
                                  "", "...", "\\\\server\\share.doc"])
def test_a_file_name_cannot_break_out_of_its_header(name):
    value = disposition("inline", name)
    assert "\r" not in value and "\n" not in value
    ascii_part = value.split('filename="', 1)[1].split('"', 1)[0]
    assert "/" not in ascii_part and "\\" not in ascii_part and ascii_part not in ("", ".", "..")
    value.encode("latin-1")  # a valid header value


def test_csrf_tokens_belong_to_one_session_and_one_key():
    keys, other = Keys(b"k" * 32), Keys(b"o" * 32)
    token = keys.csrf("session-a")
    assert keys.csrf_ok("session-a", token)
    assert not keys.csrf_ok("session-b", token) and not other.csrf_ok("session-a", token)
    assert not keys.csrf_ok("session-a", "") and not keys.csrf_ok(None, token) and not keys.csrf_ok("session-a", None)
    assert keys.unsign(keys.sign("abc")) == "abc" and keys.unsign("abc.forged") is None
    assert other.unsign(keys.sign("a")) is None


def test_the_list_cookie_is_signed_apart_from_the_session_s():
    """The list cookie (« Dossier suivant ») holds a search of the staff member's choosing: signed with the session's
    own salt, any value they searched for was a value the console had signed for its session, pre-session and
    next-page cookies too (attack11, Low). It has a signer of its own."""
    keys = Keys(b"k" * 32)
    listed = keys.sign("q=Alice", purpose="liste")
    assert keys.unsign(listed, purpose="liste") == "q=Alice"
    assert keys.unsign(listed) is None and keys.unsign(keys.sign("q=Alice"), purpose="liste") is None


def test_the_copy_kept_of_a_sign_in_mail_loses_its_link_but_nothing_else():
    link = "https://intake.ville-bethune.fr/login/link?token=" + "A1b2_C3-" * 6
    mail = outgoing.Outgoing(from_addr="n.bataillon@ville-bethune.fr", from_name="Ville de Béthune",
                             to_addr="d.berteloot@ville-bethune.fr", subject="Votre lien de connexion",
                             text=f"Bonjour Dominique,\n\nOuvrez ce lien : {link}\n\nÀ bientôt, é è ç « »\n"
                             + "x" * 200,
                             html=f'<p>Bonjour,</p><p><a href="{link}">Ouvrir</a> {link}</p>', reference="",
                             auto_submitted="auto-generated", suppress="All")
    raw = outgoing.build(mail, "intake.signin.1@ville-bethune.fr", datetime.now(timezone.utc), "test")
    kept = email.message_from_bytes(_without_link(raw), policy=email.policy.default)
    text, html = kept.get_body(("plain",)).get_content(), kept.get_body(("html",)).get_content()
    assert "A1b2_C3-" not in text + html and "token=(retiré après l'envoi)" in text
    assert "À bientôt, é è ç « »" in text and kept["Message-ID"] == "<intake.signin.1@ville-bethune.fr>"
    assert _without_link(b"Subject: x\r\n\r\nno link here\r\n") == b"Subject: x\r\n\r\nno link here\r\n"


@pytest.fixture
def folder_app(tmp_path):
    def make(web: str):
        (tmp_path / "mail").mkdir(exist_ok=True)
        config = tmp_path / "config.toml"
        config.write_text(f"""
data_dir = "data"
outbox_dir = "outbox"
rules_dir = "{samples.__file__.rsplit('/intake/', 1)[0]}/rules"
templates_dir = "{samples.__file__.rsplit('/intake/', 1)[0]}/templates"
[[mailboxes]]
name = "nb"
address = "n.bataillon@ville-bethune.fr"
path = "mail"
since = 2026-11-01
[service]
name = "Ville de Béthune"
address = "Hôtel de Ville, 62400 Béthune"
email = "n.bataillon@ville-bethune.fr"
phone = "03 21 63 00 00"
{web}
[[staff]]
email = "n.bataillon@ville-bethune.fr"
name = "Nicolas Bataillon"
""", encoding="utf-8")
        return open_app(load(config))
    return make


def call(app, method: str, path: str, query: bytes = b"",
         headers: tuple[tuple[bytes, bytes], ...] = ()) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """One request straight into the ASGI application."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": query, "root_path": "",
             "headers": [(b"host", b"127.0.0.1:8080"), *headers], "client": ("127.0.0.1", 50000),
             "server": ("127.0.0.1", 8080)}
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], start["headers"], body


def test_behind_https_cookies_are_secure_host_only_and_hsts_is_sent(folder_app):
    app = create_console(folder_app('[web]\nbase_url = "https://intake.ville-bethune.fr"'))
    status, headers, _ = call(app, "GET", "/login")
    cookies = [v.decode() for k, v in headers if k == b"set-cookie"]
    assert status == 200 and len(cookies) == 1
    assert cookies[0].startswith("__Host-intake_pre=") and "Secure" in cookies[0] and "HttpOnly" in cookies[0]
    assert (b"strict-transport-security", b"max-age=31536000") in headers


def test_under_a_proxy_path_every_link_and_cookie_stays_under_it(folder_app):
    app = create_console(folder_app('[web]\nbase_url = "https://intranet.ville-bethune.fr/candidatures"'))
    status, headers, body = call(app, "GET", "/login")
    assert b'href="/candidatures/static/style.css"' in body and b'action="/candidatures/login"' in body
    cookie = next(v.decode() for k, v in headers if k == b"set-cookie")
    assert cookie.startswith("intake_pre=") and "Path=/candidatures" in cookie
    status, headers, _ = call(app, "GET", "/cases")
    assert status == 303 and dict(headers)[b"location"] == b"/candidatures/login?next=%2Fcases"


def test_a_case_file_zip_names_its_entries_itself_and_gives_the_jury_no_history_nor_address(folder_app):
    from intake.store.tables import Case, Piece

    app = folder_app("")
    now = datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc)
    content = samples.pdf("Monsieur le Maire")
    sha = app.blobs.put(content)
    case = Case(id=1, reference="BSC-2026-0001", year=2026, seq=1, status="admissible", applicant="a@b.fr",
                applicant_name="Œuvre « Vélo »", title="Projet", received_at=now, created_at=now, updated_at=now,
                fields={"titre": "Vélos", "criteres": "durable"})
    pieces = [Piece(id=1, case_id=1, kind="courrier", filename="../../../etc/passwd", sha256=sha, size=len(content),
                    detected_type="pdf", created_at=now),
              Piece(id=2, case_id=1, kind="courrier", filename="courrier maire.hta", sha256=sha, size=len(content),
                    detected_type="pdf", created_at=now)]
    x = export.CaseExport(case=case, pieces=pieces,
                          fields=[("titre", "Vélos ’ok’ œ"), ("notes", "écrire à jean.dupont@perso.example")],
                          status_text="recevable", complete_received=now, decided=("recevable", now))
    path = export.build_zip([x], app.blobs, app.settings.timezone, now, app.rules.label,
                            folder=export.exports_dir(app.settings.data_dir))
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            assert names[0] == "BSC-2026-0001/resume-BSC-2026-0001.pdf" and names[3] == "BSC-2026-0001/SHA256SUMS.txt"
            assert names[1].startswith("BSC-2026-0001/pieces/01-courrier-") and names[1].count("/") == 2
            assert names[2] == "BSC-2026-0001/pieces/02-courrier-courrier maire.hta.pdf"  # never runs as an HTA
            assert z.read(names[1]) == content
            from pypdf import PdfReader

            text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(z.read(names[0]))).pages)
    finally:
        path.unlink()
    flat = text.replace("\n", " ")
    assert "BSC-2026-0001" in text and sha in text.replace("\n", "") and "Œuvre « Vélo »" in flat
    assert "Décision : recevable" in flat and "Dossier complet reçu le" in flat and "courrier maire.hta.pdf" in flat
    assert "a@b.fr" not in flat and "jean.dupont" not in flat and "[adresse masquée]" in flat  # minimisation
    assert "Historique" not in flat


def test_the_jury_gets_an_iphone_photo_as_it_came_and_as_a_jpeg_copy_beside_it(folder_app):
    """The jury's computers may not open a HEIC (Windows needs a paid codec): the ZIP gives a JPEG copy beside it,
    upright; the file itself and SHA256SUMS stay what came. A picture that no longer decodes goes alone."""
    import documents as d
    from PIL import Image

    from intake.store.tables import Case, Piece
    from intake.web.routes.jury import _build

    app = folder_app("")
    now = datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc)
    heic = d.heic(d.photo(size=(1600, 1200)), sideways=True)
    broken = heic[:600] + bytes(len(heic) - 600)
    letter = samples.pdf("Monsieur le Maire")
    case = Case(id=1, reference="BSC-2026-0001", year=2026, seq=1, status="admissible", applicant="a@b.fr",
                title="Projet", received_at=now, created_at=now, updated_at=now, fields={})
    pieces = [Piece(id=n, case_id=1, kind=kind, filename=name, sha256=app.blobs.put(content), size=len(content),
                    detected_type=kind_of, created_at=now)
              for n, (kind, name, content, kind_of) in enumerate([
                  ("visuels", "IMG_4021.HEIC", heic, "heic"), ("visuels", "IMG_4022.HEIC", broken, "heic"),
                  ("courrier", "courrier.pdf", letter, "pdf")], 1)]
    x = export.CaseExport(case=case, pieces=pieces, fields=[], status_text="recevable")
    path = _build(app, [x], now)
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            assert [n for n in names if "/pieces/" in n] == [
                "BSC-2026-0001/pieces/01-visuels-IMG_4021.HEIC", "BSC-2026-0001/pieces/01-visuels-IMG_4021.HEIC.jpg",
                "BSC-2026-0001/pieces/02-visuels-IMG_4022.HEIC", "BSC-2026-0001/pieces/03-courrier-courrier.pdf"]
            assert z.read("BSC-2026-0001/pieces/01-visuels-IMG_4021.HEIC") == heic
            copy = Image.open(io.BytesIO(z.read("BSC-2026-0001/pieces/01-visuels-IMG_4021.HEIC.jpg")))
            sums = z.read("BSC-2026-0001/SHA256SUMS.txt").decode()
    finally:
        path.unlink()
    assert copy.format == "JPEG" and copy.size == (1600, 1200)  # upright: as the phone showed it
    assert ".jpg" not in sums and sums.count("\n") == 3  # what came, and only that


def test_a_zip_entry_s_name_keeps_no_control_or_direction_character():
    """A piece named with a right-to-left override (« photo\u202egpj.exe » holding a PDF: « …gpj.exe.pdf ») showed in
    the jury's file manager as « photofdp.exe.jpg »; C1 controls and zero-width characters went into the ZIP too.
    The jury's ZIP and a person's export (intake person --export) name their entries so."""
    from intake.core.filenames import zip_entry

    assert zip_entry("photo\u202egpj.exe.pdf") == "photogpj.exe.pdf"
    assert zip_entry("plan\u2066\u200b\u0085\u009b du site.png") == "plan du site.png"
    assert zip_entry("a\tb/../c.pdf") == "a_b_.._c.pdf" and zip_entry("\u202e") == "fichier"
    assert zip_entry("Œuvre « Vélo ».pdf") == "Œuvre « Vélo ».pdf"


def test_serve_refuses_to_start_without_staff_or_with_a_wrong_address(folder_app, tmp_path):
    from click.testing import CliRunner

    from intake.cli import main

    folder_app("")
    config = tmp_path / "config.toml"
    result = CliRunner().invoke(main, ["--config", str(config), "serve", "--listen", "localhost"])
    assert result.exit_code == 2 and "--listen 'localhost' : écrivez HÔTE:PORT" in result.output
    config.write_text(config.read_text().split("[[staff]]")[0], encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "serve"])
    assert result.exit_code == 2 and "staff: personne ne peut se connecter" in result.output


def test_serve_says_in_french_when_its_address_is_taken(folder_app, tmp_path):
    import socket

    from click.testing import CliRunner

    from intake.cli import main

    folder_app("")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["--config", str(tmp_path / "config.toml"), "serve", "--listen",
                                           f"127.0.0.1:{port}"])
    assert result.exit_code == 1, result.output
    assert f"127.0.0.1:{port} : la console ne peut pas écouter" in result.output and "--listen" in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Errno" not in result.output, result.output


def test_the_console_key_is_made_once_private_and_a_broken_one_is_named(folder_app):
    from intake.errors import IntakeError
    from intake.web.security import KEY_FILE, load_secret

    app = folder_app("")
    key = load_secret(app.settings.data_dir)
    path = app.settings.data_dir / KEY_FILE
    assert len(key) == 32 and load_secret(app.settings.data_dir) == key and path.stat().st_mode & 0o777 == 0o600
    path.write_text("not a key\n")
    with pytest.raises(IntakeError) as caught:
        create_console(app)
    assert str(path) in str(caught.value) and "supprimez le fichier" in str(caught.value)


def test_a_superscript_digit_in_a_reference_or_a_page_number_is_no_server_error(folder_app):
    """str.isdigit() says yes to « ² », which int() refuses: /cases/BSC-2026-² and /cases?page=² were a 500 page
    and a traceback in the journal; they are a missing case and the first page."""
    app = folder_app("")
    console = create_console(app)
    headers = signed_in(app)

    def get(path: str, query: bytes = b"") -> int:
        return call(console, "GET", path, query, headers)[0]

    assert get("/cases") == 200  # signed in
    assert get("/cases", b"page=%C2%B2") == 200
    assert get("/cases/BSC-2026-²") == 404


def load_secret_of(app) -> bytes:
    from intake.web.security import load_secret

    return load_secret(app.settings.data_dir)


def signed_in(app, email: str = "n.bataillon@ville-bethune.fr") -> tuple[tuple[bytes, bytes], ...]:
    """The headers of a request by `email`, signed in to the console of `app` for an hour (its session cookie)."""
    from datetime import timedelta

    from intake.store import signins
    from intake.store.database import session
    from intake.web.security import new_token, token_hash

    token = new_token()
    with session(app.engine) as s:
        signins.add_session(s, token_hash(token), email, datetime.now(timezone.utc), timedelta(hours=1))
        s.commit()
    return ((b"cookie", b"intake_session=" + Keys(load_secret_of(app)).sign(token).encode()),)


def test_a_long_name_keeps_the_extension_of_what_the_file_is_in_the_case_s_zip(folder_app):
    """Attacker's review (attack8): a file keeps the extension of what it is (« courrier maire.hta » holding a PDF is
    « courrier maire.hta.pdf »), but the ZIP's entry was then cut at 120 characters, the added « .pdf » first: a PDF
    that is also an HTA (a polyglot), sent under a name of 120 characters ending in « .hta », was
    « 01-courrier-Courrier au Maire XXX….hta » in the case's and the jury's ZIP, which Windows runs when opened. The
    cut keeps the extension."""
    from intake.core.filenames import zip_entry
    from intake.core.mimetree import clean_filename
    from intake.store.tables import Case, Piece

    name = clean_filename("Courrier au Maire " + "X" * 98 + ".hta")
    assert len(name) == 120 and zip_entry(name + ".pdf").endswith("X.pdf") and len(zip_entry(name + ".pdf")) == 120
    assert zip_entry("y" * 200 + ".tar.gz").endswith("y.gz") and len(zip_entry("y" * 200 + ".tar.gz")) == 120
    assert zip_entry("z" * 130) == "z" * 120
    app = folder_app("")
    now = datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc)
    content = samples.pdf("Monsieur le Maire")
    polyglot = content.replace(b"%PDF-1.4\n", b"%PDF-1.4\n%<HTA:APPLICATION><script>x</script>\n", 1)
    case = Case(id=1, reference="BSC-2026-0001", year=2026, seq=1, status="admissible", applicant="a@b.fr",
                title="Projet", received_at=now, created_at=now, updated_at=now, fields={})
    pieces = [Piece(id=1, case_id=1, kind="courrier", filename=name, sha256=app.blobs.put(polyglot),
                    size=len(polyglot), detected_type="pdf", created_at=now)]
    x = export.CaseExport(case=case, pieces=pieces, fields=[], status_text="recevable")
    path = export.build_zip([x], app.blobs, app.settings.timezone, now, app.rules.label,
                            folder=export.exports_dir(app.settings.data_dir))
    try:
        with zipfile.ZipFile(path) as z:
            (entry,) = [n for n in z.namelist() if "/pieces/" in n]
    finally:
        path.unlink()
    assert entry.endswith("X.pdf"), entry


def test_staff_visit_times_go_with_the_staff_member_and_follow_their_rights(folder_app, tmp_path):
    """« Nouveau depuis ma dernière visite » keeps three times per staff member: the purge deletes those of
    whoever left [[staff]], `person --export` lists them, `--erase` forgets them (the register, section 5)."""
    import json

    from sqlmodel import select

    from intake.commands.person import erase, export
    from intake.commands.purge import purge
    from intake.core.visits import Visit
    from intake.store import staffvisits
    from intake.store.database import session
    from intake.store.tables import PurgeLog, StaffVisit

    app = folder_app("")
    nb, gone = "n.bataillon@ville-bethune.fr", "ancien.agent@ville-bethune.fr"
    then = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
    with session(app.engine) as s:
        staffvisits.save(s, nb, Visit(None, then, then))
        staffvisits.save(s, nb, Visit(then, then.replace(hour=9), then.replace(hour=9, minute=5)))  # the upsert
        staffvisits.save(s, gone, Visit(None, then, then))
        s.commit()
    report = purge(app, dry_run=True)
    with session(app.engine) as s:
        assert len(s.exec(select(StaffVisit)).all()) == 2  # a simulation deletes nothing
    report = purge(app)
    assert report.counts.get("connexions", 0) >= 1
    with session(app.engine) as s:
        assert [v.email for v in s.exec(select(StaffVisit)).all()] == [nb]
        assert any("ancien agent" in p.what for p in s.exec(select(PurgeLog)).all())
    path, _ = export(app, nb, tmp_path / "export.zip")
    with zipfile.ZipFile(path) as z:
        index = json.loads(z.read("index.json"))
    assert index["visites_de_la_console"] == {"fin_de_la_visite_precedente": "2026-11-30T09:00:00+01:00",
                                              "debut_de_la_visite_en_cours": "2026-11-30T10:00:00+01:00",
                                              "derniere_activite": "2026-11-30T10:05:00+01:00"}
    assert erase(app, nb, force=False, actor="dpo").visits == 1
    with session(app.engine) as s:
        assert s.exec(select(StaffVisit)).all() == []


def test_a_page_shows_no_character_a_reader_cannot_see_whatever_was_stored(folder_app):
    """A title, a name and an « À voir » stored with a right-to-left override (before the pipeline cleaned each of
    them, or by a path that does not): « SECR » U+202E « 1000-6202-CSB » showed as « SECRBSC-2026-0001 », another
    case's reference, on the list and the case's page. Every value a page shows loses such characters; the text
    around them, line breaks and French no-break spaces stay."""
    from intake.store.database import session
    from intake.store.tables import Case

    app = folder_app("")
    console = create_console(app)
    now = datetime.now(timezone.utc)
    hostile = "SECR\u202e1000-6202-CSB\u2066\u200b"
    with session(app.engine) as s:
        s.add(Case(reference="BSC-2026-0007", year=2026, seq=7, status="review", applicant="x@asso.example",
                   applicant_name=hostile, title=f"Projet {hostile}", attention=f"à lire\u00a0: {hostile}",
                   received_at=now, created_at=now, updated_at=now))
        s.commit()
    headers = signed_in(app)
    for path in ("/cases", "/cases/BSC-2026-0007"):
        status, _headers, body = call(console, "GET", path, b"", headers)
        page = body.decode()
        assert status == 200, page
        assert "SECR1000-6202-CSB" in page, page  # the text, without what hid its order
        assert not any(c in page for c in "\u202e\u2066\u200b"), path
    assert "à lire\u00a0:" in call(console, "GET", "/cases/BSC-2026-0007", b"", headers)[2].decode()


def test_the_rules_page_lists_every_file_in_error(folder_app, tmp_path):
    """The admin's « Règles » page said the first error only, where `intake rules check` names each file in error with
    its first: the page, served by the real ASGI app, lists both files of two mistakes."""
    import shutil
    from pathlib import Path

    project = Path(samples.__file__).resolve().parents[2]
    shutil.copytree(project / "rules", tmp_path / "rules")
    shutil.copytree(project / "templates", tmp_path / "templates")
    folder_app("")  # its config.toml written, then pointed at these copies, its staff member made the admin
    config = tmp_path / "config.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(f'"{project}/rules"', f'"{tmp_path}/rules"')
                      .replace(f'"{project}/templates"', f'"{tmp_path}/templates"')
                      .replace('name = "Nicolas Bataillon"', 'name = "Nicolas Bataillon"\nrole = "admin"'),
                      encoding="utf-8")
    app = open_app(load(config))
    conversations = tmp_path / "rules" / "conversations.toml"
    conversations.write_text(conversations.read_text(encoding="utf-8").replace("days = 30", "days = «30»"),
                             encoding="utf-8")
    (tmp_path / "templates" / "acknowledgement" / "subject.j2").write_text("{{ reference }\n", encoding="utf-8")
    status, _headers, body = call(create_console(app), "GET", "/admin/rules", b"", signed_in(app))
    page = body.decode()
    assert status == 200, page
    said = page[page.index('<div class="problem" role="status">'):]
    said = said[:said.index("</div>")]
    assert "2 fichiers en erreur" in said and said.count("<li>") == 2, said
    assert "corrigez-la puis rechargez cette page" in said, said  # what to do next, and why one error a file
    assert "conversations.toml" in said and "days = 30" in said and "acknowledgement/subject.j2" in said, said


def test_a_sign_in_link_whose_mail_was_never_queued_is_replaced_when_asked_for_again(folder_app):
    """The link is recorded before the answer and its mail queued in the outbox after it (web/auth.py: the answer's
    time must not tell who is listed). A console stopped between the two (a restart, a kill), or a queueing that
    failed, left a live link that no mail carried: for its 15 minutes each new request was answered « un lien vous a
    déjà été envoyé » and nothing was sent. Once the mail should have been queued long since, that link is voided and
    a new one is mailed; while it may still be on its way (a double click), the answer is still « déjà envoyé »."""
    from datetime import timedelta

    from intake.store import signins
    from intake.store.database import session
    from intake.web.auth import _ask_for_link, _usable, mail_link

    app = folder_app("")
    now = [datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)]
    app.clock = lambda: now[0]
    console = create_console(app).app.state.console
    staff = "n.bataillon@ville-bethune.fr"
    outcome, _, lost = _ask_for_link(console, staff, "192.0.2.1")
    assert outcome == "queued"  # ... and the console stops before mail_link runs
    now[0] += timedelta(seconds=5)
    assert _ask_for_link(console, staff, "192.0.2.1")[0] == "already"
    now[0] += timedelta(minutes=1)
    outcome, _, token = _ask_for_link(console, staff, "192.0.2.1")
    assert outcome == "queued" and token != lost
    assert _usable(console, lost) is None and _usable(console, token) is not None
    mail_link(console, staff, token)
    with session(app.engine) as s:
        assert not signins.link_mail_waiting(s)  # sent
    now[0] += timedelta(minutes=2)
    assert _ask_for_link(console, staff, "192.0.2.1")[0] == "already"  # this one was mailed: no other
