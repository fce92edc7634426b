"""Microsoft Teams: the same coach in Teams chats, with Adaptive Cards (Microsoft 365 Agents SDK)."""
