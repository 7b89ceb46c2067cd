"""The checklist's storage part on its own: records, runs, keys, quarantine, broken storage.

assets/journeydocs/checklist-storage.js (in the plugin package) touches no DOM, so it is
loaded alone into a blank page of the built sample site's origin (no SOP page, no panel, no
Material) and its functions are called through the namespace it sets up,
``window.journeydocs.checklist``: ``.storage`` (format, keys, records, runs) and ``.util``.
The format is documented at the top of that file; these tests hold it to that text. One test
runs it in a web worker, where there is no ``document`` at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from conftest import BuildResult, StaticServer

pytestmark = pytest.mark.browser

SCRIPT = "assets/journeydocs/checklist-storage.js"
BLANK = "<!doctype html><html><head><title>blank</title></head><body></body></html>"
SOP = "SOP-1"
KEY = f"journeydocs:v1:/:sop:{SOP}"  # the blank page has no __md_scope: site path "/"
KEYS = [f"{SOP}\nPrepare\nRead the notes", f"{SOP}\nPrepare\nBook a room",
        f"{SOP}\nWrap-up\nLog the call"]
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")

# `window.localStorage` itself throws (cookies blocked, sandboxed frame).
THROWING_GETTER = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""
# Every Storage method throws.
THROWING_METHODS = """
for (const name of ["getItem", "setItem", "removeItem", "key", "clear"]) {
  Storage.prototype[name] = function () { throw new Error("storage disabled by test"); };
}
"""
# Reads work, every write fails as if the quota were used up (RESTORE undoes it).
FULL = """
window.__setItem = window.__setItem || Storage.prototype.setItem;
Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};
"""
RESTORE = "Storage.prototype.setItem = window.__setItem;"
# No storage at all.
MISSING = """
Object.defineProperty(window, "localStorage", { configurable: true, get: () => null });
"""


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh context per test: an empty localStorage."""
    ctx = browser.new_context()
    yield ctx
    ctx.close()


@pytest.fixture
def blank(context: Any, sample_server: StaticServer) -> Callable[..., Any]:
    """open(init=None, html=BLANK, load=True): a blank page of the site's origin, with
    only checklist-storage.js loaded (from the built site), after the init script."""
    url = sample_server.url + "__blank__.html"

    def open_page(init: str | None = None, html: str = BLANK, load: bool = True) -> Any:
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        if init:
            page.add_init_script(init)
        page.route(url, lambda route: route.fulfill(content_type="text/html", body=html))
        page.goto(url)
        if load:
            page.add_script_tag(url=sample_server.url + SCRIPT)
        return page

    return open_page


def js(page: Any, body: str, arg: Any = None) -> Any:
    """Run ``body`` with S = the storage part, U = the helpers, arg = ``arg``."""
    return page.evaluate(
        "([body, arg]) => { const ns = window.journeydocs.checklist;"
        " return new Function('S', 'U', 'arg', body)(ns.storage, ns.util, arg); }",
        [body, arg])


def run(page: Any, script: str) -> None:
    """Run statements (page.evaluate would call a function they end with)."""
    page.evaluate("(script) => { new Function(script)(); }", script)


def stored(page: Any, key: str = KEY) -> Any:
    raw = page.evaluate("(k) => localStorage.getItem(k)", key)
    return None if raw is None else json.loads(raw)


def all_keys(page: Any) -> list[str]:
    return sorted(page.evaluate("Object.keys(localStorage)"))


# ---------------------------------------------------------------------------
# The namespace and the keys
# ---------------------------------------------------------------------------


def test_alone_it_adds_only_its_part_and_binds_nothing(blank: Any) -> None:
    page = blank()
    assert page.evaluate("Object.keys(window.journeydocs)") == ["checklist"]
    assert page.evaluate("Object.keys(window.journeydocs.checklist).sort()") == [
        "storage", "util"]
    assert page.evaluate("window.__journeydocsChecklist") is None  # start-up's guard: not set
    assert js(page, "return [S.VERSION, Object.keys(S.MIGRATIONS)]") == [1, []]
    assert all_keys(page) == []  # loading reads and writes nothing
    assert page.errors == []


