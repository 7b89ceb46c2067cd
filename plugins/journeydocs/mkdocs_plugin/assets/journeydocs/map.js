/* journeydocs: zoom and full-screen controls for system maps.
 *
 * Works on every figure.jd-map-frame (see map.css for the markup). Runs on each page that
 * Material's instant navigation shows (document$), and on the first page even when document$
 * never emits (a site opened from disk); it is idempotent: a frame that already has its
 * controls is left alone. Button names are in the site's language (i18n.js, loaded
 * before this file; English without it), unless the figure sets its own: data-label-full,
 * data-label-close, data-label-zoom-in, data-label-zoom-out, data-label-reset.
 *
 * Map links go through Material's instant navigation (see followSvgLink). A map fitted to
 * the column keeps its labels legible: below MIN_FIT of its natural width it scrolls
 * sideways. Full screen opens with the whole map in view ("Reset" fits it again after a
 * zoom), however wide or tall it is.
 */
(function () {
  "use strict";

  var STEP = 1.25;
  var MIN_SCALE = 0.2; // of the natural size
  var MIN_FIT = 0.75; // a fitted map keeps at least this much of it
  var MAX_SCALE = 6;

  // The scripts' words in the site's language (i18n.js), else the English msgid. The
  // namespace is an own property of window (an element with id "journeydocs" is not it).
  function gettext(msgid) {
    var root = Object.prototype.hasOwnProperty.call(window, "journeydocs")
      ? window.journeydocs : null;
    var i18n = root && root.i18n;
    return i18n && typeof i18n.gettext === "function" ? i18n.gettext(msgid) : msgid;
  }

  // The figure's own name for a button (data-label-<key>), else the translated one.
  function label(frame, key, translated) {
    return frame.getAttribute("data-label-" + key) || translated;
  }

  function makeButton(text, name, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "jd-map-button";
    b.textContent = text;
    b.title = name;
    b.setAttribute("aria-label", name);
    b.addEventListener("click", onClick);
    return b;
  }

  function setup(frame) {
    if (frame.getAttribute("data-jd-map-ready")) return;
    var viewport = frame.querySelector(".jd-map-viewport");
    var svg = viewport && viewport.querySelector("svg.jd-map");
    if (!svg) return;
    frame.setAttribute("data-jd-map-ready", "1");

    var natural = parseFloat(svg.getAttribute("data-jd-width")) || 0;
    if (!natural && svg.viewBox && svg.viewBox.baseVal) {
      natural = svg.viewBox.baseVal.width * 4 / 3;
    }
    // Fitted to the column, a map shrinks no further than MIN_FIT of its natural size (12 pt
    // labels stay 12 CSS px): a wider map scrolls sideways in its frame instead.
    var fitStyle = svg.getAttribute("style") || "";
    if (natural) fitStyle += ";min-width:" + Math.round(natural * MIN_FIT) + "px";
    svg.setAttribute("style", fitStyle);

    // Zoom around a point (default: the middle of the map's visible part), keeping it in
    // place: the frame scrolls sideways, the page (or the full-screen frame) up and down.
    function zoomTo(width, clientX, clientY) {
      if (natural) {
        width = Math.max(natural * MIN_SCALE, Math.min(natural * MAX_SCALE, width));
      }
      var box = viewport.getBoundingClientRect();
      var before = svg.getBoundingClientRect();
      if (clientX === undefined) {
        clientX = box.left + box.width / 2;
        clientY = (Math.max(box.top, 0) + Math.min(box.bottom, window.innerHeight)) / 2;
      }
      var fx = (clientX - before.left) / (before.width || 1);
      var fy = (clientY - before.top) / (before.height || 1);
      svg.style.maxWidth = "none";
      svg.style.minWidth = "0";
      svg.style.width = Math.round(width) + "px";
      var after = svg.getBoundingClientRect();
      viewport.scrollLeft += after.left + fx * after.width - clientX;
      var dy = after.top + fy * after.height - clientY;
      var top = viewport.scrollTop;
      viewport.scrollTop = top + dy;
      dy -= viewport.scrollTop - top;
      if (Math.abs(dy) >= 1 && !frame.classList.contains("jd-map-frame--full")) {
        window.scrollBy(0, dy);
      }
    }

    var fitted = false; // full screen shows the map fitted, not zoomed since
    function zoomBy(factor, clientX, clientY) {
      fitted = false;
      zoomTo(svg.getBoundingClientRect().width * factor, clientX, clientY);
    }

    // Full screen opens with the whole map in view: as large as the screen allows, never
    // beyond its natural size (a wide map shrinks below MIN_FIT here; zoom in to read it).
    function fitScreen() {
      svg.setAttribute("style", "max-width:none;min-width:0;width:0");
      var style = getComputedStyle(viewport);
      var room = function (size, a, b) {
        return size - (parseFloat(style[a]) || 0) - (parseFloat(style[b]) || 0);
      };
      var w = room(viewport.clientWidth, "paddingLeft", "paddingRight");
      var h = room(viewport.clientHeight, "paddingTop", "paddingBottom");
      var box = svg.viewBox && svg.viewBox.baseVal;
      var width = w;
      if (box && box.width && box.height) width = Math.min(w, h * box.width / box.height);
      if (natural) width = Math.min(width, natural);
      svg.style.width = Math.max(1, Math.floor(width)) + "px";
      viewport.scrollLeft = 0;
      viewport.scrollTop = 0;
      fitted = true;
    }

    function reset() {
      if (frame.classList.contains("jd-map-frame--full")) {
        fitScreen();
        return;
      }
      svg.setAttribute("style", fitStyle);
      viewport.scrollLeft = 0;
      viewport.scrollTop = 0;
    }

    var fullButton;
    function setFull(on) {
      frame.classList.toggle("jd-map-frame--full", on);
      var text = on ? label(frame, "close", gettext("Close"))
        : label(frame, "full", gettext("Full screen"));
      fullButton.textContent = text;
      fullButton.title = text;
      fullButton.setAttribute("aria-label", text);
      syncBody();
      reset(); // fit the screen, or back to the column
      if (on) fullButton.focus();
    }

    var tools = document.createElement("div");
    tools.className = "jd-map-tools";
    tools.appendChild(makeButton("+", label(frame, "zoom-in", gettext("Zoom in")),
                                 function () { zoomBy(STEP); }));
    tools.appendChild(makeButton("−", label(frame, "zoom-out", gettext("Zoom out")),
                                 function () { zoomBy(1 / STEP); }));
    // Translators: a map's button that fits the map to its frame again after a zoom
    var resetText = label(frame, "reset", gettext("Reset"));
    tools.appendChild(makeButton(resetText, resetText, reset));
    fullButton = makeButton("", label(frame, "full", gettext("Full screen")), function () {
      setFull(!frame.classList.contains("jd-map-frame--full"));
    });
    tools.appendChild(fullButton);
    frame.insertBefore(tools, frame.firstChild);
    setFull(false);
    frame.jdMapClose = function () { setFull(false); };
    // A resized or turned screen: an open map that was not zoomed fits the new screen.
    window.addEventListener("resize", function () {
      if (fitted && frame.isConnected && frame.classList.contains("jd-map-frame--full")) {
        fitScreen();
      }
    });

    // Ctrl/Cmd + wheel zooms at the pointer; a plain wheel still scrolls the page.
    viewport.addEventListener("wheel", function (ev) {
      if (!ev.ctrlKey && !ev.metaKey) return;
      ev.preventDefault();
      zoomBy(ev.deltaY < 0 ? STEP : 1 / STEP, ev.clientX, ev.clientY);
    }, { passive: false });

    // Drag with the mouse to pan a map larger than its frame; a click stays a click.
    var drag = null;
    viewport.addEventListener("pointerdown", function (ev) {
      if (ev.pointerType !== "mouse" || ev.button !== 0) return;
      drag = { x: ev.clientX, y: ev.clientY, left: viewport.scrollLeft,
               top: viewport.scrollTop, moved: false, id: ev.pointerId };
    });
    viewport.addEventListener("pointermove", function (ev) {
      if (!drag || ev.pointerId !== drag.id) return;
      var dx = ev.clientX - drag.x;
      var dy = ev.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 5) return;
      if (!drag.moved) {
        drag.moved = true;
        viewport.classList.add("jd-map-dragging");
        viewport.setPointerCapture(ev.pointerId);
      }
      viewport.scrollLeft = drag.left - dx;
      viewport.scrollTop = drag.top - dy;
    });
    function endDrag(ev) {
      if (!drag || ev.pointerId !== drag.id) return;
      var moved = drag.moved;
      drag = null;
      viewport.classList.remove("jd-map-dragging");
      if (moved) {
        // Swallow the click that ends a drag so it does not follow a link.
        var swallow = function (e) {
          e.preventDefault();
          e.stopPropagation();
        };
        viewport.addEventListener("click", swallow, true);
        setTimeout(function () { viewport.removeEventListener("click", swallow, true); }, 0);
      }
    }
    viewport.addEventListener("pointerup", endDrag);
    viewport.addEventListener("pointercancel", endDrag);

    viewport.addEventListener("click", followSvgLink);
  }

  // Material's instant navigation only follows HTML links: it skips SVG ones (their
  // `target` is an SVGAnimatedString, always truthy), so a map link would reload the whole
  // page. Follow it through a short-lived HTML link instead: Material loads it instantly if it
  // can, else the browser follows it as usual. Modified clicks (new tab...) stay native.
  var XLINK = "http://www.w3.org/1999/xlink";
  function followSvgLink(ev) {
    if (ev.defaultPrevented || ev.button !== 0 ||
        ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    var link = ev.target instanceof Element ? ev.target.closest("a") : null;
    if (!link || !(link instanceof SVGElement)) return;
    var href = link.getAttributeNS(XLINK, "href") || link.getAttribute("href");
    if (!href) return;
    ev.preventDefault();
    var proxy = document.createElement("a");
    proxy.href = href; // resolved against the page's URL, like the SVG link itself
    proxy.hidden = true;
    ev.currentTarget.appendChild(proxy);
    try {
      proxy.click();
    } finally {
      proxy.remove();
    }
  }

  function syncBody() {
    var open = document.querySelector(".jd-map-frame--full") !== null;
    document.body.classList.toggle("jd-map-open", open);
  }

  function init() {
    var frames = document.querySelectorAll("figure.jd-map-frame");
    for (var i = 0; i < frames.length; i++) setup(frames[i]);
    syncBody();
  }

  if (!window.__jdMapKeys) {
    window.__jdMapKeys = true;
    document.addEventListener("keydown", function (ev) {
      if (ev.key !== "Escape") return;
      var open = document.querySelector(".jd-map-frame--full");
      if (open && open.jdMapClose) {
        ev.preventDefault();
        open.jdMapClose();
      }
    });
  }

  // Every page view: Material's document$ emits one per page, instant navigation included.
  // It may never emit: opened from disk (file://) Material turns instant navigation off by
  // completing document$ before its first page, and without Material's bundle there is none.
  // So the first page is also set up once the DOM is ready (now, if it is), unless document$
  // did it first. init() is idempotent, so a late first emission changes nothing.
  var started = false;
  function start() {
    started = true;
    init();
  }
  try {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(start);
    }
  } catch (ignored) { /* a broken document$: the fallback below still starts */ }
  function fallback() {
    if (!started) start();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fallback);
  } else {
    fallback();
  }
})();
