"""The reading time one sender's mail, one domain's addresses' together, and every unauthenticated sender's together may
take in a day ([limits] read_seconds_per_sender_per_day, read_seconds_per_domain_per_day,
unauthenticated_read_seconds_per_day; core/reading_budget.py). Before, nothing bounded it: one sender's hundreds of
messages, each with image-only PDFs just under every per-message bound, kept the reading processes busy all day while
real applicants' mail waited in the mailbox."""

from __future__ import annotations

import tomllib
from pathlib import Path

from intake.commands import samples
from intake.config import parse
from intake.core.evidence import for_staff
from intake.core.forward import Forward
from intake.core.parse import parse_message
from intake.core.reading_budget import (
    ReadingCaps,
    near_cap,
    not_read_reason,
    past_reading,
    reading_exempt,
    reading_keys,
    reading_said,
    sealed,
    what_a_key_counts,
)
from intake.core.trust import FAIL, PASS, TrustSettings, sending_network
from intake.errors import ConfigError
from intake.pipeline import readbudget
from intake.pipeline.trust_settings import trust_settings

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"
CAPS = ReadingCaps(sender=600, domain=1200, everyone=3600)


def test_a_sender_s_mail_is_keyed_by_how_the_town_s_server_saw_it():
    authenticated = reading_keys("Jeanne@Asso.example", PASS, "asso.example")
    unknown = reading_keys("jeanne@asso.example", "", "asso.example")
    forged = reading_keys("jeanne@asso.example", FAIL, "asso.example")
    # a forger writing a real applicant's address never spends the applicant's authenticated reading time
    assert len({authenticated.sender, unknown.sender, forged.sender}) == 3
    assert authenticated.sender == reading_keys("jeanne@asso.example", PASS, "asso.example").sender
    assert len({authenticated.domain, unknown.domain, forged.domain}) == 3
    # every unauthenticated sender's together (made-up addresses on a thousand domains without DMARC); not the
    # authenticated ones', whom a flood of forgeries must not stop
    assert authenticated.everyone == "" and unknown.everyone == forged.everyone != ""
    # a big provider's address (no domain counted): its sender's budget only
    assert reading_keys("x@gmail.com", PASS, "").domain == ""
    # no From address at all: one key for all such mail, never none
    assert reading_keys("", "", "").sender


def test_files_are_read_until_the_day_s_reading_time_is_spent_then_not():
    keys = reading_keys("flood@evil.example", "", "evil.example")
    assert past_reading(keys, {}, CAPS, "flood@evil.example") == ""
    assert past_reading(keys, {keys.sender: 599.9}, CAPS, "flood@evil.example") == ""
    why = past_reading(keys, {keys.sender: 600.0}, CAPS, "flood@evil.example")
    assert "flood@evil.example" in why and "10 min" in why and "read_seconds_per_sender_per_day = 600" in why, why
    # the domain's addresses together: a1@, a2@... of a domain that receives every address
    why = past_reading(reading_keys("a2@evil.example", "", "evil.example"), {keys.domain: 1300.0}, CAPS,
                       "a2@evil.example")
    assert "evil.example" in why and "read_seconds_per_domain_per_day = 1200" in why, why
    # every unauthenticated sender together
    other = reading_keys("x@other.example", "", "other.example")
    why = past_reading(other, {other.everyone: 3600.0}, CAPS, "x@other.example")
    assert "unauthenticated_read_seconds_per_day = 3600" in why, why
    # ... which authenticated mail never spends, nor is stopped by
    signed = reading_keys("x@other.example", PASS, "other.example")
    assert past_reading(signed, {other.everyone: 99999.0}, CAPS, "x@other.example") == ""
    # 0: no budget
    assert past_reading(keys, {keys.sender: 10**9, keys.domain: 10**9, keys.everyone: 10**9},
                        ReadingCaps(0, 0, 0), "flood@evil.example") == ""


def test_a_trusted_staff_forward_is_never_budgeted():
    assert reading_exempt(forwarded_by="paul@ville-bethune.fr")
    assert not reading_exempt(forwarded_by="")


def test_the_town_s_declared_form_is_budgeted_as_its_own_sender():
    """The form's mail is read before the cap on its new cases ([limits] cases_per_robot_per_day) sets it aside: a
    visitor submitting it ten thousand times with costly files had every one read, the form being free of the reading
    budgets. Its own address is the sender; the town's domain is no domain counted together."""
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    data.setdefault("trust", {})["automatic_senders"] = ["contact@ville-bethune.fr"]
    settings = parse(data, "config.toml", EXAMPLE.parent)
    raw = samples.email(sender="Ville <contact@ville-bethune.fr>", to=[settings.mailboxes[0].address],
                        subject="Formulaire", headers={"Reply-To": "visiteur@x.example"},
                        attachments=[("scan.pdf", b"%PDF-1.4 x", "application/pdf")])
    keys = readbudget.keys_of(settings, Forward(parse_message(raw)))
    assert keys is not None and keys.sender.endswith(":contact@ville-bethune.fr") and keys.domain == "", keys