def test_keys_follow_the_documented_format(blank: Any, sample_server: StaticServer) -> None:
    page = blank()
    assert js(page, "return S.sitePath()") == "/"
    assert js(page, "return S.recordKey(arg)", SOP) == KEY
    assert js(page, "return S.recordKey(arg, 3)", SOP) == f"journeydocs:v3:/:sop:{SOP}"
    assert js(page, "return S.quarantinePrefix(arg)", KEY) == f"journeydocs:v1:/:quarantine:{KEY}:"
    assert js(page, "return S.itemKey('SOP-1', 'Prepare', 'Read the notes')") == KEYS[0]

    # Without Material, the site path comes from the URL of a checklist script ...
    assert js(page, "S.setScriptUrl(arg); return S.recordKey('SOP-1')",
              "http://example.test/repo/assets/journeydocs/checklist-start.js?v=2"
              ) == "journeydocs:v1:/repo/:sop:SOP-1"
    assert js(page, "S.setScriptUrl(arg); return S.sitePath()",
              "file:///tmp/preview/site/assets/journeydocs/checklist.js") == "/tmp/preview/site/"
    assert js(page, "S.setScriptUrl(arg); return S.sitePath()",
              "http://example.test/repo/assets/other.js") == "/"
    # ... and Material's __md_scope wins over it.
    js(page, "S.setScriptUrl('http://example.test/repo/assets/journeydocs/checklist-start.js')")
    page.evaluate("window.__md_scope = new URL('/jd/', location.href)")
    assert js(page, "return S.prefix()") == "journeydocs:v1:/jd/:"
    assert page.errors == []


def test_a_heading_called_journeydocs_is_not_taken_for_the_namespace(blank: Any) -> None:
    # <h2 id="journeydocs"> is window.journeydocs by named access until a script sets it.
    page = blank(html=BLANK.replace("<body>", '<body><h2 id="journeydocs">Journeydocs</h2>'))
    assert page.evaluate("window.journeydocs instanceof Element") is False
    assert page.evaluate("document.getElementById('journeydocs').checklist") is None
    assert js(page, "return S.recordKey(arg)", SOP) == KEY
    assert page.errors == []


def test_loaded_twice_the_first_copy_stays(blank: Any, sample_server: StaticServer) -> None:
    page = blank(init=FULL)  # so the first copy holds data in memory only
    js(page, "const r = S.emptyRecord('SOP-1', 'T'); S.createRun(r, 'Kept', 3); "
             "S.saveRecord(r, arg); window.__first = S;", KEYS)
    page.add_script_tag(url=sample_server.url + SCRIPT)
    assert page.evaluate("window.journeydocs.checklist.storage === window.__first")
    assert js(page, "return S.loadRecord('SOP-1', 'T').record.runs.map((r) => r.name)") == [
        "Kept"]


# ---------------------------------------------------------------------------
# Records and runs
# ---------------------------------------------------------------------------


