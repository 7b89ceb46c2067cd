"""journeydocs: customer journeys as YAML, SOPs as Markdown, published with MkDocs.

The package is split so that everything except :mod:`journeydocs.mkdocs_plugin.plugin` works without
MkDocs: loading and checking content, the cross-reference index, system-map rendering and
page generation are plain Python that the CLI and the tests use directly.
"""

__version__ = "0.1.0"
