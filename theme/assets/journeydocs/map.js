/* journeydocs: zoom and full-screen controls for system maps.
 *
 * Works on every figure.jd-map-frame (see map.css for the markup). Runs on each page that
 * Material's instant navigation shows (document$) and is idempotent: a frame that already
 * has its controls is left alone. Button labels can be translated with data attributes on
 * the figure: data-label-full, data-label-close, data-label-zoom-in, data-label-zoom-out,
 * data-label-reset.
 */
(function () {
  "use strict";

  var STEP = 1.25;
  var MIN_SCALE = 0.2; // of the natural size
  var MAX_SCALE = 6;

  function label(frame, key, fallback) {
    return frame.getAttribute("data-label-" + key) || fallback;
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
    var fitStyle = svg.getAttribute("style") || "";

    // Zoom around a point of the viewport (default: its centre), keeping it in place.
    function zoomTo(width, clientX, clientY) {
      var current = svg.getBoundingClientRect().width || 1;
      if (natural) {
        width = Math.max(natural * MIN_SCALE, Math.min(natural * MAX_SCALE, width));
      }
      var box = viewport.getBoundingClientRect();
      var px = (clientX === undefined ? box.left + box.width / 2 : clientX) - box.left;
      var py = (clientY === undefined ? box.top + box.height / 2 : clientY) - box.top;
      var ratio = width / current;
      var x = (viewport.scrollLeft + px) * ratio - px;
      var y = (viewport.scrollTop + py) * ratio - py;
      svg.style.maxWidth = "none";
      svg.style.width = Math.round(width) + "px";
      viewport.scrollLeft = x;
      viewport.scrollTop = y;
    }

    function zoomBy(factor, clientX, clientY) {
      zoomTo(svg.getBoundingClientRect().width * factor, clientX, clientY);
    }

    function reset() {
      svg.setAttribute("style", fitStyle);
      viewport.scrollLeft = 0;
      viewport.scrollTop = 0;
    }

    var fullButton;
    function setFull(on) {
      frame.classList.toggle("jd-map-frame--full", on);
      var text = on ? label(frame, "close", "Close") : label(frame, "full", "Full screen");
      fullButton.textContent = text;
      fullButton.title = text;
      fullButton.setAttribute("aria-label", text);
      syncBody();
      if (on) fullButton.focus();
    }

    var tools = document.createElement("div");
    tools.className = "jd-map-tools";
    tools.appendChild(makeButton("+", label(frame, "zoom-in", "Zoom in"),
                                 function () { zoomBy(STEP); }));
    tools.appendChild(makeButton("−", label(frame, "zoom-out", "Zoom out"),
                                 function () { zoomBy(1 / STEP); }));
    var resetText = label(frame, "reset", "Reset");
    tools.appendChild(makeButton(resetText, resetText, reset));
    fullButton = makeButton("", label(frame, "full", "Full screen"), function () {
      setFull(!frame.classList.contains("jd-map-frame--full"));
    });
    tools.appendChild(fullButton);
    frame.insertBefore(tools, frame.firstChild);
    setFull(false);
    frame.jdMapClose = function () { setFull(false); };

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

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
