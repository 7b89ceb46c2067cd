/* journeydocs: checklist-early.js (in the <head> of SOP pages, before the first paint)
 *
 * The build writes the checklist's run panel into an SOP page as a shell
 * (journeydocs/site/runpanel.py) that checklist-panel.js fills once the page has
 * loaded. So that the shell has its final size from the first paint (nothing moves
 * when it is filled), this script marks <html> with what the stored runs of the page's
 * SOP will show; checklist.css shows the shell's parts from these classes:
 *
 *   jd-js             scripts run (without them the shell is not shown at all)
 *   jd-has-runs       the SOP has runs: the run picker and the list of runs
 *   jd-run-open       the active run is in progress: Finish, Delete, its dates
 *   jd-run-finished   the active run is finished: Reopen, Delete, its dates
 *
 * It only reads: the record's key and format are checklist-storage.js's (version 1;
 * the site's path as Material's __md_scope gives it, set by Material's head script
 * right before this one, else this script's folder). Anything it cannot read leaves
 * the shell as "no run", which the panel then corrects. A classic script (it runs from
 * disk, file://), loaded by the plugin (mkdocs_plugin/assets), no inline script (CSP).
 */
(function () {
  "use strict";

  const html = document.documentElement;
  html.classList.add("jd-js");

  function sitePath() {
    try {
      if (window.__md_scope && window.__md_scope.pathname) return window.__md_scope.pathname;
    } catch (ignored) { /* fall through */ }
    const script = document.currentScript;
    const match = /^(.*\/)assets\/journeydocs\/checklist-early\.js/.exec(
      script && script.src ? script.src : "");
    if (match) {
      try { return new URL(match[1]).pathname; } catch (ignored) { /* fall through */ }
    }
    return "/";
  }

  try {
    const meta = document.querySelector('meta[name="journeydocs:sop"]');
    if (!meta) return;
    let sop = String(meta.getAttribute("content") || "");
    if (sop.normalize) sop = sop.normalize("NFC");
    sop = sop.replace(/\s+/g, " ").trim();
    const raw = window.localStorage.getItem("journeydocs:v1:" + sitePath() + ":sop:" + sop);
    const record = raw ? JSON.parse(raw) : null;
    if (!record || record.v !== 1 || !Array.isArray(record.runs) || !record.runs.length) return;
    html.classList.add("jd-has-runs");
    const run = record.runs.filter(function (r) {
      return r && typeof r === "object" && r.id === record.active;
    })[0];
    if (run) html.classList.add(run.finished ? "jd-run-finished" : "jd-run-open");
  } catch (ignored) {
    /* no storage, or unreadable: the shell shows "no run" until the panel is filled */
  }
})();
