"""The gateway's gRPC clients of the services: a route calls `ctx.registration.GetEvent(...)` (context.py), the
generated stub of the service, typed by its module here and called as the request's caller (calls.py)."""
