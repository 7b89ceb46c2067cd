"""The site's search on Pagefind: one rule for Chinese at index and query time, the facets.

Pagefind's indexer segments Chinese text into words (the extended binary) while its
browser code splits a query into characters its own way, so a word found in a page
(退税, 出口退税) may be missed by a query for it. journeydocs indexes a copy of every page
in which each run of Han characters is written as single characters with spaces between
them (:func:`spaced`), and turns a query the same way (:func:`search_terms`, and the same
rule in ``assets/journeydocs/search-terms.js`` for the browser): a query made of Han
characters only becomes one exact phrase of those characters, so 出口退税 finds the pages
where the four characters stand together and nowhere else; any other query has its Han runs
spaced and its other words as typed (Pagefind finds pages with every word, and ranks them).

:func:`facets` names the filters of a playbook page (:data:`FILTERS`), and
:func:`index_copy` writes them into the copy, as Pagefind's ``data-pagefind-filter``
and ``data-pagefind-meta`` markup, so the served pages stay as they were built.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from journeydocs.i18n import _
from journeydocs.site import urls
from journeydocs.site.pages import Site
from journeydocs.site.words import system_name

HAN = ("\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff"
       "\uf900-\ufaff\U00020000-\U0003134f")
"""Han characters (CJK ideographs, their extensions and radicals, 々 and 〇)."""
_RUN = re.compile(f"[{HAN}]+")
_TEXT = re.compile(r">([^<]+)<")
_SKIP = re.compile(r"<(script|style|svg|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_HTML = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_TITLE = re.compile(r"<title>[^<]*</title>", re.IGNORECASE)
_H1_END = re.compile(r"</h1\s*>", re.IGNORECASE)
WEIGHT = "7"
"""Pagefind's weight of an ``<h1>``."""
_ARTICLE = re.compile(r'<article class="md-content__inner\b')
BODY = "data-pagefind-body"
"""On the copy's page text (Material's ``<article>``): a page without it is not indexed."""

FILTERS = ("kind", "owner", "person", "stage", "journey", "system", "critical", "tags")
"""The filters of playbook pages, in the order a facet list shows them: ``kind`` (Journey,
SOP, Owner, in the site's language), ``owner`` (the role: "Sales lead"), ``person`` (who holds it:
"Chelsea Park"; the "my SOPs" shortcut), ``stage``, ``journey`` (titles), ``system``,
``critical`` ("critical" on an SOP a critical step runs, a journey with critical steps),
``tags`` (an SOP's). Values are the words the pages show, in the site's language."""


def pairs(run: str) -> list[str]:
    """A run of Han characters as the index writes it: each character with the next one
    (bigrams), and the last one alone: ``"出口退税"`` -> ``出口 口退 退税 税``. Every
    character starts a word, so a query for one character finds it anywhere, and a query
    for a word of two or more finds the pages with each of its pairs."""
    return [run[i:i + 2] for i in range(len(run))]


def spaced(text: str) -> str:
    """``text`` with every Han run written as :func:`pairs`, between spaces (the index's
    form): ``"出口退税"`` -> ``" 出口 口退 退税 税 "``."""
    return _RUN.sub(lambda m: " " + " ".join(pairs(m.group(0))) + " ", text)


def search_terms(query: str) -> str:
    """What to hand Pagefind's ``search()`` for what a person typed (the browser's
    ``window.journeydocs.searchTerms`` does the same): each Han run becomes its pairs
    without the lone last character (``"出口退税"`` -> ``出口 口退 退税``; one character
    stays itself, and finds every pair it starts), the rest stays as typed, whitespace
    collapsed. Pagefind returns the pages that have every word, ranked."""
    def run(m: re.Match[str]) -> str:
        found = m.group(0)
        return " " + " ".join(pairs(found)[:-1] if len(found) > 1 else [found]) + " "

    return " ".join(_RUN.sub(run, query).split())


