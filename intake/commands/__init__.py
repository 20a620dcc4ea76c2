"""What staff do, as a library: the command line and the web console call the same functions.

    merge.py       merge two cases of one application; move a message to another case
    notes.py       a staff note on a case
    postal.py      file an application that came by post (its files read exactly as a mail's)
    quarantine.py  list, show, retry and dismiss quarantined messages
    mailqueue.py   mail that failed or whose sending was interrupted: list, show, send again, mark handled

Decisions and piece corrections are in intake/staff.py. Every action runs in one transaction, records in
the case history who did it (`actor`), and raises `IntakeError` with a one-line message in French (staff
read it, in the terminal or in the console) when it cannot be done.
"""
