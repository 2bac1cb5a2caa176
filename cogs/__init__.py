"""The Discord cogs: thin layers that parse interactions, call the core and render answers.

``installer(core)`` returns the coroutine ``NewsBot`` runs in ``setup_hook``: it adds every cog,
registers the persistent mod-queue buttons and the tree's one error handler.
"""

from __future__ import annotations

from bot.platforms.discord import Installer, NewsBot
from cogs.catchup import CatchUp
from cogs.checks import handle_error
from cogs.core import Core
from cogs.mod_commands import ModCommands
from cogs.modlog import Modlog, PagerButton
from cogs.modqueue import CaseButton, ModQueue
from cogs.setup import Setup
from cogs.sources import Sources
from cogs.watch import Watch


def installer(core: Core) -> Installer:
    async def install(bot: NewsBot) -> None:
        for cog in (
            Watch(core),
            ModQueue(core),
            ModCommands(core),
            Modlog(core),
            Sources(core),
            Setup(core),
            CatchUp(core, bot),
        ):
            await bot.add_cog(cog)
        bot.add_dynamic_items(CaseButton, PagerButton)  # persistent: they work after a restart
        bot.tree.error(handle_error)

    return install