def test_runs_create_tick_finish_reopen_switch_delete(blank: Any) -> None:
    page = blank()
    js(page, "window.R = S.loadRecord('SOP-1', 'Client onboarding').record;")
    assert page.evaluate("R") == {"v": 1, "sop": SOP, "title": "Client onboarding",
                                  "active": None, "runs": []}
    assert js(page, "return S.loadRecord('SOP-1', 'T').notice") is None

    # Ticking with no run starts "Run 1", which becomes the active run.
    run = js(page, "return S.tick(R, arg[0], true, 3)", KEYS)
    assert run["name"] == "Run 1" and run["total"] == 3 and run["finished"] is None
    assert list(run["ticks"]) == [KEYS[0]] and ISO.fullmatch(run["ticks"][KEYS[0]])
    assert js(page, "return R.active === R.runs[0].id && S.activeRun(R) === R.runs[0]")
    js(page, "S.tick(R, arg[2], true, 3); S.tick(R, arg[0], false, 3)", KEYS)
    assert js(page, "return Object.keys(S.activeRun(R).ticks)") == [KEYS[2]]
    assert js(page, "return S.countDone(S.activeRun(R), arg)", KEYS) == 1
    assert js(page, "return S.countDone(null, arg)", KEYS) == 0

    # A named run; names are trimmed to one line of at most 80 characters.
    second = js(page, "return S.createRun(R, '  Acme \\n consultation ', 3)")
    assert second["name"] == "Acme consultation" and second["ticks"] == {}
    assert js(page, "return R.active") == second["id"]
    assert js(page, "return S.createRun(R, 'x'.repeat(100), 3).name") == "x" * 80
    assert js(page, "return S.createRun(R, '   ', 3).name") == "Run 2"
    assert js(page, "return S.defaultRunName(R)") == "Run 3"

    # Finish: the run is read-only; reopen: it is not.
    assert js(page, "S.switchRun(R, arg); return S.finishRun(R).name", second["id"]) == (
        "Acme consultation")
    assert js(page, "return S.tick(R, arg[1], true, 3)", KEYS) is None
    assert js(page, "return S.activeRun(R).ticks") == {}
    assert ISO.fullmatch(js(page, "return S.activeRun(R).finished"))
    assert js(page, "return S.reopenRun(R).finished") is None
    assert list(js(page, "return S.tick(R, arg[1], true, 3).ticks", KEYS)) == [KEYS[1]]
    assert js(page, "return S.switchRun(R, 'no such run')") is False
    assert js(page, "return R.active") == second["id"]

    # Delete the active run: the first unfinished run takes over; restore puts it back.
    js(page, "S.switchRun(R, R.runs[0].id); S.finishRun(R); S.switchRun(R, arg)", second["id"])
    deleted = js(page, "window.D = S.deleteRun(R); return [D.index, D.run.name, "
                       "R.runs.map((r) => r.name), S.activeRun(R).name]")
    assert deleted == [1, "Acme consultation", ["Run 1", "x" * 80, "Run 2"], "x" * 80]
    assert js(page, "return S.restoreRun(R, D.run, D.index).name") == "Acme consultation"
    assert js(page, "return [R.runs.map((r) => r.name), S.activeRun(R).name]") == [
        ["Run 1", "Acme consultation", "x" * 80, "Run 2"], "Acme consultation"]
    # With only finished runs left, the first one is active; with none, none is.
    js(page, "R.runs.forEach((r) => { r.finished = r.finished || r.updated; });")
    assert js(page, "S.deleteRun(R); return S.activeRun(R).name") == "Run 1"
    assert js(page, "while (R.runs.length) S.deleteRun(R); return [R.active, S.deleteRun(R)]"
              ) == [None, None]
    assert js(page, "return [S.finishRun(R), S.reopenRun(R)]") == [None, None]
    assert page.errors == []


def test_saved_record_has_the_documented_shape_and_loads_back(blank: Any) -> None:
    page = blank()
    js(page, """
        const r = S.loadRecord('SOP-1', 'Client onboarding').record;
        S.tick(r, arg[0], true, 3);
        S.createRun(r, 'Acme', 3);
        S.tick(r, arg[1], true, 3);
        S.tick(r, arg[2], true, 3);
        S.finishRun(r);
        window.saved = S.saveRecord(r, arg);""", KEYS)
    assert page.evaluate("window.saved") is True
    assert all_keys(page) == [KEY]
    record = stored(page)
    assert list(record) == ["v", "sop", "title", "active", "runs"]
    assert (record["v"], record["sop"], record["title"]) == (1, SOP, "Client onboarding")
    first, acme = record["runs"]
    assert record["active"] == acme["id"]
    for run in (first, acme):
        assert list(run) == ["id", "name", "created", "updated", "finished", "done", "total",
                             "ticks"]
        assert run["id"].startswith("r") and ISO.fullmatch(run["created"])
        assert ISO.fullmatch(run["updated"]) and run["updated"] >= run["created"]
    assert (first["name"], first["finished"], first["done"], first["total"]) == (
        "Run 1", None, 1, 3)
    assert ISO.fullmatch(acme["finished"]) and (acme["done"], acme["total"]) == (2, 3)
    assert sorted(acme["ticks"]) == sorted(KEYS[1:])

    # Loaded back as it is, with the page's title; the index sees the same record.
    loaded = js(page, "return S.loadRecord('SOP-1', 'Renamed')")
    assert loaded["notice"] is None
    assert loaded["record"] == {**record, "title": "Renamed"}
    assert js(page, "return S.peekRecord('SOP-1')") == record
    assert js(page, "return S.peekRecord('SOP-2')") is None
    assert js(page, "return S.validRecord(S.peekRecord('SOP-1'), 'SOP-2')") is False

    # saveRecord without keys stores the record as it is (the cached counts untouched).
    js(page, "const r = S.peekRecord('SOP-1'); r.runs[0].done = 99; S.saveRecord(r);")
    assert stored(page)["runs"][0]["done"] == 99
    assert page.errors == []


