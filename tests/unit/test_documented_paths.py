"""Every file, folder and module the README and the docs name exists: a document that points a newcomer at a path
that moved is a broken promise."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", ROOT / "Makefile", *sorted((ROOT / "docs").glob("**/*.md")),
             *sorted((ROOT / "services").glob("**/*.md"))]
# A path from the repository's root: one of its top-level folders, then names of files and folders.
PATH = re.compile(r"(?<![\w./-])((?:services|tests|deploy|bench|protos|docs|\.ci)/[\w./*<>-]*)")
MODULE = re.compile(r"(?<![\w.])eventcenter\.services(?:\.\w+)+")


def _named_paths(text: str) -> set[str]:
    found = set()
    for match in PATH.finditer(text):
        path = match.group(1).rstrip(".,:;)")
        if "<" not in path:  # a pattern such as services/<name>/, not a path
            found.add(path)
    return found


def _exists(path: str) -> bool:
    return any(ROOT.glob(path)) if "*" in path else (ROOT / path).exists()


def _module_exists(dotted: str) -> bool:
    parts = dotted.split(".")[2:]  # eventcenter.services.<...>
    # The name may go on past the module into what it defines (a class, a function): the longest prefix counts.
    for end in range(len(parts), 0, -1):
        base = ROOT / "services" / Path(*parts[:end])
        if base.with_suffix(".py").exists() or (base / "__init__.py").exists():
            return True
    return False


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: str(d.relative_to(ROOT)))
def test_every_path_a_document_names_exists(document: Path):
    text = document.read_text(encoding="utf-8")
    missing = sorted(p for p in _named_paths(text) if not _exists(p))
    missing += sorted(m for m in set(MODULE.findall(text)) if not _module_exists(m))
    assert not missing, f"{document.relative_to(ROOT)} names paths that do not exist: {missing}"
