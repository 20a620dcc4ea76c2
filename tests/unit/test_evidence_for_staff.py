"""core/evidence.py: the recognition's evidence said for staff, without a rule's patterns, points or keys."""

from __future__ import annotations

from intake.core.evidence import for_staff, has_details

LABELS = {"dossier": "dossier d'intention", "courrier": "courrier officiel", "visuels": "documents complémentaires"}


def label(key: str) -> str:
    return LABELS.get(key, key)


def test_a_scored_piece_says_what_recognised_it_in_words():
    evidence = ("type pdf, nom correspondant à « *dossier* », mots trouvés : « dossier d'intention », « porteur », "
                "expressions trouvées : « (?i)titre\\s+du\\s+projet » (12 points)")
    said = for_staff(evidence, label)
    # « à » before each clue: « reconnu à son nom de fichier et des mots de son texte » read as a slip
    assert said == ("reconnu à son nom de fichier, à des mots de son texte (« dossier d'intention », « porteur ») et "
                    "à des formules de son texte")
    assert "points" not in said and "(?i)" not in said and "*dossier*" not in said
    assert has_details(evidence, label)


def test_a_type_alone_a_weak_guess_and_another_piece_inside():
    assert for_staff("type jpg (1 point)", label) == "reconnu à son type de fichier (jpg)"
    assert for_staff("indices trop faibles pour courrier : nom correspondant à « *lettre* » (3 points)", label) == (
        "indices trop faibles pour en être sûr (peut-être : courrier officiel) : son nom de fichier")
    assert for_staff("type pdf, nom correspondant à « *dossier* » (5 points) ; contient peut-être aussi : courrier "
                     "officiel (un seul fichier pour deux pièces)", label) == (
        "reconnu à son nom de fichier ; contient peut-être aussi : courrier officiel")


def test_evidence_already_in_words_is_kept_and_keys_are_named():
    plain = "lien de transfert de fichiers (we.tl)"
    assert for_staff(plain, label) == plain and not has_details(plain, label)
    assert for_staff("document protégé par un mot de passe : non lu, à vérifier (ressemble à : dossier) (4 points)",
                     label) == "document protégé par un mot de passe : non lu, à vérifier (ressemble à : dossier " \
                               "d'intention)"
    assert for_staff("", label) == ""


def test_contradictory_clues_name_the_pieces_not_their_keys():
    """A scan of the dossier and the letter reads as much one as the other: staff read the pieces' names."""
    assert for_staff("indices contradictoires : dossier (8 points), courrier (7 points)", label) == (
        "indices contradictoires : dossier d'intention ou courrier officiel")
    assert for_staff("indices contradictoires : dossier (9 points), courrier (8 points), visuels (7 points)",
                     label) == "indices contradictoires : dossier d'intention, courrier officiel ou documents " \
                               "complémentaires"
    assert for_staff("indices contradictoires : relevé bancaire ou dossier / courrier", label) == (
        "indices contradictoires : relevé bancaire, dossier d'intention ou courrier officiel")


def test_history_lines_about_files_say_the_evidence_in_words_and_keep_it_apart():
    from intake.core.evidence import history_for_staff

    line = ("Dossier (v2).pdf : dossier d'intention (type pdf, nom correspondant à « *dossier* », mots trouvés : "
            "« porteur », expressions trouvées : « (?i)titre\\s+du\\s+projet » (12 points))")
    said, details = history_for_staff("piece", line, label)
    assert said == ("Dossier (v2).pdf : dossier d'intention — reconnu à son nom de fichier, à des mots de son texte "
                    "(« porteur ») et à des formules de son texte")
    assert details.startswith("type pdf, nom correspondant") and details.endswith("(12 points)")
    moved = "scan.pdf : documents complémentaires → courrier officiel (indices trop faibles pour courrier : nom " \
            "correspondant à « *lettre* » (3 points))"
    assert history_for_staff("piece", moved, label)[0] == (
        "scan.pdf : documents complémentaires → courrier officiel — indices trop faibles pour en être sûr (peut-être "
        ": courrier officiel) : son nom de fichier")
    locked = ("a : b.pdf : document à vérifier (document protégé par un mot de passe : non lu, à vérifier (ressemble "
              "à : dossier) (4 points))")
    assert history_for_staff("piece", locked, label)[0] == (
        "a : b.pdf : document à vérifier — document protégé par un mot de passe : non lu, à vérifier (ressemble à : "
        "dossier d'intention)")
    plain = "lien.txt : pas une pièce (lien de transfert de fichiers (we.tl))"
    assert history_for_staff("skipped", plain, label) == (
        "lien.txt : pas une pièce — lien de transfert de fichiers (we.tl)", "")
    assert history_for_staff("piece", "x.pdf : dossier d'intention ()", label) == ("x.pdf : dossier d'intention", "")
    note = "un mot (avec parenthèses) : rien à voir (règle x)"
    assert history_for_staff("note", note, label) == (note, "")  # only the lines about files
    assert history_for_staff("piece-again", "x.pdf : déjà au dossier", label) == ("x.pdf : déjà au dossier", "")
