"""Daily questions: each channel's scheduled post, its live count and reveal, the Monday board.

Platforms use `service` (the members' and admins' commands), `outbox` (where publishers are
registered) and `removals` (channels the bot lost); the rest is the posting machinery.
"""
