"""The imports in the code keep to the map in docs/architecture.md.

Every import (lazy ones inside functions included) from one package of the map to another must go
to a lower layer; a package or top-level module that the map does not list fails, so the map stays
complete as the code grows.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

ARCHITECTURE = REPO / "docs" / "architecture.md"


def _layers() -> dict[str, int]:
    """``{unit: layer}`` read from the table of docs/architecture.md (``annotate.edit``, ``schema``...)."""
    layers: dict[str, int] = {}
    for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| (\d+) \| `([a-z_/]+?)(?:\.py|/)` \|", line)
        if match:
            layers[match.group(2).replace("/", ".")] = int(match.group(1))
    return layers


def _exceptions() -> dict[str, set[str]]:
    """``{unit: {unit, ...}}``: the imports a row's "may import" column names by path, against the layers."""
    allowed: dict[str, set[str]] = {}
    for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| \d+ \| `([a-z_/]+?)(?:\.py|/)` \|.*\|(.*)\|\s*$", line)
        if match:
            named = re.findall(r"`(annotate/[a-z_/]+?)(?:\.py|/)`", match.group(2))
            allowed[match.group(1).replace("/", ".")] = {n.replace("/", ".") for n in named}
    return allowed


def _unit(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "schema":
        return "schema"
    if parts[0] != "annotate" or len(parts) == 1:
        return None
    return f"annotate.{parts[1]}"


def _module_name(path: Path) -> str:
    name = ".".join(path.relative_to(REPO).with_suffix("").parts)
    return name.removesuffix(".__init__")


def _imports(path: Path) -> set[str]:
    """Every module named by an import statement of ``path``, relative imports resolved."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
                found.update([target] if node.module else [f"{target}.{a.name}" for a in node.names])
            elif node.module:
                found.add(node.module)
    return found


def _sources() -> list[Path]:
    return sorted([*REPO.glob("annotate/**/*.py"), *REPO.glob("schema/**/*.py")])


def test_the_map_lists_every_package_and_top_level_module() -> None:
    layers = _layers()
    units = {_unit(_module_name(path)) for path in _sources()} - {None, "annotate.__main__"}
    units.discard("annotate.__init__")
    missing = sorted(u for u in units if u not in layers and u != "annotate")
    assert not missing, f"add these to the table of docs/architecture.md: {missing}"


def _violations(imports: dict[str, set[str]], layers: dict[str, int]) -> list[str]:
    """``module (unit, layer) imports unit (layer)`` for each import that does not go down the layers."""
    wrong = []
    for module, targets in sorted(imports.items()):
        source = _unit(module)
        if source not in layers or source == "annotate.cli":
            continue
        for target in sorted({_unit(t) for t in targets} - {None, source} - _exceptions().get(source, set())):
            if target in layers and layers[target] >= layers[source]:
                wrong.append(f"{module}: {source} (layer {layers[source]}) imports {target} (layer {layers[target]})")
    return wrong


def test_every_import_goes_down_the_layers() -> None:
    layers = _layers()
    assert layers["schema"] == 0 and layers["annotate.cli"] == max(layers.values())
    wrong = _violations({_module_name(path): _imports(path) for path in _sources()}, layers)
    assert not wrong, "imports against docs/architecture.md:\n" + "\n".join(wrong)


def test_the_check_sees_an_upward_or_sideways_import() -> None:
    layers = _layers()
    assert "annotate.errors" in _imports(REPO / "annotate" / "jsonl.py")  # relative imports resolved
    assert _violations({"annotate.edit.store": {"annotate.session.app"}}, layers)  # upwards
    assert _violations({"annotate.edit.ops": {"annotate.evaluate.matching"}}, layers)  # same layer
    assert _violations({"schema.spans": {"annotate.errors"}}, layers)  # schema imports nothing of annotate
    assert not _violations({"annotate.session.app": {"annotate.edit.ops", "schema"}}, layers)
    # the one exception the table names: the reader of annotate/jsonl.py checks through the validator
    assert _exceptions()["annotate.jsonl"] == {"annotate.validate"}
    assert not _violations({"annotate.jsonl": {"annotate.validate.run"}}, layers)
    assert _violations({"annotate.jsonl": {"annotate.stats"}}, layers)
