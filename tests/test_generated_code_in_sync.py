"""The committed generated code is exactly what protoc makes from the .proto files."""
import filecmp
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
PROTOS = ROOT / "protos"


def _generated(folder: pathlib.Path) -> set[pathlib.Path]:
    return {p.relative_to(folder) for p in folder.rglob("*") if p.suffix in (".py", ".pyi") and p.name != "generate.py"
            and "__pycache__" not in p.parts}


def test_generated_python_matches_the_protos(tmp_path):
    subprocess.run([sys.executable, str(PROTOS / "generate.py"), str(tmp_path)], check=True)
    fresh, committed = _generated(tmp_path), _generated(PROTOS)
    assert fresh == committed, "run `make protos` and commit the result"
    different = [str(p) for p in sorted(fresh) if not filecmp.cmp(tmp_path / p, PROTOS / p, shallow=False)]
    assert different == [], f"stale generated code: {different}; run `make protos`"
