/* journeydocs: checklist-storage.js (part 1 of 4: storage and records)
 * size: most of it is the storage format's documentation and the guards that keep a
 *   full, missing or garbled localStorage from breaking the page.
 *
 * The SOP checklist turns the task lists of an SOP page into a checklist that
 * staff tick off in the browser, and keeps the ticks in localStorage. Nothing
 * here talks to a server: GitHub Pages only serves files.
 *
 * It is four classic scripts (not modules: a site opened from disk, file://,
 * does not run module scripts), loaded in this order by the plugin (mkdocs_plugin/assets). They
 * share one namespace object, window.journeydocs.checklist, which this file
 * sets up; each file adds its part to it:
 *
 *   checklist-storage.js  .util, .storage  small helpers; the stored format,
 *                                          keys, records and runs. No DOM.
 *   checklist-panel.js    .panel           the page's items, the run panel,
 *                                          rendering, notices, the index badges
 *   checklist-export.js   .export          Markdown export (copy, download), print
 *   checklist-start.js    .start           finds the page's SOP, binds events
 *                                          once, runs once per page view
 *
 * This file touches no DOM (no document, no elements), only localStorage, so
 * it can be loaded and tested on a blank page.
 *
 * - Every word people read is an English message translated by i18n.js (loaded
 *   before the checklist, see mkdocs_plugin/assets): the four files call
 *   util.gettext / util.ngettext with string literals, which use it, or the
 *   English message itself where it is not loaded.
 *
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

  /* The namespace, as an own property of window: an element whose id is
   * "journeydocs" (a heading called "Journeydocs") is also window.journeydocs,
   * through the browser's named access, and must not be taken for it. */
  const root = Object.prototype.hasOwnProperty.call(window, "journeydocs") &&
    window.journeydocs && typeof window.journeydocs === "object"
    ? window.journeydocs
    : (window.journeydocs = {});
  const ns = root.checklist || (root.checklist = {});

  // Loaded twice (should not happen)? Keep the first copy: its data in memory.
  if (ns.storage) return;

  const VERSION = 1;
  const NAMESPACE = "journeydocs";
  const SEP = "\n";

  /* Migrations from older formats: MIGRATIONS[n](record) turns a version n
   * record (read from the `journeydocs:v<n>:` key) into a version n + 1 one.
   * Versions without an entry are never read, so old data is not misread. */
  const MIGRATIONS = {};

  /* ------------------------------------------------------------------------
   * Small helpers, shared by all four files as ns.util
   * --------------------------------------------------------------------- */

  /** Report a bug in the checklist without ever throwing into the page. */
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

  function nowIso() {
    return new Date().toISOString();
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  /* The scripts' words: the site's language from i18n.js (loaded before the checklist),
   * else English, the messages' own language (this file also runs alone: a blank page,
   * a worker). Call with string literals: `./dev messages` finds them there. */
  function i18n() {
    const found = root.i18n;
    return found && typeof found.gettext === "function" ? found : null;
  }

  function fill(text, params) {
    return text.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, function (whole, name) {
      return params && Object.prototype.hasOwnProperty.call(params, name)
        ? String(params[name]) : whole;
    });
  }

  /** `msgid` in the site's language, its {placeholders} filled from `params`. */
  function gettext(msgid, params) {
    const found = i18n();
    return found ? found.gettext(msgid, params) : fill(msgid, params);
  }

  /** The form of a plural message for the count `n` ({n} is filled with it). */
  function ngettext(singular, plural, n, params) {
    const found = i18n();
    return found ? found.ngettext(singular, plural, n, params)
      : fill(n === 1 ? singular : plural, Object.assign({ n: n }, params || {}));
  }

  /** "2025-11-22 10:31" in local time, for exports and print (ISO order in every
   * language: a record people file and sort). */
  function stamp(iso) {
    const d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) +
      " " + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  /* ------------------------------------------------------------------------
   * Site scope and keys
   * --------------------------------------------------------------------- */

  // The URL of one of the checklist's scripts, given by checklist-start.js as
  // it loads (document.currentScript is null later, and is DOM).
  let scriptSrc = "";

  function setScriptUrl(url) {
    scriptSrc = typeof url === "string" ? url : "";
  }

  /** Path of the site root ("/" or "/repo/"), so sites on one origin differ. */
  function sitePath() {
    try {
      if (window.__md_scope && window.__md_scope.pathname) return window.__md_scope.pathname;
    } catch (ignored) { /* fall through */ }
    const match = /^(.*\/)assets\/journeydocs\/checklist(-[a-z]+)?\.js/.exec(scriptSrc);
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

  function quarantinePrefix(key) {
    return prefix() + "quarantine:" + key + ":";
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
    const base = quarantinePrefix(key);
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

  /** The stored record of an SOP if it can be read, else null; sets nothing aside
   * (for the SOP index). */
  function peekRecord(sop) {
    const raw = store.read(recordKey(sop));
    const record = raw === null ? migrated(sop) : parse(raw);
    return validRecord(record, sop) ? record : null;
  }

  /** How many of the item keys `keys` a run has ticked (0 without a run). */
  function countDone(run, keys) {
    if (!run) return 0;
    return keys.filter(function (key) { return run.ticks[key]; }).length;
  }

  /** Store a record. With the page's item keys, first refresh the progress
   * cached on every run (done, total) for the index. */
  function saveRecord(record, keys) {
    if (keys) {
      record.runs.forEach(function (run) {
        run.done = countDone(run, keys);
        run.total = keys.length;
      });
    }
    return store.write(recordKey(record.sop), JSON.stringify(record));
  }

  /* ------------------------------------------------------------------------
   * Runs. Each function changes the record in place; none stores it.
   * --------------------------------------------------------------------- */

  function findRun(record, id) {
    for (let i = 0; i < record.runs.length; i += 1) {
      if (record.runs[i].id === id) return record.runs[i];
    }
    return null;
  }

  function activeRun(record) {
    return record && record.active ? findRun(record, record.active) : null;
  }

  function newRunId() {
    return "r" + Date.now().toString(36) + Math.random().toString(36).slice(2, 7);
  }

  /** "Run 1", "Run 2", … (in the site's language) the first one not taken. */
  function defaultRunName(record) {
    const taken = {};
    record.runs.forEach(function (run) { taken[run.name] = true; });
    const name = function (n) {
      // Translators: the name of a run nobody named: the first, second... run of a checklist
      return gettext("Run {n}", { n: n });
    };
    let n = 1;
    while (taken[name(n)]) n += 1;
    return name(n);
  }

  /** A new run (named, or "Run n"), made the active one. `total`: the items. */
  function createRun(record, name, total) {
    const time = nowIso();
    const run = {
      id: newRunId(),
      name: normalise(name).slice(0, 80) || defaultRunName(record),
      created: time, updated: time, finished: null,
      done: 0, total: typeof total === "number" ? total : 0, ticks: {}
    };
    record.runs.push(run);
    record.active = run.id;
    return run;
  }

  /** Tick (or untick) an item in the active run, starting "Run n" if there is
   * none. Returns the run, or null when the active run is finished (read-only). */
  function tick(record, key, ticked, total) {
    let run = activeRun(record);
    if (run && run.finished) return null;   // a finished run is read-only
    if (!run) run = createRun(record, "", total);
    if (ticked) run.ticks[key] = nowIso();
    else delete run.ticks[key];
    run.updated = nowIso();
    return run;
  }

  function setFinished(record, finished) {
    const run = activeRun(record);
    if (!run) return null;
    run.finished = finished ? nowIso() : null;
    run.updated = nowIso();
    return run;
  }

  /** Finish the active run (it becomes read-only). Returns it, or null. */
  function finishRun(record) {
    return setFinished(record, true);
  }

  /** Reopen the active run. Returns it, or null. */
  function reopenRun(record) {
    return setFinished(record, false);
  }

  /** Make run `id` the active one. False if there is no such run. */
  function switchRun(record, id) {
    if (!findRun(record, id)) return false;
    record.active = id;
    return true;
  }

  /** Delete the active run; the first unfinished run (else the first run)
   * becomes active. Returns { run, index } for restoreRun, or null. */
  function deleteRun(record) {
    const run = activeRun(record);
    if (!run) return null;
    const runs = record.runs;
    const index = runs.indexOf(run);
    runs.splice(index, 1);
    const next = runs.filter(function (r) { return !r.finished; })[0] || runs[0] || null;
    record.active = next ? next.id : null;
    return { run: run, index: index };
  }

  /** Put a deleted run back where it was, as the active run. */
  function restoreRun(record, run, index) {
    const runs = record.runs;
    runs.splice(Math.min(index, runs.length), 0, run);
    record.active = run.id;
    return run;
  }

  ns.util = {
    report: report,
    safe: safe,
    normalise: normalise,
    nowIso: nowIso,
    stamp: stamp,
    gettext: gettext,
    ngettext: ngettext
  };

  ns.storage = {
    VERSION: VERSION,
    MIGRATIONS: MIGRATIONS,
    // keys
    setScriptUrl: setScriptUrl,
    sitePath: sitePath,
    prefix: prefix,
    recordKey: recordKey,
    quarantinePrefix: quarantinePrefix,
    itemKey: itemKey,
    // the state of the browser's storage
    problem: function () { return store.problem; },
    probe: function () { return store.probe(); },
    // records
    emptyRecord: emptyRecord,
    validRecord: validRecord,
    loadRecord: loadRecord,
    peekRecord: peekRecord,
    saveRecord: saveRecord,
    countDone: countDone,
    // runs
    findRun: findRun,
    activeRun: activeRun,
    defaultRunName: defaultRunName,
    createRun: createRun,
    tick: tick,
    finishRun: finishRun,
    reopenRun: reopenRun,
    switchRun: switchRun,
    deleteRun: deleteRun,
    restoreRun: restoreRun
  };
})();
