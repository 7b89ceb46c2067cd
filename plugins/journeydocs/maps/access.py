"""What a screen reader meets in a map's SVG: named links, stage groups, no loose text.

:func:`journeydocs.maps.render.inline_svg` calls these on the SVG Graphviz drew; the words
come from :mod:`journeydocs.maps.names` through the DOT (tooltips).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"


def svg_tag(name: str) -> str:
    return f"{{{SVG_NS}}}{name}"


def class_list(el: ET.Element) -> list[str]:
    return (el.get("class") or "").split()


IN_STAGE = "jd-in-stage-"
"""The class :mod:`journeydocs.maps.dot` gives a node of a stage group (``jd-in-stage-<id>``
for the group of class ``jd-stage-<id>``): Graphviz draws a group's box apart from its
nodes, :func:`structure` moves each node into its group."""


def structure(graph: ET.Element) -> None:
    """What a screen reader meets: stage groups that hold their steps, no loose text.

    Graphviz draws a stage group (cluster) as a box and a label, apart from its nodes. Each
    group becomes ``role="group"`` named by its tooltip (then dropped: no hover text on the
    box), its label hidden as the name says it, and the nodes of :data:`IN_STAGE` move into
    it, in their order (a group is drawn before every node and arrow, so its nodes still paint
    above its box). Arrows, with their branch labels, are hidden: the text version of the map
    (the page's steps) says where each branch leads. So are branch label nodes.
    """
    groups: dict[str, ET.Element] = {}
    for group in list(graph):
        classes = class_list(group)
        if group.tag != svg_tag("g"):
            continue
        if "cluster" in classes:
            for wrapper in [w for w in group if w.tag == svg_tag("g")]:
                link = wrapper.find(svg_tag("a"))
                if link is None:
                    continue
                name = link.attrib.pop(f"{{{XLINK_NS}}}title", None)
                at = list(group).index(wrapper)
                group.remove(wrapper)
                for k, child in enumerate(list(link)):
                    group.insert(at + k, child)
                if name:
                    group.set("role", "group")
                    group.set("aria-label", name)
            for text in group.iter(svg_tag("text")):
                text.set("aria-hidden", "true")
            for cls in classes:
                if cls.startswith("jd-stage-"):
                    groups.setdefault(cls[len("jd-stage-"):], group)
        elif "edge" in classes or "jd-branch-label" in classes:
            group.set("aria-hidden", "true")
    for node in list(graph):
        classes = class_list(node)
        member = next((c for c in classes if c.startswith(IN_STAGE)), None)
        if member is None:
            continue
        node.set("class", " ".join(c for c in classes if c != member))
        target = groups.get(member[len(IN_STAGE):])
        if target is not None:
            graph.remove(node)
            target.append(node)


def name_links(root: ET.Element) -> None:
    """Each node's tooltip becomes a ``<title>`` child of its link, which browsers show on
    hover and screen readers read as the link's name; the link's own text is hidden from
    them, as the name says it in words (the ★ too, which they would read "black star").
    Graphviz's ``target`` goes. Chromium's accessibility tree only knows SVG 2 links, so a
    link with ``xlink:href`` also says ``role="link"``."""
    for anchor in root.iter(svg_tag("a")):
        tip = anchor.attrib.pop(f"{{{XLINK_NS}}}title", None)
        anchor.attrib.pop("target", None)
        anchor.attrib.pop(f"{{{XLINK_NS}}}target", None)
        if anchor.get(f"{{{XLINK_NS}}}href"):
            anchor.set("role", "link")  # browsers expose `xlink:href`-only links as plain text
        if tip:
            title_el = ET.Element(svg_tag("title"))
            title_el.text = tip
            anchor.insert(0, title_el)
            for text in anchor.iter(svg_tag("text")):
                text.set("aria-hidden", "true")
