"""Authentication-Results read as written (core/authresults.py), and what proves the town's own mail (core/trust.py):
a garbled header proves nothing, a failure written anywhere is never outweighed, a DKIM pass proves a staff forward
only when its signature signs To and Cc."""

import pytest

from intake.adapters.psl import org_domain
from intake.core.authresults import parse
from intake.core.parse import parse_message
from intake.core.trust import FAIL, PASS, TrustSettings, internal_evidence, sender_check

TOWN = frozenset({"ville-bethune.fr"})
OWN = TrustSettings("own", "mx.ville-bethune.fr", TOWN, org_domain=org_domain)
STAFF = "accueil@ville-bethune.fr"
BOX = "n.bataillon@ville-bethune.fr"
VICTIM = "c.martin@mobilite-douce.example"


def mail(*headers: tuple[str, str], sender: str = STAFF, to: str = BOX, extra: str = ""):
    head = "".join(f"{name}: {value}\r\n" for name, value in headers)
    return parse_message(f"{head}From: {sender}\r\nTo: {to}\r\n{extra}Subject: TR: Candidature\r\n\r\nx\r\n".encode())


def ar(value: str) -> tuple[str, str]:
    return ("Authentication-Results", value)


def signature(h: str, d: str = "ville-bethune.fr", b: str = "AbCdEfGh0123") -> tuple[str, str]:
    return ("DKIM-Signature", f"v=1; a=rsa-sha256; c=relaxed/relaxed; d={d}; s=s1;\r\n\th={h}; bh=x=; b={b}")


# ------------------------------------------------------------------------------------------------------ the parser
@pytest.mark.parametrize("value", [
    "mx.ville-bethune.fr; ;;garbage dmarc=pass",
    "mx.ville-bethune.fr; dkim=pass (unclosed comment header.d=ville-bethune.fr",
    'mx.ville-bethune.fr; spf=pass smtp.mailfrom="unclosed@ville-bethune.fr',
    "mx.ville-bethune.fr; dkim=",
    "mx.ville-bethune.fr; dkim=pass header.d",
    "mx.ville-bethune.fr; dkim=pass =ville-bethune.fr",
    "mx.ville-bethune.fr dmarc=pass header.from=ville-bethune.fr",  # no `;` after the id
])
def test_a_garbled_header_is_unreadable(value):
    assert parse(value) is None


def test_a_quoted_value_is_one_value_whatever_it_holds():
    header = parse('mx.x; spf=none smtp.mailfrom="a; dkim=pass header.d=ville-bethune.fr"@evil.example')
    assert header is not None and [r.method for r in header.results] == ["spf"]
    assert header.results[0].prop("smtp.mailfrom") == "a; dkim=pass header.d=ville-bethune.fr@evil.example"


def test_the_real_forms_are_read():
    exchange = parse("spf=pass (sender IP is 1.2.3.4) smtp.mailfrom=x.example; dkim=pass (signature was verified) "
                     "header.d=x.example;dmarc=pass action=none header.from=x.example;compauth=pass reason=100",
                     anonymous=True)
    assert exchange is not None and [(r.method, r.result) for r in exchange.results] == [
        ("spf", "pass"), ("dkim", "pass"), ("dmarc", "pass"), ("compauth", "pass")]
    google = parse('mx.google.com; dkim=pass header.i=@x.example header.s=s1 header.b="Ab+/Cd=="; spf=pass '
                   "(google.com: domain of a@x.example designates 1.2.3.4 as permitted sender) "
                   "smtp.mailfrom=a@x.example; dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=x.example")
    assert google is not None and google.results[0].prop("header.b") == "ab+/cd=="
    assert parse("mx.x; none") is not None and parse("mx.x 1; dkim/1=pass header.d=x.example") is not None


# ------------------------------------------------------------------------------------------------------ as written
def test_an_encoded_word_in_the_servers_header_smuggles_no_result():
    """The server copied the envelope sender into its header; the attacker wrote it as an RFC 2047 word. Decoded, the
    header said « dkim=pass header.d=ville-bethune.fr »: a trusted forward of whomever the forged block named."""
    smuggled = ("mx.ville-bethune.fr; spf=none smtp.mailfrom="
                "=?utf-8?q?a=3B_dkim=3Dpass_header=2Ed=3Dville-bethune=2Efr?=@evil.example")
    msg = mail(ar(smuggled), signature("from:to:cc:subject"))
    assert "=?utf-8?q?" in msg.header("authentication-results")
    assert not internal_evidence(msg, OWN).trusted
    assert sender_check(msg, OWN).verdict != PASS


# ------------------------------------------------------------------------------------------------ failures anywhere
@pytest.mark.parametrize("results", [
    "dmarc=pass header.from=ville-bethune.fr; spf=pass smtp.mailfrom=ville-bethune.fr; dkim=fail header.d=x.example",
    "spf=pass smtp.mailfrom=ville-bethune.fr; spf=fail smtp.mailfrom=ville-bethune.fr",
    "spf=pass smtp.mailfrom=ville-bethune.fr; dmarc=pass header.from=ville-bethune.fr; "
    "dmarc=fail header.from=ville-bethune.fr",
])
def test_a_failure_written_anywhere_is_no_staff_forward(results):
    evidence = internal_evidence(mail(ar(f"mx.ville-bethune.fr; {results}")), OWN)
    assert not evidence.trusted and "échec" in evidence.why


