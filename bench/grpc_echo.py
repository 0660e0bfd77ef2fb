"""A gRPC server that only answers each request with its own bytes: the floor a benchmark compares against.

Usage: python bench/grpc_echo.py PORT"""
import asyncio
import sys

import grpc


async def serve(port: int) -> None:
    echo = grpc.unary_unary_rpc_method_handler(lambda request, context: request)
    server = grpc.aio.server()
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler("bench.Echo", {"Echo": echo})])
    server.add_insecure_port(f"127.0.0.1:{port}")
    await server.start()
    await server.wait_for_termination()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1])))
