"""SQL tables and queries, and protobuf mapping."""
