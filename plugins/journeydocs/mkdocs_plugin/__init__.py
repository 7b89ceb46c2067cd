"""The MkDocs adapter: the only code that imports MkDocs (see :mod:`.plugin`)."""

from journeydocs.mkdocs_plugin.plugin import JourneydocsPlugin

__all__ = ["JourneydocsPlugin"]
