"""The package's layers: one-way dependencies, MkDocs only in the adapter, no cycles.

The package docstring (``plugins/journeydocs/__init__.py``) is the map; these tests keep the
code true to it:

* every module imports with ``mkdocs`` and ``material`` made unimportable, except those of
  ``journeydocs.mkdocs_plugin`` (the only code that may need MkDocs);
* a subpackage imports only from the layers below it (:data:`LAYERS`);
* no import cycle between modules (imports at module level; a function may import lazily,
  as the CLI does for its commands);
* no module is over 400 lines unless a ``# size:`` comment near its top says why.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "plugins" / "journeydocs"
LAYERS: dict[str, set[str]] = {
    # layer: the layers it may import from (besides itself), lowest first
    "i18n": set(),
    "problems": {"i18n"},
    "safety": {"problems", "i18n"},
    "content": {"problems", "i18n", "safety"},
    "site": {"problems", "i18n", "safety", "content"},
    "review": {"problems", "i18n", "safety", "content"},
    "maps": {"problems", "i18n", "safety", "content", "site", "review"},
    "cli": {"problems", "i18n", "safety", "content", "site", "review", "maps"},
    "mkdocs_plugin": {"problems", "i18n", "safety", "content", "site", "review", "maps"},
}
MAX_LINES = 400


def modules() -> dict[str, Path]:
    """``{dotted name: file}`` for every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def top_level_imports(module: str, path: Path) -> set[str]:
    """Modules of the package that ``module`` imports when it is imported."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith("journeydocs"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if not target.startswith("journeydocs"):
                continue
            for alias in node.names:  # `from pkg import module` imports that module
                names.add(f"{target}.{alias.name}"
                          if f"{target}.{alias.name}" in modules() else target)
    known = modules()
    return {n for n in names if n in known and n != module}


def test_every_module_but_the_adapter_imports_without_mkdocs() -> None:
    wanted = [m for m in modules() if layer(m) != "mkdocs_plugin"
              and not m.endswith("__main__")]
    code = f"""
import importlib, importlib.abc, sys
class NoMkDocs(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("mkdocs", "material"):
            raise ImportError(f"{{name}} is not importable in this test")
sys.meta_path.insert(0, NoMkDocs())
failed = []
for name in {wanted!r}:
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{{name}}: {{exc!r}}")
print("\\n".join(failed))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", "these need MkDocs outside the adapter:\n" + proc.stdout
    assert len(wanted) > 20


def test_the_adapter_is_the_only_mkdocs_code() -> None:
    users = [m for m, path in modules().items()
             if layer(m) != "mkdocs_plugin" and any(
                 f"{kw} {pkg}" in path.read_text(encoding="utf-8")
                 for kw in ("import", "from") for pkg in ("mkdocs", "material"))]
    assert users == []


def test_layers_depend_one_way() -> None:
    wrong = []
    for module, path in modules().items():
        own = layer(module)
        if own == "":
            continue
        assert own in LAYERS, f"{module}: a layer the map does not name"
        for target in top_level_imports(module, path):
            other = layer(target)
            if other and other != own and other not in LAYERS[own]:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_no_import_cycle() -> None:
    graph = {m: top_level_imports(m, p) for m, p in modules().items()}
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


@pytest.mark.parametrize("module", sorted(modules()))
def test_no_module_is_too_long_without_a_reason(module: str) -> None:
    text = modules()[module].read_text(encoding="utf-8")
    lines = text.count("\n")
    if lines > MAX_LINES:
        head = "\n".join(text.splitlines()[:40])
        assert "# size:" in head, f"{module}: {lines} lines and no '# size:' comment saying why"


@pytest.mark.parametrize("asset", sorted(p.name for p in (
    PACKAGE / "mkdocs_plugin" / "assets" / "journeydocs").iterdir()))
def test_no_script_or_style_is_too_long_without_a_reason(asset: str) -> None:
    text = (PACKAGE / "mkdocs_plugin" / "assets" / "journeydocs" / asset).read_text(
        encoding="utf-8")
    if text.count("\n") > MAX_LINES:
        assert "size:" in "\n".join(text.splitlines()[:40]), f"{asset}: no 'size:' comment"


def test_the_package_docstring_names_every_subpackage() -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8")))
    assert doc
    for sub in sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()):
        assert f"{sub}/" in doc, f"the package docstring does not describe {sub}/"