@pytest.mark.parametrize("raw", [
    "{not json",
    json.dumps({"v": 2, "sop": SOP, "runs": {"future": "format"}}),
    json.dumps({"v": 1, "sop": SOP, "active": None, "runs": [{"id": 5}]}),
    json.dumps({"v": 1, "sop": "SOP-2", "title": "x", "active": None, "runs": []}),
    json.dumps([1, 2, 3]),
], ids=["not-json", "unknown-version", "wrong-shape", "another-sop", "an-array"])
def test_an_unreadable_value_is_quarantined_then_cleared(blank: Any, raw: str) -> None:
    page = blank()
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, raw])

    # The SOP index only looks: nothing is set aside there.
    assert js(page, "return S.peekRecord('SOP-1')") is None
    assert all_keys(page) == [KEY]

    loaded = js(page, "return S.loadRecord('SOP-1', 'T')")
    assert loaded["record"] == {"v": 1, "sop": SOP, "title": "T", "active": None, "runs": []}
    assert loaded["notice"]["kind"] == "quarantined"
    aside = loaded["notice"]["key"]
    assert re.fullmatch(re.escape(f"journeydocs:v1:/:quarantine:{KEY}:") + r"\d{13}", aside)
    assert all_keys(page) == [aside]  # copied aside, then the key was cleared
    assert page.evaluate("(k) => localStorage.getItem(k)", aside) == raw
    assert js(page, "return S.problem()") is None

    # Set aside once: the next load finds nothing and says nothing; a new save leaves
    # the copy alone.
    assert js(page, "return S.loadRecord('SOP-1', 'T').notice") is None
    js(page, "const r = S.loadRecord('SOP-1', 'T').record; S.tick(r, arg[0], true, 3); "
             "S.saveRecord(r, arg);", KEYS)
    assert all_keys(page) == sorted([KEY, aside])
    assert list(stored(page)["runs"][0]["ticks"]) == [KEYS[0]]
    assert page.evaluate("(k) => localStorage.getItem(k)", aside) == raw
    assert page.errors == []


def test_an_unreadable_value_that_cannot_be_set_aside_is_left_untouched(blank: Any) -> None:
    page = blank()
    raw = "{not json"
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, raw])
    run(page, FULL)  # from now on every write fails

    loaded = js(page, "return S.loadRecord('SOP-1', 'T')")
    assert loaded["notice"] == {"kind": "held"} and loaded["record"]["runs"] == []
    assert js(page, "return S.problem()") == "full"
    # Loaded again: still held, no second attempt to copy it.
    assert js(page, "return S.loadRecord('SOP-1', 'T').notice") == {"kind": "held"}

    # Ticks are kept in memory; the unreadable value is never overwritten, even once
    # writes work again.
    run(page, RESTORE)  # writes work again
    assert js(page, "const r = S.loadRecord('SOP-1', 'T').record; S.tick(r, arg[0], true, 3);"
                    " return S.saveRecord(r, arg);", KEYS) is False
    assert all_keys(page) == [KEY]
    assert page.evaluate("(k) => localStorage.getItem(k)", KEY) == raw
    again = js(page, "return S.loadRecord('SOP-1', 'T')")
    assert again["notice"] is None and list(again["record"]["runs"][0]["ticks"]) == [KEYS[0]]
    assert page.errors == []


