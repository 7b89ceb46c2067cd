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
 *     <mark>退税</mark> 税" -> "出<mark>口退税</mark>", wherever the marks are, without
 *     the spaces the index put next to CJK punctuation ("工单 单 ： 登记 记" -> "工单：登记").
 *   window.journeydocs.covers(query, text) -> whether the page text has each Han run of
 *     the query; window.journeydocs.queryWords(query) -> {han: [runs], other: [words]}.
 * Classic script, no DOM: idempotent.
 */
(function () {
  "use strict";
  var HAN = "\\u2e80-\\u2fdf\\u3005\\u3007\\u3021-\\u3029\\u3038-\\u303b\\u3400-\\u4dbf" +
    "\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3134f}";
  var C = "[" + HAN + "]";
  var RUN = new RegExp(C + "+", "gu");
  var IS_HAN = new RegExp("^" + C + "$", "u");
  // CJK punctuation (full-width forms, brackets, quotes, the ideographic comma...):
  // the index copy puts spaces between it and a Han run, the page has none
  var IS_PUNCT = new RegExp("^[\\u3001-\\u3004\\u3008-\\u3020\\u3030-\\u3037\\u303c-" +
    "\\u303f\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65\\u2014" +
    "\\u2018\\u2019\\u201c\\u201d\\u2026\\u00b7]$", "u");
  var IS_SPACE = /^[ \t\n\r\f]$/;
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

  /* Index text back to the page's: the characters (and whether each is in a <mark>) are
   * read first, the Han runs rebuilt from their pairs ("AB BC CD D" -> "ABCD": each pair
   * that starts with the previous one's second character continues the run, a lone
   * character ends it), a character marked if any of its copies was, wherever the marks
   * were (Pagefind may close one after the space); then the spaces the index copy put
   * between a run and CJK punctuation go, and the marks are written again. Text that is
   * not in the index's form (a run of three or more, a facet value) stays as it is. */
  function rejoin(text) {
    var chars = [], marks = [], open = false;
    String(text == null ? "" : text).split(/(<\/?mark>)/).forEach(function (part) {
      if (part === "<mark>") open = true;
      else if (part === "</mark>") open = false;
      else Array.from(part).forEach(function (c) { chars.push(c); marks.push(open); });
    });
    var n = chars.length, out = [], state = null, anchor = -1;
    function han(k) { return k < n && IS_HAN.test(chars[k]); }
    for (var i = 0; i < n;) {
      if (!han(i)) {
        out.push([chars[i], marks[i]]);
        if (!IS_SPACE.test(chars[i])) state = null;
        i++;
        continue;
      }
      var j = i;
      while (han(j)) j++;
      var token = [];
      for (var t = i; t < j; t++) token.push([chars[t], marks[t]]);
      i = j;
      if (token.length > 2) {      // not a word of the index: as it is
        out.push.apply(out, token);
        state = null;
        continue;
      }
      var pair = token.length === 2, k = out.length;
      while (k > 0 && IS_SPACE.test(out[k - 1][0])) k--;
      if (k === anchor && state === "pair" && out[k - 1][0] === token[0][0]) {
        out.length = k;            // the run goes on: its next pair (or its last character)
        out[k - 1][1] = out[k - 1][1] || token[0][1];
        token.shift();
      } else if (k === anchor && state === "end") {
        out.length = k;            // the next run, right after a run's end
      }
      out.push.apply(out, token);
      state = pair ? "pair" : "end";
      anchor = out.length;
    }
    out = out.filter(function (entry, index) {     // no space between a run and CJK punctuation
      if (!IS_SPACE.test(entry[0])) return true;
      var a = index - 1, b = index + 1;
      while (a >= 0 && IS_SPACE.test(out[a][0])) a--;
      while (b < out.length && IS_SPACE.test(out[b][0])) b++;
      if (a < 0 || b >= out.length) return true;
      var left = out[a][0], right = out[b][0];
      return !((IS_HAN.test(left) && IS_PUNCT.test(right)) ||
        (IS_PUNCT.test(left) && IS_HAN.test(right)));
    });
    var html = "";
    open = false;
    out.forEach(function (entry) {
      if (entry[1] !== open) { html += entry[1] ? "<mark>" : "</mark>"; open = entry[1]; }
      html += entry[0];
    });
    return html + (open ? "</mark>" : "");
  }

  /* The words of `query` Pagefind must not drop: {han: its Han runs, other: its other
   * words (letters, digits)}. */
  var WORD = /[\p{L}\p{N}]+/gu;
  function queryWords(query) {
    var q = String(query == null ? "" : query);
    return { han: q.match(RUN) || [], other: q.replace(RUN, " ").match(WORD) || [] };
  }

  /* Whether `text` (a page's content or excerpt and title, as the index holds it) has each
   * Han run of `query` as the page writes it (contiguous, after rejoin): the index finds a
   * page with each of a run's pairs, wherever they are ("茶叶蛋": 茶叶 and 叶蛋). */
  function covers(query, text) {
    var page = rejoin(text).replace(/<\/?mark>/g, "");
    return queryWords(query).han.every(function (run) { return page.indexOf(run) >= 0; });
  }

  var ns = window.journeydocs = window.journeydocs || {};
  ns.searchTerms = searchTerms;
  ns.rejoin = rejoin;
  ns.covers = covers;
  ns.queryWords = queryWords;
})();
