/* journeydocs: checklist-start.js (part 4 of 4: start-up)
 *
 * Starts the SOP checklist (see checklist-storage.js for the whole picture and
 * the storage format): finds the page's SOP, binds the event handlers, and
 * sets up each page view with checklist-panel.js. Loaded last; adds ns.start
 * to window.journeydocs.checklist.
 *
 * - Runs once per page view through Material's `document$`, so it works with
 *   instant navigation, and on the first page even when `document$` never
 *   emits (a site opened from disk, see the end of this file). Event handlers
 *   are bound once, on `document`, and look up the current page; re-running
 *   the set-up on the same article is a no-op.
 */
(function () {
  "use strict";

  // Loaded twice (should not happen)? Keep the first copy's handlers only.
  if (window.__journeydocsChecklist) return;

  const root = Object.prototype.hasOwnProperty.call(window, "journeydocs")
    ? window.journeydocs : null;
  const ns = root && root.checklist;
  if (!ns || !ns.util || !ns.storage || !ns.panel || !ns.export) {
    try {
      console.error("journeydocs checklist: checklist-start.js needs checklist-storage.js, " +
        "checklist-panel.js and checklist-export.js loaded first");
    } catch (ignored) { /* nothing left to do */ }
    return;
  }

  const util = ns.util;
  const storage = ns.storage;
  const panel = ns.panel;
  const output = ns.export;
  const safe = util.safe;
  const report = util.report;

  // The script's own URL, read now: document.currentScript is null later.
  storage.setScriptUrl(document.currentScript ? document.currentScript.src : "");

  /* ------------------------------------------------------------------------
   * Events: bound once on document, routed to the current page
   * --------------------------------------------------------------------- */

  function onChange(event) {
    const page = panel.current();
    const item = panel.itemOf(event.target);
    if (item) panel.setTick(item, event.target.checked);
    else if (page && event.target === panel.part("jd-run-select") && event.target.value) {
      panel.switchRun(event.target.value);
    }
  }

  const ACTIONS = {
    "new-run": function () { panel.toggleForm(panel.part("jd-new-run").hidden); },
    "cancel-run": function () { panel.closeForm(); },
    "switch": function (btn) { panel.switchRun(btn.getAttribute("data-jd-run"), "list"); },
    "finish": function () { panel.finishRun(true); },
    "reopen": function () { panel.finishRun(false); },
    "delete": function () { panel.deleteRun(); },
    "undo": function () { panel.undoDelete(); },
    "copy": function () { output.copy(); },
    "download": function () { output.download(); },
    "file": function () { output.fileRun(); },
    "print-run": function () { output.print(false); },
    "print-blank": function () { output.print(true); }
  };

  function onClick(event) {
    const page = panel.current();
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
    if (!panel.current() || !event.target.classList.contains("jd-new-run")) return;
    event.preventDefault();
    panel.startRun(event.target.querySelector("input").value);
  }

  function onKeydown(event) {
    if (panel.current() && event.key === "Escape" && event.target.closest &&
        event.target.closest(".jd-new-run")) {
      panel.closeForm();
    }
  }

  /** Another tab changed our data: reload it. */
  function onStorage(event) {
    if (event.key !== null && event.key.indexOf(storage.prefix()) !== 0) return;
    const page = panel.current();
    if (page && (event.key === null || event.key === storage.recordKey(page.sop))) {
      panel.reload();
    }
    panel.renderIndex();
  }

  function bindOnce() {
    document.addEventListener("change", safe(onChange));
    document.addEventListener("click", safe(onClick));
    document.addEventListener("submit", safe(onSubmit));
    document.addEventListener("keydown", safe(onKeydown));
    window.addEventListener("storage", safe(onStorage));
    window.addEventListener("afterprint", safe(output.afterPrint));
    // Back to a page kept in the back/forward cache: its data may be stale.
    window.addEventListener("pageshow", safe(function (event) {
      if (event.persisted && panel.current()) panel.reload();
      if (event.persisted) panel.renderIndex();
    }));
  }

  /* ------------------------------------------------------------------------
   * Set-up per page view
   * --------------------------------------------------------------------- */

  function onPageView() {
    const meta = document.querySelector('meta[name="journeydocs:sop"]');
    const article = document.querySelector("article.md-content__inner") ||
      document.querySelector("article");
    const sop = meta ? util.normalise(meta.getAttribute("content")) : "";
    if (sop && article) panel.activate(article, sop);
    else panel.deactivate();
    document.documentElement.classList.toggle("jd-checklist-page", !!panel.current());
    panel.renderIndex();
  }

  bindOnce();
  window.__journeydocsChecklist = { version: storage.VERSION };
  ns.start = { pageView: onPageView };

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
