"""S1, S6/S7: whose Authentication-Results are believed, for each kind of mail service, and what they say of a
sender. Only the town's server's word counts: the topmost header, with its id (own server, Google), or
Exchange Online's, in a message that carries Exchange's own firewalled headers."""

import pytest

from intake.adapters.psl import org_domain
from intake.core.parse import parse_message
from intake.core.trust import FAIL, PASS, TrustSettings, internal_evidence, sender_check, sending_network

TOWN = frozenset({"ville-bethune.fr"})
OWN = TrustSettings("own", "mx.ville-bethune.fr", TOWN, org_domain=org_domain)
GOOGLE = TrustSettings("google", "mx.google.com", TOWN, org_domain=org_domain)
M365 = TrustSettings("microsoft365", "", TOWN, org_domain=org_domain)
STAFF = "accueil@ville-bethune.fr"

# Exchange Online's own header (no authserv-id) for a forged town address, and the attacker's below it
EXO_FAIL = ("spf=fail (sender IP is 203.0.113.7) smtp.mailfrom=evil.example; dkim=none (message not signed) "
            "header.d=none;dmarc=fail action=none header.from=ville-bethune.fr;compauth=fail reason=000")
FORGED = "mx.ville-bethune.fr; dmarc=pass header.from=ville-bethune.fr"
SPF_PASS = "mx.ville-bethune.fr; spf=pass smtp.mailfrom=ville-bethune.fr; dmarc=pass header.from=ville-bethune.fr"


def mail(*headers: tuple[str, str], sender: str = STAFF):
    head = "".join(f"{name}: {value}\r\n" for name, value in headers)
    return parse_message(f"{head}From: {sender}\r\nTo: n.bataillon@ville-bethune.fr\r\nSubject: TR\r\n\r\nx\r\n"
                         .encode())


def ar(*values: str):
    return tuple(("Authentication-Results", v) for v in values)


@pytest.mark.parametrize("headers, trusted", [
    (ar(EXO_FAIL, FORGED), False),  # S1: the real topmost header has no id, a forged one with ours below
    (ar("other.example; dmarc=pass header.from=ville-bethune.fr", FORGED), False),  # another server's on top
    (ar("mx.ville-bethune.fr; dmarc=pass"), False),  # a pass without header.from proves nothing
    (ar("mx.ville-bethune.fr; dmarc=pass header.from=evil.example"), False),  # a pass for another domain
    (ar("mx.ville-bethune.fr; dkim=pass header.d=ville-bethune.fr; dmarc=fail header.from=ville-bethune.fr"), False),
    (ar("mx.ville-bethune.fr; dkim=pass header.d=evil.ville-bethune.fr.evil.example"), False),
    (ar("MX.Ville-Bethune.FR; spf=pass smtp.mailfrom=ville-bethune.fr; dmarc=pass header.from=ville-bethune.fr"),
     True),  # ids compare without case
    (ar("mx.ville-bethune.fr; spf=pass smtp.mailfrom=mail.ville-bethune.fr"), True),  # aligned (same organisation)
    (ar(SPF_PASS, EXO_FAIL), True),  # ours on top: whatever lies below is not read
])
def test_own_server_only_the_topmost_header_and_only_with_our_id(headers, trusted):
    evidence = internal_evidence(mail(*headers), OWN)
    assert evidence.trusted is trusted, evidence.why


def test_the_evidence_names_only_what_was_seen():
    why = internal_evidence(mail(*ar(SPF_PASS)), OWN).why
    assert why == "authentifié par mx.ville-bethune.fr (dmarc=pass header.from=ville-bethune.fr)"
    refused = internal_evidence(mail(*ar("mx.ville-bethune.fr; dmarc=pass")), OWN).why
    assert "header.from" not in refused and "dmarc=pass" in refused
    top = internal_evidence(mail(*ar(EXO_FAIL, FORGED)), OWN).why
    assert "plus haut" in top and "sans nom de serveur" in top
    passed = ("mx.ville-bethune.fr; spf=pass smtp.mailfrom=ville-bethune.fr; dkim=pass header.d=ville-bethune.fr; "
              "dmarc=pass header.from=ville-bethune.fr")
    strongest = internal_evidence(mail(*ar(passed)), OWN).why
    assert strongest == "authentifié par mx.ville-bethune.fr (dmarc=pass header.from=ville-bethune.fr)"


EXO_INTERNAL = (("X-MS-Exchange-Organization-AuthAs", "Internal"),
                ("X-MS-Exchange-Organization-AuthSource", "PR3PR02MB6012.eurprd02.prod.outlook.com"))


