"""Build hook: the built web app (``web/dist``, git-ignored) ships in the sdist and inside the wheel's package.

An installed wheel serves the app from ``sagsflow/web_dist`` (``sagsflow.api.settings.default_web_dist``). The
editable install of a source checkout (``uv sync``, before ``make web`` has built anything) takes nothing: the
server finds ``web/dist`` of the checkout there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class WebDistHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "wheel" and version == "editable":
            return
        dist = Path(self.root) / "web" / "dist"
        if not (dist / "index.html").is_file():
            raise FileNotFoundError(
                f"{dist / 'index.html'} is missing: build the web app first (`make web`), so the wheel can serve it"
            )
        target = "sagsflow/web_dist" if self.target_name == "wheel" else "web/dist"
        build_data["force_include"][str(dist)] = target
