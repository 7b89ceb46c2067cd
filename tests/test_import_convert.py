"""`journeydocs import`, the pure core: one rule of the conversion (and of ids) per test."""

from __future__ import annotations

import datetime as dt

import pytest

from journeydocs.content.checklist import sop_items
from journeydocs.content.importing import Change, Converted, convert
from journeydocs.content.importplan import Target, id_for, plan, relink_for, title_from
from journeydocs.content.schema import SOP, Validator
from journeydocs.content.sopfile import first_heading, split_front_matter
from journeydocs.problems import Problems

OWNERS = frozenset({"sre-lead", "people-ops"})


def run(text: str, *, owner: str = "sre-lead", numbered: bool = False,
        links: dict[str, str | None] | None = None) -> Converted:
    relink = None if links is None else links.get
    return convert(text, title="From the file name", owner=owner, owners=OWNERS,
                   numbered_steps=numbered, relink=relink)


def front(result: Converted) -> dict[str, object]:
    """The result's front matter as the checker reads it; fails on any problem it reports."""
    problems = Problems()
    split = split_front_matter(result.text, "x.md", problems)
    data = Validator(split.front, "x.md", problems).object(split.front.data, SOP, (), "x")
    assert not problems, [p.text() for p in problems]
    assert data is not None
    return data


def said(result: Converted, words: str) -> list[Change]:
    return [c for c in result.changes if words in c.message]


def test_front_matter_added_with_the_owner_of_the_option() -> None:
    result = run("# Restart the queue\n\n- [ ] Drain it\n")
    assert front(result) == {"owner": "sre-lead"}
    assert result.text.endswith("---\n# Restart the queue\n\n- [ ] Drain it\n")
    assert said(result, "front matter added")[0].line == 1
    assert said(result, "owner 'sre-lead' (--owner)")


def test_an_owner_of_the_owners_file_is_kept_over_the_option() -> None:
    result = run("---\nowner: people-ops\n---\n# A\n- [ ] b\n")
    assert front(result)["owner"] == "people-ops"
    assert not said(result, "owner")


def test_an_unknown_owner_is_replaced_and_kept_as_a_comment() -> None:
    result = run("---\ntitle: A\nowner: IT Operations\n---\n- [ ] b\n")
    assert front(result)["owner"] == "sre-lead"
    assert "# owner: IT Operations\n" in result.text
    change = said(result, "owner 'IT Operations' is not in the owners file")[0]
    assert change.line == 3 and not change.attention


def test_no_owner_and_no_option_is_a_to_do() -> None:
    result = run("# A\n- [ ] b\n", owner="")
    change = said(result, "no owner")[0]
    assert change.attention and "--owner" in change.message
    assert "owner:" not in result.text


def test_foreign_keys_are_kept_as_comments_and_reported_at_their_line() -> None:
    text = ("---\nauthor: Jordan Lee\ndate: 2024-03-18\nextra:\n  team: it\n  cost: 3\n---\n"
            "# A\n- [ ] b\n")
    result = run(text)
    assert front(result) == {"owner": "sre-lead"}
    assert ("# author: Jordan Lee\n# date: 2024-03-18\n# extra:\n#   team: it\n#   cost: 3\n"
            in result.text)
    assert [(c.line, c.message) for c in result.changes if "comment" in c.message] == [
        (2, "'author' kept as a comment: not an SOP key"),
        (3, "'date' kept as a comment: not an SOP key"),
        (4, "'extra' kept as a comment: not an SOP key")]


def test_tags_as_text_become_a_list_and_synonyms_are_merged() -> None:
    result = run("---\ntags: people, security\ncategories: [it, people]\n---\n# A\n- [ ] b\n")
    assert front(result)["tags"] == ["people", "security", "it"]
    assert said(result, "'tags' made a list")[0].line == 2
    assert said(result, "'categories' renamed 'tags'")[0].line == 3


def test_a_synonym_gives_way_to_the_key_itself_and_empty_values_are_not_to_dos() -> None:
    text = ("---\nkeywords: [b]\ntags: [a]\nsummary: Short.\ndescription: Long.\ntools:\n"
            "owner:\n---\n# A\n- [ ] b\n")
    result = run(text)
    assert front(result)["tags"] == ["b", "a"]
    assert "description: Long.\n" in result.text and "# summary: Short.\n" in result.text
    assert said(result, "'summary' kept as a comment: 'description' is already set")[0].attention
    empty = said(result, "'tools' kept as a comment: it is empty")[0]
    assert not empty.attention
    assert said(result, "owner 'sre-lead' (--owner)")[0].line == 7


