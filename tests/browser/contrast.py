"""Contrast as a person sees it, measured in Chromium.

Text: the computed colour of an element, its alpha and its ancestors' opacity blended over
the backgrounds behind it (each ancestor's computed background colour, composited from the
page down), then the WCAG 2 contrast ratio. Colours are read as Chromium gives them:
``rgb()``, ``rgba()`` and ``color(srgb ...)`` (what ``color-mix()`` computes to).

Shapes (a tick box drawn by CSS): a screenshot of the box's own area, decoded in the page,
and its pixels read: the background is the colour of the clip's corners (outside the
circle), the "ink" is every pixel that differs from it; the modal ink colour (the ring's or
the disc's solid colour, not its anti-aliased edge) is compared with the background, and the
number of ink pixels that reach 3:1 tells whether a whole circle of them is there. Where ink
sits in the middle of the clip tells a ring (hollow) from a dash or a disc, and the middle's
pixel most unlike the ink tells whether a mark (a check) is cut out of a disc.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

COLOURS_JS = r"""
(() => {
  function parse(text) {
    let m = /^rgba?\(([^)]*)\)$/.exec(text);
    if (m) {
      const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
      return [p[0] / 255, p[1] / 255, p[2] / 255, p.length > 3 ? p[3] : 1];
    }
    m = /^color\(srgb ([^)]*)\)$/.exec(text);
    if (m) {
      const p = m[1].split(/[\s\/]+/).filter(Boolean).map(parseFloat);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    }
    m = /^oklab\(([^)]*)\)$/.exec(text);   // (a colour in the middle of a transition)
    if (m) {
      const p = m[1].split(/[\s\/]+/).filter(Boolean).map(parseFloat);
      const l = Math.pow(p[0] + 0.3963377774 * p[1] + 0.2158037573 * p[2], 3);
      const mm = Math.pow(p[0] - 0.1055613458 * p[1] - 0.0638541728 * p[2], 3);
      const s = Math.pow(p[0] - 0.0894841775 * p[1] - 1.2914855480 * p[2], 3);
      const lin = [4.0767416621 * l - 3.3077115913 * mm + 0.2309699292 * s,
                   -1.2684380046 * l + 2.6097574011 * mm - 0.3413193965 * s,
                   -0.0041960863 * l - 0.7034186147 * mm + 1.7076147010 * s];
      const enc = (v) => Math.min(1, Math.max(0, v <= 0.0031308 ? 12.92 * v
                                              : 1.055 * Math.pow(v, 1 / 2.4) - 0.055));
      return lin.map(enc).concat([p.length > 3 ? p[3] : 1]);
    }
    throw new Error("colour not understood: " + text);
  }
  function over(top, under) {   // top (with alpha) composited over an opaque colour
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat([1]);
  }
  function luminance(c) {
    const lin = (v) => (v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  }
  function ratio(a, b) {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  }
  /** The opaque colour behind `el`: the backgrounds of it and its ancestors, composited. */
  function background(el) {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      layers.push(parse(getComputedStyle(node).backgroundColor));
    }
    let colour = [1, 1, 1, 1];   // the canvas
    layers.reverse().forEach((layer) => { colour = over(layer, colour); });
    return colour;
  }
  function opacity(el) {
    let o = 1;
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      o *= parseFloat(getComputedStyle(node).opacity);
    }
    return o;
  }
  /** Contrast of an element's text against what is behind it. */
  function text(el) {
    const bg = background(el);
    const fg = parse(getComputedStyle(el).color);
    fg[3] *= opacity(el);
    return { ratio: ratio(over(fg, bg), bg), color: getComputedStyle(el).color,
             background: "rgb(" + bg.slice(0, 3).map((v) => Math.round(v * 255)) + ")" };
  }
  /** The pixels of a PNG (base64), as [[r, g, b], ...] in 0..255, with its size. */
  async function pixels(b64) {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext("2d");
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const out = [];
    for (let i = 0; i < data.length; i += 4) out.push([data[i], data[i + 1], data[i + 2]]);
    return { width: bitmap.width, height: bitmap.height, pixels: out };
  }
  /** What a shape in a screenshot shows: background, modal ink and how much of it. */
  async function ink(b64) {
    const img = await pixels(b64);
    const key = (p) => p.join(",");
    const at = (x, y) => img.pixels[y * img.width + x];
    const w = img.width, h = img.height;
    const corners = [at(0, 0), at(w - 1, 0), at(0, h - 1), at(w - 1, h - 1)];
    const bg = corners[0];
    const unit = (p) => p.map((v) => v / 255).concat([1]);
    const counts = {};
    let strong = 0, inkCount = 0, centre = 0, centreBackground = 0;
    img.pixels.forEach((p, i) => {
      const x = i % w, y = Math.floor(i / w);
      const middle = Math.abs(x + 0.5 - w / 2) < w / 6 && Math.abs(y + 0.5 - h / 2) < h / 6;
      const r = ratio(unit(p), unit(bg));
      if (Math.max(...p.map((v, i) => Math.abs(v - bg[i]))) <= 8) {   // background
        if (middle) centreBackground += 1;
        return;
      }
      inkCount += 1;
      if (r >= 3) strong += 1;
      if (r >= 3 && middle) centre += 1;
      counts[key(p)] = (counts[key(p)] || 0) + 1;
    });
    const modal = Object.keys(counts).sort((a, b) => counts[b] - counts[a])[0];
    const modalPixel = modal ? modal.split(",").map(Number) : bg;
    // A mark drawn into the ink (a check cut out of a disc): the pixel of the middle that
    // stands out most from the modal ink colour
    let mark = 1;
    img.pixels.forEach((p, i) => {
      const x = i % w, y = Math.floor(i / w);
      if (Math.abs(x + 0.5 - w / 2) < w / 6 && Math.abs(y + 0.5 - h / 2) < h / 6) {
        mark = Math.max(mark, ratio(unit(p), unit(modalPixel)));
      }
    });
    return {
      background: bg, cornersAgree: corners.every((c) => key(c) === key(bg)),
      modal: modalPixel, modalRatio: ratio(unit(modalPixel), unit(bg)),
      ink: inkCount, strong: strong, centre: centre, centreBackground: centreBackground,
      markRatio: mark,
      width: w, height: h
    };
  }
  window.__jdColours = { parse, over, ratio, background, text, ink };
})();
"""


@dataclass
class Ink:
    """What a screenshot of a shape shows (see the module's docstring)."""

    background: list[int]
    modal: list[int]
    modal_ratio: float  # the modal ink colour against the background
    ink: int  # pixels that are not the background
    strong: int  # ink pixels at >= 3:1 against the background
    centre: int  # of those, the ones in the middle ninth of the clip (a dash, a disc)
    centre_background: int  # background pixels in the middle ninth (a ring's hole)
    mark_ratio: float  # the middle's pixel most unlike the modal ink (a check in a disc)
    width: int
    height: int
    corners_agree: bool
    png: bytes


def install(page: Any) -> None:
    """Make ``window.__jdColours`` available in the page (idempotent), once the page's
    transitions (a button's colour) have ended: the colours are their final ones."""
    page.evaluate(COLOURS_JS)
    page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished))")


