"""Fixtures: the fake Discord (real discord.py client) and the fake Lemmy (v3 and v4) together."""

from tests.discord.conftest import (  # noqa: F401 - fixtures shared with the Discord tests
    endpoints,
    fail_on_logged_errors,
    fake,
    fake_server,
    stacks,
    start_bot,
)
from tests.integration.fixtures import both  # noqa: F401
from tests.lemmy.conftest import clock, lemmy, version  # noqa: F401 - the fake Lemmy, v3 and v4
