"""core/mentions.py: where a kept message names an address besides its sender (a person's right of access)."""

from pathlib import Path

from intake.commands import samples
from intake.core.mentions import ATTACHED, FORWARDED, IN_TEXT, RECIPIENT, mentions
from intake.core.parse import parse_message

ITEM = (Path(__file__).resolve().parents[1] / "corpus" / "msgreader" / "EmailWithAttachments.msg").read_bytes()


def _mail(**kw) -> bytes:
    return samples.email(sender="Paul <paul@x.example>", to=[kw.pop("to", "n.bataillon@ville-bethune.fr")],
                         subject="Candidature", **kw)


def test_a_quoted_sender_of_a_forward_of_a_forward_is_named_there():
    body = ("---------- Message transféré ---------\nDe : Claire <claire@relais.example>\n\n"
            "---------- Message transféré ---------\nDe : Jeanne <Jeanne@Asso.example>\n\nBonjour\n")
    msg = parse_message(_mail(body=body))
    assert mentions(msg, "jeanne@asso.example") == (FORWARDED, IN_TEXT)
    assert mentions(msg, "claire@relais.example") == (FORWARDED, IN_TEXT)
    assert mentions(msg, "paul@x.example") == ()  # its own sender is found by the ledger, not here
    assert mentions(msg, "autre@asso.example") == ()


def test_a_recipient_and_the_sender_of_an_attached_outlook_item_are_named_there():
    msg = parse_message(_mail(to="vera@asso.example", attachments=[("photos.msg", ITEM, "application/vnd.ms-outlook")]))
    assert mentions(msg, "vera@asso.example") == (RECIPIENT,)
    assert ATTACHED in mentions(msg, "PeterPan@neverland.com")  # written in UTF-16 inside the item
    # a string of the item that is no sender of it (its recipient here) is found too
    assert mentions(msg, "crocodile@neverland.com") == (ATTACHED,)


def test_an_address_inside_another_one_is_not_named():
    """ann@asso.example's access request listed the messages naming joann@asso.example (someone else's)."""
    msg = parse_message(_mail(body="Voyez avec joann@asso.example et peter@neverland.com.example.\n",
                              attachments=[("photos.msg", ITEM, "application/vnd.ms-outlook")]))
    assert mentions(msg, "ann@asso.example") == ()
    assert mentions(msg, "Pan@neverland.com") == ()  # PeterPan@neverland.com is in the item, in UTF-16
    assert mentions(msg, "peter@neverland.com") == ()
    assert mentions(msg, "joann@asso.example") == (IN_TEXT,)