def test_staff_read_why_the_files_were_not_read_in_french_without_setting_names():
    keys = reading_keys("flood@evil.example", "", "evil.example")
    said = not_read_reason(past_reading(keys, {keys.sender: 3725.0}, CAPS, "flood@evil.example"))
    # stored as the file's evidence, which the console shows as it is (core/evidence.py `for_staff`)
    assert for_staff(f"document pdf que les règles ne reconnaissent pas ({said})", str).endswith(f"({said})")
    assert "[limits]" not in said and "fixée par l'administrateur" in said, said
    assert "non lu" in said and "1 h 2 min" in said and "demain" in said, said


def test_the_setting_s_default_is_sane_and_documented():
    example = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    limits = parse(example, "config.example.toml", EXAMPLE.parent).limits
    # a real application is read in seconds (OCR: about half a second a page); the defaults are many times that,
    # and each is at least one message's whole reading time
    assert limits.read_seconds_per_sender_per_day >= 5 * limits.read_seconds
    assert limits.read_seconds_per_domain_per_day >= limits.read_seconds_per_sender_per_day
    assert limits.unauthenticated_read_seconds_per_day >= limits.read_seconds_per_domain_per_day
    assert "read_seconds_per_sender_per_day" in EXAMPLE.read_text(encoding="utf-8")


def test_explain_says_what_a_message_s_reading_counts_against():
    said = reading_said(reading_keys("flood@evil.example", "", "evil.example"), CAPS, "flood@evil.example")
    assert said.startswith("compté chaque jour pour flood@evil.example (non authentifié) : 10 min par jour"), said
    assert "evil.example ensemble : 20 min" in said and "non authentifiés ensemble : 1 h" in said, said
    assert "non authentifiés" not in reading_said(reading_keys("x@gmail.com", PASS, ""), CAPS, "x@gmail.com")
    assert reading_said(None, CAPS, "paul@ville-bethune.fr").startswith("non compté")


def test_a_key_is_stored_as_its_keyed_hash_which_names_nobody_without_the_secret():
    key = reading_keys("jeanne@asso.example", "", "asso.example").sender
    stored = sealed(key, b"k" * 32)
    assert len(stored) == 64 and "jeanne" not in stored and ":" not in stored
    assert stored == sealed(key, b"k" * 32) != sealed(key, b"j" * 32)  # found again only with the same secret
    assert stored != sealed(reading_keys("jeanne@asso.example", PASS, "asso.example").sender, b"k" * 32)


def test_a_budget_is_near_its_cap_within_one_message_s_reading_time():
    keys = reading_keys("flood@evil.example", "", "evil.example")
    assert not near_cap(keys, {}, CAPS, 180)
    assert not near_cap(keys, {keys.sender: 419.0}, CAPS, 180)
    assert near_cap(keys, {keys.sender: 420.0}, CAPS, 180)  # 600 - 180
    assert near_cap(keys, {keys.everyone: 3500.0}, CAPS, 180)
    assert not near_cap(keys, {keys.sender: 10**9}, ReadingCaps(0, 0, 0), 180)


def test_a_person_s_export_says_in_words_whose_reading_time_each_stored_hash_counts():
    """Her export gave « none:jeanne@asso.example » as what a hash was of: the service's own notation, unexplained."""
    assert what_a_key_counts("none:jeanne@asso.example") == (
        "des messages de jeanne@asso.example dont le serveur de la Ville n'a pu dire s'ils venaient bien de leur "
        "expéditeur")
    assert what_a_key_counts("pass:jeanne@asso.example").startswith("des messages de jeanne@asso.example que le "
                                                                    "serveur de la Ville a authentifiés")
    assert "dit contrefaits" in what_a_key_counts("fail:@asso.example")
    assert what_a_key_counts("pass:@asso.example").startswith("des messages des adresses du domaine asso.example ")
    assert what_a_key_counts("pass:@jeanne@gmail.com").startswith(
        "des messages de la boîte jeanne@gmail.com et de ses variantes en « + » ")


# ------------------------------------------------------------------ one sending network's share (attack28)
TOWN_SERVER = TrustSettings("own", "mx.ville-bethune.fr", frozenset({"ville-bethune.fr"}))