def test_obvious_synonyms_are_mapped() -> None:
    text = ("---\nsummary: Remove access when someone leaves.\nreview_interval: 6m\n"
            "reviewed: 2025-01-31\n---\n# A\n- [ ] b\n")
    result = run(text)
    assert front(result) == {"owner": "sre-lead", "review_every": "6m",
                             "last_reviewed": dt.date(2025, 1, 31)}
    assert "description: Remove access when someone leaves.\n" in result.text


def test_an_invalid_value_of_an_sop_key_is_a_commented_to_do() -> None:
    result = run("---\nreview_every: quarterly\nlast_reviewed: 31/01/2025\n---\n# A\n- [ ] b\n")
    assert front(result) == {"owner": "sre-lead"}
    assert "# review_every: quarterly\n# last_reviewed: 31/01/2025\n" in result.text
    assert all(c.attention for c in said(result, "its value is not valid"))
    assert len(said(result, "its value is not valid")) == 2


def test_material_keys_are_kept_as_written_unless_check_refuses_them() -> None:
    text = "---\nhide:\n  - toc\ntemplate: ../../etc/passwd\n---\n# A\n- [ ] b\n"
    result = run(text)
    assert "\nhide:\n  - toc\n" in result.text
    assert "# template: ../../etc/passwd\n" in result.text
    front(result)


@pytest.mark.parametrize("title", ["yes", "Step 1: prepare", "Deploy #2", '"Quoted"', "系統維護"])
def test_titles_are_written_so_every_yaml_reader_reads_the_same_text(title: str) -> None:
    result = run(f"---\ntitle: '{title}'\n---\n- [ ] b\n")
    assert front(result)["title"] == title


@pytest.mark.parametrize("text", ["---\n: : :\n---\n# A\n- [ ] b\n",
                                  "+++\ntitle = 'A'\n+++\n# A\n- [ ] b\n"])
def test_front_matter_that_cannot_be_read_is_kept_as_comments(text: str) -> None:
    result = run(text)
    assert front(result) == {"owner": "sre-lead"}
    assert said(result, "front matter cannot be read")[0].attention
    assert result.text.count("# ") >= 2


def test_the_title_is_the_first_h1_and_code_comments_are_not_headings() -> None:
    result = run("```sh\n# not a title\n```\n# Real title\n- [ ] b\n")
    assert result.title == "Real title"
    assert "title:" not in result.text


def test_without_title_or_h1_the_title_comes_from_the_file_name() -> None:
    result = run("Intro.\n\n## Steps\n- [ ] b\n")
    assert front(result)["title"] == "From the file name"
    assert said(result, "no title and no H1")[0].line == 1


def test_a_setext_h1_is_written_as_an_atx_heading() -> None:
    result = run("Release checklist\n=================\n\n- [ ] b\n")
    body = result.text.split("---\n", 2)[2]
    assert body == "# Release checklist\n\n- [ ] b\n"
    assert first_heading(body) == "Release checklist"
    assert said(result, "heading written")[0].line == 1


def test_numbered_steps_become_items_only_when_asked() -> None:
    text = "---\ntitle: A\n---\n1. One\n2) Two\n   1. Sub-step\n3. [ ] Already an item\n"
    without = run(text)
    assert without.items == 1 and "1. One" in without.text
    with_ = run(text, numbered=True)
    assert with_.items == 4
    assert "- [ ] One\n- [ ] Two\n   - [ ] Sub-step\n3. [ ] Already an item\n" in with_.text
    assert [c.line for c in said(with_, "numbered step")] == [4, 5, 6]


def test_fenced_code_is_left_alone() -> None:
    text = ("# A\n\n```sh\n# comment\n1. not a step\n- [ ] not an item\n```\n~~~\n2. no\n~~~\n"
            "- [ ] b\n")
    result = run(text, numbered=True)
    assert result.text.endswith(text)
    assert result.items == 1 and not said(result, "numbered step")


