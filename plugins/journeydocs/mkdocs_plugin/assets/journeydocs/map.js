/* journeydocs: zoom, pan and full-screen controls for system maps.
 *
 * Works on every figure.jd-map-frame (see map.css for the markup). Runs on each page that
 * Material's instant navigation shows (document$), and on the first page even when document$
 * never emits (a site opened from disk); it is idempotent: a frame that already has its
 * controls is left alone. Button names are in the site's language (i18n.js, loaded
 * before this file; English without it), unless the figure sets its own: data-label-full,
 * data-label-close, data-label-zoom-in, data-label-zoom-out, data-label-reset.
 *
 * A figure may hold the map twice: drawn for a page column (svg.jd-map--wide) and for a
 * phone (svg.jd-map--narrow); map.css shows one by the width of the map's viewport, and the
 * controls act on the one shown. Fitted to the column, a map keeps its labels legible: below
 * MIN_FIT of its natural width it scrolls sideways instead of shrinking.
 *
 * Full screen is a modal <dialog> (showModal: the page behind is inert, Tab stays inside,
 * Escape closes it), named by the map's title, with a visible Close button; focus returns
 * to the button that opened it. The map's viewport moves into the dialog and back. It opens
 * with the whole map in view when its labels stay legible (MIN_LABEL px) at that size, else
 * fitted to the screen's width at a legible size ("Reset" does the same after a zoom;
 * zooming out goes down to the whole map). There the map pans with a finger or the mouse,
 * zooms with two fingers (pointer events; the viewport has touch-action: none), the
 * buttons, Ctrl + wheel and the + - 0 keys. In the page, touch scrolls and zooms the page
 * as usual: a map as tall as the screen must not trap the finger that scrolls past it.
 *
 * Map links go through Material's instant navigation (see followSvgLink).
 *
 * size: one figure's zoom, full-screen dialog and pointer gestures share its state (the map
 * shown, its fit, the open dialog) in one closure; split, they would pass it all around.
 */
