"""Every call from the window to a service goes through ui/ops.py, typed (issue 11).

- only ``pairdesk/ui/ops.py`` touches the database worker (``ui/tasks.py``: ``run_task``,
  ``Task``); the form kit's files are allowed until they move onto ``Op`` (the list below,
  each with its reason: empty it after the merge);
- ``Op[Any]`` is refused: mypy infers ``T`` from ``fn`` and checks ``ui/ops.py`` with
  ``disallow_any_explicit``; this test refuses what mypy's inference lets through: an
  explicit ``Op[Any]`` (any spelling), a ``.success`` callback defined in the module whose
  parameter is annotated ``Any``, and an ``fn`` whose return is annotated ``Any``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pairdesk

PACKAGE = Path(pairdesk.__file__).parent
UI = PACKAGE / "ui"

#: file (relative to pairdesk/) -> why it may still call the worker directly
WORKER_ALLOWED: dict[str, str] = {
    "ui/ops.py": "Op itself: the only way to the worker",
    "ui/tasks.py": "the worker",
}


def _modules() -> list[Path]:
    return sorted([*UI.rglob("*.py"), PACKAGE / "app.py"])


def _rel(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _worker_uses(tree: ast.AST) -> list[int]:
    lines: list[int] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "pairdesk.ui.tasks":
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "pairdesk.ui":
            if any(alias.name == "tasks" for alias in node.names):
                lines.append(node.lineno)
        elif (
            (
                isinstance(node, ast.Import)
                and any(alias.name == "pairdesk.ui.tasks" for alias in node.names)
            )
            or (isinstance(node, ast.Name) and node.id in ("run_task",))
            or (isinstance(node, ast.Attribute) and node.attr in ("run_task",))
        ):
            lines.append(node.lineno)
    return lines


def test_only_ops_calls_the_database_worker() -> None:
    found = {
        _rel(path): lines
        for path in _modules()
        if (lines := _worker_uses(ast.parse(path.read_text(encoding="utf-8"))))
        and _rel(path) not in WORKER_ALLOWED
    }
    assert found == {}, "use pairdesk.ui.ops.Op instead of ui/tasks.py"


def test_the_allow_list_names_real_files() -> None:
    assert all((PACKAGE / name).is_file() for name in WORKER_ALLOWED)


def _is_any(node: ast.AST | None) -> bool:
    if node is None:
        return False
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.strip() in ("Any", "typing.Any")
    return (isinstance(node, ast.Name) and node.id == "Any") or (
        isinstance(node, ast.Attribute) and node.attr == "Any"
    )


def _mentions_any(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return "Any" in node.value
    return any(_is_any(n) for n in ast.walk(node))


def _is_op(node: ast.AST) -> bool:
    return (isinstance(node, ast.Name) and node.id == "Op") or (
        isinstance(node, ast.Attribute) and node.attr == "Op"
    )


def any_typed_ops(source: str) -> list[str]:
    """What this test refuses in one module's source (used on real files and on samples)."""
    tree = ast.parse(source)
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {
        node.name: node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    problems: list[str] = []
    for node in ast.walk(tree):
        # Op[Any], ops.Op[list[Any]], "Op[Any]" in an annotation string
        if isinstance(node, ast.Subscript) and _is_op(node.value) and _mentions_any(node.slice):
            problems.append(f"{node.lineno}: Op[Any]")
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.strip().startswith(("Op[", "ops.Op["))  # an annotation, not prose
            and "Any" in node.value
        ):
            problems.append(f"{node.lineno}: Op[Any] in a string annotation")
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        target = node.args[0]
        name = (
            target.attr
            if isinstance(target, ast.Attribute)
            else target.id
            if isinstance(target, ast.Name)
            else None
        )
        defined = functions.get(name) if name else None
        if isinstance(func, ast.Attribute) and func.attr == "success" and defined is not None:
            params = [a for a in defined.args.args if a.arg not in ("self", "cls")]
            if params and _is_any(params[0].annotation):
                problems.append(f"{node.lineno}: .success({name}) takes Any")
        is_op_call = _is_op(func) or (
            isinstance(func, ast.Attribute) and func.attr == "with_progress"
        )
        if is_op_call and len(node.args) >= 2:
            fn = node.args[1]
            fn_name = (
                fn.attr
                if isinstance(fn, ast.Attribute)
                else fn.id
                if isinstance(fn, ast.Name)
                else None
            )
            fn_def = functions.get(fn_name) if fn_name else None
            if fn_def is not None and _is_any(fn_def.returns):
                problems.append(f"{node.lineno}: Op(…, {fn_name}) returns Any")
    return problems


def test_no_op_is_typed_any() -> None:
    found = {
        _rel(path): problems
        for path in _modules()
        if (problems := any_typed_ops(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_any_check_catches_each_spelling() -> None:
    samples = [
        "x: Op[Any] = Op(w, f)",
        "x: ops.Op[list[Any]] = ops.Op(w, f)",
        "def f() -> 'Op[Any]': ...",
        "def show(self, r: Any) -> None: ...\nOp(w, f).success(self.show).run()",
        "def work() -> Any: ...\nOp(w, work).run()",
        "def work(p) -> Any: ...\nOp.with_progress(w, work).run()",
    ]
    for sample in samples:
        assert any_typed_ops(sample), sample
    fine = [
        "x: Op[int] = Op(w, f)",
        "def show(self, r: object) -> None: ...\nOp(w, f).success(self.show).run()",
        "def work() -> int: ...\nOp(w, work).success(lambda r: None).run()",
    ]
    for sample in fine:
        assert not any_typed_ops(sample), sample
