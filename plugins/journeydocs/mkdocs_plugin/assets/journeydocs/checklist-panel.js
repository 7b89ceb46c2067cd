/* journeydocs: checklist-panel.js (part 2 of 4: the panel and rendering)
 * size: the panel is one widget with its states (no run, running, finished), form,
 *   notices and the SOP index's badges; splitting it further would split one state machine.
 *
 * The SOP page's items and the run panel above them: which items the page
 * has, their ticks and the section badges, the run picker, progress, the
 * actions, the list of all runs, notices about storage, focus in the new-run
 * form; and the run badges of the SOP index. Adds ns.panel to
 * window.journeydocs.checklist (see checklist-storage.js, loaded before it).
 *
 * - Active only where the page has <meta name="journeydocs:sop" content="ID">
 *   (an SOP page), or spans `.jd-sop-runs[data-sop]` (the SOP index);
 *   checklist-start.js finds them and calls activate() once per page view.
 * - The build writes the panel's shell into the page (journeydocs/site/runpanel.py:
 *   the same markup as buildPanel(), marked data-jd-shell, left out of the search
 *   index), so the panel has its place and size from the first paint; activate()
 *   puts the panel it builds in the shell's place, and nothing moves. A page the
 *   plugin did not build gets the panel after its title. The section badges are
 *   injected at run time.
 * - Focus never gets lost: an action that hides or rebuilds the control it was
 *   started from moves focus to the control that takes its place (see focusAfter),
 *   and says what happened in the panel's status line (role=status).
 * - Re-running the set-up on the same article is a no-op (a refresh).
 */
