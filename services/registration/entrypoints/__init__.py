"""gRPC servicer and background workers."""
