/* journeydocs: search-terms.js
 *
 * The query side of the one rule for Chinese the search index is written with (Python:
 * journeydocs.site.search). The index writes each run of Han characters as its pairs and
 * its last character alone ("出口退税" -> "出口 口退 退税 税"), so:
 *   window.journeydocs.searchTerms(text) -> the string to hand Pagefind's search():
 *     each Han run as its pairs, without the lone last character ("出口退税" ->
 *     "出口 口退 退税"; one character stays itself: it finds every pair it starts), the
 *     rest as typed, whitespace collapsed: "SOP 退税" -> "SOP 退税". Pagefind returns the
 *     pages with every word, ranked.
 *   window.journeydocs.rejoin(text) -> an excerpt or title from the index (it may hold
 *     <mark>s) with each Han run as the page writes it: "出口 <mark>口退</mark>
 *     <mark>退税</mark> 税" -> "出<mark>口退税</mark>".
 * Classic script, no DOM: idempotent.
 */
(function () {
  "use strict";
  var HAN = "\\u2e80-\\u2fdf\\u3005\\u3007\\u3021-\\u3029\\u3038-\\u303b\\u3400-\\u4dbf" +
    "\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3134f}";
  var C = "[" + HAN + "]";
  var RUN = new RegExp(C + "+", "gu");
  var PAIRS = new RegExp("(?:(?:<mark>)?" + C + "{2}(?:</mark>)?\\s+)*(?:<mark>)?" + C +
    "(?:</mark>)?(?!" + C + ")", "gu");
  var PAIR = new RegExp("(<mark>)?(" + C + ")(" + C + "?)(</mark>)?", "gu");

  function pairs(run) {
    var chars = Array.from(run);
    return chars.map(function (c, i) { return c + (i + 1 < chars.length ? chars[i + 1] : ""); });
  }

  function searchTerms(text) {
    var query = String(text == null ? "" : text).replace(RUN, function (run) {
      var words = Array.from(run).length > 1 ? pairs(run).slice(0, -1) : [run];
      return " " + words.join(" ") + " ";
    });
    return query.split(/\s+/).filter(function (w) { return w.length > 0; }).join(" ");
  }

  function rejoin(text) {
    return String(text == null ? "" : text).replace(PAIRS, function (found) {
      var words = Array.from(found.matchAll(PAIR));
      var chars = words.map(function (w) { return w[2]; });
      var marked = chars.map(function () { return false; });
      words.forEach(function (w, i) {
        if (!w[1]) return;
        marked[i] = true;
        if (w[3] && i + 1 < chars.length) marked[i + 1] = true;
      });
      var out = "", open = false;
      chars.forEach(function (c, i) {
        if (marked[i] !== open) { out += marked[i] ? "<mark>" : "</mark>"; open = marked[i]; }
        out += c;
      });
      return out + (open ? "</mark>" : "");
    });
  }

  var ns = window.journeydocs = window.journeydocs || {};
  ns.searchTerms = searchTerms;
  ns.rejoin = rejoin;
})();
