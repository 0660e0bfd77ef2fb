"""Use cases run with fake adapters through each service's real bootstrap."""
