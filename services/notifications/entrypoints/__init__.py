"""How work reaches the notifications service: gRPC calls, the stream, the delivery worker, the reminder loop."""