def test_ticked_items_are_unticked_and_said() -> None:
    result = run("# A\n* [x] done by CI\n* [X] also\n* [ ] open\n")
    assert result.items == 3
    assert "* [ ] done by CI\n* [ ] also\n* [ ] open\n" in result.text
    assert [c.line for c in said(result, "unticked")] == [2, 3]


def test_no_item_but_numbered_steps_points_at_the_option() -> None:
    result = run("# A\n\nIntro\n\n1. One\n2. Two\n")
    change = said(result, "no checklist item")[0]
    assert change.attention and change.line == 5 and "--numbered-steps" in change.message


def test_no_item_at_all_says_how_to_write_one() -> None:
    result = run("# A\n\n- a loose bullet\n")
    change = said(result, "no checklist item")[0]
    assert change.attention and "'- [ ] '" in change.message
    assert sop_items(result.text, 1) == []


def test_links_to_imported_procedures_become_sop_references() -> None:
    links: dict[str, str | None] = {"offboarding.md": "offboarding", "guide.md": "",
                                    "../gone.md": None, "b.md": "b"}
    text = ("# A\n- [ ] See [offboarding](offboarding.md), the [guide](guide.md) and "
            "[the web](https://example.com/x.md)\n- [ ] And [gone](../gone.md) or "
            "[part](b.md#step-2) ![pic](b.md)\n")
    result = run(text, links=links)
    assert "[[sop:offboarding|offboarding]], the [guide](guide.md) and [the web](https" in (
        result.text)
    assert "[gone](../gone.md) or [[sop:b|part]] ![pic](b.md)" in result.text
    assert not said(result, "made [[sop:offboarding|offboarding]]")[0].attention
    assert said(result, "'#step-2' part is dropped")[0].attention
    assert said(result, "'../gone.md', which is neither imported")[0].line == 3


# --- ids and targets -----------------------------------------------------------------------

@pytest.mark.parametrize(("rel", "sop_id"), [
    ("runbooks/on-call_handover.md", "on-call-handover"),
    ("runbooks/Alert - HighErrorRate.md", "alert-higherrorrate"),
    ("runbooks/Café opening.markdown", "cafe-opening"),
    ("security/index.md", "security"),
    ("Access Reviews/README.md", "access-reviews"),
    ("runbooks/01-intro.md", "sop-01-intro"),
    ("x/index.md", "x"),
    ("runbooks/事故响应.md", "sop-8effb4c8"),
])
def test_ids_from_file_names(rel: str, sop_id: str) -> None:
    assert id_for(rel)[0] == sop_id


def test_a_made_up_id_says_so() -> None:
    assert "rename the file" in id_for("a/事故响应.md")[1]
    assert id_for("a/restart.md") == ("restart", "")


def test_plan_keeps_sub_folders_and_gives_taken_ids_a_number() -> None:
    targets = plan([("/in/a/index.md", "a/index.md"), ("/in/a.md", "a.md"),
                    ("/in/b.md", "b.md"), ("/in/c.md", "c.md")],
                   taken={"b": "b.md", "c": "old/c.md"})
    assert [(t.sop_id, t.path) for t in targets] == [
        ("a", "a/a.md"), ("a-2", "a-2.md"), ("b", "b.md"), ("c-2", "c-2.md")]
    assert "'c' is taken by old/c.md" in targets[3].why


def test_titles_from_file_names() -> None:
    assert title_from("/in/on-call_handover.md") == "On call handover"
    assert title_from("/in/access-reviews/index.md") == "Access reviews"


def test_relink_resolves_links_against_the_source_file() -> None:
    targets = [Target("/in/a/x.md", "a/x.md", "x", "a/x.md"),
               Target("/in/security/index.md", "security/index.md", "security",
                      "security/security.md")]
    relink = relink_for(targets, targets[0], lambda p: p == "a/pic.png")
    assert relink("../security/index.md") == "security"
    assert relink("pic.png") == ""
    assert relink("missing.md") is None


def test_a_task_list_glued_to_a_paragraph_gets_its_blank_line() -> None:
    result = run("# A\n\nBefore you start:\n- [ ] Check\n- [ ] Tell\n")
    assert result.items == 2
    assert "Before you start:\n\n- [ ] Check\n- [ ] Tell\n" in result.text
    assert [c.line for c in said(result, "blank line added")] == [4]
