"""Exceptions of the package.

    IntakeError                 base: carries a one-line message fit for the admin
    ├── ConfigError             config.toml is wrong (file, key, problem)  -> exit 2
    ├── RulesError              rules/ or templates/ is wrong (file:line)  -> exit 2
    │   └── TemplateError       a template failed on rendering one mail (the one message concerned is set aside)
    ├── UsageError              an argument that can never succeed (bad date, missing --note) -> exit 2
    ├── UnknownCase             no case has the reference staff typed (the console words it its own way)
    ├── MailboxError            a mailbox could not be read (which, why)
    │   └── MessageUnavailable  one message the server will not give
    ├── OAuthError              no usable OAuth2 token (none stored, refused, revoked): what to do
    └── ParseError              a message could not be parsed (it is quarantined)
        └── OverLimit           a message over [limits] (MIME parts, attachments): quarantined for staff

Sending failures are not exceptions of this tree: the SMTP adapter raises
`TemporarySendError` / `PermanentSendError` (see adapters/smtp.py), which the
outbox turns into retries or a recorded failure.
"""


class IntakeError(Exception):
    """Base class; `str(e)` is a complete one-line message."""


class ConfigError(IntakeError):
    def __init__(self, file: str, key: str, problem: str):
        self.file, self.key, self.problem = file, key, problem
        where = f"{file}: {key}" if key else file
        super().__init__(f"{where}: {problem}")


class RulesError(IntakeError):
    """`cause`: the file whose mistake this is, when it is not `file` (an {% include %} of a block that is not there:
    said at the include, caused by the block), so that `intake rules check` says one cause once."""

    def __init__(self, file: str, line: int | None, problem: str, cause: str = ""):
        self.file, self.line, self.problem, self.cause = file, line, problem, cause
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {problem}")


class TemplateError(RulesError):
    """A mail template failed while rendering one mail with that mail's values (a variable or field it does not
    have, a filter that raised), in a branch the checks' samples never reach (they refuse the others before the
    templates are taken). The mailbox's poll sets the message concerned aside and goes on (pipeline/ingest.py);
    elsewhere it is a RulesError like any other."""


class UsageError(IntakeError):
    """The command was given arguments that can never succeed, whatever the case's state (a malformed date, a
    refusal without its motif, a case merged into itself): exit 2, as a usage error. A refusal that depends on
    the case's state (mail already sent, a decision recorded) stays an IntakeError (exit 1). French, for staff."""


class UnknownCase(IntakeError):
    """No case, nor a deleted one, has this reference. The message tells a command-line user how to list the
    cases; the console, where the reference was typed in a form, says it in its own words (`reference`)."""

    def __init__(self, reference: str):
        self.reference = reference
        super().__init__(f"aucun dossier {reference} : voyez la liste avec « intake cases »")


class MailboxError(IntakeError):
    pass


class MessageUnavailable(MailboxError):
    """The server answers, but will not give this one message (NO/BAD, no date): the others can be read."""


class OAuthError(IntakeError):
    """No access token could be had for an account; the message says what the admin should do."""


class ParseError(IntakeError):
    pass


class ReaderCrashed(IntakeError):
    """A reading process died (crash, killed) while reading one of a message's files: that message is set aside
    for staff, the others go on. The message is French, for staff."""


class ReadersBusy(IntakeError):
    """Every reading process the console may run at once is taken, and none came free within the wait (web/reading.py
    `ReadingSlots`): the page says so in French, the message or file stays as it is."""


class OverLimit(ParseError):
    """The message asks for more work than [limits] allows; the reason is French, for staff."""


class TemporarySendError(IntakeError):
    """The mail may be retried later (4xx, connection refused, timeout)."""


class PermanentSendError(IntakeError):
    """The mail will never be accepted as it is (5xx)."""
