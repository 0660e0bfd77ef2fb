"""Use cases, each in one unit of work."""
