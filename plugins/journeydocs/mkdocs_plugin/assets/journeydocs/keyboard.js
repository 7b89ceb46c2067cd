/* journeydocs: Material's navigation drawer by keyboard, on screens narrow enough for it.
 *
 * Below Material's drawer breakpoint (76.25em) the site navigation is a drawer that slides
 * in when the header's menu icon is clicked, and each section of it is a panel that slides
 * over the one before. Material draws the closed drawer, and the panels not shown, off
 * screen or under the panel shown, yet their links stay in the tab order (a keyboard user
 * tabs through dozens of stops that cannot be seen), and the menu icon is a <label> that
 * cannot be focused. So, on every page, while the screen is narrow:
 *
 * - the closed drawer is inert: out of the tab order and hidden from screen readers, as it
 *   is hidden from the eye;
 * - in the open drawer, only the panel shown can be reached: the others are inert, and the
 *   panel's title (Material's "back" arrow, a <label>) can be focused, so Enter goes back
 *   to the panel before it (Material clicks a focused label on Enter), as can the current
 *   page's entry, which opens its table of contents. Opening or leaving a panel moves the
 *   focus into the panel shown;
 * - a real button takes the menu icon's place: focusable, named "Navigation", saying
 *   whether the drawer is open (aria-expanded). Enter or Space (or a click) opens the
 *   drawer and moves the focus to its first stop, so Tab goes on through its links;
 * - Escape closes the open drawer and gives the focus back to the button, and a focus that
 *   leaves the open drawer (Tab past its last link) closes it, as a click beside it does.
 *
 * On a wide screen the navigation is as Material made it. The drawer and its panels open and
 * close through Material's own toggles (input[data-md-toggle=drawer], .md-nav__toggle), so
 * Material's overlay, its closing on navigation and its styles keep working. Runs on each
 * page view (document$: instant navigation swaps the drawer and keeps the header) and once
 * the DOM is ready without it; idempotent (what it changes is marked data-jd-*, and put
 * back when the state changes). Without Material's markup it does nothing. pages.css keeps
 * the focus clear of the sticky header (scroll-padding-top) and Material's closed search
 * results out of the tab order.
 */
