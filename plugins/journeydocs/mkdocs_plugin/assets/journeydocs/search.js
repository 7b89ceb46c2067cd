/* journeydocs: search.js, the header search box on Pagefind's index.
 *
 * When the plugin runs Pagefind (its index in <site>/pagefind/), this script is the header's
 * search box, in Material's place and with Material's markup and classes, so it looks and
 * behaves like Material's own (light and dark, the full-screen box on a phone):
 *
 * - "/", "s" or "f" (outside a text field) opens it; typing searches; ArrowDown/ArrowUp move
 *   through the input and the results; Enter in the box opens the best result; Escape
 *   closes it (Material's keys). Tab reaches the filters; a focus that leaves the box closes
 *   it. A click on a result closes it too.
 * - Results show the page's title and an excerpt, then the sections of the page that match
 *   (journey steps land on their #step- anchor, checklist sections on their heading), the
 *   best two at once and the others behind "N more on this page", as Material does.
 * - With Material's `search.highlight` feature, a result's link carries the query (?h=...)
 *   and the page it opens marks the words (<mark data-md-highlight>), as Material does.
 * - Filters: owner, stage, journey, system, critical, tags (Pagefind's filters, with the
 *   number of pages each value keeps), and "My SOPs": the owner a person picks once
 *   (remembered in localStorage) as a one-click filter.
 *
 * Pagefind's script (pagefind/pagefind.js, an ES module, with its web worker and WebAssembly)
 * is imported only when the box is focused or typed in, so a page view costs nothing more.
 * The typed text goes through window.journeydocs.searchTerms (search-terms.js: Chinese runs
 * become what the index holds) and titles and excerpts through window.journeydocs.rejoin
 * (Han runs as the page writes them) when those are there. The site's root is where this
 * file is (assets/journeydocs/search.js), so a site served under a sub-path works.
 *
 * A classic script (the project's rule; Pagefind's module is loaded with import()), started
 * on each page view by Material's document$ (instant navigation keeps the header, so the box
 * is made once and the highlighting runs per page), idempotent. Opened from disk (file://)
 * it does nothing: the browser imports no module and starts no worker there. Words through
 * i18n.js (gettext/ngettext).
 *
 * size: one widget whose parts share the state of one search (the box and Material's
 * markup, the results, the filters and "My SOPs", the keys, the highlighting); split, they
 * would pass that state around through window.journeydocs.
 */
