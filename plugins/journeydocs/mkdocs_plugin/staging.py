"""No half-built site: build into a staging folder and publish it only after a clean build.

The file operations are pure (:mod:`journeydocs.safety.publish`); this helper decides when,
from the plugin's ``on_config``, ``on_post_build`` and ``on_build_error``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from journeydocs.i18n import _
from journeydocs.mkdocs_plugin.logs import log, strict_warnings
from journeydocs.safety import publish
from journeydocs.safety.markup import fill


class Staging:
    """Points ``site_dir`` at a staging folder for one build, then swaps it into place."""

    def __init__(self) -> None:
        self.staging: Path | None = None
        self.final: Path | None = None
        self._config: MkDocsConfig | None = None
        self.nested = 0  # builds running inside this one (static-i18n's other languages)

    def begin(self, config: MkDocsConfig, *, serving: bool) -> None:
        """``on_config``: build into a staging folder, not into ``site_dir``. A build run
        from inside this one into a folder of its staging folder (static-i18n builds each
        further language so) writes there: it is published with the outer build."""
        if self.staging is not None and Path(config.site_dir).is_relative_to(self.staging):
            self.nested += 1
            return
        if self.staging is not None:  # a build of this instance died before its end
            publish.discard(self.staging)
        self.staging = self.final = None
        self._config = config
        if serving:  # serve (and a dirty build) writes into its own folder already
            return
        final = Path(config.site_dir)
        self.final, self.staging = final, publish.staging_dir(final)
        config.site_dir = str(self.staging)

    def end(self, config: MkDocsConfig) -> None:
        """``on_post_build``, after every plugin wrote its files: publish or discard."""
        if self.nested:
            self.nested -= 1
            return
        staging, final = self.staging, self.final
        if staging is None or final is None:
            return
        self.staging = None
        config.site_dir = str(final)
        if config.strict and strict_warnings():
            publish.discard(staging)
            log.info(fill(_("the build failed in strict mode: {site} is left as it was"),
                          site=final))
            return
        publish.publish(staging, final)

    def abort(self) -> None:
        """``on_build_error``: throw the staging folder away; ``site_dir`` is untouched."""
        self.nested = 0
        if self.staging is not None:
            publish.discard(self.staging)
            self.staging = None
        if self._config is not None and self.final is not None:
            self._config.site_dir = str(self.final)