_HAN_CHAR = re.compile(f"[{HAN}]")
_CJK_PUNCT = re.compile("[\u3001-\u3004\u3008-\u3020\u3030-\u3037\u303c-\u303f"
                        "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
                        "\u2014\u2018\u2019\u201c\u201d\u2026\u00b7]")
"""CJK punctuation: the index copy has spaces between it and a Han run, the page none."""
_SPACE = frozenset(" \t\n\r\f")


def joined(text: str) -> str:
    """``text`` from the index (an excerpt with ``<mark>``s, a title) with each Han run
    written as the page has it again, wherever the marks are, a character marked if any of
    its copies is: ``出口 <mark>口退</mark> <mark>退税</mark> 税`` -> ``出<mark>口退税</mark>``,
    ``<mark>首次 </mark>次回 回 。`` -> ``<mark>首次</mark>回。`` (``rejoin`` in the browser,
    the same steps: see ``search-terms.js``)."""
    chars: list[str] = []
    marks: list[bool] = []
    open_ = False
    for part in re.split(r"(</?mark>)", text):
        if part in ("<mark>", "</mark>"):
            open_ = part == "<mark>"
        else:
            chars += part
            marks += [open_] * len(part)
    out: list[list[object]] = []
    state, anchor, i, n = "", -1, 0, len(chars)

    def han(k: int) -> bool:
        return k < n and _HAN_CHAR.match(chars[k]) is not None

    while i < n:
        if not han(i):
            out.append([chars[i], marks[i]])
            if chars[i] not in _SPACE:
                state = ""
            i += 1
            continue
        j = i
        while han(j):
            j += 1
        token: list[list[object]] = [[chars[t], marks[t]] for t in range(i, j)]
        i = j
        if len(token) > 2:  # not a word of the index: as it is
            out += token
            state = ""
            continue
        pair, k = len(token) == 2, len(out)
        while k > 0 and out[k - 1][0] in _SPACE:
            k -= 1
        if k == anchor and state == "pair" and out[k - 1][0] == token[0][0]:
            del out[k:]  # the run goes on
            out[k - 1][1] = bool(out[k - 1][1]) or bool(token[0][1])
            token = token[1:]
        elif k == anchor and state == "end":
            del out[k:]  # the next run, right after a run's end
        out += token
        state, anchor = ("pair" if pair else "end"), len(out)

    def kept(index: int) -> bool:
        if out[index][0] not in _SPACE:
            return True
        a, b = index - 1, index + 1
        while a >= 0 and out[a][0] in _SPACE:
            a -= 1
        while b < len(out) and out[b][0] in _SPACE:
            b += 1
        if a < 0 or b >= len(out):
            return True
        left, right = str(out[a][0]), str(out[b][0])
        return not ((_HAN_CHAR.match(left) and _CJK_PUNCT.match(right))
                    or (_CJK_PUNCT.match(left) and _HAN_CHAR.match(right)))

    result, open_ = [], False
    for index, (char, mark) in enumerate(out):
        if not kept(index):
            continue
        if bool(mark) != open_:
            result.append("<mark>" if mark else "</mark>")
            open_ = bool(mark)
        result.append(str(char))
    return "".join(result) + ("</mark>" if open_ else "")


@dataclass
class Facets:
    """The filters and meta of one page of the index."""

    filters: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    weighted: list[str] = field(default_factory=list)
    """Words the page is about as much as its title (an owner page: the person's name),
    weighted like its ``<h1>`` (:data:`WEIGHT`); they are on the page already."""

    def add(self, name: str, values: Iterable[str]) -> None:
        found = self.filters.setdefault(name, [])
        for value in values:
            value = " ".join(value.split())
            if value and value not in found:
                found.append(value)