def text_contrast(locator: Any) -> dict[str, Any]:
    """``{ratio, color, background}`` of the element's text against what is behind it."""
    install(locator.page)
    result: dict[str, Any] = locator.evaluate("(el) => window.__jdColours.text(el)")
    return result


def shape_ink(page: Any, clip: dict[str, float]) -> Ink:
    """The ink of the screenshot of ``clip`` (page coordinates of the viewport)."""
    install(page)
    png = page.screenshot(clip=clip, animations="disabled", caret="hide")
    found = page.evaluate("(b64) => window.__jdColours.ink(b64)",
                          base64.b64encode(png).decode("ascii"))
    return Ink(found["background"], found["modal"], found["modalRatio"], found["ink"],
               found["strong"], found["centre"], found["centreBackground"],
               found["markRatio"], found["width"], found["height"], found["cornersAgree"], png)


def box_clip(li: Any, margin: float = 3) -> dict[str, float]:
    """The area of an item's tick box (the ``::before`` of its ``.task-list-indicator``,
    placed against the item), ``margin`` pixels wider on each side, scrolled into view."""
    li.scroll_into_view_if_needed()
    box: dict[str, float] = li.evaluate(
        """(li) => {
          const indicator = li.querySelector(":scope > label .task-list-indicator");
          const s = getComputedStyle(indicator, "::before");
          const r = li.getBoundingClientRect();
          const left = s.left === "auto" ? r.width - parseFloat(s.right) - parseFloat(s.width)
                                         : parseFloat(s.left);
          return { x: r.left + left, y: r.top + parseFloat(s.top),
                   width: parseFloat(s.width), height: parseFloat(s.height) };
        }""")
    return {"x": box["x"] - margin, "y": box["y"] - margin,
            "width": box["width"] + 2 * margin, "height": box["height"] + 2 * margin}
