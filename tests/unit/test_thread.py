import dataclasses
import time

import pytest

from intake.core.thread import CaseView, Clues, match, references_in, reply_to_hint, shown_name


@pytest.mark.parametrize("subject, expected", [
    ("RE: Accusé de réception [BSC-2026-0007]", ("BSC-2026-0007",)),
    ("TR: Fwd: AW: dossier BSC-2026-7", ("BSC-2026-0007",)),
    ("Re : bsc 2026 0012 courrier", ("BSC-2026-0012",)),
    ("BSC_2026_12 et BSC-2026-0013", ("BSC-2026-0012", "BSC-2026-0013")),
    ("Candidature ABSC-2026-0007", ()),
    ("Facture 2026-0007", ()),
    ("RE: [ＢＳＣ－２０２６－０００７]", ("BSC-2026-0007",)),  # full-width, as a phone's keyboard may type it
    ("Dossier BSC\u20112026\u20110007", ("BSC-2026-0007",)),  # non-breaking hyphens (a word processor)
    ("Dossier bsc\u20142026\u22127", ("BSC-2026-0007",)),  # em dash, minus sign
    ("Candidature ＡBSC-2026-0007", ()),  # still not inside a word
])
def test_references_are_found_whatever_the_client_did_to_the_subject(subject, expected):
    assert references_in(subject, "BSC") == expected


def view(n, status="incomplete", kinds=("dossier",)):
    return CaseView(id=n, reference=f"BSC-2026-{n:04d}", status=status, applicant="a@x.example",
                    kinds=frozenset(kinds))


APPLICANT = "a@x.example"


def test_a_reference_in_the_subject_joins_its_case_when_the_applicant_writes():
    assert match(Clues(by_reference=(view(1),)), frozenset(), APPLICANT).case.id == 1


def test_a_reference_in_the_subject_grants_nothing_to_a_stranger():
    found = match(Clues(by_reference=(view(1),)), frozenset({"visuels"}), "mallory@evil.example")
    assert found.case is None and found.cited.id == 1 and not found.ambiguous
    assert "un tiers (mallory@evil.example) cite le dossier BSC-2026-0001" in found.reason


def test_an_address_the_applicants_mail_named_may_speak_for_the_case():
    case = dataclasses.replace(view(1), addresses=frozenset({APPLICANT, "tresorier@x.example"}))
    assert match(Clues(by_reference=(case,)), frozenset(), "tresorier@x.example").case.id == 1


def test_a_trusted_staff_forward_is_its_original_sender_s_and_joins_only_a_case_that_knows_them():
    """attack11: a forward's original sender is whoever wrote to the town's public address; a reference they name
    joined its case whoever they were (`vouched`). They may speak only for the cases that know them."""
    found = match(Clues(by_reference=(view(1),)), frozenset({"courrier"}), "other@y.example")
    assert found.case is None and found.cited.id == 1
    assert match(Clues(by_reference=(view(1),)), frozenset({"courrier"}), APPLICANT).case.id == 1


def test_a_stranger_replying_to_our_mail_is_cited_with_that_evidence():
    found = match(Clues(by_headers=(view(1),), by_our_mail=(view(1),)), frozenset(), "colleague@x.example")
    assert found.case is None and "répond à un courriel du service" in found.reason


def test_reference_and_headers_that_agree_join_the_case():
    assert match(Clues(by_reference=(view(1),), by_headers=(view(1),)), frozenset(), APPLICANT).case.id == 1


def test_clues_that_disagree_are_ambiguous():
    found = match(Clues(by_reference=(view(1),), by_headers=(view(2),)), frozenset(), APPLICANT)
    assert found.case is None and {c.id for c in found.ambiguous} == {1, 2}


def test_the_senders_single_open_case_takes_new_pieces():
    assert match(Clues(open_of_sender=(view(3),)), frozenset({"courrier"})).case.id == 3


def test_a_message_without_pieces_does_not_join_on_the_sender_alone():
    assert match(Clues(open_of_sender=(view(3),)), frozenset()).case is None


def test_files_to_check_from_the_sender_of_one_open_case_join_it():
    """Files the rules do not recognise (iOS Mail's photos shrunk under the visuels' size) join the sender's only open
    case for staff to check, as pieces would; a sender of several open cases, or an unverified one, joins none."""
    found = match(Clues(open_of_sender=(view(3),)), frozenset(), files_to_check=True)
    assert found.case.id == 3 and "des fichiers à vérifier" in found.reason
    assert match(Clues(open_of_sender=(view(3), view(4))), frozenset(), files_to_check=True).case is None
    assert match(Clues(open_of_sender=(view(3),)), frozenset(), unverified=True, files_to_check=True).case is None


def test_a_new_dossier_from_the_same_person_is_another_project():
    found = match(Clues(open_of_sender=(view(3),)), frozenset({"dossier", "visuels"}))
    assert found.case is None and not found.ambiguous


def test_several_open_cases_of_the_sender_are_ambiguous():
    found = match(Clues(open_of_sender=(view(3), view(4))), frozenset({"courrier"}))
    assert found.case is None and len(found.ambiguous) == 2


