"""journeydocs owns only the playbook: the site's other pages and other plugins' values are
left as Material and their extensions made them."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_sample, run_mkdocs_build

HOOK = '''
def on_page_markdown(markdown, page, **kwargs):
    page.meta["other_plugin"] = '<span class="timeago">2 days ago</span>'
    return markdown

def on_post_page(output, page, **kwargs):
    return output + "<!--OTHER:" + str(page.meta.get("other_plugin")) + "-->"
'''
TABS = ('<div class="tabbed-set"><input checked="checked" id="__tabbed_1_1" name="__tabbed_1" '
        'type="radio"><input id="__tabbed_1_2" name="__tabbed_1" type="radio"></div>')


def test_other_pages_and_other_plugins_values_are_left_alone(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    (project / "hook.py").write_text(HOOK, encoding="utf-8")
    (project / "content" / "handbook.md").write_text(
        "# Handbook\n\n" + TABS + "\n", encoding="utf-8")
    sop = project / "content" / "sops" / "consultation-call.md"
    sop.write_text(sop.read_text(encoding="utf-8").replace(
        "---\n", "---\ndescription: Calls <b>today</b>\n", 1), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - hook.py\n",
                      encoding="utf-8")
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.output
    handbook = result.page("handbook/index.html")
    assert 'name="__tabbed_1" type="radio"' in handbook  # not a disabled checkbox
    assert "disabled" not in handbook.split("tabbed-set")[1].split("</div>")[0]
    page = result.page("sops/consultation-call/index.html")
    assert '<!--OTHER:<span class="timeago">2 days ago</span>-->' in page
    assert "Calls &lt;b&gt;today&lt;/b&gt;" in page  # the author's front matter, escaped
    assert "Calls <b>today</b>" not in page
