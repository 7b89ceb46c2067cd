/* journeydocs: checklist.js
 *
 * Turns the task lists of an SOP page into a checklist that staff tick off in
 * the browser, and keeps the ticks in localStorage. Nothing here talks to a
 * server: GitHub Pages only serves files.
 *
 * - Active only where the page has <meta name="journeydocs:sop" content="ID">
 *   (an SOP page), or spans `.jd-sop-runs[data-sop]` (the SOP index).
 * - Runs once per page view through Material's `document$`, so it works with
 *   instant navigation, and on the first page even when `document$` never
 *   emits (a site opened from disk, see the end of this file). Event handlers
 *   are bound once, on `document`, and look up the current page; re-running
 *   the set-up on the same article is a no-op.
 * - Every widget is injected at run time, so none of it is in the built HTML
 *   or in the search index.
 * - Storage can be missing, full or hold garbage: every access is guarded, the
 *   page keeps working in memory and says that ticks will not be kept.
 *
 * Storage format (version 1), one key per SOP and site:
 *
 *   journeydocs:v1:<site path>:sop:<SOP id>  ->  JSON
 *   { "v": 1, "sop": "SOP-001", "title": "Client onboarding",
 *     "active": "<run id>" | null,
 *     "runs": [ { "id": "r…", "name": "Acme consultation",
 *                 "created": ISO time, "updated": ISO time,
 *                 "finished": ISO time | null,
 *                 "done": 7, "total": 12,            // cached for the index
 *                 "ticks": { "<item key>": ISO time ticked } } ] }
 *
 *   item key = SOP id + "\n" + section text + "\n" + item text, with
 *   whitespace collapsed (a repeated text in one section gets " [2]", …).
 *
 * A value that cannot be read (not JSON, wrong shape, unknown version) is
 * copied to
 *   journeydocs:v1:<site path>:quarantine:<original key>:<epoch ms>
 * and only then cleared; if the copy fails it is left untouched and this page
 * keeps its ticks in memory only.
 */
