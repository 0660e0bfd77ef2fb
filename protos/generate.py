"""Regenerates the Python code (messages, gRPC stubs, .pyi) beside every .proto file.

Usage: python protos/generate.py [OUTPUT_DIR]   (default: protos/, in place)
"""
import pathlib
import sys

import grpc_tools
from grpc_tools import protoc

PROTOS = pathlib.Path(__file__).resolve().parent
WELL_KNOWN = pathlib.Path(grpc_tools.__file__).parent / "_proto"


def generate(out: pathlib.Path) -> None:
    sources = sorted(str(p.relative_to(PROTOS)) for p in PROTOS.rglob("*.proto"))
    args = [
        "protoc",
        f"-I{PROTOS}",
        f"-I{WELL_KNOWN}",
        f"--python_out={out}",
        f"--pyi_out={out}",
        f"--grpc_python_out={out}",
        *sources,
    ]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    # Every generated folder is a regular package so setuptools finds it.
    for source in sources:
        folder = out / pathlib.Path(source).parent
        while folder != out:
            (folder / "__init__.py").touch()
            folder = folder.parent


if __name__ == "__main__":
    generate(pathlib.Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else PROTOS)
