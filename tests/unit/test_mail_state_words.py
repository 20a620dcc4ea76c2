"""The French words staff read about a mail of the outbox, agreed with the name of its kind."""


def test_a_reminder_s_state_agrees_with_its_feminine_name_in_what_staff_read():
    """« relance retenue », « relance incertaine » (the case's history after staff mark it or send it elsewhere), as
    « accusé de réception retenu »: the outbox's words were masculine whatever the mail."""
    from intake.commands.mailqueue import _label
    from intake.core.labels import agreed
    from intake.core.statuses import HELD, UNCERTAIN

    assert (_label(HELD, "reminder"), _label(UNCERTAIN, "reminder")) == ("retenue", "incertaine")
    assert (_label(HELD, "acknowledgement"), _label(UNCERTAIN, "acknowledgement")) == ("retenu", "incertain")
    assert agreed("reminder", "marqué") + " " + agreed("reminder", "traité") == "marquée traitée"
