"""Errors, threads, the taxonomy override and the typing files."""

import importlib.util
import json
import os
import threading
import time
from pathlib import Path

import pytest

import skillgap
from conftest import FIXTURES, canonical

RESUME = FIXTURES / "resumes" / "alex-rivera.txt"

COBOL = (
    '[[skill]]\nid = "cobol"\nname = "COBOL"\ncategory = "languages"\nimportance = "core"\n'
    'description = "d"\naliases = ["COBOL"]\n[[skill.courses]]\nprovider = "coursera"\n'
)


# ---- errors: the CLI's one-line messages ---------------------------------------------------


def test_a_missing_file_raises_the_cli_message(cli, tmp_path):
    missing = tmp_path / "cv.pdf"
    expected = cli.error(["analyze", str(missing)])
    for given in (str(missing), missing):
        with pytest.raises(skillgap.SkillgapError) as e:
            skillgap.analyze(given)
        assert str(e.value) == expected
    assert expected.endswith("cv.pdf: no such file"), expected


@pytest.mark.parametrize("name", ["encrypted.pdf", "scanned.pdf"])
def test_an_unreadable_pdf_raises_the_cli_message_for_bytes_too(cli, name):
    folder = FIXTURES / "formats"
    expected = cli.error(["analyze", name], cwd=folder)
    with pytest.raises(skillgap.SkillgapError) as e:
        skillgap.analyze((folder / name).read_bytes(), name=name)
    assert str(e.value) == expected


