"""SQL in the team store is constant text with bound parameters: none is built from strings at run time."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import plantrack.store.team

SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|COPY|CREATE|DROP|ALTER|GRANT|WHERE)\b", re.IGNORECASE)
PACKAGE = Path(plantrack.store.team.__file__).parent


def _text(node: ast.AST) -> str:
    """The literal text a node holds (the constant parts of an f-string), else ''."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_text(part) for part in node.values)
    return ""


def string_built_sql(source: str) -> list[int]:
    """Lines where SQL text is an f-string, or is joined (+), %-formatted or .format()-ed at run time."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr) and SQL_WORDS.search(_text(node)):
            found.append(node.lineno)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            if SQL_WORDS.search(_text(node.left)) or SQL_WORDS.search(_text(node.right)):
                found.append(node.lineno)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("format", "join", "replace")
            and SQL_WORDS.search(_text(node.func.value))
        ):
            found.append(node.lineno)
    return found


def test_the_check_finds_each_way_of_building_sql() -> None:
    bad = [
        'cur.execute(f"SELECT * FROM t WHERE id = {x}")',
        'cur.execute("DELETE FROM t WHERE id = %s" % x)',
        'cur.execute("UPDATE t SET a = " + x)',
        'cur.execute("INSERT INTO t VALUES ({})".format(x))',
        'q = f"copy {table} from stdin"',
    ]
    assert [bool(string_built_sql(line)) for line in bad] == [True] * len(bad)
    good = 'cur.execute("SELECT * FROM t WHERE id = %s", (x,))\nsql.SQL("DELETE FROM {}").format(name)'
    assert string_built_sql(good) == []


def test_no_sql_is_built_from_strings_in_the_team_store() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) >= 8  # the package is where we think it is
    offenders = {
        str(path.relative_to(PACKAGE)): lines
        for path in files
        if (lines := string_built_sql(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
