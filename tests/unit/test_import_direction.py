"""Imports run one way: forms → services → models. A submission flows from the wizard into
``services.cases``, which knows nothing of wizards, and no two modules import each other."""

import ast
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PACKAGES = ("forms", "services", "portal")


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(BASE_DIR).with_suffix("").parts)
    return name.removesuffix(".__init__")


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in (BASE_DIR / package).rglob("*.py")
        if "migrations" not in path.parts
    }


def imported_names(node: ast.AST) -> list[str]:
    """The dotted names an import statement may load: ``from a.b import c`` may load ``a.b`` and ``a.b.c``."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        return [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return []


def imports_of(path: Path, *, module_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text())
    nodes = tree.body if module_level_only else ast.walk(tree)
    return {name for node in nodes for name in imported_names(node)}


def test_services_cases_imports_nothing_from_the_wizards():
    offenders = {
        module_name(path): sorted(
            name for name in imports_of(path, module_level_only=False) if name.split(".")[0] == "forms"
        )
        for path in (BASE_DIR / "services" / "cases").rglob("*.py")
    }

    assert {module: names for module, names in offenders.items() if names} == {}


def test_the_submit_imports_what_it_needs_at_the_top():
    tree = ast.parse((BASE_DIR / "services" / "cases" / "submit.py").read_text())
    local_imports = [
        node.lineno
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.Import | ast.ImportFrom)
    ]

    assert local_imports == []


def test_no_two_modules_import_each_other_at_load_time():
    modules = project_modules()
    graph = {
        name: {
            imported
            for imported in imports_of(path, module_level_only=True)
            if imported in modules and imported != name
        }
        for name, path in modules.items()
    }

    def reachable(start: str) -> set[str]:
        seen, pending = set(), list(graph[start])
        while pending:
            current = pending.pop()
            if current not in seen:
                seen.add(current)
                pending.extend(graph[current])
        return seen

    cycles = sorted(name for name in graph if name in reachable(name))
    assert cycles == []
