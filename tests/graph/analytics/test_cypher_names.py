"""Every property the stores' Cypher names (`x.birthYear`) is one the model declares: a rename cannot leave one behind."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from graph.model import NODE_TYPES, REL_TYPES

GRAPH = Path(__file__).resolve().parents[3] / "graph"
CYPHER_SOURCES = sorted((GRAPH / "analytics").glob("*.py")) + [GRAPH / "cypher.py"]
PROPERTY = re.compile(r"(?<![$\w.])([a-z][A-Za-z0-9]*)\.([a-z][A-Za-z0-9]*)\b")
# Keys of the parameter rows the queries UNWIND (`occ.exact`, `row.props`), not stored properties.
ROW_KEYS = {"exact", "prefix", "from", "to", "props"}


def declared() -> set[str]:
    return ({p.name for node in NODE_TYPES.values() for p in node.all_properties}
            | {p.name for rel in REL_TYPES.values() for p in rel.properties})


def cypher_strings(path: Path) -> list[str]:
    """The string constants of a module (f-string parts too), docstrings and field docs (`doc("...")`) left out."""
    tree = ast.parse(path.read_text())
    prose = {id(body[0].value) for node in ast.walk(tree)
             if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
             and (body := node.body) and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)}
    prose |= {id(arg) for node in ast.walk(tree) if isinstance(node, ast.Call)
              and isinstance(node.func, ast.Name) and node.func.id == "doc" for arg in node.args}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose]


def test_the_cypher_names_only_declared_properties() -> None:
    known = declared() | ROW_KEYS
    unknown = {(path.name, f"{var}.{prop}") for path in CYPHER_SOURCES for text in cypher_strings(path)
               for var, prop in PROPERTY.findall(text) if prop not in known}
    assert not unknown


def test_the_check_sees_the_properties_it_guards() -> None:
    named = {prop for path in CYPHER_SOURCES for text in cypher_strings(path) for _, prop in PROPERTY.findall(text)}
    assert {"birthYear", "status", "grade", "occupationCode", "regionCode"} <= named
    assert PROPERTY.findall("MATCH (p:Person) WHERE p.birthYaer < $y") == [("p", "birthYaer")]
