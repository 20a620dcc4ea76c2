"""intake: the email intake service of the Béthune Smart City label.

Data flows one way: fetch -> parse -> classify -> decide -> apply.
`intake.core` is the pure part (values in, values out); `intake.adapters`
holds the thin IO shell (IMAP, folders of .eml, SMTP, database, files).
"""

__version__ = "0.1.0"