@pytest.mark.parametrize("headers, trusted", [
    (EXO_INTERNAL, True),
    (ar("dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=ville-bethune.fr")
     + EXO_INTERNAL, True),
    (ar(EXO_FAIL, FORGED) + (("X-MS-Exchange-Organization-AuthAs", "Anonymous"),), False),  # S1 on Microsoft 365
    (ar(FORGED), False),  # no Exchange header at all: not a message Exchange Online delivered
    (EXO_INTERNAL + (("X-MS-Exchange-Organization-AuthAs", "Internal"),), False),  # two: not Exchange's alone
    ((("X-MS-Exchange-Organization-AuthAs", "Internal"),
      ("X-MS-Exchange-Organization-AuthSource", "mail.evil.example")), False),  # not the tenant's servers
    ((("X-MS-Exchange-Organization-AuthAs", "Internal"),), False),
    ((("X-MS-Exchange-CrossTenant-AuthAs", "Internal"),  # kept across tenants: another tenant's word
      ("X-MS-Exchange-CrossTenant-AuthSource", "PR3PR02MB6012.eurprd02.prod.outlook.com"),
      ("X-MS-Exchange-Organization-AuthAs", "Anonymous")), False),
])
def test_microsoft_365_exchange_says_internal_in_headers_it_keeps_from_outsiders(headers, trusted):
    evidence = internal_evidence(mail(*headers), M365)
    assert evidence.trusted is trusted, evidence.why
    if trusted:
        assert "AuthAs: Internal" in evidence.why and "outlook.com" in evidence.why


def test_microsoft_365_internal_mail_from_another_domain_is_not_the_towns():
    assert not internal_evidence(mail(*EXO_INTERNAL, sender="x@evil.example"), M365).trusted


def test_google_workspace_its_topmost_header():
    google = "mx.google.com; dkim=pass header.i=@ville-bethune.fr header.s=g header.b=x; spf=pass " \
             "(google.com: domain of a@ville-bethune.fr designates 1.2.3.4 as permitted sender) " \
             "smtp.mailfrom=a@ville-bethune.fr; dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=ville-bethune.fr"
    assert internal_evidence(mail(*ar(google)), GOOGLE).trusted
    arc = (("ARC-Authentication-Results", "i=1; mx.google.com; dmarc=pass header.from=ville-bethune.fr"),)
    assert not internal_evidence(mail(*arc), GOOGLE).trusted  # ARC headers are not what Google says on delivery
    failed = google.replace("dmarc=pass", "dmarc=fail").replace("dkim=pass", "dkim=fail")
    assert not internal_evidence(mail(*ar(failed, google)), GOOGLE).trusted


# ----------------------------------------------------------------------------------- any sender (S6/S7)
VICTIM = "c.martin@mobilite-douce.example"


@pytest.mark.parametrize("settings, headers, verdict", [
    (OWN, ar("mx.ville-bethune.fr; spf=fail smtp.mailfrom=evil.example; dmarc=fail header.from=mobilite-douce.example"),
     FAIL),
    (OWN, ar("mx.ville-bethune.fr; spf=fail smtp.mailfrom=mobilite-douce.example; dkim=none"), FAIL),
    (OWN, ar("mx.ville-bethune.fr; spf=fail smtp.mailfrom=mobilite-douce.example; "
             "dkim=pass header.d=mobilite-douce.example"), ""),  # a failure beside: never a pass (nor a failure)
    (OWN, ar("mx.ville-bethune.fr; spf=fail smtp.mailfrom=bounces.newsletter.example; dkim=none"), ""),  # not ours
    (OWN, ar("mx.ville-bethune.fr; spf=softfail smtp.mailfrom=mobilite-douce.example; dmarc=none"), ""),
    (OWN, ar("mx.ville-bethune.fr; dmarc=pass header.from=evil.example"), FAIL),  # it judged another From
    (OWN, ar("mx.ville-bethune.fr; dmarc=pass header.from=mobilite-douce.example"), PASS),
    (OWN, ar("evil.example; dmarc=fail header.from=mobilite-douce.example"), ""),  # not our server: says nothing
    (TrustSettings(), ar("mx.ville-bethune.fr; dmarc=fail header.from=mobilite-douce.example"), ""),  # no trust set
    (M365, ar(EXO_FAIL.replace("header.from=ville-bethune.fr", "header.from=mobilite-douce.example"))
     + (("X-MS-Exchange-Organization-AuthAs", "Anonymous"),), FAIL),
    (M365, ar(EXO_FAIL.replace("header.from=ville-bethune.fr", "header.from=mobilite-douce.example")), ""),
])
def test_what_the_towns_server_says_of_any_sender(settings, headers, verdict):
    check = sender_check(mail(*headers, sender=VICTIM), settings)
    assert check.verdict == verdict, check.why
    assert check.why