def test_a_broken_taxonomy_raises_the_cli_message(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(COBOL.replace("importance", "imporance"), encoding="utf-8")
    expected = cli.error(["taxonomy", "check", "--taxonomy", str(bad)])
    with pytest.raises(skillgap.SkillgapError) as e:
        skillgap.Taxonomy.load(bad)
    assert str(e.value) == expected
    assert "bad.toml:5: field `imporance`" in expected


def test_an_unknown_role_raises_the_cli_message(cli):
    expected = cli.error(["analyze", "--role", "astronaut", str(RESUME)])
    with pytest.raises(skillgap.SkillgapError) as e:
        skillgap.analyze(RESUME, role="astronaut")
    assert str(e.value) == expected
    # analyze_many checks the role before reading anything.
    with pytest.raises(skillgap.SkillgapError):
        skillgap.analyze_many([RESUME], role="astronaut")


def test_bad_arguments_are_python_errors():
    with pytest.raises(TypeError):
        skillgap.analyze(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        skillgap.analyze(RESUME, market=True)
    with pytest.raises(ValueError):
        skillgap.analyze(RESUME, ready_at=101.0)
    with pytest.raises(ValueError):
        skillgap.analyze_many([RESUME], threads=0)
    with pytest.raises(ValueError):
        skillgap.analyze_many([RESUME], errors="ignore")
    with pytest.raises(skillgap.SkillgapError, match="no postings of level `nope`"):
        skillgap.analyze(RESUME, level="nope")


def test_skillgap_error_is_an_exception():
    assert issubclass(skillgap.SkillgapError, Exception)


# ---- analyze_many ----------------------------------------------------------------------------


def test_analyze_many_keeps_input_order_and_reports_failures_in_place(tmp_path):
    texts = [
        ("a", "Python and Docker"),
        ("b", "   "),
        ("c", "Java, Spring Boot, PostgreSQL"),
        ("d", b"%PDF-1.4 not really"),
        ("e", "Go and Kubernetes"),
    ] * 7
    rows = list(skillgap.analyze_many(texts, threads=2, errors="include"))
    assert [r["source"]["path"] for r in rows] == [name for name, _ in texts]
    failed = [r for r in rows if "error" in r]
    assert [r["source"]["path"] for r in failed] == ["b", "d"] * 7
    assert failed[0]["error"] == "b: contains no text (only white space)"
    assert set(failed[0]) == {"schema_version", "source", "error"}
    ok = [r for r in rows if "error" not in r]
    assert all(r == skillgap.analyze(t, name=n) for r, (n, t) in zip(ok, [x for x in texts if x[0] in "ace"]))


def test_analyze_many_raises_at_the_first_failure_by_default():
    seen = []
    with pytest.raises(skillgap.SkillgapError, match="^bad: contains no text"):
        for r in skillgap.analyze_many([("ok", "Python"), ("bad", " "), ("late", "Go")], threads=1):
            seen.append(r["source"]["path"])
    assert seen == ["ok"]


def test_analyze_many_takes_paths_and_is_lazy_over_a_generator():
    pulled = []

    def gen():
        for i in range(100):
            pulled.append(i)
            yield RESUME if i % 2 else str(RESUME)

    it = skillgap.analyze_many(gen(), threads=2)
    first = next(it)
    assert first["source"]["path"] == str(RESUME)
    # Read a window or two ahead, not the whole iterable.
    assert len(pulled) < 100
    assert len(list(it)) == 99


def test_an_iterable_that_raises_stops_after_the_results_before_it():
    def gen():
        yield ("one", "Python")
        yield ("two", "Rust")
        raise RuntimeError("source broke")

    got = []
    with pytest.raises(RuntimeError, match="source broke"):
        for r in skillgap.analyze_many(gen(), threads=2):
            got.append(r["source"]["path"])
    assert got == ["one", "two"]


def test_the_gil_is_released_while_rust_works():
    """While a thread is inside a long analysis, the main thread keeps running Python code. With
    the GIL held, the main thread would stall for the whole analysis (one gap as long as it)."""
    text = RESUME.read_text(encoding="utf-8")
    big = "\n".join([text] * 400)  # ~1.5 MB: a long analysis even in release
    skillgap.analyze(big, name="warm-up.txt", market=False)  # engines built, pages faulted in
    spans = {}

    def work():
        start = time.perf_counter()
        skillgap.analyze(big, name="big.txt", market=False)
        spans["work"] = time.perf_counter() - start

    worker = threading.Thread(target=work)
    ticks = []
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert spans["work"] > 0.05, spans  # long enough to tell
    assert len(ticks) > 100
    assert max(gaps) < spans["work"] / 2, (max(gaps), spans["work"])


def test_two_python_threads_analyse_at_the_same_time():
    """Two threads calling analyze at once both get the right answer (no shared state breaks)."""
    items = [("p%d" % i, "Python, Docker, PostgreSQL %d" % i) for i in range(40)]
    expected = [canonical(skillgap.analyze(t, name=n)) for n, t in items]
    out = {}

    def run(k):
        out[k] = [canonical(skillgap.analyze(t, name=n)) for n, t in items]

    threads = [threading.Thread(target=run, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out[0] == expected and out[1] == expected


# ---- taxonomy override -----------------------------------------------------------------------


def test_a_users_taxonomy_replaces_the_built_in_one(cli, tmp_path, monkeypatch):
    mine = tmp_path / "mine.toml"
    mine.write_text(COBOL, encoding="utf-8")
    tax = skillgap.Taxonomy.load(mine)
    assert [s["id"] for s in tax.skills] == ["cobol"]
    assert tax.origin == str(mine)
    assert "1 skills" in repr(tax)
    result = skillgap.analyze("COBOL, Python", taxonomy=tax)
    assert [m["id"] for m in result["matched"]] == ["cobol"]
    (tmp_path / "cv.txt").write_text("COBOL, Python\n", encoding="utf-8")
    expected = cli.json(["analyze", "--format", "json", "--taxonomy", str(mine), "cv.txt"], tmp_path)
    monkeypatch.chdir(tmp_path)
    assert canonical(skillgap.analyze("cv.txt", taxonomy=tax)) == canonical(expected)
    many = list(skillgap.analyze_many(["COBOL, Python"], taxonomy=tax))
    assert [m["id"] for m in many[0]["matched"]] == ["cobol"]
    assert [f["id"] for f in skillgap.extract("COBOL, Python", taxonomy=tax)] == ["cobol"]
    with pytest.raises(TypeError):
        skillgap.analyze("COBOL", taxonomy=str(mine))  # type: ignore[arg-type]


# ---- packaging -------------------------------------------------------------------------------


def test_the_package_is_typed():
    folder = Path(skillgap.__file__).parent
    assert (folder / "py.typed").is_file()
    assert (folder / "_skillgap.pyi").is_file()
    assert skillgap.__version__.count(".") == 2


def test_importing_skillgap_does_not_import_pandas():
    import subprocess
    import sys

    code = "import skillgap, sys; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_broken_market_file_raises_the_cli_message(cli):
    market = FIXTURES / "postings" / "sample.jsonl"  # one posting is white space only
    expected = cli.error(["analyze", "--market", str(market), str(RESUME)])
    with pytest.raises(skillgap.SkillgapError) as e:
        skillgap.analyze(RESUME, market=market)
    assert str(e.value) == expected


def test_a_str_with_a_name_is_always_text(tmp_path):
    result = skillgap.analyze("missing.pdf and Python", name="notes.txt")
    assert result["source"] == {"path": "notes.txt", "format": "text"}
    assert [m["id"] for m in result["matched"]] == ["python"]
    with pytest.raises(skillgap.SkillgapError, match="missing.pdf: no such file"):
        skillgap.analyze("missing.pdf")
