"""Whether data_dir's disk has room to file one more message: the free-space floor ([limits] min_free_bytes).

Pure: the free space (the shell asks the disk, pipeline/poll.py) and the message's size in, why not (French) out.
"""

from __future__ import annotations

from intake.core import french

DISK_FACTOR = 3  # what filing a message may write, at most, in multiples of its size: its raw bytes, its files
#                 decoded, and what its archives hold (bounded by [limits] max_unpacked_bytes)


def disk_too_full(free: int, size: int, floor: int) -> str:
    """"" : a message of `size` bytes may be filed with `free` bytes free in data_dir; else why not (French). Filed
    mail has no byte budget (an application is kept whatever its size): anyone can send applications of 49 MB,
    each filed with its files, until the disk is full, and then every write fails (the database's too) and real
    applications are set aside unread. Below `floor` ([limits] min_free_bytes; 0: no floor) nothing is filed:
    the mailbox's poll stops there and says why, and since intake never deletes mail, the messages wait in the
    mailbox, to be filed once space is freed."""
    if floor <= 0 or free - DISK_FACTOR * size >= floor:
        return ""
    return (f"espace disque insuffisant pour classer le message suivant : {french.size(free)} libres dans data_dir, "
            f"moins que [limits] min_free_bytes ({french.size(floor)}) une fois le message classé ; aucun message "
            "n'est classé d'ici là (ils restent dans la boîte) : libérez de la place (intake purge, quarantaine), "
            "agrandissez le disque, ou cherchez qui envoie tant de courrier")
