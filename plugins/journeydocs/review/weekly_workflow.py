"""The scheduled workflow ``.github/workflows/journeydocs-weekly.yml``, as text. Pure.

Every Monday it asks ``journeydocs review --week --json`` for the review of the week that
ended the day before (the body of the meeting issue, the owners' GitHub handles) and for the
run issues of the week that starts (each SOP whose ``schedule:`` falls in it), then opens
them with ``gh``: the meeting issue assigned to the owners, one issue per scheduled SOP
assigned to whoever runs it, linking the SOP's page. A run issue already open (same title)
is not opened twice. Run issues that could not be filed as records (open issues labelled
``run_label``) are listed in the meeting issue. The diff maps of the week's changes are the
run's ``weekly-diff-maps`` artifact, which the meeting issue links.

Generated rather than hand-written so the paths, labels and commands stay those of the
project: ``journeydocs github-files`` writes the ``.github`` files and ``--check`` fails when
one is stale. ``RUN_LABEL`` is the label of the "File this run" issue form.
"""

from __future__ import annotations

from journeydocs.review.weekly_text import RUN_DUE_LABEL

MEETING_LABEL = "journeydocs-weekly"
RUN_LABEL = "journeydocs-run"
"""The label of the issues "File this run" opens (the issue form's)."""

INSTALL = """\
          if [ -f requirements/lock.txt ]; then
            python -m pip install --require-hashes -r requirements/lock.txt
            python -m pip install --no-deps -e .
          elif [ -f requirements.txt ]; then
            python -m pip install -r requirements.txt
          else
            python -m pip install journeydocs
          fi
"""
"""The shell lines of a generated workflow's install step (inside its ``run: |`` block, 10
spaces in): the project's lock with hashes, else its requirements, else journeydocs from
PyPI. The records workflow (:mod:`.ghfiles`) uses the same."""

_TEMPLATE = """\
# Written by `journeydocs github-files`; `journeydocs github-files --check` fails when it is
# stale. Every Monday: the weekly review's meeting issue (label {meeting_label}), assigned to
# the owners' GitHub handles, and a run issue (label {run_due_label}) for each SOP whose
# `schedule:` falls in the new week. Run issues not yet filed (label {run_label}) are listed
# in the meeting issue; the week's diff maps are this run's weekly-diff-maps artifact.
name: journeydocs weekly review

on:
  schedule:
    - cron: "{cron}"
  workflow_dispatch:

permissions:
  contents: read
  issues: write

concurrency:
  group: journeydocs-weekly
  cancel-in-progress: false

defaults:
  run:
    shell: bash

jobs:
  weekly:
    name: Open the weekly review and the scheduled runs
    runs-on: ubuntu-latest
    timeout-minutes: 30
    env:
      GH_TOKEN: ${{{{ github.token }}}}
      GH_REPO: ${{{{ github.repository }}}}
      NO_MKDOCS_2_WARNING: "1"
    steps:
      - name: Check out with history
        uses: actions/checkout@v5
        with:
          fetch-depth: 0  # the week's changes come from git

      - name: Set up Python
        uses: actions/setup-python@v6
        with:
          python-version: "3.11"

      - name: Install journeydocs and Graphviz (the diff maps)
        working-directory: {path}
        run: |
          sudo apt-get update -q
          sudo apt-get install -y -q --no-install-recommends graphviz fonts-noto-cjk
{install}
      - name: Run issues that were not filed
        run: |
          gh issue list --label "{run_label}" --state open --limit 200 \\
            --json number,title,url,author,body > "$RUNNER_TEMP/filing.json" \\
            || echo "[]" > "$RUNNER_TEMP/filing.json"

      - name: The weekly review
        working-directory: {path}
        run: |
          site_url="$(gh api "repos/$GH_REPO/pages" --jq .html_url 2>/dev/null || true)"
          maps_url="$GITHUB_SERVER_URL/$GH_REPO/actions/runs/$GITHUB_RUN_ID"
          journeydocs review --path . --json \\
            --week "$(date -u -d yesterday +%F)" --runs-week "$(date -u +%F)" \\
            --filing "$RUNNER_TEMP/filing.json" --site-url "$site_url" \\
            --maps "$RUNNER_TEMP/weekly-diff-maps" --maps-url "$maps_url" \\
            > "$RUNNER_TEMP/weekly.json"

      - name: Keep the diff maps
        uses: actions/upload-artifact@v6
        with:
          name: weekly-diff-maps
          path: ${{{{ runner.temp }}}}/weekly-diff-maps
          if-no-files-found: ignore

      - name: Open the meeting issue
        run: |
          review="$RUNNER_TEMP/weekly.json"
          jq -r .body "$review" > "$RUNNER_TEMP/meeting.md"
          gh label create "{meeting_label}" --color 0e8a16 2>/dev/null || true
          args=(--title "$(jq -r .title "$review")" --body-file "$RUNNER_TEMP/meeting.md"
                --label "{meeting_label}")
          while read -r handle; do
            [ -n "$handle" ] && args+=(--assignee "$handle")
          done < <(jq -r '.assignees[]' "$review")
          gh issue create "${{args[@]}}"

      - name: Open the scheduled run issues
        run: |
          review="$RUNNER_TEMP/weekly.json"
          gh label create "{run_due_label}" --color 1d76db 2>/dev/null || true
          count="$(jq '.runs | length' "$review")"
          for ((i = 0; i < count; i++)); do
            title="$(jq -r ".runs[$i].title" "$review")"
            if gh issue list --label "{run_due_label}" --state open --json title \\
                 --jq '.[].title' | grep -Fxq -- "$title"; then
              echo "already open: $title"
              continue
            fi
            jq -r ".runs[$i].body" "$review" > "$RUNNER_TEMP/run.md"
            args=(--title "$title" --body-file "$RUNNER_TEMP/run.md"
                  --label "{run_due_label}")
            while read -r handle; do
              [ -n "$handle" ] && args+=(--assignee "$handle")
            done < <(jq -r ".runs[$i].assignees[]" "$review")
            gh issue create "${{args[@]}}"
          done
"""


def render_weekly_workflow(prefix: str = "", *, cron: str = "0 6 * * 1") -> str:
    """The workflow's text. ``prefix`` is the project's folder inside the repository (``""``
    at the top, else ending in ``/``), as every render function of ``journeydocs
    github-files`` takes it; ``cron`` is when it runs (UTC; Mondays at 06:00)."""
    return _TEMPLATE.format(install=INSTALL, cron=cron, path=prefix.rstrip("/") or ".",
                            run_label=RUN_LABEL, run_due_label=RUN_DUE_LABEL,
                            meeting_label=MEETING_LABEL)
