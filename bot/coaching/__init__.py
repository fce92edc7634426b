"""Coaching: team leads' tips, the tip of the week, and each person's data rights.

One package for both chat surfaces. :mod:`bot.coaching.commands` turns what a person typed after
``/tip`` (Slack) or ``tip`` (Teams) into one typed command, with the same words in both;
:mod:`bot.coaching.service` carries a command out against the store and answers with a typed
outcome. Slack and Teams only map outcomes to Block Kit or Teams markdown, and say who is a lead
(:class:`bot.coaching.service.LeadDirectory`).
"""
