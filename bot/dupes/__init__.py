"""The ``duplicate-post`` rule's machinery: URL keys, signatures, matching and history.

Nothing is imported here: ``bot.guidelines`` reads ``bot.dupes.duration`` while the rules
package is still being imported.
"""
