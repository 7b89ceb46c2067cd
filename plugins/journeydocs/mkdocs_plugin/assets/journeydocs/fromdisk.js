/* journeydocs: fromdisk.js
 *
 * Opened from disk (file://), Material completes its document$ before the first page to
 * turn instant navigation off, so none of its per-page parts start (table of contents,
 * sidebars, back-to-top); and search.highlight loads the search index, which fails there
 * (the search worker needs a web server) and stops those parts. Take both features out
 * there. The plugin puts this script right before Material's bundle, after its config.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;
  try {
    var config = document.getElementById("__config");
    var parsed = JSON.parse(config.textContent);
    parsed.features = parsed.features.filter(function (name) {
      return name !== "navigation.instant" && name !== "search.highlight";
    });
    config.textContent = JSON.stringify(parsed);
  } catch (ignored) { /* Material's config changed shape: leave it as it is */ }
})();