@pytest.mark.parametrize("sender, verdict", [
    (f"{VICTIM}, mallory@evil.example", FAIL),  # the server gave no DMARC result for a From of several domains
    (f"Claire <{VICTIM}>, Mallory <mallory@evil.example>", FAIL),
    (f"{VICTIM}, claire.martin@mobilite-douce.example", ""),  # one domain: what the server checked is that one
    # a link's target written after the address, as Outlook's text part writes a link (never in a header): another
    # address the server may have read, or none (attack30)
    (f"{VICTIM}<mailto:mallory@evil.example>", FAIL), (f"Claire <{VICTIM}<mailto:mallory@evil.example>>", FAIL),
    (f"{VICTIM} <mailto:mallory@evil.example>", FAIL), (f"<{VICTIM} mailto:mallory@evil.example?to=x >", FAIL),
    (f"Claire <{VICTIM}<mailto:{VICTIM}>>", ""),
    (VICTIM, ""),
])
def test_a_from_of_several_domains_is_a_forgery_the_server_could_not_tell(sender, verdict):
    """intake answers and files under the first `From` address; a DMARC check may read another one, or none at all
    (OpenDMARC gives no result for such a message unless told to refuse it): with only the attacker's own domain
    authenticated, a forger of a domain with a DMARC policy who adds an address of theirs went for its owner."""
    headers = ar("mx.ville-bethune.fr; spf=pass smtp.mailfrom=evil.example; dkim=pass header.d=evil.example")
    check = sender_check(mail(*headers, sender=sender), OWN)
    assert check.verdict == verdict, check.why
    if verdict:
        assert "plusieurs adresses d'expéditeur" in check.why and "evil.example" in check.why


def test_two_from_fields_of_two_domains_are_a_forgery_the_server_could_not_tell():
    raw = (f"Authentication-Results: mx.ville-bethune.fr; spf=pass smtp.mailfrom=evil.example\r\nFrom: {VICTIM}\r\n"
           "From: mallory@evil.example\r\nTo: n.bataillon@ville-bethune.fr\r\nSubject: Candidature\r\n\r\nx\r\n")
    msg = parse_message(raw.encode())
    assert msg.from_addr == VICTIM and msg.from_others == ("mallory@evil.example",)
    assert sender_check(msg, OWN).verdict == FAIL


def test_a_from_of_several_domains_whose_first_passed_dmarc_is_its_owners():
    headers = ar("mx.ville-bethune.fr; dkim=pass header.d=mobilite-douce.example; "
                 "dmarc=pass header.from=mobilite-douce.example")
    assert sender_check(mail(*headers, sender=f"{VICTIM}, mallory@evil.example"), OWN).verdict == PASS


def test_exchange_online_names_the_host_that_connected_in_its_first_comment_only():
    """attack28: the network a message came from bounds unauthenticated mail's reading time (core/reading_budget.py).
    Exchange writes no iprev result; the comment of the SPF result its header starts with names the host it checked,
    before anything it copies from the message. Anything else (a comment further on, a header without Exchange's
    firewalled AuthAs, the attacker's below, mail submitted inside the tenant) names none."""
    exchange = ("X-MS-Exchange-Organization-AuthAs", "Anonymous")
    assert sending_network(mail(exchange, *ar(EXO_FAIL)), M365) == "203.0.113.0/24"
    ipv6 = "spf=none (sender IP is 2a01:111:f400:7e1a::601) smtp.mailfrom=asso.example; dkim=none; dmarc=none"
    assert sending_network(mail(exchange, *ar(ipv6)), M365) == "2a01:111:f400::/48"
    assert sending_network(mail(*ar(EXO_FAIL)), M365) == ""  # no AuthAs: not through Exchange Online
    assert sending_network(mail(exchange, *ar("spf=none smtp.mailfrom=x (sender IP is 192.0.2.1); dmarc=none")),
                           M365) == ""  # a comment after a value Exchange copies from the message
    assert sending_network(mail(exchange, *ar("dkim=none (sender IP is 192.0.2.1); spf=none", EXO_FAIL)), M365) == ""
    internal = (("X-MS-Exchange-Organization-AuthAs", "Internal"),
                ("X-MS-Exchange-Organization-AuthSource", "AM0PR01MB1234.eurprd01.prod.outlook.com"))
    assert sending_network(mail(*internal, *ar(EXO_FAIL)), M365) == ""
    # the own server's and Google's word: the iprev result, never a comment
    assert sending_network(mail(*ar("mx.ville-bethune.fr; spf=none (sender IP is 192.0.2.1) smtp.mailfrom=x")),
                           OWN) == ""
    assert sending_network(mail(*ar("mx.google.com; iprev=pass policy.iprev=209.85.220.41")), GOOGLE) \
        == "209.85.220.0/24"
