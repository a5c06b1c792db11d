"""Which module may lean on which: no module imports another module's private names; the case
engine reaches documents only through their public services and schemas, and notifications
not at all (they react to what cases announce, alur.core.events)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "backend" / "alur", ROOT / "workers" / "alur_workers"]
PUBLIC_OF: dict[str, set[str]] = {"documents": {"services", "schemas"}, "notifications": set()}


def _module(path: Path) -> str:
    for base in SOURCES:
        if base in path.parents:
            rel = path.relative_to(base.parent).with_suffix("")
            return ".".join(p for p in rel.parts if p != "__init__")
    raise AssertionError(path)


def _imports(path: Path) -> Iterator[tuple[str, str, int]]:
    """(module imported from, name, line) for every `from x import y` of the project."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] in ("alur", "alur_workers"):
                for alias in node.names:
                    yield node.module, alias.name, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ("alur", "alur_workers"):
                    yield alias.name, "", node.lineno


def _files() -> list[Path]:
    return [p for base in SOURCES for p in sorted(base.rglob("*.py"))]


def test_no_module_imports_another_modules_private_names() -> None:
    found = [
        f"{_module(path)}:{line} imports {name} from {source}"
        for path in _files()
        for source, name, line in _imports(path)
        if name.startswith("_") and not name.startswith("__") and source != _module(path)
    ]
    assert found == []


def test_cases_use_documents_through_their_services_and_notifications_not_at_all() -> None:
    found = []
    for path in (ROOT / "backend" / "alur" / "domain" / "cases").rglob("*.py"):
        for source, name, line in _imports(path):
            parts = source.split(".")
            if parts[:2] != ["alur", "domain"] or len(parts) < 3 or parts[2] not in PUBLIC_OF:
                continue
            # `from alur.domain.notifications import services` names the module in `name`.
            used = parts[3] if len(parts) > 3 else name
            if used not in PUBLIC_OF[parts[2]]:
                found.append(f"{_module(path)}:{line} uses {source}.{name}")
    assert found == []


def test_the_checks_see_the_code() -> None:
    """Guard against a walk that finds nothing (a moved folder would pass every check)."""
    cases = [_module(p) for p in _files() if "/domain/cases/" in str(p)]
    assert "alur.domain.cases.task_actions" in cases
    assert any(
        src == "alur.domain.cases.context"
        for src, _, _ in _imports(
            ROOT / "backend" / "alur" / "domain" / "documents" / "services.py"
        )
    )
