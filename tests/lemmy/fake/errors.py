"""How the fake Lemmy refuses a call: a JSON ``{"error": code}``, or a plain-text body."""

from __future__ import annotations


class ApiError(Exception):
    """Lemmy's ``LemmyError``: ``{"error": "snake_case"}`` with status 400 (401 for
    ``incorrect_login``, 404 for 1.0's ``not_found``, 429 for 1.0's rate limits)."""

    def __init__(self, code: str, status: int = 400) -> None:
        super().__init__(code)
        self.code, self.status = code, status


class ApiText(Exception):
    """An answer that is not JSON (actix-web's own errors, e.g. a body its JSON extractor
    cannot deserialize), or a proxy's error page."""

    def __init__(self, text: str, status: int = 400) -> None:
        super().__init__(text)
        self.text, self.status = text, status
