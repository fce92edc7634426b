"""The review engine: text in, ``Review`` out. Knows nothing of Slack, Teams or databases."""
