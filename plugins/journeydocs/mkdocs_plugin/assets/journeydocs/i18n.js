/* journeydocs: i18n.js, the scripts' words in the site's language.
 *
 * Every word the map and checklist scripts show, announce or write is an English message
 * in the code, translated here from the catalog the build wrote for the site's language:
 * messages.js, loaded right before this file, sets
 *
 *   window.journeydocsMessages = { lang: "zh-Hant",
 *                                  messages: { "<msgid>": "text",
 *                                              "<singular>": { one: "…", other: "…" } } }
 *
 * (see journeydocs/i18n/browser.py). A plural message has one text per CLDR plural
 * category, picked with Intl.PluralRules. Without messages.js (a site's own scripts, a page
 * opened oddly) or without a message in it, the English msgid is used.
 *
 * Scripts call the functions on window.journeydocs.i18n with string literals, so
 * `./dev messages` (Babel's JavaScript extractor, keywords gettext and ngettext) finds them:
 *
 *   gettext("Run “{name}” finished.", { name: run.name })
 *   ngettext("{n} run in progress", "{n} runs in progress", count)   // {n} is the count
 *
 * {name} placeholders are filled in one pass (a value with braces is not read again);
 * a placeholder without a value stays as it is (see parts(), which splits a text at its
 * placeholders to put elements there). A classic script (not a module: a site opened from
 * disk runs no module scripts), no DOM but <html lang>, idempotent: loaded twice, the first
 * copy stays.
 */
(function () {
  "use strict";

  /* The namespace, as an own property of window: an element whose id is "journeydocs" is
   * also window.journeydocs, through the browser's named access, and must not be taken
   * for it (the same test as checklist-storage.js). */
  const root = Object.prototype.hasOwnProperty.call(window, "journeydocs") &&
    window.journeydocs && typeof window.journeydocs === "object"
    ? window.journeydocs
    : (window.journeydocs = {});
  if (root.i18n) return;

  const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
  const has = function (object, key) {
    return !!object && Object.prototype.hasOwnProperty.call(object, key);
  };

  /** The catalog messages.js set, or null when there is none or it has another shape. */
  function catalog() {
    const data = window.journeydocsMessages;
    if (!data || typeof data !== "object" || !data.messages ||
        typeof data.messages !== "object") return null;
    return data;
  }

  /** The language of the words: the catalog's, else the page's (<html lang>), else "en". */
  function lang() {
    const data = catalog();
    if (data && typeof data.lang === "string" && data.lang) return data.lang;
    try {
      return document.documentElement.getAttribute("lang") || "en";
    } catch (ignored) {
      return "en";
    }
  }

  /** `text` with its {name} placeholders filled from `params` (one pass). */
  function format(text, params) {
    if (!params) return text;
    return text.replace(PLACEHOLDER, function (whole, name) {
      return has(params, name) ? String(params[name]) : whole;
    });
  }

  /** The translation of `msgid` (the msgid itself when there is none), filled. */
  function gettext(msgid, params) {
    const data = catalog();
    const text = data && has(data.messages, msgid) ? data.messages[msgid] : null;
    return format(typeof text === "string" && text ? text : msgid, params);
  }

  /** The CLDR plural category of `n` in `language` ("one", "other", …). */
  function category(n, language) {
    try {
      return new Intl.PluralRules(language).select(n);
    } catch (ignored) {
      return n === 1 ? "one" : "other";
    }
  }

  /** The form of a plural message for the count `n`, filled with `params` and {n}. */
  function ngettext(singular, plural, n, params) {
    const values = Object.assign({ n: n }, params || {});
    const data = catalog();
    const forms = data && has(data.messages, singular) ? data.messages[singular] : null;
    if (forms && typeof forms === "object") {
      const text = forms[category(n, lang())] || forms.other;
      if (typeof text === "string" && text) return format(text, values);
    } else if (typeof forms === "string" && forms) {
      return format(forms, values);
    }
    return format(n === 1 ? singular : plural, values);  // English, the msgids' language
  }

  /** A text split at its placeholders: ["Started ", {name: "started"}, " · …"], so a
   * script can put an element (a <time>) where the translation puts the placeholder. */
  function parts(text) {
    const out = [];
    let last = 0;
    text.replace(PLACEHOLDER, function (whole, name, offset) {
      if (offset > last) out.push(text.slice(last, offset));
      out.push({ name: name });
      last = offset + whole.length;
      return whole;
    });
    if (last < text.length) out.push(text.slice(last));
    return out;
  }

  /** A date and time for people to read, in the language of the words: 22 Nov 2025,
   * 10:31 / 2025年11月22日 10:31. "" for a value that is not a time. */
  function dateTime(iso) {
    const d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    const options = {
      day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit"
    };
    try {
      return d.toLocaleString(lang(), options);
    } catch (ignored) {
      return d.toLocaleString(undefined, options);   // a tag this browser does not know
    }
  }

  root.i18n = {
    gettext: gettext,
    ngettext: ngettext,
    format: format,
    parts: parts,
    lang: lang,
    dateTime: dateTime
  };
})();