def _from_network(*results: str, sender: str = "flood@evil.example") -> bytes:
    """A message with these Authentication-Results, topmost first (as the town's server prepends its own)."""
    raw = samples.email(sender=sender, to=["n.bataillon@ville-bethune.fr"], subject="Candidature",
                        attachments=[("scan.pdf", b"%PDF-1.4 x", "application/pdf")])
    return b"".join(f"Authentication-Results: {r}\r\n".encode() for r in results) + raw


def test_the_town_s_server_names_the_network_a_message_came_from_and_nobody_else_does():
    """About eighty messages of costly files under made-up addresses, from one machine, spent every unauthenticated
    sender's reading time of the day: every real unauthenticated applicant's files were then filed unread. The town's
    server's word on the connecting host (its iprev result) now keys a share of that time by network."""
    said = parse_message(_from_network("mx.ville-bethune.fr; spf=none smtp.mailfrom=flood@evil.example; "
                                       "iprev=pass (mail.evil.example) policy.iprev=203.0.113.77"))
    assert sending_network(said, TOWN_SERVER) == "203.0.113.0/24"
    exim = parse_message(_from_network("mx.ville-bethune.fr; iprev=pass smtp.remote-ip=2001:db8:7:1::25"))
    assert sending_network(exim, TOWN_SERVER) == "2001:db8:7::/48"  # an IPv6 sender has a whole /48 to pick from
    mapped = parse_message(_from_network("mx.ville-bethune.fr; iprev=pass policy.iprev=::ffff:203.0.113.9"))
    assert sending_network(mapped, TOWN_SERVER) == "203.0.113.0/24"
    # written by the sender: below the server's header, or in a header of another server on top, or with no
    # provider configured, nothing names a network (the message counts against every unauthenticated sender's
    # budget, as before)
    below = parse_message(_from_network("mx.ville-bethune.fr; spf=none smtp.mailfrom=flood@evil.example",
                                        "mx.ville-bethune.fr; iprev=pass policy.iprev=198.51.100.1"))
    assert sending_network(below, TOWN_SERVER) == ""
    assert sending_network(said, TrustSettings()) == ""
    other = parse_message(_from_network("mx.evil.example; iprev=pass policy.iprev=198.51.100.1"))
    assert sending_network(other, TOWN_SERVER) == ""
    # a second iprev in the server's header (one the sender wrote through a value the server copied unquoted), or
    # two addresses, or one that is none: nothing
    two = parse_message(_from_network("mx.ville-bethune.fr; iprev=pass policy.iprev=203.0.113.77; iprev=pass "
                                      "policy.iprev=198.51.100.1"))
    assert sending_network(two, TOWN_SERVER) == ""
    both = parse_message(_from_network("mx.ville-bethune.fr; iprev=pass policy.iprev=203.0.113.77 "
                                       "smtp.remote-ip=198.51.100.1"))
    assert sending_network(both, TOWN_SERVER) == ""
    assert sending_network(parse_message(_from_network("mx.ville-bethune.fr; iprev=pass policy.iprev=mx.evil")),
                           TOWN_SERVER) == ""


def test_one_network_s_unauthenticated_mail_spends_its_share_and_leaves_the_rest_to_other_networks():
    caps = ReadingCaps(sender=600, domain=1200, everyone=3600, network=900)
    flood = reading_keys("a77@evil-77.example", "", "evil-77.example", "203.0.113.0/24")
    applicant = reading_keys("jeanne@asso.example", "", "asso.example", "198.51.100.0/24")
    assert flood.network and flood.network != applicant.network and flood.everyone == applicant.everyone
    spent = {flood.network: 900.0, flood.everyone: 900.0}  # the flood's network spent its share of the day
    why = past_reading(flood, spent, caps, "a77@evil-77.example")
    assert "203.0.113.0/24" in why and "unauthenticated_read_seconds_per_network_per_day = 900" in why, why
    assert past_reading(applicant, spent, caps, "jeanne@asso.example") == ""  # hers is still read
    # the network is a bound more, never one less: every unauthenticated sender's budget still bounds them all
    assert "unauthenticated_read_seconds_per_day" in past_reading(applicant, {applicant.everyone: 3600.0}, caps, "j")
    assert near_cap(flood, {flood.network: 850.0}, caps, 60.0)
    # authenticated mail never counts by network (a big provider's servers carry thousands of applicants)
    assert reading_keys("x@gmail.com", PASS, "", "209.85.128.0/24").network == ""
    assert reading_keys("x@asso.example", "", "asso.example", "").network == ""
    assert "203.0.113.0/24" in what_a_key_counts(flood.network)
    said = reading_said(flood, caps, "a77@evil-77.example")
    assert "réseau 203.0.113.0/24" in said and "15 min" in said, said
    assert not_read_reason(why).startswith("non lu : la lecture des messages non authentifiés venus du réseau")
    assert "[limits]" not in not_read_reason(why)


