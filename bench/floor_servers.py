"""The least a registration through this stack can cost: the floor the registration benchmark compares against.

`grpc PORT DSN`: a gRPC method that, for each call, commits one statement writing a participant row and its
outbox row, as one registration must at the very least; no identity, no rules, no relay, no consumers.
`http PORT GRPC_PORT`: a FastAPI route under uvicorn, configured as the gateway is, that reads the JSON body and
the bearer header and makes that gRPC call.

Both run on uvloop, as the services do. What separates the real path from this floor is what a registration
does beyond one write: checking the caller, the event and its rules, counting places, the stream, the
confirmation mail, and the Collaboration list."""
import itertools
import sys

import asyncpg
import grpc
import uvicorn
import uvloop
from fastapi import FastAPI, Request

METHOD = "/bench.Floor/Register"
SCHEMA = """
CREATE TABLE IF NOT EXISTS floor_participants (id bigserial PRIMARY KEY, event_id bigint NOT NULL,
    user_id bigint NOT NULL, register_time timestamptz NOT NULL DEFAULT now(), UNIQUE (event_id, user_id));
CREATE TABLE IF NOT EXISTS floor_outbox (id bigserial PRIMARY KEY, payload bytea NOT NULL)
"""
REGISTER = """
WITH joined AS (INSERT INTO floor_participants (event_id, user_id) VALUES ($1, $2) RETURNING id)
INSERT INTO floor_outbox (payload) SELECT $3 FROM joined
"""


async def serve_grpc(port: int, dsn: str) -> None:
    pool = await asyncpg.create_pool(dsn, min_size=8, max_size=8)
    await pool.execute(SCHEMA)
    people = itertools.count(1)

    async def register(request: bytes, context) -> bytes:
        person = next(people)
        await pool.execute(REGISTER, person % 20, person, request)
        return request

    server = grpc.aio.server()
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler(
        "bench.Floor", {"Register": grpc.unary_unary_rpc_method_handler(register)})])
    server.add_insecure_port(f"127.0.0.1:{port}")
    await server.start()
    await server.wait_for_termination()


def http_app(grpc_port: int) -> FastAPI:
    app = FastAPI()
    channels: dict[str, grpc.aio.Channel] = {}

    @app.put("/campaignevents/v0/event_registration/{event_id}/participants/self")
    async def register(event_id: int, request: Request) -> dict:
        body = await request.json()
        if "channel" not in channels:  # made in the server's loop
            channels["channel"] = grpc.aio.insecure_channel(f"127.0.0.1:{grpc_port}")
        call = channels["channel"].unary_unary(METHOD)
        answer = await call(repr((event_id, body, request.headers.get("authorization"))).encode(),
                            metadata=(("x-request", "floor"),))
        return {"modified": bool(answer)}
    return app


def serve_http(port: int, grpc_port: int) -> None:
    uvicorn.run(http_app(grpc_port), host="127.0.0.1", port=port, log_config=None, access_log=False,
                loop="uvloop", http="httptools")


if __name__ == "__main__":
    kind, port, target = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if kind == "grpc":
        uvloop.run(serve_grpc(port, target))
    else:
        serve_http(port, int(target))
