"""The community rule set: config/guidelines.toml as typed, validated objects.

Every key is checked; an invalid file raises one ``ConfigError`` line naming the key, e.g.
``guidelines.toml: communities.worldnews.rules.ragebait.action: must be one of note, flag,
comment, remove``. A community may ``extends = "<other key>"`` and override only what differs.

The modules: ``model`` (the frozen objects), ``checks`` (accepted keys and value checks),
``errors`` (the one-line messages, reading the TOML), ``inherit`` (``extends``), ``build`` (one
community), ``locate`` (which file: ``--config``, ``$NEWSMOD_CONFIG``, ``./config``, packaged)
and ``loader`` (the whole file).
"""

from __future__ import annotations

from bot.guidelines.checks import MODES, REMOVALS, RULE_KEYS, RULE_PARAMS
from bot.guidelines.loader import default_config_dir, load_guidelines
from bot.guidelines.locate import CONFIG_ENV, find_guidelines, packaged_guidelines
from bot.guidelines.model import Community, Guidelines, RuleConfig

__all__ = [
    "CONFIG_ENV",
    "MODES",
    "REMOVALS",
    "RULE_KEYS",
    "RULE_PARAMS",
    "Community",
    "Guidelines",
    "RuleConfig",
    "default_config_dir",
    "find_guidelines",
    "load_guidelines",
    "packaged_guidelines",
]