def test_a_dmarc_failure_after_a_pass_is_a_forged_sender():
    msg = mail(ar("mx.ville-bethune.fr; dmarc=pass header.from=mobilite-douce.example; "
                  "dmarc=fail header.from=mobilite-douce.example"), sender=VICTIM)
    assert sender_check(msg, OWN).verdict == FAIL


def test_a_second_spf_result_written_through_an_unquoted_envelope_sender_proves_nothing():
    """A server that copies the envelope sender unquoted lets it end its result with `;` and write another: the town's
    domain, without DMARC, passed SPF in the server's own header."""
    injected = ("mx.ville-bethune.fr; spf=pass smtp.mailfrom=x@evil.example;spf=pass "
                "smtp.mailfrom=ville-bethune.fr")
    assert not internal_evidence(mail(ar(injected)), OWN).trusted
    assert internal_evidence(mail(ar("mx.ville-bethune.fr; spf=pass smtp.mailfrom=ville-bethune.fr")), OWN).trusted


@pytest.mark.parametrize("settings, top, extra", [
    (OWN, "mx.ville-bethune.fr; spf=none smtp.mailfrom=(x@evil.example; dmarc=fail header.from=mobilite-douce.example",
     ()),
    (TrustSettings("microsoft365", "", TOWN, org_domain=org_domain),
     "spf=none smtp.mailfrom=\"x@evil.example;dmarc=fail action=none header.from=mobilite-douce.example",
     (("X-MS-Exchange-Organization-AuthAs", "Anonymous"),)),
])
def test_a_header_made_unreadable_by_its_sender_still_says_dmarc_failed(settings, top, extra):
    """The server copied the envelope sender unquoted; the forger wrote an unbalanced « ( » (or « " ») in it: the
    whole header was unreadable, and its dmarc=fail with it. A failure never helps a sender: it is still read."""
    check = sender_check(mail(ar(top), *extra, sender=VICTIM), settings)
    assert check.verdict == FAIL and "dmarc=fail" in check.why and "illisible" in check.why


def test_a_dkim_pass_beside_a_signature_of_the_town_the_server_could_not_verify_proves_nothing():
    """Injected through an unquoted envelope sender: « dkim=pass header.d=ville-bethune.fr header.b=Fake », beside a
    DKIM-Signature the forger made up, signing To and Cc, but unverifiable (a bad tag): the server said permerror
    for it, not fail. The town's domain has no DMARC policy: nothing else said no."""
    injected = ("mx.ville-bethune.fr; dkim=permerror (bad signature) header.d=ville-bethune.fr header.b=FakeFake; "
                "spf=none smtp.mailfrom=x@evil.example;dkim=pass header.d=ville-bethune.fr header.b=FakeFake")
    forged = ("DKIM-Signature", "v=9; a=rsa-sha256; d=ville-bethune.fr; s=s1; h=from:to:cc; bh=x=; b=FakeFake0123")
    evidence = internal_evidence(mail(ar(injected), forged), OWN)
    assert not evidence.trusted and "permerror" in evidence.why


# -------------------------------------------------------------------------------------------- DKIM signs To and Cc
DKIM_ONLY = ("mx.ville-bethune.fr; dkim=pass header.d=ville-bethune.fr header.b=AbCdEfGh; "
             "dmarc=pass header.from=ville-bethune.fr")


@pytest.mark.parametrize("headers, trusted", [
    ((ar(DKIM_ONLY), signature("from:to:cc:subject:date")), True),
    ((ar(DKIM_ONLY), signature("from:subject:date")), False),  # To rewritten by whoever received it
    ((ar(DKIM_ONLY), signature("from:to:subject:date")), False),  # a Cc added
    ((ar(DKIM_ONLY), signature("from:to:cc", b="ZZZZ")), False),  # not the signature that passed
    ((ar(DKIM_ONLY), signature("from:to:cc", d="evil.example")), False),
    ((ar(DKIM_ONLY),), False),  # no signature to look at
    ((ar(DKIM_ONLY), signature("from:to:cc; h=from:subject")), False),  # a tag twice: no signature (RFC 6376 §3.2)
    ((ar(DKIM_ONLY.replace(" header.b=AbCdEfGh", "")), signature("From : To : Cc")), True),  # every one of d=
    ((ar(DKIM_ONLY + "; spf=pass smtp.mailfrom=ville-bethune.fr"), signature("from:subject")), True),  # SPF: ours
])
def test_a_dkim_pass_proves_a_staff_forward_only_if_it_signs_to_and_cc(headers, trusted):
    evidence = internal_evidence(mail(*headers), OWN)
    assert evidence.trusted is trusted, evidence.why
    assert sender_check(mail(*headers), OWN).verdict == (PASS if trusted else "")


def test_a_to_field_added_above_the_signed_one_is_unsigned():
    """h= names To once: the verifier signs the last To field; a first one added above it is the attacker's."""
    signed = (ar(DKIM_ONLY), signature("from:to:cc:subject"))
    assert internal_evidence(mail(*signed, to="partenaire@asso.example"), OWN).trusted
    added = mail(*signed, to="partenaire@asso.example", extra=f"To: {BOX}\r\n")
    assert not internal_evidence(added, OWN).trusted
    assert internal_evidence(mail(ar(DKIM_ONLY), signature("from:to:to:cc:subject"), to="partenaire@asso.example",
                                  extra=f"To: {BOX}\r\n"), OWN).trusted  # signed twice (oversigned)
