/* journeydocs: checklist-export.js (part 3 of 4: export and print)
 *
 * The active run of the SOP page shown (or a blank checklist) as Markdown,
 * copied to the clipboard or downloaded as a .md file, and printing a run or
 * a blank checklist (checklist.css styles the page for print). Adds ns.export
 * to window.journeydocs.checklist (see checklist-storage.js); works on the
 * page that checklist-panel.js has set up.
 */
(function () {
  "use strict";

  const root = Object.prototype.hasOwnProperty.call(window, "journeydocs")
    ? window.journeydocs : null;
  const ns = root && root.checklist;
  if (ns && ns.export) return;   // loaded twice (should not happen): keep the first copy
  if (!ns || !ns.util || !ns.panel) {
    try {
      console.error("journeydocs checklist: checklist-export.js needs checklist-storage.js " +
        "and checklist-panel.js loaded first");
    } catch (ignored) { /* nothing left to do */ }
    return;
  }

  const util = ns.util;
  const panel = ns.panel;
  const normalise = util.normalise;
  const nowIso = util.nowIso;
  const stamp = util.stamp;
  const safe = util.safe;
  const gettext = util.gettext;     // the words in the site's language (i18n.js)
  const h = panel.h;

  /** A file name part: letters and digits of any script (a Chinese run name stays
   * readable), the rest dashes. */
  function slug(text) {
    return normalise(text).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "").slice(0, 60) || "run";
  }

  /** The active run (or a blank checklist) as Markdown. */
  function exportMarkdown() {
    const page = panel.current();
    const run = panel.activeRun();
    const lines = ["# " + page.title, ""];
    // Translators: the fields at the top of an exported run (a Markdown list)
    lines.push("- " + gettext("SOP: {sop}", { sop: page.sop }));
    lines.push("- " + (run ? gettext("Run: {name}", { name: run.name })
      : gettext("Run: (no run)")));
    if (run) {
      lines.push("- " + gettext("Started: {time}", { time: stamp(run.created) }));
      lines.push("- " + gettext("Last changed: {time}", { time: stamp(run.updated) }));
      if (run.finished) {
        lines.push("- " + gettext("Finished: {time}", { time: stamp(run.finished) }));
      }
    }
    lines.push("- " + gettext("Exported: {time}", { time: stamp(nowIso()) }));
    lines.push("- " + gettext("Progress: {done} of {total} done", {
      done: panel.countDone(run, page.items), total: page.items.length
    }));
    lines.push("- " + gettext("Page: {url}", { url: location.href.split("#")[0] }));
    page.sections.forEach(function (section) {
      lines.push("");
      if (section.title) {
        lines.push("#".repeat(Math.min(Math.max(section.level, 2), 6)) + " " +
          section.title, "");
      }
      section.items.forEach(function (item) {
        const indent = "    ".repeat(item.depth);
        lines.push(indent + marker(item.li) + "[" + (run && run.ticks[item.key] ? "x" : " ") +
          "] " + inlineMarkdown(item.li));
        plainBullets(item.li).forEach(function (text) {
          lines.push(indent + "    - " + text);
        });
        codeBlocks(item.li).forEach(function (code) {
          lines.push(indent + "    ```");
          code.replace(/\n$/, "").split("\n").forEach(function (line) {
            lines.push(indent + "    " + line);
          });
          lines.push(indent + "    ```");
        });
      });
    });
    return lines.join("\n") + "\n";
  }

  /**
   * An element's own inline content as Markdown: links keep their (absolute)
   * targets, code its backticks, emphasis its marks; the checkbox, nested
   * lists and journeydocs' widgets are left out.
   */
  function inlineMarkdown(element) {
    let out = "";
    element.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        out += node.textContent;
        return;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) return;
      if (node.matches(".task-list-control, ul, ol, pre, .highlight, .jd-widget, " +
                       ".headerlink, input")) return;
      const inner = inlineMarkdown(node);
      const tag = node.tagName;
      if (tag === "A" && node.getAttribute("href")) out += "[" + inner + "](" + node.href + ")";
      else if (tag === "CODE") out += "`" + node.textContent + "`";
      else if (tag === "STRONG" || tag === "B") out += "**" + inner + "**";
      else if (tag === "EM" || tag === "I") out += "*" + inner + "*";
      else if (tag === "BR") out += " ";
      else if (tag === "P" || tag === "DIV") out += " " + inner + " ";
      else out += inner;
    });
    return normalise(out);
  }

  /** "- " for a bulleted item, "3. " for the third of a numbered list. */
  function marker(li) {
    const list = li.parentElement;
    if (!list || list.tagName !== "OL") return "- ";
    const start = Number(list.getAttribute("start")) || 1;
    return (start + Array.prototype.indexOf.call(list.children, li)) + ". ";
  }

  /** The code blocks directly under an item (not in its nested items), as text. */
  function codeBlocks(li) {
    return Array.prototype.filter.call(li.querySelectorAll("pre"), function (pre) {
      return pre.closest("li") === li;
    }).map(function (pre) { return pre.textContent; });
  }

  /** The plain bullets (not checklist items) of lists directly under an item. */
  function plainBullets(li) {
    const out = [];
    li.querySelectorAll(":scope > ul > li, :scope > ol > li").forEach(function (sub) {
      if (!sub.hasAttribute("data-jd-item")) out.push(inlineMarkdown(sub));
    });
    return out;
  }

  function exportName() {
    const page = panel.current();
    const run = panel.activeRun();
    // Translators: in the file name of an exported blank checklist (sop-1-blank-2026-01-31.md)
    return slug(page.sop) + "-" + slug(run ? run.name : gettext("blank")) + "-" +
      stamp(nowIso()).slice(0, 10) + ".md";
  }

  /** Last resort for copying: show the text, selected, for Ctrl+C. */
  function showExport(text) {
    const area = panel.part("jd-export-text");
    area.value = text;
    area.hidden = false;
    area.focus();
    area.select();
    panel.toast(gettext("Copying was blocked: the Markdown is selected below, " +
      "press Ctrl+C (⌘C)."));
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
    const done = function () { panel.toast(gettext("Copied the run as Markdown.")); };
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
    panel.toast(gettext("Downloaded {file}.", { file: exportName() }));
  }

  /* ------------------------------------------------------------------------
   * File this run: a prefilled GitHub issue (the form journeydocs generates)
   * --------------------------------------------------------------------- */

  /** GitHub answers a longer URL with "414 URI Too Long" (8,191 bytes, github/docs
   * #5136); the encoded URL is ASCII, so characters are bytes. */
  const URL_LIMIT = 8000;

  /** Where the page says runs are filed (the build writes it when the site has a
   * GitHub repo_url): { form, commit } or null. */
  function filing() {
    const page = panel.current();
    const data = page && page.article.querySelector(".jd-run-filing[data-jd-form]");
    if (!data) return null;
    const form = data.getAttribute("data-jd-form") || "";
    if (!/^https:\/\/github\.com\//.test(form)) return null;
    return { form: form, commit: data.getAttribute("data-jd-commit") || "" };
  }

  /** "1-4,6": item numbers (1 = the page's first item), compact. */
  function compact(numbers) {
    const out = [];
    for (let i = 0; i < numbers.length; i++) {
      let j = i;
      while (j + 1 < numbers.length && numbers[j + 1] === numbers[j] + 1) j++;
      out.push(i === j ? String(numbers[i]) : numbers[i] + "-" + numbers[j]);
      i = j;
    }
    return out.join(",");
  }

  /** A time as the record writes it: 2026-11-02T09:14:00Z (UTC). */
  function utc(iso) {
    const when = new Date(iso);
    return isNaN(when.getTime()) ? "" : when.toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** The active run's ticked and skipped item numbers, compact: { ticked, skipped }. */
  function itemLists() {
    const page = panel.current();
    const run = panel.activeRun();
    const ticked = [];
    const skipped = [];
    page.items.forEach(function (item, index) {
      if (run.ticks[item.key]) ticked.push(index + 1);
      else if (run.finished) skipped.push(index + 1);
    });
    return { ticked: compact(ticked), skipped: compact(skipped) };
  }

  /** The issue form's URL for the active run, with each field's id as a parameter;
   * without the item lists when `withoutItems`. */
  function fileUrl(withoutItems) {
    const where = filing();
    const page = panel.current();
    const run = panel.activeRun();
    if (!where || !run) return "";
    const items = withoutItems ? { ticked: "", skipped: "" } : itemLists();
    const fields = [
      // Translators: the title of a filed run's GitHub issue
      ["title", gettext("Run: {sop} — {name}", { sop: page.sop, name: run.name })],
      ["sop", page.sop], ["sop_commit", where.commit], ["name", run.name],
      ["started", utc(run.created)], ["finished", run.finished ? utc(run.finished) : ""],
      ["ticked", items.ticked], ["skipped", items.skipped]
    ];
    const query = fields.filter(function (f) { return f[1]; }).map(function (f) {
      return f[0] + "=" + encodeURIComponent(f[1]);
    });
    return where.form + (where.form.indexOf("?") < 0 ? "?" : "&") + query.join("&");
  }

  /** Copy `text`; then `done(true)`, or `done(false)` when copying was blocked. */
  function copyText(text, done) {
    const fallback = safe(function () { done(copyViaSelection(text)); });
    try {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(safe(function () { done(true); }), fallback);
        return;
      }
    } catch (ignored) { /* use the fallback */ }
    fallback();
  }

  /** Open the issue form in a new tab; `told`: what the panel says once it opened. */
  function openForm(url, told) {
    panel.current().panel.setAttribute("data-jd-filed", url);
    const opened = window.open(url, "_blank");
    if (opened) opened.opener = null;
    panel.toast(!opened
      ? gettext("The browser blocked the new tab: allow pop-ups for this site, or file " +
        "the run again.")
      : told);
  }

  /** Open the prefilled issue. Past GitHub's URL length, open it without the item lists
   * (the record then has none) and copy them for the Notes; when even that is too long,
   * say so and open nothing. */
  function fileRun() {
    const url = fileUrl(false);
    if (!url) return;
    if (url.length <= URL_LIMIT) {
      openForm(url, gettext("Opened the issue on GitHub: submit it there to record the run."));
      return;
    }
    const short = fileUrl(true);
    if (short.length > URL_LIMIT) {
      panel.toast(gettext("This run cannot be filed through a GitHub link: even without its " +
        "items the link is too long. Shorten the run's name and file it again."));
      return;
    }
    const items = itemLists();
    const lines = [];
    // Translators: the label of the issue form's field (as in the form: "Ticked items")
    if (items.ticked) lines.push(gettext("Ticked items") + ": " + items.ticked);
    if (items.skipped) lines.push(gettext("Skipped items") + ": " + items.skipped);
    const text = lines.join("\n") + "\n";
    copyText(text, function (copied) {
      if (!copied) showExport(text);
      openForm(short, copied
        ? gettext("This run's item lists are too long for a GitHub link, so the issue " +
          "opened without them: the record will NOT say which items were ticked or " +
          "skipped. They were copied: paste them into Notes to keep them with the run.")
        : gettext("This run's item lists are too long for a GitHub link, so the issue " +
          "opened without them: the record will NOT say which items were ticked or " +
          "skipped. They are selected below: copy them into Notes to keep them with the " +
          "run."));
    });
  }

  /** Print the active run (default) or a blank checklist. */
  function printChecklist(blank) {
    document.documentElement.classList.toggle("jd-print-blank", !!blank);
    try {
      window.print();
    } catch (ignored) { /* printing is not available: nothing to undo */ }
  }

  /** After printing: back to printing runs (Ctrl+P prints the active run). */
  function afterPrint() {
    document.documentElement.classList.remove("jd-print-blank");
  }

  ns.export = {
    markdown: exportMarkdown,
    fileName: exportName,
    copy: copyExport,
    download: downloadExport,
    print: printChecklist,
    afterPrint: afterPrint,
    filing: filing,
    fileUrl: fileUrl,
    fileRun: fileRun
  };
})();
