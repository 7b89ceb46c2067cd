"""journeydocs: customer journeys as YAML, SOPs as Markdown, published with MkDocs.

The map of the package. Layers, lowest first; each imports only from layers above it in
this list (``tests/test_layers.py`` keeps it so), and only ``mkdocs_plugin/`` imports MkDocs:

- ``problems.py``: a problem found in content (file, line, column, message, hint) and the
  list of them; every layer reports through it.
- ``safety/``: what may reach a page. The nh3 policy (``policy``), what it removes told by
  line (``findings``), Markdown escaping of author text (``markup``), front matter escaping
  (``frontmatter``), the Content-Security-Policy (``csp``), staged publishing
  (``publish``). Knows nothing of journeys or SOPs.
- ``content/``: files in, ``Playbook`` + ``Problems`` out. Options and settings, YAML read
  as typed with positions (``yamlload``, ``yamlmessages``), the schema, SOP files
  (``sopfile``), the load step (``loader``, ``defuse``), references, the checks
  (``checks``, ``markdown_checks``), and ``pipeline.load_and_check``: the one entry point.
- ``site/``: a checked playbook in, the Markdown of every generated page out: URLs, pages
  (``pages``), indexes and overviews (``overview``), the list of pages (``build``), the
  navigation (``navigation``).
- ``review/``: pull-request tools over git: revisions (``git``), what changed (``diff``),
  the report (``report``), CODEOWNERS (``codeowners``), due reviews (``due``).
- ``maps/``: system maps: labels and DOT (``dot``), the diff map (``diffmap``), SVG
  rendering with its cache (``render``), the maps of a build (``figures``).
- ``cli/``: the ``journeydocs`` command; one module per command, imported only when run.
- ``mkdocs_plugin/``: the MkDocs adapter. ``plugin`` lists every event in build order and
  hands each to the core or to a helper (``files``, ``safety``, ``staging``, ``pagecache/``,
  ``devserver``).
"""

__version__ = "0.1.0"
