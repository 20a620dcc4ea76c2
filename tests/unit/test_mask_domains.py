"""What the logs may say of the domain a sender's address counted with (core/masking.py `mask_domains`)."""

from __future__ import annotations

from intake.core.masking import mask_domains


def test_a_sender_s_domain_and_its_subdomains_are_masked_and_nothing_else():
    line = ("les messages des adresses du domaine Famille-Vasseur.example ont déjà ouvert 1 dossier ; "
            "mail.famille-vasseur.example, autrefamille-vasseur.example, famille-vasseur.example.org, "
            "[limits] cases_per_domain_per_day = 1")
    assert mask_domains(line, ("famille-vasseur.example", "")) == (
        "les messages des adresses du domaine [domaine] ont déjà ouvert 1 dossier ; [domaine], "
        "autrefamille-vasseur.example, famille-vasseur.example.org, [limits] cases_per_domain_per_day = 1")
    assert mask_domains(line, ("", "")) == line
