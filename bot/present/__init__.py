"""What the chat surfaces present, independent of Slack, Teams or a terminal."""
