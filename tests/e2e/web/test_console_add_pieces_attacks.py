"""« Ajouter des pièces reçues autrement », attacked: the files staff add came from the applicant (a USB key, a
letter), their names and bytes are the applicant's; the form is a POST any page could forge."""

from __future__ import annotations

import http.client
import uuid
from urllib.parse import urlsplit

from intake.commands import samples

from .conftest import GARDEN_DOSSIER, Http, Response, csrf_of, garden_case

DOSSIER = GARDEN_DOSSIER


def multipart(client: Http, path: str, fields: dict[str, str], files: list[tuple[str, bytes]],
              length: int | None = None) -> Response:
    """A multipart/form-data POST as a browser sends it (file names as given, UTF-8), with `client`'s cookies."""
    boundary = uuid.uuid4().hex
    body = b""
    for name, value in fields.items():
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").encode()
    for filename, content in files:
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{filename}\"\r\n"
                 "Content-Type: application/octet-stream\r\n\r\n").encode() + content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    parts = urlsplit(client.base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {"Host": parts.netloc, "Content-Type": f"multipart/form-data; boundary={boundary}",
               "Content-Length": str(len(body) if length is None else length),
               "Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items())}
    conn.putrequest("POST", path, skip_host=True, skip_accept_encoding=True)
    for k, v in headers.items():
        conn.putheader(k, v)
    conn.endheaders()
    try:
        conn.send(body)
        raw = conn.getresponse()
        for c in raw.headers.get_all("set-cookie") or []:  # the flash message, as a browser keeps it
            name, _, rest = c.partition("=")
            client.cookies[name] = rest.split(";", 1)[0]
        return Response(raw.status, {k.lower(): v for k, v in raw.headers.items()}, [], raw.read())
    finally:
        conn.close()


def test_a_forged_or_hostile_upload_adds_nothing_and_a_hostile_name_is_shown_as_text(console):
    intake = console.intake
    ref = garden_case(intake)
    client = console.signed_in_http()
    csrf = csrf_of(client.get(f"/cases/{ref}").text)
    letter = samples.pdf(samples.LETTER.format(who="Asso"))
    path = f"/cases/{ref}/pieces/add"

    # another site's page posting the form with the staff member's cookie: no token, nothing done
    assert multipart(client, path, {"received": "", "note": ""}, [("lettre.pdf", letter)]).status == 403
    # more files than the form takes: a clear refusal, not a server error
    many = multipart(client, path, {"csrf": csrf}, [(f"p{n}.pdf", b"%PDF-1.4 x") for n in range(120)])
    assert many.status == 400 and "Trop de fichiers en une fois : 100 au plus. Rien n&#39;a été fait" in many.text, \
        many.text
    # a length over what the form takes is refused before anything is read
    assert multipart(client, path, {"csrf": csrf}, [("lettre.pdf", letter)], length=10**10).status == 413
    assert intake.case(ref)["pieces"] == ["dossier"]

    hostile = '<img src=x onerror=alert(1)>\u202egpj.pdf'
    note = '<script>alert("note")</script>'
    done = multipart(client, path, {"csrf": csrf, "received": "", "note": note}, [(hostile, letter)])
    assert done.status == 303, done.text
    page = client.get(f"/cases/{ref}").text
    assert "<img src=x" not in page and "<script>alert" not in page and "\u202e" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;gpj.pdf" in page
    assert intake.case(ref)["pieces"] == ["courrier", "dossier"]


def test_what_staff_are_told_after_adding_files_with_long_foreign_names_says_the_status_and_the_mail(console):
    """The message after « Ajouter les pièces » listed every new file's name, then the status and the mail that
    went: the applicant's names (140 characters each) pushed the status and « Courriel envoyé » (the completion
    notice went) out of the 600 characters the message keeps. The status and the mail come first; the cookie that
    carries the message stays one browsers keep (under 4 kB)."""
    import random

    intake = console.intake
    ref = garden_case(intake, DOSSIER, ("jardin.jpg", samples.jpeg(), "image/jpeg"))
    client = console.signed_in_http()
    csrf = csrf_of(client.get(f"/cases/{ref}").text)
    rng = random.Random(7)
    names = ["".join(chr(rng.randrange(0x4E00, 0x9FFF)) for _ in range(140)) + ".pdf" for _ in range(6)]
    files = [(name, samples.pdf(f"Annexe {n} : budget prévisionnel, partenaires")) for n, name in enumerate(names)]
    files.append(("Courrier au Maire.pdf", samples.pdf(samples.LETTER.format(who="Asso"))))
    done = multipart(client, f"/cases/{ref}/pieces/add", {"csrf": csrf, "received": "", "note": ""},
                     [(n, c) for n, c in files])
    assert done.status == 303
    cookie = done.headers.get("set-cookie", "")
    assert len(cookie.encode()) < 4000, len(cookie)
    page = client.get(f"/cases/{ref}").text
    assert "Statut du dossier : complet." in page and "Courriel envoyé à asso@x.example" in page
