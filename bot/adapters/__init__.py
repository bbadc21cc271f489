"""One package per chat platform, each with the same file roles (bot, sender, render, config).

An adapter imports the chat core, the reminders' sender port and the
settings — never another adapter, the composition root or the command line.
"""
