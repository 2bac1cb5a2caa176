"""Exceptions that carry a one-line message for the user (the CLI prints it, exit status 2)."""


class NewsmodError(Exception):
    """Base class: ``str(exc)`` is one line that says what is wrong and where."""


class ConfigError(NewsmodError):
    """An invalid guidelines.toml, source list or setting; the message names the key."""


class StoreError(NewsmodError):
    """The database is corrupt, locked, read-only or otherwise unusable."""


class InputError(NewsmodError):
    """Bad user input: a malformed post, an unknown rule or case id, a bad argument."""
