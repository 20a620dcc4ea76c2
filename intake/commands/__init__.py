"""What staff and the admin run, as a library: the command line (intake/cli.py) and the web console
(intake/web/) call the same functions. Each asks the core what to do (core/casework.py for a case) and
has it carried out by intake/apply.py; the queries are in intake/store/.

    show.py          `intake cases`, `intake case REF`: the cases as staff and scripts read them
    staff.py         record a decision, correct a piece's kind; who is at the keyboard
    merge.py         merge two cases of one application; move a message to another case
    notes.py         a staff note on a case
    postal.py        file an application that came by post (its files read exactly as a mail's)
    quarantine.py    list, show, retry and dismiss quarantined messages
    mailqueue.py     mail that failed or whose sending was interrupted: list, show, send again, mark handled
    reclassify.py    apply the rules in force to open cases, from their stored files
    followups.py     queue the reminders that are due
    send_digest.py   the staff digest, once a day
    purge.py         apply rules/retention.toml; person.py: a person's export and erasure; stats.py
    registre.py      the record of processing (GDPR art. 30); rules_check.py: `intake rules check`
    oauth_login.py   `intake auth login`: an OAuth2 sign-in, once
    demo.py          `intake demo`, on the mail samples.py builds (the tests use them too)

Every action that changes a case runs in one transaction, records in the case history who did it
(`actor`), and raises `IntakeError` with a one-line message (in French where staff read it, in the
terminal or in the console) when it cannot be done.
"""
