"""The shape of the package: no import cycle among pairdesk's own modules.

The graph is built with ``ast`` over ``pairdesk/**/*.py`` and counts every import, the
ones inside functions included (a deferred import hides a cycle, it does not cut it).
``from pairdesk.x import y`` where ``pairdesk/x/y.py`` exists counts as importing
``pairdesk.x.y``; an import under ``if TYPE_CHECKING:`` does not count (it never runs).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pairdesk"

#: Cycles tolerated while a refactor cuts them: a cycle is allowed when all its modules are
#: in one entry; an entry that no longer holds any cycle fails
#: ``test_the_allow_list_holds_only_cycles_that_still_exist``. Empty since issue 10 cut the
#: last ones (cli.py ↔ cli_*.py, participants ↔ privacy, app ↔ first_run ↔ unlock_dialog).
ALLOWED_CYCLES: tuple[frozenset[str], ...] = ()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, skipping the bodies of ``if TYPE_CHECKING:``."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
            continue
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    # a module's relative imports start from its package; a package's from itself
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join([*base, node.module] if node.module else base)


def import_graph() -> dict[str, set[str]]:
    """Module → the pairdesk modules it imports."""
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets: set[str] = set()
        for node in _import_nodes(tree):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
                continue
            source = _resolve(name, node, path.name == "__init__.py")
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                targets.add(submodule if submodule in files else source)
        graph[name] = {t for t in targets if t in files and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[frozenset[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def test_the_graph_counts_imports_inside_functions_and_skips_type_checking() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import pairdesk.ui\nelse:\n    import pairdesk.paths\n"
        "def f():\n    import pairdesk.store\n"
        "class C:\n    def g(self):\n        from pairdesk.services import audit\n"
    )
    imported = set()
    for node in _import_nodes(tree):
        if isinstance(node, ast.Import):
            imported.update(a.name for a in node.names)
        else:
            imported.update(f"{node.module}.{a.name}" for a in node.names)
    assert imported - {"typing.TYPE_CHECKING"} == {
        "pairdesk.paths",
        "pairdesk.store",
        "pairdesk.services.audit",
    }


def test_from_a_package_import_a_module_is_an_edge_to_that_module() -> None:
    graph = import_graph()
    # privacy.py: ``from pairdesk.services import drafts``
    assert "pairdesk.services.drafts" in graph["pairdesk.services.privacy"]
    assert "pairdesk.services" not in graph["pairdesk.services.privacy"]
    assert "pairdesk.services.participants" in graph["pairdesk.services.documents"]


def test_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [frozenset({"a", "b", "c"})]


def _allowed(cycle: frozenset[str]) -> bool:
    return any(cycle <= entry for entry in ALLOWED_CYCLES)


def test_no_import_cycle_among_pairdesk_modules() -> None:
    unexpected = sorted(sorted(c) for c in cycles(import_graph()) if not _allowed(c))
    assert unexpected == [], f"import cycles: {unexpected}"


def test_the_allow_list_holds_only_cycles_that_still_exist() -> None:
    """Once a cycle is cut, its entry goes from ALLOWED_CYCLES (so it cannot come back)."""
    found = cycles(import_graph())
    stale = [sorted(entry) for entry in ALLOWED_CYCLES if not any(c <= entry for c in found)]
    assert stale == []


# -- the architecture document names real files ---------------------------------------------

_PATH_IN_BACKTICKS = re.compile(r"`((?:pairdesk|tests|bench|installers|resources)/[^`\s]*)`")


def _documented_paths() -> list[str]:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    # `<name>`, `<group>`, `NNNN_…` are placeholders for the file a contributor creates.
    return [p for p in _PATH_IN_BACKTICKS.findall(text) if "<" not in p and "NNNN" not in p]


def test_every_path_named_in_architecture_md_exists() -> None:
    paths = _documented_paths()
    assert len(paths) > 30  # the document names the files; a rewrite without them fails here
    assert [p for p in paths if not (ROOT / p).exists()] == []


def test_architecture_md_says_where_each_kind_of_addition_goes() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for kind in (
        "A view.",
        "A form.",
        "A report.",
        "A migration.",
        "An indicator.",
        "A CLI command.",
    ):
        start = text.index(f"**{kind}**")
        paragraph = text[start : text.find("\n\n", start)]
        assert _PATH_IN_BACKTICKS.search(paragraph), kind


def test_readme_points_inside_the_repository() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "ARCHITECTURE.md" in readme and "CONTRIBUTING.md" in readme
    assert "shared folder" not in readme
