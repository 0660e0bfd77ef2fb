"""Shared kernel: what every service needs and nothing of any domain."""
