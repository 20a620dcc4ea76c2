"""config.toml -> validated `Settings`: the only reader of the config file and of the environment.

    loader.py      load() and parse(): the file, its mailboxes and servers; require_secrets()
    sections.py    [web], [[staff]], [privacy], [trust], [limits], [digest], database_url
    oauth_keys.py  the auth keys of a mailbox or of [smtp]: password, or OAuth2 with provider presets
    validator.py   checks of values: each failure names the file, the key and the fix
    settings.py    what they make: `Settings`, `Mailbox`, `Server`, ... (the rest of the service reads these)

Every problem raises ConfigError naming the file, the key and the fix.
"""

from intake.config.loader import load, parse, require_secrets
from intake.config.oauth_keys import OAuth
from intake.config.settings import (
    DigestSettings,
    Limits,
    Mailbox,
    PrivacySettings,
    Schedule,
    Server,
    Service,
    Settings,
    StaffMember,
    TrustConfig,
    WebSettings,
    split_listen,
)

__all__ = ["DigestSettings", "Limits", "Mailbox", "OAuth", "PrivacySettings", "Schedule", "Server", "Service",
           "Settings", "StaffMember", "TrustConfig", "WebSettings", "load", "parse", "require_secrets", "split_listen"]