# ---------------------------------------------------------------------------
# Storage that fails
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("init", "problem"), [
    (THROWING_GETTER, "unavailable"),
    (THROWING_METHODS, "unavailable"),
    (FULL, "full"),
    (MISSING, "unavailable"),
], ids=["getter-throws", "methods-throw", "quota-full", "missing"])
def test_broken_storage_keeps_runs_in_memory(blank: Any, init: str, problem: str) -> None:
    page = blank(init=init)
    assert js(page, "return S.probe()") is False
    assert js(page, "return S.problem()") == problem

    result = js(page, """
        const loaded = S.loadRecord('SOP-1', 'T');
        const r = loaded.record;
        S.tick(r, arg[0], true, 3);
        S.createRun(r, 'Acme', 3);
        S.tick(r, arg[1], true, 3);
        return [loaded.notice, S.saveRecord(r, arg)];""", KEYS)
    assert result == [None, False]
    assert js(page, "return S.problem()") == problem

    # Read back from memory, as after instant navigation in the same tab.
    record = js(page, "return S.loadRecord('SOP-1', 'T').record")
    assert [(r["name"], list(r["ticks"]), r["done"]) for r in record["runs"]] == [
        ("Run 1", [KEYS[0]], 1), ("Acme", [KEYS[1]], 1)]
    assert js(page, "return S.peekRecord('SOP-1').runs.length") == 2
    # Later changes too.
    js(page, "const r = S.loadRecord('SOP-1', 'T').record; S.finishRun(r); S.saveRecord(r, arg);",
       KEYS)
    assert js(page, "return S.activeRun(S.loadRecord('SOP-1', 'T').record).finished") is not None
    assert page.errors == []


def test_storage_that_works_again_clears_the_problem(blank: Any) -> None:
    page = blank(init=FULL)
    assert js(page, "return [S.probe(), S.problem()]") == [False, "full"]
    run(page, RESTORE)
    assert js(page, "return [S.probe(), S.problem()]") == [True, None]
    assert all_keys(page) == []  # the probe cleans up after itself
    # But not while a record is held in memory only: it is still not kept.
    run(page, FULL)
    js(page, "S.saveRecord(S.emptyRecord('SOP-1', 'T'))")
    run(page, RESTORE)
    assert js(page, "return [S.probe(), S.problem()]") == [True, "full"]


# ---------------------------------------------------------------------------
# Migrations
# ---------------------------------------------------------------------------