(function () {
  "use strict";

  var root = Object.prototype.hasOwnProperty.call(window, "journeydocs") &&
    window.journeydocs && typeof window.journeydocs === "object"
    ? window.journeydocs : (window.journeydocs = {});
  if (root.search) return;

  var FACETS = ["owner", "stage", "journey", "system", "critical", "tags"];
  var PAGE_SIZE = 10;
  var DEBOUNCE = 80;  // ms after the last key before a search (Material: each keyup)
  var SHOWN_SECTIONS = 2;       // sections of a page shown at once; the rest behind "more"
  var MINE_KEY = "journeydocs.search.mine";
  var ICONS = {
    magnify: "M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5" +
      "v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5" +
      " 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5",
    back: "M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11z",
    close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59" +
      " 19 19 17.59 13.41 12z"
  };

  var script = document.currentScript;
  var BASE = script && script.src ? new URL("../../", script.src) : null;

  var i18n = function () { return root.i18n; };
  function gettext(msgid, params) {
    var t = i18n();
    return t && typeof t.gettext === "function" ? t.gettext(msgid, params) : msgid;
  }
  function ngettext(singular, plural, n, params) {
    var t = i18n();
    if (t && typeof t.ngettext === "function") return t.ngettext(singular, plural, n, params);
    return (n === 1 ? singular : plural).replace("{n}", String(n));
  }
  function facetLabel(name) {
    switch (name) {
      // Translators: search filter: the owner accountable for an SOP or journey
      case "owner": return gettext("Owner");
      // Translators: search filter: a stage of the Marketing Hourglass (know ... refer)
      case "stage": return gettext("Stage");
      // Translators: search filter: a customer journey (system map)
      case "journey": return gettext("Journey");
      // Translators: search filter: marketing system or operations system
      case "system": return gettext("System");
      // Translators: search filter: whether the page is (for) a critical step
      case "critical": return gettext("Critical step");
      // Translators: search filter: the tags of an SOP
      case "tags": return gettext("Tags");
    }
    return name;
  }

  /* The words of the query as the index wants them (search-terms.js), and text to show. */
  function termsFor(text) {
    return typeof root.searchTerms === "function" ? root.searchTerms(text) : text;
  }
  function display(text) {   // (also an excerpt's HTML, its <mark>s kept)
    return typeof root.rejoin === "function" ? root.rejoin(text) : text;
  }

  function features() {
    var el = document.getElementById("__config");
    if (!el) return [];
    try {
      var config = JSON.parse(el.textContent || "{}");
      return Array.isArray(config.features) ? config.features : [];
    } catch (ignored) {
      return [];
    }
  }

  function svg(path) {
    var ns = "http://www.w3.org/2000/svg";
    var s = document.createElementNS(ns, "svg");
    s.setAttribute("xmlns", ns);
    s.setAttribute("viewBox", "0 0 24 24");
    s.setAttribute("aria-hidden", "true");
    var p = document.createElementNS(ns, "path");
    p.setAttribute("d", path);
    s.appendChild(p);
    return s;
  }
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = text;
    return e;
  }

  // --- the words to mark: in results (titles) and on the page a result opens ------------

  function words(text) {
    return text.split(/[\s*+\-:~^"]+/).filter(function (w) { return w.length > 0; });
  }
  /* The words to mark: a Latin word (letters, digits) whole, as Material marks it ("in"
   * not inside "During"), a Han run wherever it stands (Chinese has no spaces). */
  var HAN_CHAR = new RegExp("[\\u2e80-\\u2fdf\\u3005\\u3007\\u3021-\\u3029\\u3038-\\u303b" +
    "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3134f}]", "u");
  var WORD_CHAR = /[\p{L}\p{N}]/u;
  function matcher(list) {
    if (!list.length) return null;
    var sorted = list.slice().sort(function (a, b) { return b.length - a.length; });
    var patterns = sorted.map(function (w) {
      var chars = Array.from(w);
      var bounded = function (c) { return WORD_CHAR.test(c) && !HAN_CHAR.test(c); };
      return (bounded(chars[0]) ? "(?<![\\p{L}\\p{N}])" : "") +
        w.replace(/[|\\{}()[\]^$+*?.]/g, "\\$&") +
        (bounded(chars[chars.length - 1]) ? "(?![\\p{L}\\p{N}])" : "");
    });
    return new RegExp("(" + patterns.join("|") + ")", "giu");
  }
  /* `text` as nodes, the matches of `re` in <mark> (with `attr` set on each mark). */
  function marked(text, re, attr) {
    var out = document.createDocumentFragment();
    if (!re) {
      out.appendChild(document.createTextNode(text));
      return out;
    }
    var last = 0;
    text.replace(re, function (match, group, offset) {
      if (offset > last) out.appendChild(document.createTextNode(text.slice(last, offset)));
      var m = el("mark", null, match);
      if (attr) m.setAttribute(attr, "");
      out.appendChild(m);
      last = offset + match.length;
      return match;
    });
    if (last < text.length) out.appendChild(document.createTextNode(text.slice(last)));
    return out;
  }

  /* Material's search.highlight on the page a result opened: the words of ?h= marked in the
   * content, once per page view. */
  function highlightPage() {
    var query;
    try {
      query = new URL(window.location.href).searchParams.get("h");
    } catch (ignored) {
      return;
    }
    if (!query) return;
    var re = matcher(words(query));
    var contents = document.querySelectorAll("[data-md-component=content]");
    for (var c = 0; c < contents.length; c++) {
      var content = contents[c];
      if (content.hasAttribute("data-jd-highlighted")) continue;
      content.setAttribute("data-jd-highlighted", "");
      var nodes = [];
      var it = document.createNodeIterator(content, NodeFilter.SHOW_TEXT);
      for (var node = it.nextNode(); node; node = it.nextNode()) {
        var parent = node.parentElement;
        if (!parent || !parent.offsetHeight || parent.closest("mark, script, style")) continue;
        re.lastIndex = 0;
        if (re.test(node.textContent)) nodes.push(node);
      }
      for (var i = 0; i < nodes.length; i++) {
        re.lastIndex = 0;
        nodes[i].parentNode.replaceChild(marked(nodes[i].textContent, re, "data-md-highlight"),
          nodes[i]);
      }
    }
  }

  // --- Pagefind, imported on first use --------------------------------------------------

  var loading = null;
  function pagefind() {
    if (!loading) {
      var url = new URL("pagefind/pagefind.js", BASE).href;
      loading = import(url).then(function (pf) {
        return Promise.resolve(pf.options({ excerptLength: 24 })).then(function () {
          return Promise.resolve(pf.init());
        }).then(function () { return pf; });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  // --- the box ---------------------------------------------------------------------------

  var ui = null;     // {box, input, meta, list, facets, mine...}
  var state = {
    selected: {},    // facet -> [values]
    mine: false,     // "My SOPs" on
    seq: 0,          // the newest search
    results: [],     // its results (Pagefind's), shown up to state.shown
    shown: 0,
    dropped: 0,      // results left out: a query word not in their text (covered)
    query: "",
    pending: null,   // the newest search's promise
    totals: null     // every filter value and its number of pages (pagefind.filters())
  };

  function toggle() {
    return document.getElementById("__search");
  }
  function setOpen(open) {
    var t = toggle();
    if (t && t.checked !== open) t.click();
  }
  function isOpen() {
    var t = toggle();
    return !!(t && t.checked);
  }

  function storedMine() {
    try {
      return window.localStorage.getItem(MINE_KEY) || "";
    } catch (ignored) {
      return "";
    }
  }
  function storeMine(owner) {
    try {
      if (owner) window.localStorage.setItem(MINE_KEY, owner);
      else window.localStorage.removeItem(MINE_KEY);
    } catch (ignored) { /* private mode: this page view only */ }
  }

  function build(header) {
    var label = document.createElement("button");  // (a real button: a label with
    label.type = "button";                          // role=button is not allowed, WCAG 4.1.2)
    label.className = "md-header__button md-icon jd-search-open";
    // Translators: the header's search box and the button that opens it on a phone
    label.setAttribute("aria-label", gettext("Search"));
    label.appendChild(svg(ICONS.magnify));

    var box = el("div", "md-search jd-search");
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", gettext("Search"));
    var overlay = el("label", "md-search__overlay");
    overlay.setAttribute("for", "__search");
    box.appendChild(overlay);
    var inner = el("div", "md-search__inner");
    inner.setAttribute("role", "search");
    box.appendChild(inner);
    var form = el("form", "md-search__form");
    form.setAttribute("name", "search");
    inner.appendChild(form);
    var input = el("input", "md-search__input");
    input.type = "text";
    input.name = "query";
    input.setAttribute("aria-label", gettext("Search"));
    input.setAttribute("placeholder", gettext("Search"));
    input.setAttribute("autocapitalize", "off");
    input.setAttribute("autocorrect", "off");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    input.setAttribute("aria-controls", "__jd_search_results");
    input.required = true;
    form.appendChild(input);
    var icon = el("label", "md-search__icon md-icon");
    icon.setAttribute("for", "__search");
    icon.appendChild(svg(ICONS.magnify));
    icon.appendChild(svg(ICONS.back));
    form.appendChild(icon);
    var options = el("nav", "md-search__options");
    options.setAttribute("aria-label", gettext("Search"));
    var reset = el("button", "md-search__icon md-icon");
    reset.type = "reset";
    // Translators: the button that empties the search box
    reset.title = gettext("Clear");
    reset.setAttribute("aria-label", gettext("Clear"));
    reset.tabIndex = -1;
    reset.appendChild(svg(ICONS.close));
    options.appendChild(reset);
    form.appendChild(options);

    var output = el("div", "md-search__output");
    inner.appendChild(output);
    var wrap = el("div", "md-search__scrollwrap");
    wrap.tabIndex = 0;
    wrap.setAttribute("data-md-scrollfix", "");
    output.appendChild(wrap);

    var facets = el("div", "jd-search-facets");
    wrap.appendChild(facets);
    var mineRow = el("div", "jd-search-mine");
    facets.appendChild(mineRow);
    var mine = el("button", "jd-search-chip jd-search-mine__toggle");
    mine.type = "button";
    mine.setAttribute("aria-pressed", "false");
    // Translators: search: a filter button showing only the SOPs of the owner the person
    // picked as themselves
    mine.textContent = gettext("My SOPs");
    mineRow.appendChild(mine);
    var who = el("span", "jd-search-mine__who");
    mineRow.appendChild(who);
    var change = el("button", "jd-search-link jd-search-mine__change");
    change.type = "button";
    // Translators: search: pick another owner for "My SOPs" (the owner's name is before it)
    change.textContent = gettext("Choose another owner");
    mineRow.appendChild(change);
    var pickLabel = el("label", "jd-search-mine__pick");
    pickLabel.hidden = true;
    // Translators: search: the question before the list of owners, for "My SOPs"
    pickLabel.appendChild(el("span", null, gettext("Whose SOPs are yours?")));
    var pick = el("select");
    pickLabel.appendChild(pick);
    mineRow.appendChild(pickLabel);
    var more = el("details", "jd-search-filters");
    var summary = el("summary", "jd-search-chip");
    // Translators: search: opens the search filters (owner, stage, journey...)
    summary.appendChild(el("span", null, gettext("Filters")));
    var count = el("span", "jd-search-filters__count");
    summary.appendChild(count);
    more.appendChild(summary);
    var groups = el("div", "jd-search-filters__groups");
    more.appendChild(groups);
    facets.appendChild(more);

    var result = el("div", "md-search-result");
    wrap.appendChild(result);
    var meta = el("div", "md-search-result__meta");
    meta.setAttribute("role", "status");
    // Translators: search: what the results panel says before anything is typed
    meta.textContent = gettext("Type to start searching");
    result.appendChild(meta);
    var list = el("ol", "md-search-result__list");
    list.id = "__jd_search_results";
    list.setAttribute("role", "presentation");
    result.appendChild(list);

    var source = header.querySelector(":scope > .md-header__source");
    header.insertBefore(label, source);
    header.insertBefore(box, source);
    return {
      label: label, box: box, form: form, input: input, wrap: wrap, result: result,
      meta: meta, list: list,
      facets: facets, mine: mine, who: who, change: change, pickLabel: pickLabel, pick: pick,
      filters: more, groups: groups, count: count
    };
  }

  // --- searching -------------------------------------------------------------------------

  function chosenFilters() {
    var filters = {};
    var any = false;
    for (var i = 0; i < FACETS.length; i++) {
      var values = state.selected[FACETS[i]] || [];
      if (values.length) {
        filters[FACETS[i]] = { any: values.slice() };
        any = true;
      }
    }
    var owner = storedMine();
    if (state.mine && owner) {
      filters.owner = { any: [owner] };
      any = true;
    }
    return any ? filters : null;
  }

  /* Search for what the box holds with the chosen filters; `now`: no debounce (Enter). */
  function search(now) {
    var text = ui.input.value.trim();
    var filters = chosenFilters();
    var seq = ++state.seq;
    state.query = text;
    if (!text && !filters) {
      state.results = [];
      ui.list.innerHTML = "";
      ui.meta.textContent = gettext("Type to start searching");
      state.pending = Promise.resolve();
      ui.result.setAttribute("aria-busy", "false");
      ui.result.setAttribute("data-jd-query", "");
      refreshFacets(null);
      return state.pending;
    }
    if (!state.totals) {
      // Translators: search: shown while the search index loads
      ui.meta.textContent = gettext("Initializing search");
    }
    ui.result.setAttribute("aria-busy", "true");
    var options = filters ? { filters: filters } : {};
    var terms = text ? termsFor(text) : null;
    state.pending = pagefind().then(function (pf) {
      return (now || !text ? pf.search(terms, options) : pf.debouncedSearch(terms, options, DEBOUNCE))
        .then(function (found) {
          return found && text ? absent(pf, text).then(function (gone) {
            if (gone) found.results = [];
            return found;
          }) : found;
        }).then(function (found) {
          if (!found || seq !== state.seq) return null;
          state.results = found.results || [];
          state.shown = 0;
          state.dropped = 0;
          ui.list.innerHTML = "";
          showCount(state.results.length, text);
          refreshFacets(found.filters || null);
          return showMore(seq);
        }).then(function () {
          if (seq !== state.seq) return;
          ui.result.setAttribute("aria-busy", "false");
          ui.result.setAttribute("data-jd-query", text);
        });
    }).catch(function (error) {
      if (seq !== state.seq) return;
      ui.result.setAttribute("aria-busy", "false");
      // Translators: search: the search index could not be loaded (offline, from disk...)
      ui.meta.textContent = gettext("Search is not available here.");
      if (window.console) window.console.warn("journeydocs search:", error);
    });
    return state.pending;
  }

  function showCount(n, text) {
    if (n === 0) {
      // Translators: search: nothing matches the query
      ui.meta.textContent = gettext("No matching pages");
    } else {
      ui.meta.textContent = ngettext("{n} matching page", "{n} matching pages", n);
    }
  }

  /* Pagefind drops a query word that is on no page and returns the pages with the
   * others ("purchase zebra": the "purchase" pages; 茶叶蛋: the pages with 茶叶 and 叶蛋
   * apart). A Han run must stand in a result's text as typed (search-terms.js `covers`,
   * on the data fetched to show it anyway; Pagefind ranks the pages with every word first,
   * so a batch of results without it ends the list); another word must be on some page
   * (`absent`: Pagefind's own search for the word alone, so "consultation" still finds
   * "consulting", as Pagefind's stemming does). */
  function absent(pf, text) {
    var words = typeof root.queryWords === "function" ? root.queryWords(text) : null;
    if (!words || words.han.length + words.other.length < 2) return Promise.resolve(false);
    return Promise.all(words.other.map(function (word) {
      return Promise.resolve(pf.search(word)).then(function (found) {
        return !found || !(found.results || []).length;
      });
    })).then(function (gone) { return gone.indexOf(true) >= 0; });
  }
  function covered(data) {
    if (!state.query || typeof root.covers !== "function") return true;
    var text = (data.content || data.excerpt || "") + " " +
      ((data.meta && data.meta.title) || "");
    return root.covers(state.query, text);
  }

  function showMore(seq) {
    var batch = state.results.slice(state.shown, state.shown + PAGE_SIZE);
    state.shown += batch.length;
    // Every fragment is asked for at once; each result shows as soon as it and those
    // before it have arrived (the first one does not wait for the tenth).
    var old = ui.list.querySelector(".jd-search-more");
    if (old) old.parentNode.removeChild(old);
    var re = matcher(words(state.query));
    var chain = Promise.resolve();
    var kept = 0;
    batch.forEach(function (result) {
      var data = result.data();
      chain = chain.then(function () { return data; }).then(function (page) {
        if (seq !== state.seq) return;
        if (!covered(page)) {  // a query word the page does not hold (Pagefind drops
          state.dropped++;     // words it does not know)
          return;
        }
        ui.list.appendChild(item(page, result.score, re));
        kept++;
      });
    });
    return chain.then(function () {
      if (seq !== state.seq) return;
      if (batch.length && !kept) {   // a word on none of the best pages: on no page at all
        state.dropped += state.results.length - state.shown;
        state.results = state.results.slice(0, state.shown);
      }
      showCount(state.results.length - state.dropped);
      var left = state.results.length - state.shown;
      if (left > 0) {
        var li = el("li", "md-search-result__item jd-search-more");
        var button = el("button", "jd-search-link",
          // Translators: search: loads the next results (n: how many are left)
          ngettext("Show {n} more result", "Show {n} more results", left));
        button.type = "button";
        button.tabIndex = -1;
        button.addEventListener("click", function () {
          var index = state.shown;
          showMore(state.seq).then(function () {
            var links = ui.list.querySelectorAll(":scope > li > .md-search-result__link");
            if (links[index]) links[index].focus();
          });
        });
        li.appendChild(button);
        ui.list.appendChild(li);
      }
    });
  }

  function href(url) {
    var u = new URL(url, window.location.href);
    if (state.query && features().indexOf("search.highlight") >= 0) {
      u.searchParams.set("h", state.query);
    }
    return u.pathname + u.search + u.hash;
  }

  /* Pagefind's excerpt (escaped text with <mark>s) as nodes: its text and its marks only. */
  function excerpt(html) {
    var out = document.createDocumentFragment();
    var doc = new DOMParser().parseFromString("<p>" + display(html || "") + "</p>",
      "text/html");
    var p = doc.body.firstChild;
    for (var n = p ? p.firstChild : null; n; n = n.nextSibling) {
      var text = n.textContent || "";
      if (n.nodeType === 1 && n.nodeName === "MARK") out.appendChild(el("mark", null, text));
      else out.appendChild(document.createTextNode(text));
    }
    return out;
  }

  function entry(url, title, excerptHtml, heading, re, score) {
    var a = el("a", "md-search-result__link");
    a.href = href(url);
    a.tabIndex = -1;
    var article = el("article", "md-search-result__article md-typeset");
    if (score != null) article.setAttribute("data-md-score", score.toFixed(2));
    if (heading === "h1") article.appendChild(el("div", "md-search-result__icon md-icon"));
    var h = el(heading);
    h.appendChild(marked(display(title || ""), re, null));
    article.appendChild(h);
    if (excerptHtml) {
      var p = el("p");
      p.appendChild(excerpt(excerptHtml));
      article.appendChild(p);
    }
    a.appendChild(article);
    return a;
  }

  /* A result: the page, then its sections (journey steps, checklist sections). */
  function item(data, score, re) {
    var li = el("li", "md-search-result__item");
    var title = (data.meta && data.meta.title) || data.url;
    var subs = (data.sub_results || []).filter(function (s) {
      return s.url.indexOf("#") >= 0 && !(s.anchor && /^h1$/i.test(s.anchor.element || ""));
    });
    var top = (data.sub_results || []).filter(function (s) { return subs.indexOf(s) < 0; })[0];
    var teaser = top ? top.excerpt : (subs.length ? "" : data.excerpt);
    li.appendChild(entry(data.url, title, teaser, "h1", re, score));
    subs.sort(function (a, b) {
      return (b.locations || []).length - (a.locations || []).length;
    });
    for (var i = 0; i < subs.length && i < SHOWN_SECTIONS; i++) {
      li.appendChild(entry(subs[i].url, subs[i].title, subs[i].excerpt, "h2", re, null));
    }
    if (subs.length > SHOWN_SECTIONS) {
      var details = el("details", "md-search-result__more");
      var summary = el("summary");
      summary.tabIndex = -1;
      var n = subs.length - SHOWN_SECTIONS;
      // Translators: search: a result's further matching sections (steps, checklist parts)
      summary.appendChild(el("div", null, ngettext("{n} more on this page",
        "{n} more on this page", n)));
      details.appendChild(summary);
      for (var j = SHOWN_SECTIONS; j < subs.length; j++) {
        details.appendChild(entry(subs[j].url, subs[j].title, subs[j].excerpt, "h2", re, null));
      }
      li.appendChild(details);
    }
    return li;
  }

  // --- filters ---------------------------------------------------------------------------

  function loadTotals() {
    if (state.totals) return Promise.resolve(state.totals);
    return pagefind().then(function (pf) { return pf.filters(); }).then(function (totals) {
      state.totals = totals || {};
      refreshFacets(null);
      fillPick();
      return state.totals;
    });
  }

  /* The filter groups: every value of each facet, with the number of pages it keeps for
   * the current search (`counts`, Pagefind's) or in the whole site. */
  function refreshFacets(counts) {
    if (!state.totals) return;
    var focused = document.activeElement;
    var focusKey = focused && focused.getAttribute && focused.getAttribute("data-jd-facet");
    var focusValue = focusKey ? focused.value : null;
    ui.groups.innerHTML = "";
    var chosen = 0;
    for (var i = 0; i < FACETS.length; i++) {
      var name = FACETS[i];
      var values = state.totals[name];
      if (!values || !Object.keys(values).length) continue;
      var fieldset = el("fieldset", "jd-search-facet");
      fieldset.appendChild(el("legend", null, facetLabel(name)));
      var keys = Object.keys(values).sort(function (a, b) { return a.localeCompare(b); });
      var selected = state.selected[name] || [];
      for (var k = 0; k < keys.length; k++) {
        var value = keys[k];
        var on = selected.indexOf(value) >= 0;
        if (on) chosen++;
        var n = counts && counts[name] && value in counts[name] ? counts[name][value]
          : (counts ? 0 : values[value]);
        var label = el("label", "jd-search-facet__value");
        var box = el("input");
        box.type = "checkbox";
        box.value = value;
        box.checked = on;
        box.setAttribute("data-jd-facet", name);
        label.appendChild(box);
        label.appendChild(el("span", "jd-search-facet__name", display(value)));
        label.appendChild(el("span", "jd-search-facet__count", String(n)));
        if (!on && n === 0) label.classList.add("jd-search-facet__value--none");
        fieldset.appendChild(label);
        if (focusKey === name && focusValue === value) focused = box;
      }
      ui.groups.appendChild(fieldset);
    }
    ui.count.textContent = chosen ? " (" + chosen + ")" : "";
    if (focusKey && focused && focused.isConnected && focused !== document.activeElement) {
      focused.focus();
    }
  }

  function fillPick() {
    var owners = state.totals && state.totals.owner ? Object.keys(state.totals.owner) : [];
    owners.sort(function (a, b) { return a.localeCompare(b); });
    ui.pick.innerHTML = "";
    // Translators: search, "My SOPs": the empty choice before the owners' names
    var none = el("option", null, gettext("Choose…"));
    none.value = "";
    ui.pick.appendChild(none);
    var current = storedMine();
    for (var i = 0; i < owners.length; i++) {
      var option = el("option", null, display(owners[i]));
      option.value = owners[i];
      option.selected = owners[i] === current;
      ui.pick.appendChild(option);
    }
  }

  function syncMine() {
    var owner = storedMine();
    ui.mine.setAttribute("aria-pressed", state.mine && owner ? "true" : "false");
    ui.who.textContent = owner ? display(owner) : "";
    ui.change.hidden = !owner || !ui.pickLabel.hidden;
  }

  function askMine() {
    loadTotals().then(function () {
      fillPick();
      ui.pickLabel.hidden = false;
      syncMine();
      ui.pick.focus();
    });
  }

  // --- keyboard and events ----------------------------------------------------------------

  function editable(target) {
    if (!target || !(target instanceof Element)) return false;
    if (target.isContentEditable) return true;
    if (target instanceof HTMLInputElement) return target.type !== "radio";
    return target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;
  }

  /* Material's order for the arrow keys: the input, then each visible link and summary. */
  function stops() {
    var found = ui.list.querySelectorAll(
      ":not(details) > [href], summary, details[open] [href], .jd-search-more button");
    return [ui.input].concat(Array.prototype.slice.call(found));
  }

  /* Enter: the best result of what the box holds (searched now, not after the pause). */
  function openBest() {
    var run = search(true);
    var seq = state.seq;
    return run.then(function () {
      if (seq !== state.seq) return;
      var best = ui.list.querySelector(".md-search-result__link");
      if (best) best.click();
    });
  }

  function onKey(event) {
    if (event.metaKey || event.ctrlKey || event.altKey || event.isComposing) return;
    var active = document.activeElement;
    if (!isOpen()) {
      if ((event.key === "/" || event.key === "s" || event.key === "f") && !editable(active)) {
        event.preventDefault();
        open(true);
      }
      return;
    }
    var inside = ui.box.contains(active);
    switch (event.key) {
      case "Escape":
        if (ui.filters.open && ui.filters.contains(active)) {   // first the open filters
          ui.filters.open = false;
          ui.filters.firstChild.focus();
        } else {                                               // then the box, as Material
          setOpen(false);
          if (inside) active.blur();
        }
        event.preventDefault();
        return;
      case "Enter":
        if (active === ui.input) {
          event.preventDefault();
          openBest();
        }
        return;
      case "ArrowUp":
      case "ArrowDown":
        if (inside && (active === ui.input || ui.list.contains(active))) {
          var all = stops();
          var i = Math.max(0, all.indexOf(active));
          var next = (i + all.length + (event.key === "ArrowUp" ? -1 : 1)) % all.length;
          all[next].focus();
          event.preventDefault();
        } else if (!inside) {
          ui.input.focus();
          event.preventDefault();
        }
        return;
    }
    // other keys: to the query (Material's rule), but where they work (a select, Space)
    if (event.key.length === 1 && event.key !== " " && active !== ui.input && !editable(active)) {
      ui.input.focus();
    }
  }

  function open(select) {
    setOpen(true);
    ui.input.focus();
    if (select) ui.input.select();
  }

  function bind() {
    ui.input.addEventListener("focus", function () {
      setOpen(true);
      loadTotals().catch(function () { /* reported when searching */ });
    });
    ui.input.addEventListener("input", function () { search(false); });
    ui.form.addEventListener("submit", function (event) { event.preventDefault(); });
    ui.form.addEventListener("reset", function () {
      window.setTimeout(function () {
        search(true);
        ui.input.focus();
      }, 0);
    });
    // the phone's button: open and focus at once, in the tap (a phone shows its keyboard
    // only for a focus in a user's gesture), instead of the label's own toggling
    ui.label.addEventListener("click", function (event) {
      event.preventDefault();
      open(false);
    });
    ui.box.addEventListener("click", function (event) {
      var target = event.target;
      if (target instanceof Element && target.closest("a[href]")) setOpen(false);
    });
    ui.box.addEventListener("focusout", function (event) {
      var to = event.relatedTarget;
      if (to && !ui.box.contains(to) && to !== ui.label && isOpen()) setOpen(false);
    });
    ui.groups.addEventListener("change", function (event) {
      var box = event.target;
      if (!(box instanceof HTMLInputElement)) return;
      var name = box.getAttribute("data-jd-facet");
      var values = (state.selected[name] || []).filter(function (v) { return v !== box.value; });
      if (box.checked) values.push(box.value);
      state.selected[name] = values;
      search(true);
    });
    ui.mine.addEventListener("click", function () {
      if (!storedMine()) {
        askMine();
        return;
      }
      state.mine = !state.mine;
      syncMine();
      search(true);
    });
    ui.change.addEventListener("click", askMine);
    ui.pick.addEventListener("change", function () {
      storeMine(ui.pick.value);
      state.mine = !!ui.pick.value;
      ui.pickLabel.hidden = true;
      syncMine();
      ui.mine.focus();
      search(true);
    });
    document.addEventListener("keydown", onKey);
    // the results reach the accessibility tree only while the box is open (as Material's)
    document.addEventListener("change", function (event) {
      if (event.target === toggle()) revealed();
    });
    revealed();
  }

  function revealed() {
    var open = isOpen();
    ui.list.setAttribute("role", open ? "list" : "presentation");
    ui.list.hidden = !open;
  }

  function init() {
    highlightPage();
    if (ui && ui.box.isConnected) return;
    var header = document.querySelector(".md-header__inner");
    if (!header || !toggle() || !BASE) return;
    // Material's own box (its search plugin still on): Pagefind's takes its place
    var theirs = header.querySelectorAll(
      ":scope > .md-search:not(.jd-search), :scope > .md-header__button[for=__search]" +
      ":not(.jd-search-open)");
    for (var i = 0; i < theirs.length; i++) theirs[i].parentNode.removeChild(theirs[i]);
    ui = build(header);
    bind();
    syncMine();
  }

  root.search = { open: function () { if (ui) open(true); } };
  if (window.location.protocol === "file:") return;

  var started = false;
  function start() {
    started = true;
    init();
  }
  try {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(start);
    }
  } catch (ignored) { /* a broken document$: the fallback below still starts */ }
  function fallback() {
    if (!started) start();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fallback);
  } else {
    fallback();
  }
})();
