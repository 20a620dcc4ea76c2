"""Plain text sent format=flowed (RFC 3676), as Thunderbird sends it, read as it was written."""

from __future__ import annotations

from intake.core.parse import unflowed


def test_soft_line_breaks_are_joined_within_one_quoting_depth_and_stuffing_is_removed():
    text = ("De : \tJeanne-Marie Roux-Delacroix \r\n<jm@asso.example>\r\n> cité \r\n> suite\r\nfin \r\n> autre\r\n"
            "-- \r\n From here\r\n")
    assert unflowed(text) == ("De : \tJeanne-Marie Roux-Delacroix <jm@asso.example>\n> cité suite\nfin \n> autre\n"
                              "-- \nFrom here\n")


def test_delsp_removes_the_space_of_a_soft_break():
    assert unflowed("Boule \r\nvard\r\n", delsp=True) == "Boulevard\n"