def test_older_versions_are_read_only_through_a_migration(
        blank: Any, sample_site: BuildResult) -> None:
    """The storage part as a future version 2 would be (VERSION = 2), reading version 1 data.

    MIGRATIONS[1] turns a version 1 record into a version 2 one; without it the old key is
    never read (so old data is not misread) and never changed.
    """
    source = (sample_site.site / SCRIPT).read_text(encoding="utf-8")
    assert source.count("const VERSION = 1;") == 1
    page = blank(load=False)
    page.add_script_tag(content=source.replace("const VERSION = 1;", "const VERSION = 2;"))
    old = {"v": 1, "sop": SOP, "title": "T", "active": None, "runs": [
        {"id": "r1", "name": "Old run", "created": "2024-01-02T03:04:05.000Z",
         "updated": "2024-01-02T03:04:05.000Z", "finished": None, "done": 1, "total": 3,
         "ticks": {KEYS[0]: "2024-01-02T03:04:05.000Z"}}]}
    v1, v2 = f"journeydocs:v1:/:sop:{SOP}", f"journeydocs:v2:/:sop:{SOP}"
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [v1, json.dumps(old)])
    assert js(page, "return S.recordKey('SOP-1')") == v2

    # No migration for version 1: not read.
    assert js(page, "return S.loadRecord('SOP-1', 'T')") == {
        "record": {"v": 2, "sop": SOP, "title": "T", "active": None, "runs": []},
        "notice": None}
    assert js(page, "return S.peekRecord('SOP-1')") is None
    # A migration that gives something unusable: not read either.
    js(page, "S.MIGRATIONS[1] = (r) => ({ v: 2, sop: r.sop, runs: 'nonsense' })")
    assert js(page, "return S.loadRecord('SOP-1', 'T').record.runs") == []
    # A working one: the runs come over, and are stored under the version 2 key when saved.
    js(page, "S.MIGRATIONS[1] = (r) => Object.assign({}, r, { v: 2 })")
    migrated = js(page, "return S.loadRecord('SOP-1', 'T')")
    assert migrated["notice"] is None and migrated["record"] == {**old, "v": 2}
    assert js(page, "return S.peekRecord('SOP-1')") == {**old, "v": 2}
    js(page, "const r = S.loadRecord('SOP-1', 'T').record; S.tick(r, arg[1], true, 3); "
             "S.saveRecord(r, arg);", KEYS)
    assert [(r["name"], list(r["ticks"])) for r in stored(page, v2)["runs"]] == [
        ("Old run", [KEYS[0]]), ("Run 1", [KEYS[1]])]  # no active run: ticking starts one
    assert stored(page, v1) == old  # the old key is left as it was
    assert page.errors == []


# ---------------------------------------------------------------------------
# No DOM, and the helpers
# ---------------------------------------------------------------------------


def test_it_runs_where_there_is_no_dom(blank: Any, sample_server: StaticServer) -> None:
    """In a web worker there is no document: the storage part works there all the same."""
    page = blank(load=False)
    worker = """
        self.window = self;  // the script's only global; a worker has no localStorage
        const data = {};
        self.localStorage = {
          getItem: (k) => (k in data ? data[k] : null),
          setItem: (k, v) => { data[k] = String(v); },
          removeItem: (k) => { delete data[k]; },
        };
        self.onmessage = (event) => {
          try {
            importScripts(event.data.script);
            const S = self.journeydocs.checklist.storage;
            const r = S.loadRecord("SOP-1", "T").record;
            S.tick(r, event.data.key, true, 1);
            S.createRun(r, "Second", 1);
            S.saveRecord(r, [event.data.key]);
            postMessage({ ok: S.probe(), hasDocument: typeof document !== "undefined",
                          data: data });
          } catch (error) {
            postMessage({ error: String(error && error.stack || error) });
          }
        };"""
    result = page.evaluate(
        """([source, script, key]) => new Promise((resolve) => {
            const w = new Worker(URL.createObjectURL(new Blob([source],
              { type: "text/javascript" })));
            w.onmessage = (e) => resolve(e.data);
            w.onerror = (e) => resolve({ error: e.message });
            w.postMessage({ script: script, key: key });
        })""",
        [worker, sample_server.url + SCRIPT, KEYS[0]])
    assert "error" not in result, result["error"]
    assert result["hasDocument"] is False and result["ok"] is True
    record = json.loads(result["data"][KEY])
    assert [r["name"] for r in record["runs"]] == ["Run 1", "Second"]
    assert record["runs"][0]["ticks"].keys() == {KEYS[0]}


def test_helpers(blank: Any) -> None:
    page = blank()
    assert js(page, "return U.normalise('  a\\n\\t b  ')") == "a b"
    assert js(page, "return U.normalise(null)") == ""
    assert js(page, "return U.normalise('e\\u0301')") == "\u00e9"  # NFC
    assert ISO.fullmatch(js(page, "return U.nowIso()"))
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", js(page, "return U.stamp(U.nowIso())"))
    assert js(page, "return U.stamp('not a time')") == ""
    # safe(): an exception is reported on the console, never thrown into the page.
    assert js(page, "return U.safe(() => { throw new Error('boom'); })()") is None
    assert js(page, "return U.safe((a) => a + 1)(1)") == 2
    assert len(page.errors) == 1 and "journeydocs checklist:" in page.errors[0]
