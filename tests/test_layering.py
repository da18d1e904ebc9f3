"""Imports flow loaders -> graph <- api: graph imports neither, and only graph speaks Cypher."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imported_packages(folder: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def test_graph_imports_neither_api_nor_loaders() -> None:
    imports = imported_packages("graph")
    assert "api" not in imports and "loaders" not in imports


def test_only_graph_imports_the_neo4j_driver() -> None:
    assert "neo4j" not in imported_packages("api")
    assert "neo4j" not in imported_packages("loaders")
