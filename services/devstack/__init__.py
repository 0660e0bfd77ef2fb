"""The embedded development stack: real PostgreSQL and NATS started from pip wheels, no Docker."""
