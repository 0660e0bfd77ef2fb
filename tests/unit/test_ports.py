"""Ports handed out for servers the dev stack and the tests start."""
import socket

from eventcenter.services.devstack import ports


def test_a_port_is_never_handed_out_twice_even_when_the_system_offers_it_again(monkeypatch):
    offered = iter([5001, 5001, 5002])

    class Probe:
        def __init__(self, *args) -> None:
            self.port = next(offered)

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            pass

        def bind(self, address) -> None:
            pass

        def getsockname(self):
            return ("127.0.0.1", self.port)

    monkeypatch.setattr(ports, "_handed_out", set())
    monkeypatch.setattr(socket, "socket", Probe)
    assert [ports.free_port(), ports.free_port()] == [5001, 5002]


def test_a_handed_out_port_is_free():
    port = ports.free_port()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", port))