(function () {
  "use strict";

  var STEP = 1.25;
  var MIN_SCALE = 0.2; // of the natural size (and less if the whole map needs it)
  var MIN_FIT = 0.75; // a map fitted to the column keeps at least this much of its size
  var MAX_SCALE = 6;
  var MIN_LABEL = 11; // CSS px: full screen opens no smaller than this for its labels
  var DRAG = 5; // px a pointer moves before a press becomes a drag, not a click

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

  // The natural width (CSS px) of a map: 1 pt of Graphviz is 4/3 px.
  function naturalWidth(svg) {
    var natural = parseFloat(svg.getAttribute("data-jd-width")) || 0;
    if (!natural && svg.viewBox && svg.viewBox.baseVal) {
      natural = svg.viewBox.baseVal.width * 4 / 3;
    }
    return natural;
  }

  // The scale (of the natural size) at which the map's smallest label is MIN_LABEL px.
  function legibleScale(svg) {
    var smallest = Infinity;
    var texts = svg.querySelectorAll("text[font-size]");
    for (var i = 0; i < texts.length; i++) {
      var size = parseFloat(texts[i].getAttribute("font-size"));
      if (size > 0 && size < smallest) smallest = size;
    }
    var box = svg.viewBox && svg.viewBox.baseVal;
    var natural = naturalWidth(svg);
    if (!isFinite(smallest) || !box || !box.width || !natural) return MIN_FIT;
    return MIN_LABEL / (smallest * natural / box.width);
  }

  function focusable(root) {
    var all = root.querySelectorAll("button, [href], a, [tabindex]");
    var out = [];
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      if (el.tabIndex < 0 || el.disabled || !el.getClientRects().length) continue;
      out.push(el);
    }
    return out;
  }

  function setup(frame) {
    if (frame.getAttribute("data-jd-map-ready")) return;
    var viewport = frame.querySelector(".jd-map-viewport");
    var svgs = viewport ? viewport.querySelectorAll("svg.jd-map") : [];
    if (!svgs.length) return;
    frame.setAttribute("data-jd-map-ready", "1");
    var caption = frame.querySelector("figcaption");
    var titleEl = frame.querySelector(".jd-map-title");
    var title = titleEl ? titleEl.textContent : "";

    // Fitted to the column, a map shrinks no further than MIN_FIT of its natural size (12 pt
    // labels stay 12 CSS px): a wider map scrolls sideways in its frame instead.
    var fitStyles = [];
    for (var i = 0; i < svgs.length; i++) {
      var fitStyle = svgs[i].getAttribute("style") || "";
      var natural = naturalWidth(svgs[i]);
      if (natural) fitStyle += ";min-width:" + Math.round(natural * MIN_FIT) + "px";
      svgs[i].setAttribute("style", fitStyle);
      fitStyles.push(fitStyle);
    }

    // The map shown: map.css hides the other one.
    function active() {
      for (var k = 0; k < svgs.length; k++) {
        if (getComputedStyle(svgs[k]).display !== "none") return svgs[k];
      }
      return svgs[0];
    }

    var dialog = null;
    function isFull() {
      return !!dialog && dialog.open;
    }

    // The room inside the viewport (its padding aside), in CSS px.
    function room() {
      var style = getComputedStyle(viewport);
      var px = function (name) { return parseFloat(style[name]) || 0; };
      return { w: viewport.clientWidth - px("paddingLeft") - px("paddingRight"),
               h: viewport.clientHeight - px("paddingTop") - px("paddingBottom") };
    }

    // The width at which the whole map is in view in full screen.
    function wholeWidth(svg) {
      var r = room();
      var box = svg.viewBox && svg.viewBox.baseVal;
      if (!box || !box.width || !box.height) return r.w;
      return Math.min(r.w, r.h * box.width / box.height);
    }

    // Zoom around a point (default: the middle of the map's visible part), keeping it in
    // place: the frame scrolls sideways, the page (or the full-screen frame) up and down.
    function zoomTo(width, clientX, clientY) {
      var svg = active();
      var natural = naturalWidth(svg);
      if (natural) {
        var least = natural * MIN_SCALE;
        if (isFull()) least = Math.min(least, wholeWidth(svg));
        width = Math.max(least, Math.min(natural * MAX_SCALE, width));
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
      if (Math.abs(dy) >= 1 && !isFull()) {
        window.scrollBy(0, dy);
      }
    }

    var fitted = false; // full screen shows the map fitted, not zoomed since
    function zoomBy(factor, clientX, clientY) {
      fitted = false;
      zoomTo(active().getBoundingClientRect().width * factor, clientX, clientY);
    }

    // Full screen opens with the whole map in view, never beyond its natural size, if its
    // labels stay legible so; else fitted to the width at a legible size (wider than the
    // screen only if even that is too small): pan and zoom from there.
    function fitScreen() {
      var svg = active();
      svg.setAttribute("style", "max-width:none;min-width:0;width:0");
      var natural = naturalWidth(svg);
      var whole = wholeWidth(svg);
      var width = whole;
      if (natural) {
        var legible = natural * Math.min(1, legibleScale(svg));
        width = Math.min(whole, natural);
        if (width < legible) width = Math.max(legible, Math.min(room().w, natural));
      }
      svg.style.width = Math.max(1, Math.floor(width)) + "px";
      viewport.scrollLeft = 0;
      viewport.scrollTop = 0;
      fitted = true;
    }

    function resetColumn() {
      for (var k = 0; k < svgs.length; k++) svgs[k].setAttribute("style", fitStyles[k]);
      viewport.scrollLeft = 0;
      viewport.scrollTop = 0;
    }

    function reset() {
      if (isFull()) fitScreen();
      else resetColumn();
    }

    function zoomTools(closeButton) {
      var tools = document.createElement("div");
      tools.className = "jd-map-tools";
      tools.appendChild(makeButton("+", label(frame, "zoom-in", gettext("Zoom in")),
                                   function () { zoomBy(STEP); }));
      tools.appendChild(makeButton("−", label(frame, "zoom-out", gettext("Zoom out")),
                                   function () { zoomBy(1 / STEP); }));
      // Translators: a map's button that fits the map to its frame again after a zoom
      var resetText = label(frame, "reset", gettext("Reset"));
      tools.appendChild(makeButton(resetText, resetText, reset));
      if (closeButton) tools.appendChild(closeButton);
      return tools;
    }

    // The full-screen dialog, made the first time it opens.
    var opener = null;
    var closeButton = null;
    function makeDialog() {
      dialog = document.createElement("dialog");
      dialog.className = "jd-map-dialog";
      var head = document.createElement("div");
      head.className = "jd-map-dialog-head";
      var heading = document.createElement("h2");
      heading.className = "jd-map-dialog-title";
      heading.id = "jd-map-dialog-" + Math.random().toString(36).slice(2);
      heading.textContent = title;
      dialog.setAttribute("aria-labelledby", heading.id);
      var closeText = label(frame, "close", gettext("Close"));
      closeButton = makeButton(closeText, closeText, function () { dialog.close(); });
      closeButton.classList.add("jd-map-close");
      head.appendChild(heading);
      head.appendChild(zoomTools(closeButton));
      dialog.appendChild(head);
      dialog.addEventListener("close", function () { closed(true); });
      dialog.addEventListener("keydown", dialogKeys);
      frame.parentNode.insertBefore(dialog, frame.nextSibling);
    }

    function open() {
      if (!dialog || !dialog.isConnected) makeDialog();
      if (dialog.open) return;
      opener = fullButton; // (a tap may not focus it: focus goes back to it all the same)
      dialog.appendChild(viewport);
      dialog.showModal();
      document.body.classList.add("jd-map-open");
      fitScreen();
      closeButton.focus();
    }

    // The dialog closed (Close, Escape): the map goes back to the page, focus to the
    // button that opened it. After a followed link (focus: false) the link's target has it.
    function closed(focus) {
      if (viewport.parentNode === dialog) {
        frame.insertBefore(viewport, caption);
        resetColumn();
      }
      syncBody();
      if (focus !== false && opener && opener.isConnected) opener.focus();
      opener = null;
    }

    // Tab and Shift+Tab go round the dialog's controls and map links; + - 0 zoom.
    function dialogKeys(ev) {
      if (ev.key === "Tab") {
        var items = focusable(dialog);
        if (!items.length) return;
        var first = items[0];
        var last = items[items.length - 1];
        var at = document.activeElement;
        if (ev.shiftKey && (at === first || !dialog.contains(at))) {
          ev.preventDefault();
          last.focus();
        } else if (!ev.shiftKey && (at === last || !dialog.contains(at))) {
          ev.preventDefault();
          first.focus();
        }
        return;
      }
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (ev.key === "+" || ev.key === "=") zoomBy(STEP);
      else if (ev.key === "-" || ev.key === "_") zoomBy(1 / STEP);
      else if (ev.key === "0") reset();
      else return;
      ev.preventDefault();
    }

    var bar = frame.querySelector(".jd-map-bar");
    if (!bar) {
      bar = document.createElement("div");
      bar.className = "jd-map-bar";
      frame.insertBefore(bar, frame.firstChild);
    }
    var fullText = label(frame, "full", gettext("Full screen"));
    var fullButton = makeButton(fullText, fullText, open);
    fullButton.setAttribute("aria-haspopup", "dialog");
    var tools = zoomTools(fullButton);
    bar.appendChild(tools);

    // A resized or turned screen: an open map that was not zoomed fits the new screen.
    window.addEventListener("resize", function () {
      if (fitted && frame.isConnected && isFull()) fitScreen();
    });

    // Ctrl/Cmd + wheel (and a touchpad's pinch) zooms at the pointer; a plain wheel
    // scrolls the page, or the map in full screen.
    viewport.addEventListener("wheel", function (ev) {
      if (!ev.ctrlKey && !ev.metaKey) return;
      ev.preventDefault();
      zoomBy(ev.deltaY < 0 ? STEP : 1 / STEP, ev.clientX, ev.clientY);
    }, { passive: false });

    // Pointers: a mouse drags the map anywhere; in full screen a finger (or pen) drags it
    // and two fingers pinch it, zooming around their midpoint. A click stays a click.
    var pointers = {};
    var count = 0;
    var gesture = null; // {x, y, left, top, moved} or {pinch: distance, mid: {x, y}}
    function points() {
      var out = [];
      for (var id in pointers) out.push(pointers[id]);
      return out;
    }
    function startGesture() {
      var p = points();
      if (p.length >= 2) {
        gesture = { pinch: Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y) || 1,
                    mid: { x: (p[0].x + p[1].x) / 2, y: (p[0].y + p[1].y) / 2 },
                    moved: true };
      } else if (p.length === 1) {
        gesture = { x: p[0].x, y: p[0].y, left: viewport.scrollLeft,
                    top: viewport.scrollTop, moved: gesture ? gesture.moved : false };
      } else {
        gesture = null;
      }
    }
    viewport.addEventListener("pointerdown", function (ev) {
      if (ev.pointerType === "mouse" ? ev.button !== 0 : !isFull()) return;
      if (!(ev.pointerId in pointers)) count++;
      pointers[ev.pointerId] = { x: ev.clientX, y: ev.clientY };
      if (count === 1) gesture = null;
      startGesture();
      if (count >= 2) viewport.setPointerCapture(ev.pointerId);
    });
    viewport.addEventListener("pointermove", function (ev) {
      if (!gesture || !(ev.pointerId in pointers)) return;
      pointers[ev.pointerId] = { x: ev.clientX, y: ev.clientY };
      var p = points();
      if (gesture.pinch && p.length >= 2) {
        var distance = Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y) || 1;
        var mid = { x: (p[0].x + p[1].x) / 2, y: (p[0].y + p[1].y) / 2 };
        fitted = false;
        viewport.classList.add("jd-map-dragging");
        zoomTo(active().getBoundingClientRect().width * distance / gesture.pinch,
               mid.x, mid.y);
        viewport.scrollLeft -= mid.x - gesture.mid.x;
        viewport.scrollTop -= mid.y - gesture.mid.y;
        gesture.pinch = distance;
        gesture.mid = mid;
        return;
      }
      var dx = ev.clientX - gesture.x;
      var dy = ev.clientY - gesture.y;
      if (!gesture.moved && Math.abs(dx) + Math.abs(dy) < DRAG) return;
      gesture.moved = true;
      if (!viewport.classList.contains("jd-map-dragging")) {
        viewport.classList.add("jd-map-dragging");
        viewport.setPointerCapture(ev.pointerId);
      }
      viewport.scrollLeft = gesture.left - dx;
      viewport.scrollTop = gesture.top - dy;
    });
    function endPointer(ev) {
      if (!(ev.pointerId in pointers)) return;
      delete pointers[ev.pointerId];
      count--;
      var moved = gesture && gesture.moved;
      startGesture(); // a pinch that loses a finger goes on as a drag
      if (count > 0) return;
      gesture = null;
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
    viewport.addEventListener("pointerup", endPointer);
    viewport.addEventListener("pointercancel", endPointer);

    viewport.addEventListener("click", function (ev) {
      // A link followed from full screen shows its target: the dialog closes first.
      if (isFull() && !ev.defaultPrevented && ev.button === 0 && !ev.metaKey &&
          !ev.ctrlKey && !ev.shiftKey && !ev.altKey && ev.target instanceof Element &&
          ev.target.closest("a")) {
        dialog.close();
        closed(false);
      }
      followSvgLink(ev);
    });
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

  // The page does not scroll behind an open map (a dialog removed by instant navigation
  // fires no "close": this runs on every page view too).
  function syncBody() {
    var open = document.querySelector("dialog.jd-map-dialog[open]") !== null;
    document.body.classList.toggle("jd-map-open", open);
  }

  function init() {
    var frames = document.querySelectorAll("figure.jd-map-frame");
    for (var i = 0; i < frames.length; i++) setup(frames[i]);
    syncBody();
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
