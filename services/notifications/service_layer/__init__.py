"""The notifications service's use cases, each run with the repositories its unit of work hands it."""
