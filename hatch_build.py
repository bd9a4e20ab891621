"""The wheel's build hook: the catalogues (portal/translations/*/LC_MESSAGES/*.po)
compiled into the wheel as .mo files, which are never committed. An editable
install (``pip install -e .``) gets them compiled in place instead."""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

TRANSLATIONS = Path("portal") / "translations"


def _compiler(root: Path):
    # Loaded by its path: importing the package would need its dependencies, which a build has not.
    spec = importlib.util.spec_from_file_location("portal_translations_compile", root / TRANSLATIONS / "compile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.compile_catalogues


class CompileCatalogues(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        root = Path(self.root)
        compile_catalogues = _compiler(root)
        if version == "editable":
            compile_catalogues(root / TRANSLATIONS, root / TRANSLATIONS)
            return
        self._out = tempfile.TemporaryDirectory()
        for mo in compile_catalogues(root / TRANSLATIONS, Path(self._out.name)):
            build_data["force_include"][str(mo)] = str(TRANSLATIONS / mo.relative_to(self._out.name))

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if version != "editable":
            self._out.cleanup()