(function () {
  "use strict";

  const root = Object.prototype.hasOwnProperty.call(window, "journeydocs")
    ? window.journeydocs : null;
  const ns = root && root.checklist;
  if (ns && ns.panel) return;   // loaded twice (should not happen): keep the first copy
  if (!ns || !ns.storage || !ns.util) {
    try {
      console.error("journeydocs checklist: checklist-panel.js needs checklist-storage.js " +
        "loaded first");
    } catch (ignored) { /* nothing left to do */ }
    return;
  }

  const storage = ns.storage;
  const normalise = ns.util.normalise;
  const stamp = ns.util.stamp;
  const gettext = ns.util.gettext;     // the words in the site's language (i18n.js)
  const ngettext = ns.util.ngettext;

  /* ------------------------------------------------------------------------
   * Small helpers
   * --------------------------------------------------------------------- */

  /** Text of an element without the widgets, permalinks and nested lists. */
  function ownText(element, drop) {
    const clone = element.cloneNode(true);
    clone.querySelectorAll(drop).forEach(function (node) { node.remove(); });
    return normalise(clone.textContent).replace(/\s*¶$/, "");
  }

  /** A short, readable local date and time, in the language of the page's words. */
  function humanTime(iso) {
    const i18n = root.i18n;
    try {
      if (i18n && typeof i18n.dateTime === "function") return i18n.dateTime(iso) || "";
      const d = new Date(iso);
      if (isNaN(d.getTime())) return "";
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

  /**
   * A translated text with elements where its placeholders are: text is a message
   * translated without values for them ("Started {started} · last changed {changed}"),
   * nodes maps each name to what goes there (an element, or text).
   */
  function withNodes(text, nodes) {
    return text.split(/(\{[A-Za-z_][A-Za-z0-9_]*\})/).filter(Boolean).map(function (piece) {
      const name = /^\{(\w+)\}$/.exec(piece);
      return name && Object.prototype.hasOwnProperty.call(nodes, name[1])
        ? nodes[name[1]] : piece;
    });
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
   * The SOP page: items, sections, state
   * --------------------------------------------------------------------- */

  let page = null;       // the SOP page being shown, see activate()
  let undo = null;       // { sop, run, index } of the last deleted run, for Undo

  /**
   * Collect items and sections in document order: the items the build marked
   * (data-jd-item, see journeydocs/content/checklist.py), so the page, the facts
   * table and the checker count the same ones. A section is the heading an item
   * follows (data-jd-section, its level and id).
   */
  function collect(article, sop) {
    const sections = [];
    const items = [];
    const seen = {};
    let section = null;
    if (!article.querySelector("li[data-jd-item]")) markItems(article);

    article.querySelectorAll("li[data-jd-item]").forEach(function (node) {
      if (node.closest(".jd-checklist")) return;
      const input = Array.prototype.find.call(
        node.querySelectorAll("input[type=checkbox]"),
        function (box) { return box.closest("li") === node; });
      if (!input) return;
      const title = normalise(node.getAttribute("data-jd-section") || "");
      const headingId = node.getAttribute("data-jd-heading") || "";
      if (!section || section.title !== title || section.headingId !== headingId) {
        section = {
          heading: headingId ? document.getElementById(headingId) : null,
          headingId: headingId,
          title: title,
          level: Number(node.getAttribute("data-jd-level")) || 2,
          items: []
        };
        sections.push(section);
      }
      const text = ownText(node, ".task-list-control, ul, ol, pre, .highlight, .jd-widget");
      let key = storage.itemKey(sop, section.title, text);
      seen[key] = (seen[key] || 0) + 1;
      if (seen[key] > 1) key += " [" + seen[key] + "]";
      const item = {
        key: key, text: text, depth: Number(node.getAttribute("data-jd-depth")) || 0,
        section: section, li: node, input: input
      };
      section.items.push(item);
      items.push(item);
    });
    return { sections: sections, items: items };
  }

  /**
   * A page the build did not mark (not made by journeydocs' plugin): mark its
   * items by the same rule, every li.task-list-item after the nearest h2-h6.
   */
  function markItems(article) {
    let heading = null;
    let index = 0;
    article.querySelectorAll("h2, h3, h4, h5, h6, li.task-list-item").forEach(function (node) {
      if (node.closest(".jd-checklist")) return;
      if (node.tagName !== "LI") {
        heading = node;
        return;
      }
      let depth = 0;
      for (let up = node.parentElement; up && up !== article; up = up.parentElement) {
        if (up.matches("li.task-list-item")) depth += 1;
      }
      node.setAttribute("data-jd-item", String(index++));
      node.setAttribute("data-jd-section",
        heading ? ownText(heading, ".headerlink, .jd-section-progress") : "");
      node.setAttribute("data-jd-level", heading ? heading.tagName.slice(1) : "0");
      node.setAttribute("data-jd-heading", heading ? heading.id : "");
      node.setAttribute("data-jd-depth", String(depth));
    });
  }

  function keysOf(items) {
    return items.map(function (item) { return item.key; });
  }

  function activeRun() {
    return page ? storage.activeRun(page.record) : null;
  }

  function countDone(run, items) {
    return storage.countDone(run, keysOf(items));
  }

  /** Refresh cached progress on every run, then store the record. */
  function persist() {
    storage.saveRecord(page.record, keysOf(page.items));
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
      "aria-label": gettext("Checklist")
    });
    const uid = "jd-" + Math.random().toString(36).slice(2, 8);

    panel.appendChild(h("div", { className: "jd-checklist__notice", role: "status",
      hidden: true }));
    panel.appendChild(h("div", { className: "jd-print-head" }));

    const bar = h("div", { className: "jd-checklist__bar jd-noprint" }, [
      h("label", { className: "jd-run-picker", for: uid + "-run" }, [
        // Translators: the label of the list that picks which run of the checklist is shown
        h("span", { className: "jd-run-picker__label" }, gettext("Run")),
        h("select", { id: uid + "-run", className: "jd-run-select" })
      ]),
      h("span", { className: "jd-run-none" }),
      button("new-run", gettext("New run"),
        { "aria-expanded": "false", "aria-controls": uid + "-form" })
    ]);
    panel.appendChild(bar);

    panel.appendChild(h("form", {
      id: uid + "-form", className: "jd-new-run jd-noprint", hidden: true
    }, [
      h("label", { for: uid + "-name" }, gettext("Name of the new run")),
      h("div", { className: "jd-new-run__row" }, [
        h("input", {
          id: uid + "-name", type: "text", className: "jd-new-run__name",
          maxlength: "80", autocomplete: "off",
          // Translators: examples of run names (a client, a week), in the input's placeholder
          placeholder: gettext("e.g. Acme consultation, Week 48 review")
        }),
        h("button", { type: "submit", className: "jd-btn jd-btn--primary" },
          gettext("Start run")),
        button("cancel-run", gettext("Cancel"))
      ])
    ]));

    panel.appendChild(h("div", { className: "jd-progress" }, [
      h("p", { className: "jd-progress__text", "aria-live": "polite" }),
      h("progress", { className: "jd-progress__bar", max: "1", value: "0", "aria-hidden": "true" })
    ]));
    panel.appendChild(h("p", { className: "jd-run-meta" }));

    panel.appendChild(h("div", { className: "jd-actions jd-noprint" }, [
      button("finish", gettext("Finish run")),
      button("reopen", gettext("Reopen run")),
      button("copy", gettext("Copy as Markdown")),
      button("download", gettext("Download .md")),
      // Translators: opens a prefilled GitHub issue that records the run in the playbook
      button("file", gettext("File this run"), { hidden: true }),
      button("print-run", gettext("Print run")),
      // Translators: print the checklist with empty boxes, to fill in on paper
      button("print-blank", gettext("Print blank")),
      button("delete", gettext("Delete run"), { className: "jd-btn jd-btn--danger" })
    ]));

    panel.appendChild(h("div", { className: "jd-toast jd-noprint", role: "status" }));
    panel.appendChild(h("textarea", {
      className: "jd-export-text jd-noprint", readonly: true, hidden: true,
      "aria-label": gettext("Checklist as Markdown"), rows: "8"
    }));

    panel.appendChild(h("details", { className: "jd-runs jd-noprint" }, [
      h("summary", {}),
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
      box.appendChild(button("undo", gettext("Undo")));
    }
  }

  function noticeText() {
    const lines = [];
    const n = page.notice;
    const problem = storage.problem();
    if (n && n.kind === "quarantined") {
      // Translators: {key} is a localStorage key, shown as it is
      lines.push(gettext("Saved ticks for this checklist could not be read. They were set " +
        "aside under the key “{key}”, and this checklist starts fresh.", { key: n.key }));
    } else if (n && n.kind === "held") {
      lines.push(gettext("Saved ticks for this checklist could not be read, and could not " +
        "be set aside, so they are left untouched."));
    }
    if (problem === "full") {
      lines.push(gettext("Ticks will not be kept: this browser’s storage for the site is " +
        "full. You can still tick items here and export the run before you leave the page."));
    } else if (problem || (n && n.kind === "held")) {
      lines.push(gettext("Ticks will not be kept: this browser does not let the site store " +
        "them (private window or blocked storage). You can still tick items here and " +
        "export the run before you leave the page."));
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
      // Not ticked when its run was finished: drawn as a dash, not as an empty box
      item.li.classList.toggle("jd-skipped", finished && !ticked);
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
      // Translators: a section's progress, next to its heading: 2 of 5 items ticked
      badge.textContent = gettext("{done} of {total}", { done: done, total: total });
      badge.classList.toggle("jd-complete", done === total);
    });
  }

  function runLabel(run) {
    const values = { name: run.name, done: countDone(run, page.items), total: page.items.length };
    return run.finished
      ? gettext("{name} — {done} of {total} (finished)", values)
      : gettext("{name} — {done} of {total}", values);
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
      select.insertBefore(h("option", { value: "", selected: true },
        gettext("— choose a run —")), select.firstChild);
    }
    part("jd-run-picker").hidden = runs.length === 0;
    none.hidden = runs.length > 0;
    none.textContent = runs.length ? "" :
      gettext("No run yet: ticking an item starts “{name}”.",
        { name: storage.defaultRunName(page.record) });
  }

  function renderProgress(run) {
    const total = page.items.length;
    const done = countDone(run, page.items);
    const complete = total > 0 && done === total;
    const text = part("jd-progress__text");
    text.textContent = complete
      ? ngettext("{n} of {n} done — checklist complete.", "All {n} done — checklist complete.",
        total)
      : gettext("{done} of {total} done", { done: done, total: total });
    const bar = part("jd-progress__bar");
    bar.max = Math.max(total, 1);
    bar.value = done;
    page.panel.classList.toggle("jd-complete", complete);

    // A run's times, one a line: two lines (three once finished) at any width, the
    // height the build's shell keeps for them (checklist.css), so nothing moves
    const meta = part("jd-run-meta");
    meta.textContent = "";
    if (run) {
      const lines = [gettext("Started: {time}"), gettext("Last changed: {time}")];
      const times = [run.created, run.updated];
      if (run.finished) {
        lines.push(gettext("Finished: {time}"));
        times.push(run.finished);
      }
      lines.forEach(function (line, i) {
        meta.appendChild(h("span", { className: "jd-run-meta__line" },
          withNodes(line, { time: timeElement(times[i]) })));
      });
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
    show("file", !!run && !!(ns.export && ns.export.filing()));
    const finish = page.panel.querySelector("[data-jd-action=finish]");
    finish.classList.toggle("jd-btn--primary", countDone(run, page.items) === page.items.length);
  }

  function renderRunsList(run) {
    const runs = page.record.runs;
    const values = function (r) {
      return { done: countDone(r, page.items), total: page.items.length };
    };
    const details = part("jd-runs");
    details.hidden = runs.length === 0;
    details.querySelector("summary").textContent =
      gettext("All runs ({n})", { n: runs.length });
    const list = part("jd-runs__list");
    list.textContent = "";
    runs.forEach(function (r) {
      const entry = h("li", { className: "jd-runs__run" + (r === run ? " jd-current" : "") }, [
        h("button", {
          type: "button", className: "jd-link", "data-jd-action": "switch",
          "data-jd-run": r.id, "aria-current": r === run ? "true" : false
        }, r.name),
        h("span", { className: "jd-runs__state" }, " — " + (r.finished
          ? gettext("{done} of {total} done, finished", values(r))
          : gettext("{done} of {total} done, in progress", values(r)))),
        h("span", { className: "jd-runs__dates" },
          withNodes(gettext("started {started}, last changed {changed}"),
            { started: timeElement(r.created), changed: timeElement(r.updated) }))
      ]);
      list.appendChild(entry);
    });
  }

  function renderPrintHead(run) {
    const head = part("jd-print-head");
    head.textContent = "";
    head.appendChild(h("p", { className: "jd-print-run" }, run
      ? gettext("Run: {name} · started {started} · last changed {changed} · " +
        "{done} of {total} done", {
        name: run.name, started: stamp(run.created), changed: stamp(run.updated),
        done: countDone(run, page.items), total: page.items.length
      })
      : gettext("No run: blank checklist")));
    // Translators: the head of a printed blank checklist: lines to write the run and date on
    head.appendChild(h("p", { className: "jd-print-blank-only" },
      gettext("Run: ______________________________   Date: ______________")));
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
   * Actions: change the record (see checklist-storage.js), store, render
   * --------------------------------------------------------------------- */

  function setTick(item, ticked) {
    if (!storage.tick(page.record, item.key, ticked, page.items.length)) {
      render();    // a finished run is read-only: show its ticks again
      return;
    }
    persist();
    render();
  }

  /** Switch to run `id`; `from` is "list" when it was picked in the list of all runs
   * (its button is rebuilt: focus goes to the new one), else the picker keeps focus. */
  function switchRun(id, from) {
    if (!storage.switchRun(page.record, id)) return;
    persist();
    render();
    const run = activeRun();
    if (from === "list") {
      focusAfter("[data-jd-action=switch][data-jd-run=\"" + CSS.escape(id) + "\"]");
    }
    // Translators: said after another run was picked: its ticks are now shown
    toast(gettext("Showing run “{name}”.", { name: run.name }));
  }

  /** Finish (read-only) or reopen the active run: focus goes to the button that took the
   * place of the one pressed (Reopen after Finish, Finish after Reopen). */
  function finishRun(finished) {
    const run = finished ? storage.finishRun(page.record) : storage.reopenRun(page.record);
    if (!run) return;
    persist();
    render();
    toast(finished ? gettext("Run “{name}” finished.", { name: run.name })
      : gettext("Run “{name}” reopened.", { name: run.name }));
    focusAfter(finished ? "[data-jd-action=reopen]" : "[data-jd-action=finish]");
  }

  /** Delete the active run: focus goes to Undo, next to the words that say so. */
  function deleteRun() {
    const deleted = storage.deleteRun(page.record);
    if (!deleted) return;
    undo = { sop: page.sop, run: deleted.run, index: deleted.index };
    persist();
    render();
    toast(gettext("Run “{name}” deleted.", { name: deleted.run.name }), true);
    focusAfter(".jd-toast [data-jd-action=undo]");
  }

  /** Undo the delete: the run is back and shown; focus goes to the run picker. */
  function undoDelete() {
    if (!undo || undo.sop !== page.sop) return;
    storage.restoreRun(page.record, undo.run, undo.index);
    const name = undo.run.name;
    undo = null;
    persist();
    render();
    toast(gettext("Run “{name}” restored.", { name: name }));
    focusAfter(".jd-run-select");
  }

  /** The new-run form was sent: start the run it names; focus goes to the run picker,
   * which shows it. */
  function startRun(name) {
    const run = storage.createRun(page.record, name, page.items.length);
    persist();
    toggleForm(false);
    render();
    toast(gettext("Started run “{name}”.", { name: run.name }));
    focusAfter(".jd-run-select");
  }

  /* ------------------------------------------------------------------------
   * Focus: after an action, and in the new-run form
   * --------------------------------------------------------------------- */

  /** Focus the panel's first shown element matching `selector` (after an action hid or
   * rebuilt the control that had focus); "New run" when none is shown. */
  function focusAfter(selector) {
    const shown = Array.prototype.filter.call(page.panel.querySelectorAll(selector),
      function (node) { return !node.closest("[hidden]") && node.getClientRects().length; });
    const target = shown[0] || page.panel.querySelector("[data-jd-action=new-run]");
    if (target) target.focus();
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

  /** Escape or Cancel in the form: close it, focus back on "New run". */
  function closeForm() {
    toggleForm(false);
    page.panel.querySelector("[data-jd-action=new-run]").focus();
  }

  /* ------------------------------------------------------------------------
   * Set-up per page view
   * --------------------------------------------------------------------- */

  function itemOf(input) {
    if (!page) return null;
    for (let i = 0; i < page.items.length; i += 1) {
      if (page.items[i].input === input) return page.items[i];
    }
    return null;
  }

  /** Another tab changed the record, or the page came back from the cache. */
  function reload() {
    const loaded = storage.loadRecord(page.sop, page.title);
    page.record = loaded.record;
    if (loaded.notice) page.notice = loaded.notice;
    render();
  }

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
      const shell = article.querySelector(".jd-checklist[data-jd-shell]");
      if (shell) shell.remove();
      page = null;
      return;
    }
    storage.probe();
    const loaded = storage.loadRecord(sop, title);

    found.items.forEach(function (item) {
      item.li.classList.add("jd-item");
      item.input.removeAttribute("disabled");
      item.input.disabled = false;
      item.input.setAttribute("aria-label", item.text);
      item.input.classList.add("jd-item__input");
    });

    // In place of the build's shell (the same markup, so the same size: nothing moves
    // when render() fills it below, before the next paint), else after the title
    const panel = buildPanel();
    const shell = article.querySelector(".jd-checklist[data-jd-shell]");
    const h1 = article.querySelector("h1");
    if (shell) shell.replaceWith(panel);
    else if (h1 && h1.parentNode) h1.parentNode.insertBefore(panel, h1.nextSibling);
    else article.insertBefore(panel, article.firstChild);
    article.setAttribute("data-jd-checklist", "ready");

    page = {
      article: article, sop: sop, title: title, panel: panel,
      items: found.items, sections: found.sections,
      record: loaded.record, notice: loaded.notice
    };
    render();
  }

  /** This page view has no checklist. */
  function deactivate() {
    page = null;
  }

  /** On the SOP index: "2 runs in progress" next to each SOP. */
  function renderIndex() {
    document.querySelectorAll(".jd-sop-runs[data-sop]").forEach(function (span) {
      const sop = span.getAttribute("data-sop");
      const record = storage.peekRecord(sop);
      const open = record
        ? record.runs.filter(function (run) { return !run.finished; })
        : [];
      span.textContent = open.length
        ? ngettext("{n} run in progress", "{n} runs in progress", open.length) : "";
      span.classList.toggle("jd-has-runs", open.length > 0);
      if (open.length) {
        span.setAttribute("title", open.map(function (run) {
          const values = { name: run.name, done: run.done || 0, total: run.total };
          return typeof run.total === "number"
            ? gettext("{name}: {done} of {total} done", values)
            : gettext("{name}: {done} done", values);
        }).join("\n"));
      } else {
        span.removeAttribute("title");
      }
    });
  }

  ns.panel = {
    // the page view
    current: function () { return page; },   // { article, sop, title, panel, items, ... }
    activate: activate,
    deactivate: deactivate,
    reload: reload,
    render: render,
    renderIndex: renderIndex,
    // parts of the panel
    build: buildPanel,   // a new, empty panel: what the build's shell stands in for
    part: part,
    toast: toast,
    itemOf: itemOf,
    activeRun: activeRun,
    countDone: countDone,
    // actions
    setTick: setTick,
    switchRun: switchRun,
    finishRun: finishRun,
    deleteRun: deleteRun,
    undoDelete: undoDelete,
    startRun: startRun,
    toggleForm: toggleForm,
    closeForm: closeForm,
    // helpers for the export
    h: h
  };
})();
