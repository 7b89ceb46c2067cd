"""journeydocs: customer journeys as YAML, SOPs as Markdown, published with MkDocs.

The map of the package, one line per layer, lowest first. Each imports only from the layers
above it here, and only ``mkdocs_plugin/`` imports MkDocs (``tests/test_layers.py``):

- ``i18n/``: every word shown, in the reader's language: gettext catalogs read with Babel.
- ``problems.py``: a problem in content (file, line, column, message, hint), and their list.
- ``safety/``: what may reach a page: nh3 policy, findings, escaping, CSP, staged publishing.
- ``content/``: files in, ``Playbook`` + ``Problems`` out (``pipeline.load_and_check``).
- ``site/``: a checked playbook in, the Markdown of every generated page and the nav out.
- ``review/``: pull-request tools: git revisions, changes, the report, CODEOWNERS, reviews.
- ``maps/``: system maps: labels, one DOT drawer and its layouts (page, phone), the words
  a screen reader hears, SVG rendering and cache, page figures.
- ``cli/``: the ``journeydocs`` command, one module per command, imported when it runs.
- ``mkdocs_plugin/``: the adapter: ``plugin`` (every event), files, safety, staging, assets,
  logs, the page cache (``pagecache/``) and live reload (``devserver``).
"""

__version__ = "0.1.0"