def test_the_very_dossier_of_a_case_sent_again_is_that_case_not_another_project():
    """An applicant forwards their application to the other mailbox, or sends it again: the same file was « un
    nouveau dossier d'intention », a second case and a second acknowledgement with another reference."""
    held = dataclasses.replace(view(3), hashes=frozenset({"sha-dossier", "sha-photo"}))
    found = match(Clues(open_of_sender=(held,)), frozenset({"dossier", "visuels"}), dossiers=frozenset({"sha-dossier"}))
    assert found.case == held and "le même dossier d'intention" in found.reason
    other = match(Clues(open_of_sender=(held,)), frozenset({"dossier"}), dossiers=frozenset({"sha-other"}))
    assert other.case is None and "autre projet" in other.reason


def test_a_reference_with_a_superscript_digit_is_kept_as_typed():
    from intake.core.thread import normalise_reference

    assert normalise_reference("bsc-2026-7") == "BSC-2026-0007"
    assert normalise_reference("bsc-2026-²") == "BSC-2026-²"


def test_a_display_name_is_a_clue_for_staff_only_when_it_names_a_person():
    from intake.core.thread import person_name, same_name_hint

    assert person_name("  Jeanne   Roux ") == "Jeanne Roux"
    assert person_name("contact") == person_name("jeanne@asso.example") == person_name("") == ""
    assert person_name("- -") == "" and person_name("a b c d e f g") == ""
    case = CaseView(id=1, reference="BSC-2026-0001", status="incomplete", applicant="jeanne@asso.example")
    hint = same_name_hint("Jeanne Roux", (case,))
    assert "BSC-2026-0001" in hint and "« Jeanne Roux »" in hint and "rattacher" in hint
    assert same_name_hint("", (case,)) == same_name_hint("Jeanne Roux", ()) == ""


def test_a_reference_as_staff_type_it_is_told_from_an_address_for_intake_person():
    from intake.core.thread import full_reference, partial_reference

    assert full_reference("bsc-2026-7") == full_reference(" BSC 2026 0007 ") == "BSC-2026-0007"
    assert full_reference("[BSC-2026-0012]") == "BSC-2026-0012"
    for address in ("jeanne@exemple.fr", "bsc-2026-7@exemple.fr", "Jeanne Martin", "BSC-2026", "BSC-²-1"):
        assert full_reference(address) is None and not partial_reference(address), address
    # a number alone, or without its prefix, is no one's reference for an export or an erasure: « 12 » matched every
    # digest line dated …/12/…, and erased whichever case bore it
    for partial in ("12", "2026-0012", "2026/12", "n° 12"):
        assert full_reference(partial) is None and partial_reference(partial), partial


@pytest.mark.parametrize("display, shown", [
    ("Jeanne Roux (jeanne.roux@jardins-egalite.example)", "Jeanne Roux"),  # Odoo's From at its notifications@
    ("Jeanne Roux ( jeanne.roux@jardins-egalite.example )", "Jeanne Roux"),
    ("Jeanne Roux", "Jeanne Roux"),
    ("Jeanne Roux (Présidente)", "Jeanne Roux (Présidente)"),  # words of hers, no address
    ("(jeanne.roux@jardins-egalite.example)", "(jeanne.roux@jardins-egalite.example)"),  # nothing else to show
    ("", ""),
])
def test_a_case_records_the_name_without_the_address_a_server_wrote_after_it(display, shown):
    """Odoo rewrites a From outside its domain to its notifications@ address and keeps the person's name, some
    versions with her address in brackets: the case's name was « Jeanne Roux (jeanne.roux@…) »."""
    assert shown_name(display) == shown


def test_a_name_s_address_is_found_in_time_proportional_to_the_name():
    """Each space of a long run was a start the pattern tried again through the whole run (quadratic: 0.8 s for 20,000
    spaces); parsing shortens names today, the cleaning should not rely on it."""
    name = "Jeanne" + " " * 40_000 + "Roux"
    started = time.process_time()
    assert shown_name(name + " (jeanne@asso.example)") == name and shown_name(name) == name
    assert time.process_time() - started < 0.5


def test_staff_are_told_a_robot_s_reply_to_is_an_open_case_s_applicant():
    """A copier's scan from its own address, the applicant's address typed as its « Reply to »: filed for staff,
    who were told only to find the applicant; her open case is named (never joined: anyone types a Reply-To)."""
    hers = CaseView(id=1, reference="BSC-2026-0001", status="incomplete", applicant="jeanne@asso.example")
    hint = reply_to_hint("jeanne@asso.example", (hers,))
    assert hint.startswith("son Reply-To (jeanne@asso.example) est le demandeur de BSC-2026-0001"), hint
    # a hint, never a verdict: an outsider's own noreply@ box can write her address as its Reply-To
    assert "peut-être" in hint and "à vérifier auprès du demandeur" in hint and "sans doute" not in hint, hint
    assert reply_to_hint("jeanne@asso.example", ()) == "" and reply_to_hint("", (hers,)) == ""
