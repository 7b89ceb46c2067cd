"""Material's blog plugin (``material.plugins.blog``), as the page cache understands it.

Read from its code (mkdocs-material 9.x), what its page handlers read and write:

- ``on_files``/``on_nav`` make a :class:`Post` of each post (its own URL, its front matter
  validated into ``post.config``) and a ``View`` of the blog's index and of each archive,
  category, author profile and further page of them; posts are attached to the index (their
  ``parent``) and to each other (``previous_page``/``next_page``) outside the navigation.
- ``on_page_markdown`` gives a post its ``authors`` (from the authors file) and an excerpt;
  ``on_page_content`` its reading time from its HTML, when the front matter sets none.
  Both run on every page, cached or not; the rendered level keys the Markdown as usual.
- ``on_env`` resolves a post's ``links`` (titles, URLs and front matter of the pages they
  name) and adds the ``date`` and ``url`` template filters (the ``url`` filter differs only
  on a view); ``on_page_context`` renders, on a view alone, the excerpts of its posts and
  its pagination.

So a view shows other posts (their excerpts, dates, authors, categories, reading times):
it goes through its template in every build (:func:`templated`). A post's template shows
what :func:`post_inputs` lists, besides what the output key already holds (its HTML, URLs,
the configuration with the date format and the theme's language, the navigation).
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.pages import Page

MODULE = "material.plugins.blog"


def _blog_class(page: Page) -> str:
    """The name of the blog's page class a page is ("" for any other page)."""
    for cls in type(page).__mro__:
        if cls.__module__.startswith(MODULE):
            return cls.__name__
    return ""


def templated(page: Page) -> str:
    """Why the page goes through its template in every build ("" when it need not)."""
    kind = _blog_class(page)
    if not kind:
        return ""
    if kind == "Post" and all(hasattr(page, a) for a in ("config", "authors", "categories")):
        return ""
    return "Material's blog: its index, archive, category and author pages show other posts"


def post_inputs(page: Page, nav_keys: frozenset[str] | None) -> Any:
    """What a post's template reads besides the page itself (None: not a post).
    ``nav_keys``: the front matter keys the templates read of other pages (None: all)."""
    if _blog_class(page) != "Post":
        return None
    post: Any = page  # a Post: config, authors, categories
    conf = post.config
    links = conf.get("links")
    return {
        "config": {k: v for k, v in conf.items() if k != "links"},
        "links": _items(links.items) if links is not None else None,
        "authors": [dict(author) for author in post.authors],
        "categories": [[c.title, c.url] for c in post.categories],
        "ancestors": [[a.title, getattr(a, "url", None)] for a in page.ancestors],
        "around": [_neighbour(p, nav_keys) for p in (page.previous_page, page.next_page)],
    }


def _neighbour(page: Page | None, nav_keys: frozenset[str] | None) -> Any:
    if page is None:
        return None
    meta = page.meta if nav_keys is None else \
        {k: page.meta[k] for k in sorted(nav_keys) if k in page.meta}
    return [page.title, page.url, meta]


def _items(items: list[Any]) -> list[Any]:
    """A post's ``links`` after the blog resolved them: sections, links and references."""
    out: list[Any] = []
    for item in items:
        children = getattr(item, "children", None)
        if children is not None:
            out.append(["section", item.title, _items(children)])
        else:
            out.append(["link", item.title, item.url, getattr(item, "meta", None)])
    return out