def markup(facets: Facets) -> str:
    """``facets`` as Pagefind reads them: one ``<meta>`` per value, in the head."""
    out = []
    for name in FILTERS:
        for value in facets.filters.get(name, []):
            out.append(f'<meta data-pagefind-filter="{name}[content]" '
                       f'content="{html.escape(value, quote=True)}">')
    for name, value in sorted(facets.meta.items()):
        out.append(f'<meta data-pagefind-meta="{name}[content]" '
                   f'content="{html.escape(value, quote=True)}">')
    return "".join(out)


def index_copy(page: str, facets: Facets | None) -> str:
    """The copy of ``page`` that Pagefind indexes: its ``<html>`` tag (the language), its
    title, the ``facets`` markup and its text (Material's ``<article>``, marked as
    :data:`BODY`) without its scripts, styles and drawings, with Han runs written as
    :func:`pairs`. A page without that article (404.html, a redirect) gives ``""``."""
    start, end = _ARTICLE.search(page), page.rfind("</article>")
    if start is None or end < start.start():
        return ""
    html_tag = _HTML.search(page)
    title = _TITLE.search(page)
    head = (html_tag.group(0) if html_tag else "<html>") + '<head><meta charset="utf-8">' + \
        (title.group(0) if title else "") + (markup(facets) if facets is not None else "") + \
        "</head><body>"
    body = _SKIP.sub("", page[start.start(): end + len("</article>")])
    body = _TEXT.sub(lambda m: ">" + spaced(m.group(1)) + "<", body)
    body = f"<article {BODY} " + body[len("<article "):]
    if facets is not None and facets.weighted:
        h1 = _H1_END.search(body)
        if h1 is not None:
            words = html.escape(spaced(" · ".join(facets.weighted)), quote=False)
            body = (body[: h1.end()] + f'<p data-pagefind-weight="{WEIGHT}">{words}</p>'
                    + body[h1.end():])
    return head + body + "</body></html>"


def language(code: str) -> str:
    """The one language the index is written in (Pagefind's ``force_language``): the
    site's, as Pagefind names it (``zh-Hant`` -> ``zh``; ``""`` -> ``en``)."""
    base = re.split(r"[-_]", code.strip() or "en")[0].lower()
    return base if re.fullmatch(r"[a-z]{2,3}", base) else "en"


def playbook_facets(site: Site) -> dict[str, Facets]:
    """``{src_uri: Facets}`` of the playbook's pages: each journey, SOP and owner page
    (the indexes that list them are pages like the site's others, without facets)."""
    book, index = site.book, site.index
    out: dict[str, Facets] = {}

    def owner(facets: Facets, owner_id: str) -> None:
        found = book.owners.get(owner_id)
        if found is not None:
            facets.add("owner", [found.name])
            facets.add("person", [found.person])

    for journey in book.journeys.values():
        facets = _page(_("Journey"))
        owner(facets, journey.owner)
        facets.add("journey", [journey.title])
        facets.add("system", [system_name(journey.system)])
        facets.add("stage", [book.stage_label(s.stage) for s in journey.steps if s.stage])
        if any(s.critical for s in journey.steps):
            facets.add("critical", [_("critical")])
        out[urls.journey_page(journey.id)] = facets
    for sop in book.sops.values():
        facets = _page(_("SOP"))
        owner(facets, sop.owner)
        uses = index.uses_of(sop.id)
        facets.add("journey", [r.journey.title for r in uses])
        facets.add("system", [system_name(r.journey.system) for r in uses])
        facets.add("stage", [book.stage_label(r.step.stage) for r in uses if r.step.stage])
        if any(r.step.critical for r in uses):
            facets.add("critical", [_("critical")])
        facets.add("tags", sop.tags)
        out[urls.sop_page(sop.id)] = facets
    for who in book.owners.values():
        facets = _page(_("Owner"))
        owner(facets, who.id)
        facets.weighted = [who.person] if who.person else []
        out[urls.owner_page(who.id)] = facets
    return out


def _page(kind: str) -> Facets:
    facets = Facets(meta={"kind": kind})
    facets.add("kind", [kind])
    return facets