def test_a_forged_network_never_lifts_the_budget_every_unauthenticated_sender_shares():
    """The network is the town's server's word; a server that copies a value unquoted lets the sender write one of
    their choice: each message then names a new network, and every unauthenticated sender's budget stops them."""
    caps = ReadingCaps(everyone=3600, network=900)
    spent = {"unauthenticated:*": 3600.0}
    for n in range(5):
        keys = reading_keys(f"x{n}@evil.example", "", "", f"192.0.{n}.0/24")
        assert "unauthenticated_read_seconds_per_day" in past_reading(keys, spent, caps, f"x{n}@evil.example")


def test_the_network_is_read_from_the_town_s_server_for_the_reading_budget():
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    data.setdefault("trust", {}).update(provider="own", authserv_id="mx.ville-bethune.fr")
    settings = parse(data, "config.toml", EXAMPLE.parent)
    raw = _from_network("mx.ville-bethune.fr; spf=none smtp.mailfrom=flood@evil.example; iprev=pass "
                        "policy.iprev=203.0.113.77")
    keys = readbudget.keys_of(settings, Forward(parse_message(raw)))
    assert keys is not None and keys.network.endswith("203.0.113.0/24"), keys
    assert readbudget.caps(settings).network == 3600


def test_a_relay_of_the_town_s_own_network_names_no_sending_network():
    """A town's server that checks mail as a content filter hands it back (amavis on 127.0.0.1:10025, a gateway on
    the town's LAN) writes that relay's address in its iprev: every unauthenticated applicant then shared one
    network's hour instead of every unauthenticated sender's 4 h. An address no outside sender connects from
    (loopback, private, shared, link-local) names no network: the message counts as before, under the shared budget."""
    for relay in ("127.0.0.1", "10.1.2.3", "172.20.0.5", "192.168.1.25", "100.64.0.9", "169.254.1.1", "::1",
                  "fd00:1::25", "fe80::1", "::ffff:10.0.0.1"):
        msg = parse_message(_from_network(f"mx.ville-bethune.fr; spf=none smtp.mailfrom=jeanne@asso.example; "
                                          f"iprev=pass policy.iprev={relay}"))
        assert sending_network(msg, TOWN_SERVER) == "", relay


def test_a_third_party_filtering_gateway_the_town_names_is_no_sending_network():
    """A town that receives its mail through a filtering gateway (Mimecast, Vade, Altospam, a hybrid Exchange) has
    the gateway's address in its server's iprev: every unauthenticated applicant shared one network's hour instead of
    every unauthenticated sender's 4 h, silently. [trust] inbound_relays lists such relays' networks: their address
    names none, and the message counts as before, under the shared budget."""
    import dataclasses
    import ipaddress

    relays = dataclasses.replace(TOWN_SERVER, inbound_relays=(ipaddress.ip_network("205.139.110.0/24"),
                                                              ipaddress.ip_network("2001:db8:5::/48")))
    for gateway in ("205.139.110.61", "2001:db8:5:1::9", "::ffff:205.139.110.7"):
        msg = parse_message(_from_network(f"mx.ville-bethune.fr; iprev=pass policy.iprev={gateway}"))
        assert sending_network(msg, TOWN_SERVER) != ""  # before: the gateway's network
        assert sending_network(msg, relays) == "", gateway
    other = parse_message(_from_network("mx.ville-bethune.fr; iprev=pass policy.iprev=203.0.113.77"))
    assert sending_network(other, relays) == "203.0.113.0/24"  # any other sender's network is still named


def _with_relays(value) -> str | None:
    """The French message config load gives for [trust] inbound_relays = value (None: accepted)."""
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    data.setdefault("trust", {}).update(provider="own", authserv_id="mx.ville-bethune.fr", inbound_relays=value)
    try:
        settings = parse(data, "config.toml", EXAMPLE.parent)
    except ConfigError as exc:
        return str(exc)
    assert trust_settings(settings).inbound_relays == settings.trust.inbound_relays
    return None


def test_inbound_relays_are_networks_checked_on_loading():
    assert _with_relays(["205.139.110.0/24", "2001:db8:5::/48", "198.51.100.7"]) is None
    for wrong in ("205.139.110.0/24", ["mimecast"], ["205.139.110.0/33"], [24], ["0.0.0.0/0"]):
        said = _with_relays(wrong)
        assert said is not None and "trust.inbound_relays" in said and "205.139.110.0/24" in said, (wrong, said)
