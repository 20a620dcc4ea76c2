"""Who owns data_dir, when root runs intake: the service's own user, to whom root is sent (app.py, cli explain)."""

from __future__ import annotations

import os
import pwd
from pathlib import Path

from intake.config import Settings
from intake.errors import ConfigError


def service_user(data_dir: Path) -> str:
    """The name of the user data_dir belongs to, when root runs intake and data_dir is not root's; "" otherwise."""
    if os.geteuid() != 0:
        return ""
    try:
        owner = Path(data_dir).stat().st_uid
    except OSError:
        return ""
    if owner == 0:
        return ""
    try:
        return pwd.getpwuid(owner).pw_name
    except KeyError:
        return str(owner)


def not_root_reading_strangers_files(settings: Settings) -> None:
    """`intake explain` writes nothing, but reads a message's files (pypdf, Pillow, libheif, pdftoppm, tesseract):
    anyone's files, not to be read as root, outside the service's confinement, where the service has its user."""
    name = service_user(settings.data_dir)
    if name:
        raise ConfigError(settings.file, "data_dir",
                          f"{settings.data_dir} appartient à {name}, l'utilisateur du service : intake explain lit "
                          "les fichiers joints d'un inconnu (PDF, images, lecture optique), pas en root : lancez-le "
                          f"en tant que {name} (runuser -u {name} -- intake explain FICHIER.eml, le fichier lisible "
                          f"par {name})")
