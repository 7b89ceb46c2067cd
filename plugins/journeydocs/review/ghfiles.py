"""The files journeydocs keeps in ``.github/``: the run issue form and the workflows.

:data:`GENERATED` lists them as (path from the top of the repository, render function);
``journeydocs github-files`` writes them and ``--check`` fails when one is stale. Adding a
file is one line there. Each render function takes the project's folder inside the
repository (``""`` at the top, else ending in ``/``) and returns the file's text, in the
active language where a person reads it (the form's labels), so the same project gives the
same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from journeydocs.content.runissue import FIELDS, FORM_FILE, LABEL
from journeydocs.i18n import N_, _
from journeydocs.review.weekly_workflow import INSTALL, render_weekly_workflow

REQUIRED = {"sop", "started"}
INTRO = N_("The SOP page filled this in. Submit it as it is: a workflow checks it, commits "
           "the run record and closes the issue. You (the issue author) are recorded as the "
           "person who ran it.")
MULTILINE = {"notes"}


def _q(text: str) -> str:
    """A YAML scalar that stays text (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def issue_form(prefix: str) -> str:
    """``.github/ISSUE_TEMPLATE/journeydocs-run.yml``: the form "File this run" opens,
    prefilled through the URL (each field's ``id`` is a query parameter)."""
    lines = [
        "# Written by `journeydocs github-files`; `journeydocs github-files --check` fails",
        "# when it is stale. Field ids are the query parameters the SOP pages fill in.",
        f"name: {_q(_('Checklist run'))}",
        f"description: {_q(_('A checklist run, filed from an SOP page of the playbook'))}",
        f"title: {_q(_('Run: '))}",
        f"labels: [{_q(LABEL)}]",
        "body:",
        "  - type: markdown",
        "    attributes:",
        "      value: " + _q(_(INTRO)),
    ]
    for fid, label in FIELDS:
        kind = "textarea" if fid in MULTILINE else "input"
        lines += [f"  - type: {kind}", f"    id: {fid}", "    attributes:",
                  f"      label: {_q(_(label))}"]
        if fid in REQUIRED:
            lines += ["    validations:", "      required: true"]
    return "\n".join(lines) + "\n"


def records_workflow(prefix: str) -> str:
    """``.github/workflows/journeydocs-records.yml``: a filed run becomes a record."""
    path = prefix.rstrip("/") or "."
    return f"""\
# Written by `journeydocs github-files`; `journeydocs github-files --check` fails when it is
# stale. A run filed from an SOP page (the issue form {FORM_FILE}, label {LABEL}) becomes
# a run record: `journeydocs record` checks the issue, commits
# records/runs/<year>/<sop>-<issue>.yml, comments with a link and closes the issue. A
# malformed issue gets its problems as a comment (issue #N: line L: message) and stays open;
# editing it runs this again.
name: journeydocs run records

on:
  issues:
    types: [opened, edited]

permissions:
  contents: write
  issues: write

concurrency:
  group: journeydocs-records  # one record at a time: each commit builds on the last
  cancel-in-progress: false

defaults:
  run:
    shell: bash

jobs:
  record:
    name: Record the filed run
    if: >-
      ${{{{ github.event.issue.state == 'open'
      && contains(github.event.issue.labels.*.name, '{LABEL}') }}}}
    runs-on: ubuntu-latest
    timeout-minutes: 15
    env:
      NUMBER: ${{{{ github.event.issue.number }}}}
      GH_TOKEN: ${{{{ github.token }}}}
      GH_REPO: ${{{{ github.repository }}}}
      NO_MKDOCS_2_WARNING: "1"
    steps:
      - name: Check out the default branch
        uses: actions/checkout@v5
        with:
          ref: ${{{{ github.event.repository.default_branch }}}}

      - name: Set up Python
        uses: actions/setup-python@v6
        with:
          python-version: "3.11"

      - name: Install journeydocs
        working-directory: {path}
        run: |
{INSTALL}
      - name: Check the issue and commit the run record
        id: record
        working-directory: {path}
        run: |
          git config user.name "github-actions[bot]"
          git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
          status=0
          journeydocs record --event "$GITHUB_EVENT_PATH" --path . --commit \\
            --comment "$RUNNER_TEMP/comment.md" || status=$?
          echo "status=$status" >> "$GITHUB_OUTPUT"
          if [ "$status" -ge 2 ]; then exit "$status"; fi

      - name: Push the record
        if: ${{{{ steps.record.outputs.status == '0' }}}}
        env:
          BRANCH: ${{{{ github.event.repository.default_branch }}}}
        run: git push origin "HEAD:refs/heads/$BRANCH"

      - name: Comment and close the issue
        if: ${{{{ steps.record.outputs.status == '0' }}}}
        run: |
          gh issue comment "$NUMBER" --body-file "$RUNNER_TEMP/comment.md"
          gh issue close "$NUMBER" --reason completed

      - name: Comment the problems
        if: ${{{{ steps.record.outputs.status == '1' }}}}
        run: gh issue comment "$NUMBER" --body-file "$RUNNER_TEMP/comment.md"
"""


GENERATED: list[tuple[str, Callable[[str], str]]] = [
    (f".github/ISSUE_TEMPLATE/{FORM_FILE}", issue_form),
    (".github/workflows/journeydocs-records.yml", records_workflow),
    (".github/workflows/journeydocs-weekly.yml", render_weekly_workflow),
]
"""(path from the top of the repository, render function): every file journeydocs keeps in
``.github/``."""