(function () {
  "use strict";

  // Loaded twice (should not happen)? Keep the first copy's handlers only.
  if (window.__journeydocsChecklist) return;

  const VERSION = 1;
  const NAMESPACE = "journeydocs";
  const SEP = "\n";

  /* Migrations from older formats: MIGRATIONS[n](record) turns a version n
   * record (read from the `journeydocs:v<n>:` key) into a version n + 1 one.
   * Versions without an entry are never read, so old data is not misread. */
  const MIGRATIONS = {};

  /* ------------------------------------------------------------------------
   * Small helpers
   * --------------------------------------------------------------------- */

  /** Report a bug in this file without ever throwing into the page. */
  function report(error) {
    try {
      console.error("journeydocs checklist:", error);
    } catch (ignored) {
      /* nothing left to do */
    }
  }

  /** Wrap a handler so an exception never escapes to the page. */
  function safe(fn) {
    return function () {
      try {
        return fn.apply(this, arguments);
      } catch (error) {
        report(error);
        return undefined;
      }
    };
  }

  /** Collapse whitespace, so reflowed Markdown keeps its keys. */
  function normalise(text) {
    let s = String(text == null ? "" : text);
    if (s.normalize) s = s.normalize("NFC");
    return s.replace(/\s+/g, " ").trim();
  }

  /** Text of an element without the widgets, permalinks and nested lists. */
  function ownText(element, drop) {
    const clone = element.cloneNode(true);
    clone.querySelectorAll(drop).forEach(function (node) { node.remove(); });
    return normalise(clone.textContent).replace(/\s*¶$/, "");
  }

  function nowIso() {
    return new Date().toISOString();
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  /** "2025-11-22 10:31" in local time, for exports. */
  function stamp(iso) {
    const d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) +
      " " + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  /** A short, readable local date and time for the page. */
  function humanTime(iso) {
    const d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    try {
      return d.toLocaleString(undefined, {
        day: "numeric", month: "short", year: "numeric",
        hour: "2-digit", minute: "2-digit"
      });
    } catch (ignored) {
      return stamp(iso);
    }
  }

  function timeElement(iso) {
    return h("time", { datetime: iso }, humanTime(iso));
  }

  function slug(text) {
    return normalise(text).toLowerCase().replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "").slice(0, 60) || "run";
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  /** Tiny element builder: h("button", {type: "button"}, "Copy"). */
  function h(tag, props, children) {
    const node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (name) {
      const value = props[name];
      if (value === false || value == null) return;
      if (name === "className") node.className = value;
      else if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    });
    [].concat(children == null ? [] : children).forEach(function (child) {
      if (child == null || child === false) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* ------------------------------------------------------------------------
   * Site scope and keys
   * --------------------------------------------------------------------- */

  // The script's own URL, read now: document.currentScript is null later.
  const scriptSrc = document.currentScript ? document.currentScript.src : "";

  /** Path of the site root ("/" or "/repo/"), so sites on one origin differ. */
  function sitePath() {
    try {
      if (window.__md_scope && window.__md_scope.pathname) return window.__md_scope.pathname;
    } catch (ignored) { /* fall through */ }
    const match = /^(.*\/)assets\/journeydocs\/checklist\.js/.exec(scriptSrc);
    if (match) {
      try { return new URL(match[1]).pathname; } catch (ignored) { /* fall through */ }
    }
    return "/";
  }

  function prefix(version) {
    return NAMESPACE + ":v" + (version || VERSION) + ":" + sitePath() + ":";
  }

  function recordKey(sop, version) {
    return prefix(version) + "sop:" + sop;
  }

  function itemKey(sop, section, text) {
    return sop + SEP + section + SEP + text;
  }

  /* ------------------------------------------------------------------------
   * Storage that never throws
   *
   * Writes that fail are kept in `memory`, which then wins over localStorage
   * for that key, so ticks survive instant navigation in this tab at least.
   * --------------------------------------------------------------------- */

  const store = {
    problem: null,     // null | "unavailable" | "full"
    memory: {},        // key -> JSON text that could not be stored
    held: {},          // key -> true: unreadable value we could not set aside

    local: function () {
      try {
        return window.localStorage || null;
      } catch (error) {
        return null;
      }
    },

    fail: function (error) {
      const name = error && error.name;
      const full = name === "QuotaExceededError" || name === "NS_ERROR_DOM_QUOTA_REACHED" ||
        (error && error.code === 22);
      // "unavailable" is the stronger statement; do not downgrade it.
      if (this.problem !== "unavailable") this.problem = full ? "full" : "unavailable";
    },

    read: function (key) {
      if (Object.prototype.hasOwnProperty.call(this.memory, key)) return this.memory[key];
      const ls = this.local();
      if (!ls) {
        this.problem = "unavailable";
        return null;
      }
      try {
        return ls.getItem(key);
      } catch (error) {
        this.fail(error);
        return null;
      }
    },

    write: function (key, text) {
      const ls = this.local();
      if (!ls || this.held[key]) {
        if (!ls) this.problem = "unavailable";
        this.memory[key] = text;
        return false;
      }
      try {
        ls.setItem(key, text);
        delete this.memory[key];
        return true;
      } catch (error) {
        this.fail(error);
        this.memory[key] = text;
        return false;
      }
    },

    /** Write a key only if it holds nothing yet (for quarantine copies). */
    writeNew: function (key, text) {
      const ls = this.local();
      if (!ls) return false;
      try {
        if (ls.getItem(key) !== null) return false;
        ls.setItem(key, text);
        return ls.getItem(key) === text;
      } catch (error) {
        this.fail(error);
        return false;
      }
    },

    remove: function (key) {
      delete this.memory[key];
      const ls = this.local();
      if (!ls) return false;
      try {
        ls.removeItem(key);
        return true;
      } catch (error) {
        this.fail(error);
        return false;
      }
    },

    /** Can this browser keep anything? Probed once per page view. */
    probe: function () {
      const ls = this.local();
      if (!ls) {
        this.problem = "unavailable";
        return false;
      }
      const key = prefix() + "probe";
      try {
        ls.setItem(key, "1");
        ls.removeItem(key);
        if (Object.keys(this.memory).length === 0) this.problem = null;
        return true;
      } catch (error) {
        this.fail(error);
        return false;
      }
    }
  };

  /* ------------------------------------------------------------------------
   * Records: all runs of one SOP
   * --------------------------------------------------------------------- */

  function emptyRecord(sop, title) {
    return { v: VERSION, sop: sop, title: title || sop, active: null, runs: [] };
  }

  function isIso(value) {
    return typeof value === "string" && !isNaN(new Date(value).getTime());
  }

  /** Is this parsed value a version-1 record we can use as it is? */
  function validRecord(record, sop) {
    if (!record || typeof record !== "object" || Array.isArray(record)) return false;
    if (record.v !== VERSION || record.sop !== sop || !Array.isArray(record.runs)) return false;
    if (record.active !== null && typeof record.active !== "string") return false;
    return record.runs.every(function (run) {
      return run && typeof run === "object" &&
        typeof run.id === "string" && typeof run.name === "string" &&
        isIso(run.created) && isIso(run.updated) &&
        (run.finished === null || isIso(run.finished)) &&
        run.ticks && typeof run.ticks === "object" && !Array.isArray(run.ticks);
    });
  }

  /** Copy an unreadable value aside. Returns the quarantine key or null. */
  function quarantine(key, raw) {
    const base = prefix() + "quarantine:" + key + ":";
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const target = base + (Date.now() + attempt);
      if (store.writeNew(target, raw)) return target;
    }
    return null;
  }

  /** Parse JSON without throwing; undefined when it is not JSON. */
  function parse(raw) {
    try {
      return JSON.parse(raw);
    } catch (error) {
      return undefined;
    }
  }

  /** Look for data in older formats and migrate it, if a migration exists. */
  function migrated(sop) {
    for (let version = VERSION - 1; version >= 1; version -= 1) {
      const raw = store.read(recordKey(sop, version));
      if (raw === null) continue;
      let record = parse(raw);
      for (let v = version; v < VERSION && record !== undefined; v += 1) {
        record = MIGRATIONS[v] ? MIGRATIONS[v](record) : undefined;
      }
      if (validRecord(record, sop)) return record;
    }
    return null;
  }

  /**
   * Load the runs of an SOP. Returns { record, notice } where notice is null,
   * { kind: "quarantined", key } or { kind: "held" } (unreadable, left alone).
   */
  function loadRecord(sop, title) {
    const key = recordKey(sop);
    const raw = store.read(key);
    if (raw === null) {
      return { record: migrated(sop) || emptyRecord(sop, title), notice: null };
    }
    const record = parse(raw);
    if (validRecord(record, sop)) {
      if (title) record.title = title;
      return { record: record, notice: null };
    }
    // Unreadable: set it aside before this key is ever written again.
    if (store.held[key]) return { record: emptyRecord(sop, title), notice: { kind: "held" } };
    const aside = quarantine(key, raw);
    // The copy is safe, so the key can be cleared (it is not read twice).
    if (aside) store.remove(key);
    if (aside) return { record: emptyRecord(sop, title), notice: { kind: "quarantined", key: aside } };
    store.held[key] = true;
    return { record: emptyRecord(sop, title), notice: { kind: "held" } };
  }

  function saveRecord(record) {
    return store.write(recordKey(record.sop), JSON.stringify(record));
  }

  function findRun(record, id) {
    for (let i = 0; i < record.runs.length; i += 1) {
      if (record.runs[i].id === id) return record.runs[i];
    }
    return null;
  }

  function newRunId() {
    return "r" + Date.now().toString(36) + Math.random().toString(36).slice(2, 7);
  }

  /** "Run 1", "Run 2", … the first one not taken. */
  function defaultRunName(record) {
    const taken = {};
    record.runs.forEach(function (run) { taken[run.name] = true; });
    let n = 1;
    while (taken["Run " + n]) n += 1;
    return "Run " + n;
  }

  /* ------------------------------------------------------------------------
   * The SOP page: items, sections, state
   * --------------------------------------------------------------------- */

  let page = null;       // the SOP page being shown, see activate()
  let undo = null;       // { sop, run, index } of the last deleted run, for Undo

  /** Collect items and sections in document order. */
  function collect(article, sop) {
    const sections = [];
    const items = [];
    const seen = {};
    let heading = null;
    let section = null;

    article.querySelectorAll("h2, h3, li.task-list-item").forEach(function (node) {
      if (node.closest(".jd-checklist")) return;
      if (node.tagName !== "LI") {
        heading = node;
        section = null;
        return;
      }
      const input = node.querySelector(
        ":scope > label > input[type=checkbox], :scope > input[type=checkbox]");
      if (!input) return;
      if (!section) {
        section = {
          heading: heading,
          title: heading ? ownText(heading, ".headerlink, .jd-section-progress") : "",
          items: []
        };
        sections.push(section);
      }
      const text = ownText(node, ".task-list-control, ul, ol, .jd-widget");
      let key = itemKey(sop, section.title, text);
      seen[key] = (seen[key] || 0) + 1;
      if (seen[key] > 1) key += " [" + seen[key] + "]";
      let depth = 0;   // nesting, for the Markdown export
      for (let up = node.parentElement; up && up !== article; up = up.parentElement) {
        if (up.matches("li.task-list-item")) depth += 1;
      }
      const item = {
        key: key, text: text, depth: depth, section: section, li: node, input: input
      };
      section.items.push(item);
      items.push(item);
    });
    return { sections: sections, items: items };
  }

  function activeRun() {
    return page && page.record.active ? findRun(page.record, page.record.active) : null;
  }

  function countDone(run, items) {
    if (!run) return 0;
    return items.filter(function (item) { return run.ticks[item.key]; }).length;
  }

  /** Refresh cached progress on every run, then store the record. */
  function persist() {
    const record = page.record;
    record.runs.forEach(function (run) {
      run.done = countDone(run, page.items);
      run.total = page.items.length;
    });
    saveRecord(record);
  }

  /* ------------------------------------------------------------------------
   * The panel (injected, so it is not in the search index)
   * --------------------------------------------------------------------- */

  function button(action, label, extra) {
    return h("button", Object.assign({
      type: "button", className: "jd-btn", "data-jd-action": action
    }, extra || {}), label);
  }

  function buildPanel() {
    const panel = h("section", {
      className: "jd-checklist jd-widget",
      "aria-label": "Checklist"
    });
    const uid = "jd-" + Math.random().toString(36).slice(2, 8);

    panel.appendChild(h("div", { className: "jd-checklist__notice", role: "status" }));
    panel.appendChild(h("div", { className: "jd-print-head" }));

    const bar = h("div", { className: "jd-checklist__bar jd-noprint" }, [
      h("label", { className: "jd-run-picker", for: uid + "-run" }, [
        h("span", { className: "jd-run-picker__label" }, "Run"),
        h("select", { id: uid + "-run", className: "jd-run-select" })
      ]),
      h("span", { className: "jd-run-none" }),
      button("new-run", "New run", { "aria-expanded": "false", "aria-controls": uid + "-form" })
    ]);
    panel.appendChild(bar);

    panel.appendChild(h("form", {
      id: uid + "-form", className: "jd-new-run jd-noprint", hidden: true
    }, [
      h("label", { for: uid + "-name" }, "Name of the new run"),
      h("div", { className: "jd-new-run__row" }, [
        h("input", {
          id: uid + "-name", type: "text", className: "jd-new-run__name",
          maxlength: "80", autocomplete: "off",
          placeholder: "e.g. Acme consultation, Week 48 review"
        }),
        h("button", { type: "submit", className: "jd-btn jd-btn--primary" }, "Start run"),
        button("cancel-run", "Cancel")
      ])
    ]));

    panel.appendChild(h("div", { className: "jd-progress" }, [
      h("p", { className: "jd-progress__text", "aria-live": "polite" }),
      h("progress", { className: "jd-progress__bar", max: "1", value: "0", "aria-hidden": "true" })
    ]));
    panel.appendChild(h("p", { className: "jd-run-meta" }));

    panel.appendChild(h("div", { className: "jd-actions jd-noprint" }, [
      button("finish", "Finish run"),
      button("reopen", "Reopen run"),
      button("copy", "Copy as Markdown"),
      button("download", "Download .md"),
      button("print-run", "Print run"),
      button("print-blank", "Print blank"),
      button("delete", "Delete run", { className: "jd-btn jd-btn--danger" })
    ]));

    panel.appendChild(h("div", { className: "jd-toast jd-noprint", role: "status" }));
    panel.appendChild(h("textarea", {
      className: "jd-export-text jd-noprint", readonly: true, hidden: true,
      "aria-label": "Checklist as Markdown", rows: "8"
    }));

    panel.appendChild(h("details", { className: "jd-runs jd-noprint" }, [
      h("summary", {}, "All runs"),
      h("ol", { className: "jd-runs__list" })
    ]));
    return panel;
  }

  function part(name) {
    return page.panel.querySelector("." + name);
  }

  /** Say something in the panel's toast line, optionally with an Undo. */
  function toast(message, withUndo) {
    const box = part("jd-toast");
    box.textContent = message;
    if (withUndo) {
      box.appendChild(document.createTextNode(" "));
      box.appendChild(button("undo", "Undo"));
    }
  }

  function noticeText() {
    const lines = [];
    const n = page.notice;
    if (n && n.kind === "quarantined") {
      lines.push("Saved ticks for this checklist could not be read. They were set aside " +
        "under the key “" + n.key + "”, and this checklist starts fresh.");
    } else if (n && n.kind === "held") {
      lines.push("Saved ticks for this checklist could not be read, and could not be set " +
        "aside, so they are left untouched.");
    }
    if (store.problem === "full") {
      lines.push("Ticks will not be kept: this browser’s storage for the site is full. " +
        "You can still tick items here and export the run before you leave the page.");
    } else if (store.problem || (n && n.kind === "held")) {
      lines.push("Ticks will not be kept: this browser does not let the site store them " +
        "(private window or blocked storage). You can still tick items here and export " +
        "the run before you leave the page.");
    }
    return lines;
  }

  /* ------------------------------------------------------------------------
   * Rendering
   * --------------------------------------------------------------------- */

  function renderItems(run) {
    const finished = !!(run && run.finished);
    page.items.forEach(function (item) {
      const ticked = !!(run && run.ticks[item.key]);
      item.input.checked = ticked;
      item.input.disabled = finished;
      item.li.classList.toggle("jd-done", ticked);
    });
    page.sections.forEach(function (section) {
      if (!section.heading) return;
      let badge = section.heading.querySelector(".jd-section-progress");
      if (!badge) {
        badge = h("span", { className: "jd-section-progress jd-widget" });
        const link = section.heading.querySelector(".headerlink");
        section.heading.insertBefore(badge, link);
      }
      const done = countDone(run, section.items);
      const total = section.items.length;
      badge.textContent = done + " of " + total;
      badge.classList.toggle("jd-complete", done === total);
    });
  }

  function runLabel(run) {
    return run.name + " — " + countDone(run, page.items) + " of " + page.items.length +
      (run.finished ? " (finished)" : "");
  }

  function renderPicker(run) {
    const runs = page.record.runs;
    const select = part("jd-run-select");
    const none = part("jd-run-none");
    select.textContent = "";
    runs.forEach(function (r) {
      select.appendChild(h("option", { value: r.id, selected: r === run }, runLabel(r)));
    });
    if (!run && runs.length) {
      select.insertBefore(h("option", { value: "", selected: true }, "— choose a run —"),
        select.firstChild);
    }
    part("jd-run-picker").hidden = runs.length === 0;
    none.hidden = runs.length > 0;
    none.textContent = runs.length ? "" :
      "No run yet: ticking an item starts “" + defaultRunName(page.record) + "”.";
  }

  function renderProgress(run) {
    const total = page.items.length;
    const done = countDone(run, page.items);
    const complete = total > 0 && done === total;
    const text = part("jd-progress__text");
    text.textContent = complete
      ? "All " + total + " done — checklist complete."
      : done + " of " + total + " done";
    const bar = part("jd-progress__bar");
    bar.max = Math.max(total, 1);
    bar.value = done;
    page.panel.classList.toggle("jd-complete", complete);

    const meta = part("jd-run-meta");
    meta.textContent = "";
    if (run) {
      meta.appendChild(document.createTextNode("Started "));
      meta.appendChild(timeElement(run.created));
      meta.appendChild(document.createTextNode(" · last changed "));
      meta.appendChild(timeElement(run.updated));
      if (run.finished) {
        meta.appendChild(document.createTextNode(" · finished "));
        meta.appendChild(timeElement(run.finished));
      }
    }
    meta.hidden = !run;
  }

  function renderActions(run) {
    const show = function (action, visible) {
      page.panel.querySelector("[data-jd-action=" + action + "]").hidden = !visible;
    };
    show("finish", !!run && !run.finished);
    show("reopen", !!run && !!run.finished);
    show("delete", !!run);
    const finish = page.panel.querySelector("[data-jd-action=finish]");
    finish.classList.toggle("jd-btn--primary", countDone(run, page.items) === page.items.length);
  }

  function renderRunsList(run) {
    const runs = page.record.runs;
    const details = part("jd-runs");
    details.hidden = runs.length === 0;
    details.querySelector("summary").textContent = "All runs (" + runs.length + ")";
    const list = part("jd-runs__list");
    list.textContent = "";
    runs.forEach(function (r) {
      const entry = h("li", { className: "jd-runs__run" + (r === run ? " jd-current" : "") }, [
        h("button", {
          type: "button", className: "jd-link", "data-jd-action": "switch",
          "data-jd-run": r.id, "aria-current": r === run ? "true" : false
        }, r.name),
        h("span", { className: "jd-runs__state" },
          " — " + countDone(r, page.items) + " of " + page.items.length + " done, " +
          (r.finished ? "finished" : "in progress")),
        h("span", { className: "jd-runs__dates" }, [
          "started ", timeElement(r.created), ", last changed ", timeElement(r.updated)
        ])
      ]);
      list.appendChild(entry);
    });
  }

  function renderPrintHead(run) {
    const head = part("jd-print-head");
    head.textContent = "";
    head.appendChild(h("p", { className: "jd-print-run" }, run
      ? "Run: " + run.name + " · started " + stamp(run.created) + " · last changed " +
        stamp(run.updated) + " · " + countDone(run, page.items) + " of " +
        page.items.length + " done"
      : "No run: blank checklist"));
    head.appendChild(h("p", { className: "jd-print-blank-only" },
      "Run: ______________________________   Date: ______________"));
  }

  function renderNotice() {
    const box = part("jd-checklist__notice");
    const lines = noticeText();
    box.textContent = "";
    lines.forEach(function (line) { box.appendChild(h("p", {}, line)); });
    box.hidden = lines.length === 0;
    page.panel.classList.toggle("jd-unsaved", lines.length > 0);
  }

  function render() {
    if (!page) return;
    const run = activeRun();
    renderItems(run);
    renderPicker(run);
    renderProgress(run);
    renderActions(run);
    renderRunsList(run);
    renderPrintHead(run);
    renderNotice();
  }

  /* ------------------------------------------------------------------------
   * Actions
   * --------------------------------------------------------------------- */

  function startRun(name) {
    const record = page.record;
    const time = nowIso();
    const run = {
      id: newRunId(),
      name: normalise(name).slice(0, 80) || defaultRunName(record),
      created: time, updated: time, finished: null,
      done: 0, total: page.items.length, ticks: {}
    };
    record.runs.push(run);
    record.active = run.id;
    return run;
  }

  function setTick(item, ticked) {
    let run = activeRun();
    if (run && run.finished) {    // a finished run is read-only
      render();
      return;
    }
    if (!run) run = startRun("");
    if (ticked) run.ticks[item.key] = nowIso();
    else delete run.ticks[item.key];
    run.updated = nowIso();
    persist();
    render();
  }

  function switchRun(id) {
    if (!findRun(page.record, id)) return;
    page.record.active = id;
    persist();
    render();
  }

  function finishRun(finished) {
    const run = activeRun();
    if (!run) return;
    run.finished = finished ? nowIso() : null;
    run.updated = nowIso();
    persist();
    render();
    toast(finished ? "Run “" + run.name + "” finished." : "Run “" + run.name + "” reopened.");
  }

  function deleteRun() {
    const run = activeRun();
    if (!run) return;
    const runs = page.record.runs;
    const index = runs.indexOf(run);
    runs.splice(index, 1);
    const next = runs.filter(function (r) { return !r.finished; })[0] || runs[0] || null;
    page.record.active = next ? next.id : null;
    undo = { sop: page.sop, run: run, index: index };
    persist();
    render();
    toast("Run “" + run.name + "” deleted.", true);
  }

  function undoDelete() {
    if (!undo || undo.sop !== page.sop) return;
    const runs = page.record.runs;
    runs.splice(Math.min(undo.index, runs.length), 0, undo.run);
    page.record.active = undo.run.id;
    const name = undo.run.name;
    undo = null;
    persist();
    render();
    toast("Run “" + name + "” restored.");
  }

  function toggleForm(open) {
    const form = part("jd-new-run");
    form.hidden = !open;
    page.panel.querySelector("[data-jd-action=new-run]")
      .setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      const input = form.querySelector("input");
      input.value = "";
      input.focus();
    }
  }

  /* ------------------------------------------------------------------------
   * Export and print
   * --------------------------------------------------------------------- */

  /** The active run (or a blank checklist) as Markdown. */
  function exportMarkdown() {
    const run = activeRun();
    const lines = ["# " + page.title, ""];
    lines.push("- SOP: " + page.sop);
    lines.push("- Run: " + (run ? run.name : "(no run)"));
    if (run) {
      lines.push("- Started: " + stamp(run.created));
      lines.push("- Last changed: " + stamp(run.updated));
      if (run.finished) lines.push("- Finished: " + stamp(run.finished));
    }
    lines.push("- Exported: " + stamp(nowIso()));
    lines.push("- Progress: " + countDone(run, page.items) + " of " + page.items.length + " done");
    lines.push("- Page: " + location.href.split("#")[0]);
    page.sections.forEach(function (section) {
      lines.push("");
      if (section.title) lines.push("## " + section.title, "");
      section.items.forEach(function (item) {
        lines.push("    ".repeat(item.depth) + "- [" +
          (run && run.ticks[item.key] ? "x" : " ") + "] " + item.text);
      });
    });
    return lines.join("\n") + "\n";
  }

  function exportName() {
    const run = activeRun();
    return slug(page.sop) + "-" + slug(run ? run.name : "blank") + "-" +
      stamp(nowIso()).slice(0, 10) + ".md";
  }

  /** Last resort for copying: show the text, selected, for Ctrl+C. */
  function showExport(text) {
    const area = part("jd-export-text");
    area.value = text;
    area.hidden = false;
    area.focus();
    area.select();
    toast("Copying was blocked: the Markdown is selected below, press Ctrl+C (⌘C).");
  }

  function copyViaSelection(text) {
    const area = h("textarea", { className: "jd-offscreen", readonly: true });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (ignored) { ok = false; }
    area.remove();
    return ok;
  }

  function copyExport() {
    const text = exportMarkdown();
    const done = function () { toast("Copied the run as Markdown."); };
    const fallback = safe(function () {
      if (copyViaSelection(text)) done();
      else showExport(text);
    });
    try {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(safe(done), fallback);
        return;
      }
    } catch (ignored) { /* use the fallback */ }
    fallback();
  }

  function downloadExport() {
    const text = exportMarkdown();
    const blob = new Blob([text], { type: "text/markdown;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: exportName(), className: "jd-offscreen" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    toast("Downloaded " + exportName() + ".");
  }

  /** Print the active run (default) or a blank checklist. */
  function printChecklist(blank) {
    document.documentElement.classList.toggle("jd-print-blank", !!blank);
    try {
      window.print();
    } catch (ignored) { /* printing is not available: nothing to undo */ }
  }

  /* ------------------------------------------------------------------------
   * Events: bound once on document, routed to the current page
   * --------------------------------------------------------------------- */

  function itemOf(input) {
    if (!page) return null;
    for (let i = 0; i < page.items.length; i += 1) {
      if (page.items[i].input === input) return page.items[i];
    }
    return null;
  }

  function onChange(event) {
    const item = itemOf(event.target);
    if (item) setTick(item, event.target.checked);
    else if (page && event.target === part("jd-run-select") && event.target.value) {
      switchRun(event.target.value);
    }
  }

  const ACTIONS = {
    "new-run": function () { toggleForm(part("jd-new-run").hidden); },
    "cancel-run": function () { toggleForm(false); },
    "switch": function (btn) { switchRun(btn.getAttribute("data-jd-run")); },
    "finish": function () { finishRun(true); },
    "reopen": function () { finishRun(false); },
    "delete": deleteRun,
    "undo": undoDelete,
    "copy": copyExport,
    "download": downloadExport,
    "print-run": function () { printChecklist(false); },
    "print-blank": function () { printChecklist(true); }
  };

  function onClick(event) {
    if (!page || !(event.target instanceof Element)) return;
    const btn = event.target.closest("[data-jd-action]");
    if (btn && page.panel.contains(btn)) {
      const action = ACTIONS[btn.getAttribute("data-jd-action")];
      if (action) action(btn);
      return;
    }
    // A click on an item's text ticks it too (a bigger target on phones),
    // unless it is on a link or control, or ends a text selection.
    const li = event.target.closest("li.jd-item");
    if (!li || event.target.closest("a, button, input, label, select, textarea, summary")) return;
    const selection = window.getSelection && window.getSelection();
    if (selection && !selection.isCollapsed) return;
    const item = page.items.filter(function (it) { return it.li === li; })[0];
    if (item && !item.input.disabled) item.input.click();
  }

  function onSubmit(event) {
    if (!page || !event.target.classList.contains("jd-new-run")) return;
    event.preventDefault();
    const run = startRun(event.target.querySelector("input").value);
    persist();
    toggleForm(false);
    render();
    toast("Started run “" + run.name + "”.");
  }

  function onKeydown(event) {
    if (page && event.key === "Escape" && event.target.closest &&
        event.target.closest(".jd-new-run")) {
      toggleForm(false);
      page.panel.querySelector("[data-jd-action=new-run]").focus();
    }
  }

  /** Another tab changed our data: reload it. */
  function onStorage(event) {
    if (event.key !== null && event.key.indexOf(prefix()) !== 0) return;
    if (page && (event.key === null || event.key === recordKey(page.sop))) reload();
    renderIndex();
  }

  function reload() {
    const loaded = loadRecord(page.sop, page.title);
    page.record = loaded.record;
    if (loaded.notice) page.notice = loaded.notice;
    render();
  }

  function bindOnce() {
    document.addEventListener("change", safe(onChange));
    document.addEventListener("click", safe(onClick));
    document.addEventListener("submit", safe(onSubmit));
    document.addEventListener("keydown", safe(onKeydown));
    window.addEventListener("storage", safe(onStorage));
    window.addEventListener("afterprint", safe(function () {
      document.documentElement.classList.remove("jd-print-blank");
    }));
    // Back to a page kept in the back/forward cache: its data may be stale.
    window.addEventListener("pageshow", safe(function (event) {
      if (event.persisted && page) reload();
      if (event.persisted) renderIndex();
    }));
  }

  /* ------------------------------------------------------------------------
   * Set-up per page view
   * --------------------------------------------------------------------- */

  /** Make the task lists of an SOP page tickable. */
  function activate(article, sop) {
    if (page && page.article === article) {   // same page view again: refresh only
      render();
      return;
    }
    const title = (function () {
      const h1 = article.querySelector("h1");
      return h1 ? ownText(h1, ".headerlink") : normalise(document.title);
    })();
    const found = collect(article, sop);
    if (!found.items.length) {
      page = null;
      return;
    }
    store.probe();
    const loaded = loadRecord(sop, title);

    found.items.forEach(function (item) {
      item.li.classList.add("jd-item");
      item.input.removeAttribute("disabled");
      item.input.disabled = false;
      item.input.setAttribute("aria-label", item.text);
      item.input.classList.add("jd-item__input");
    });

    const panel = buildPanel();
    const h1 = article.querySelector("h1");
    if (h1 && h1.parentNode) h1.parentNode.insertBefore(panel, h1.nextSibling);
    else article.insertBefore(panel, article.firstChild);
    article.setAttribute("data-jd-checklist", "ready");

    page = {
      article: article, sop: sop, title: title, panel: panel,
      items: found.items, sections: found.sections,
      record: loaded.record, notice: loaded.notice
    };
    render();
  }

  /** On the SOP index: "2 runs in progress" next to each SOP. */
  function renderIndex() {
    document.querySelectorAll(".jd-sop-runs[data-sop]").forEach(function (span) {
      const sop = span.getAttribute("data-sop");
      const raw = store.read(recordKey(sop));
      const record = raw === null ? migrated(sop) : parse(raw);
      const open = validRecord(record, sop)
        ? record.runs.filter(function (run) { return !run.finished; })
        : [];
      span.textContent = open.length ? plural(open.length, "run", "runs") + " in progress" : "";
      span.classList.toggle("jd-has-runs", open.length > 0);
      if (open.length) {
        span.setAttribute("title", open.map(function (run) {
          const total = typeof run.total === "number" ? " of " + run.total : "";
          return run.name + ": " + (run.done || 0) + total + " done";
        }).join("\n"));
      } else {
        span.removeAttribute("title");
      }
    });
  }

  function onPageView() {
    const meta = document.querySelector('meta[name="journeydocs:sop"]');
    const article = document.querySelector("article.md-content__inner") ||
      document.querySelector("article");
    const sop = meta ? normalise(meta.getAttribute("content")) : "";
    if (sop && article) activate(article, sop);
    else page = null;
    document.documentElement.classList.toggle("jd-checklist-page", !!page);
    renderIndex();
  }

  bindOnce();
  window.__journeydocsChecklist = { version: VERSION };

  /* Every page view: Material's document$ emits one per page, instant
   * navigation included. It may never emit: opened from disk (file://)
   * Material turns instant navigation off by completing document$ before its
   * first page, and without Material's bundle there is none. So the first
   * page is also set up once the DOM is ready (now, if it is), unless
   * document$ did it first; activate() makes a late emission a refresh. */
  let started = false;
  const eachPageView = safe(function () {
    started = true;
    onPageView();
  });
  try {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(eachPageView);
    }
  } catch (error) {
    report(error);
  }
  const firstPageView = function () {
    if (!started) eachPageView();
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", firstPageView);
  } else {
    firstPageView();
  }
})();