(function () {
  "use strict";

  // Once, however often the script is listed (the namespace as i18n.js makes it).
  var root = Object.prototype.hasOwnProperty.call(window, "journeydocs") &&
    window.journeydocs && typeof window.journeydocs === "object"
    ? window.journeydocs : (window.journeydocs = {});
  if (root.keyboard) return;
  root.keyboard = true;

  var NARROW = "(max-width: 76.234375em)"; // Material's own breakpoint for the drawer
  var FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden])," +
    " select, textarea, [tabindex]:not([tabindex='-1'])";

  // The scripts' words in the site's language (i18n.js), else the English msgid.
  function gettext(msgid) {
    var root = Object.prototype.hasOwnProperty.call(window, "journeydocs")
      ? window.journeydocs : null;
    var i18n = root && root.i18n;
    return i18n && typeof i18n.gettext === "function" ? i18n.gettext(msgid) : msgid;
  }

  var narrow = window.matchMedia ? window.matchMedia(NARROW) : { matches: false };

  function toggle() {
    return document.querySelector("input[data-md-toggle=drawer]");
  }
  function drawer() {
    return document.querySelector(".md-sidebar--primary");
  }
  function button() {
    return document.querySelector(".jd-drawer-button");
  }
  function isOpen() {
    var t = toggle();
    return !!(t && t.checked);
  }

  // --- what we change, marked so that it can be put back --------------------------------

  function makeInert(el) {
    if (el.hasAttribute("inert")) return;
    el.setAttribute("inert", "");
    el.setAttribute("data-jd-inert", "");
  }
  function makeFocusable(label) {
    if (label.hasAttribute("tabindex")) return;
    label.setAttribute("tabindex", "0");
    label.setAttribute("data-jd-tabindex", "");
  }
  function putBack(root) {
    var marked = Array.prototype.slice.call(root.querySelectorAll("[data-jd-inert]"));
    if (root.hasAttribute("data-jd-inert")) marked.push(root);
    for (var i = 0; i < marked.length; i++) {
      marked[i].removeAttribute("inert");
      marked[i].removeAttribute("data-jd-inert");
    }
    var labels = root.querySelectorAll("[data-jd-tabindex]");
    for (var j = 0; j < labels.length; j++) {
      labels[j].removeAttribute("tabindex");
      labels[j].removeAttribute("data-jd-tabindex");
    }
  }

  // --- the panels of the open drawer -------------------------------------------------------

  // A panel (nav.md-nav) is shown when it is the top one or its toggle is checked, and the
  // panel it is in is shown. The panel the drawer shows is the deepest of those.
  function toggleOf(panel) {
    var item = panel.parentElement;
    if (!item) return null;
    for (var child = item.firstElementChild; child; child = child.nextElementSibling) {
      if (child.matches("input.md-nav__toggle")) return child;
    }
    return null;
  }
  function shownPanel(d) {
    var top = d.querySelector("nav.md-nav--primary");
    if (!top) return null;
    var current = top;
    for (;;) {
      var next = null;
      var inner = current.querySelectorAll("nav.md-nav");
      for (var i = 0; i < inner.length; i++) {
        var t = toggleOf(inner[i]);
        if (t && t.checked && inner[i].parentElement.closest("nav.md-nav") === current) {
          next = inner[i];
          break;
        }
      }
      if (!next) return current;
      current = next;
    }
  }
  // Everything in `container` but the way to `keep` (and the toggles) becomes inert.
  function inertBesides(container, keep) {
    for (var child = container.firstElementChild; child; child = child.nextElementSibling) {
      if (child === keep || child.matches("input")) continue;
      if (child.contains(keep)) inertBesides(child, keep);
      else makeInert(child);
    }
  }
  function panelTitle(panel) {
    var first = panel.firstElementChild;
    return first && first.matches("label.md-nav__title") ? first : null;
  }

  // What the drawer's state means for the page.
  function sync() {
    var open = isOpen();
    var b = button();
    if (b) b.setAttribute("aria-expanded", open ? "true" : "false");
    var d = drawer();
    if (!d) return;
    putBack(d);
    if (!narrow.matches) return;
    if (!open) {
      makeInert(d);
      return;
    }
    var shown = shownPanel(d);
    if (!shown) return;
    var nested = shown.querySelectorAll("nav.md-nav");
    for (var i = 0; i < nested.length; i++) {
      if (toggleOf(nested[i])) makeInert(nested[i]); // a panel (a table of contents' parts are not)
    }
    // what opens a panel and says which (the page's own entry opens its table of contents)
    var openers = shown.querySelectorAll("label.md-nav__link[for]:not([tabindex])");
    for (var k = 0; k < openers.length; k++) {
      if (!openers[k].closest("[inert]") && openers[k].textContent.trim()) {
        makeFocusable(openers[k]);
      }
    }
    if (shown.matches(".md-nav--primary")) return;
    inertBesides(d, shown);
    var title = panelTitle(shown);
    if (title) makeFocusable(title);
  }

  function visible(el) {
    if (el.closest("[inert]") || !el.getClientRects().length) return false;
    return typeof el.checkVisibility !== "function" ||
      el.checkVisibility({ visibilityProperty: true });
  }
  function firstStop(root) {
    if (!root) return null;
    var all = root.querySelectorAll(FOCUSABLE);
    for (var i = 0; i < all.length; i++) {
      if (visible(all[i])) return all[i];
    }
    return null;
  }
  // Focus without scrolling: the panel may still be sliding in, and scrolling to where it
  // is drawn then would leave the drawer scrolled sideways. Once it is in place, the stop
  // is scrolled into view if the drawer is scrolled away from it.
  function focusOn(el) {
    el.focus({ preventScroll: true });
    window.setTimeout(function () {
      if (document.activeElement === el) el.scrollIntoView({ block: "nearest" });
    }, 300);
  }
  function focusIn(root) {
    var stop = firstStop(root);
    if (stop) focusOn(stop);
  }

  // Open or close through Material's toggle: a click changes it and tells Material.
  function setOpen(open) {
    var t = toggle();
    if (t && t.checked !== open) t.click();
    sync();
  }

  // A panel was opened or left (Material's toggle changed): the focus follows.
  function panelChanged(t) {
    var d = drawer();
    if (!d || !narrow.matches || !isOpen() || !d.contains(t)) return;
    var had = d.contains(document.activeElement);
    sync();
    if (!had) return;
    if (t.checked) {
      focusIn(shownPanel(d));
      return;
    }
    // back in the panel before: on what opened the one left, else the panel's first stop
    var item = t.parentElement;
    var opener = item && item.querySelector(
      ":scope > label.md-nav__link[for='" + t.id + "'], :scope > .md-nav__container > a");
    if (opener && visible(opener) && opener.matches(FOCUSABLE)) focusOn(opener);
    else focusIn(shownPanel(d));
  }

  // The button in the menu icon's place (once: the header outlives instant navigation).
  function makeButton(t) {
    var label = document.querySelector(".md-header label.md-header__button[for='" + t.id + "']");
    if (!label || button()) return;
    var b = document.createElement("button");
    b.type = "button";
    b.className = label.className + " jd-drawer-button";
    // Translators: the name of the header's menu button that opens the site's navigation
    // (a drawer that slides in on a phone)
    b.setAttribute("aria-label", gettext("Navigation"));
    b.setAttribute("aria-expanded", "false");
    for (var child = label.firstChild; child; child = child.nextSibling) {
      b.appendChild(child.cloneNode(true));
    }
    b.addEventListener("click", function () {
      var open = !isOpen();
      setOpen(open);
      if (open) focusIn(shownPanel(drawer()));
    });
    label.parentNode.insertBefore(b, label);
    label.setAttribute("hidden", "");
    label.classList.add("jd-drawer-label");
  }

  var bound = false;
  function bindOnce() {
    if (bound) return;
    bound = true;
    document.addEventListener("change", function (event) {
      var target = event.target;
      if (!(target instanceof HTMLInputElement)) return;
      if (target.matches("input[data-md-toggle=drawer]")) sync();
      else if (target.matches("input.md-nav__toggle")) panelChanged(target);
    });
    if (typeof narrow.addEventListener === "function") narrow.addEventListener("change", sync);
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !isOpen() || !narrow.matches) return;
      setOpen(false);
      var b = button();
      if (b) b.focus();
    });
    document.addEventListener("focusin", function (event) {
      if (!isOpen() || !narrow.matches) return;
      var d = drawer(), b = button();
      if ((d && d.contains(event.target)) || event.target === b) return;
      setOpen(false);
    });
  }

  function init() {
    var t = toggle();
    if (!t || !drawer()) return;
    makeButton(t);
    bindOnce();
    sync();
  }

  // Every page view: Material's document$ emits one per page, instant navigation included;
  // it may never emit (a site opened from disk), so the first page is also set up once the
  // DOM is ready. init() is idempotent.
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
