"""The contract: what Python returns is what the CLI prints, byte for byte after
json.dumps(sort_keys=True), for every fixture document and every option the API shares."""

import json
from pathlib import Path

import pytest

import skillgap
from conftest import FIXTURES, canonical, documents

DOCS = documents()


def _cli_analyze(cli, args, cwd=None):
    return cli.json(["analyze", "--format", "json", *args], cwd)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_every_fixture_document_matches_the_cli(cli, path: Path):
    done = cli.run(["analyze", "--format", "json", str(path)])
    if done.returncode == 0:
        assert canonical(skillgap.analyze(str(path))) == canonical(json.loads(done.stdout))
        # A pathlib.Path is always a path; same result.
        assert canonical(skillgap.analyze(path)) == canonical(json.loads(done.stdout))
    else:
        # A document the CLI refuses (encrypted, scanned PDF) raises with its message.
        expected = cli.error(["analyze", "--format", "json", str(path)])
        with pytest.raises(skillgap.SkillgapError) as e:
            skillgap.analyze(str(path))
        assert str(e.value) == expected


@pytest.mark.parametrize(
    "name", ["robin-vale.fpdf2.pdf", "robin-vale.docx", "robin-vale.html", "robin-vale.json"]
)
def test_bytes_input_matches_the_cli_on_the_file(cli, name):
    folder = FIXTURES / "formats"
    expected = _cli_analyze(cli, [name], cwd=folder)
    data = (folder / name).read_bytes()
    assert canonical(skillgap.analyze(data, name=name)) == canonical(expected)
    assert canonical(skillgap.analyze(bytearray(data), name=name)) == canonical(expected)


def test_bytes_without_a_name_are_named_bytes():
    data = (FIXTURES / "formats" / "robin-vale.docx").read_bytes()
    result = skillgap.analyze(data)
    # The path stands in for the missing file name; the name is the one the resume states.
    assert result["source"] == {"path": "<bytes>", "format": "docx", "name": "Backend Developer"}
    assert result["matched"]


def test_text_input_matches_the_cli_on_the_file(cli):
    folder = FIXTURES / "resumes"
    expected = _cli_analyze(cli, ["alex-rivera.txt"], cwd=folder)
    text = (folder / "alex-rivera.txt").read_text(encoding="utf-8")
    assert canonical(skillgap.analyze(text, name="alex-rivera.txt")) == canonical(expected)
    unnamed = skillgap.analyze(text)
    assert unnamed["source"]["path"] == "<text>"
    assert unnamed["matched"] == expected["matched"]


def test_a_one_line_skill_list_is_text_not_a_path():
    result = skillgap.analyze("Python, Django, PostgreSQL, Docker")
    found = {m["id"] for m in result["matched"]}
    assert {"python", "django", "postgresql", "docker"} <= found


@pytest.mark.parametrize(
    "kwargs,flags",
    [
        ({"role": "auto"}, ["--role", "auto"]),
        ({"market": False}, ["--no-market"]),
        ({"market": str(FIXTURES / "postings" / "tailor")},
         ["--market", str(FIXTURES / "postings" / "tailor")]),
        ({"level": "entry", "ready_at": 30.0}, ["--level", "entry", "--ready-at", "30"]),
        ({"job": str(FIXTURES / "postings" / "tailor" / "backend-go.md")},
         ["--job", str(FIXTURES / "postings" / "tailor" / "backend-go.md")]),
    ],
    ids=["role-auto", "no-market", "market-file", "level", "job"],
)
def test_options_match_the_cli_flags(cli, kwargs, flags):
    resume = FIXTURES / "resumes" / "alex-rivera.txt"
    expected = _cli_analyze(cli, [*flags, str(resume)])
    assert canonical(skillgap.analyze(str(resume), **kwargs)) == canonical(expected)


def test_a_named_role_matches_the_cli(cli):
    roles = [r["id"] for r in skillgap.taxonomy().roles if not r["default"]]
    resume = FIXTURES / "resumes" / "morgan-lee-dba.txt"
    for role in roles[:2]:
        expected = _cli_analyze(cli, ["--role", role, str(resume)])
        assert canonical(skillgap.analyze(resume, role=role)) == canonical(expected)


def test_extract_matches_the_cli(cli):
    for path in [p for p in DOCS if "robin-vale" in p.name or p.parent.name == "resumes"]:
        expected = cli.json(["extract", "--format", "json", str(path)])
        assert canonical(skillgap.extract(str(path))) == canonical(expected)


def test_taxonomy_lists_match_the_cli(cli):
    tax = skillgap.taxonomy()
    assert tax.skills == cli.json(["taxonomy", "list", "--format", "json"])
    assert tax.roles == cli.json(["roles", "--format", "json"])
    assert tax.origin == "built-in"
    assert sum(r["default"] for r in tax.roles) == 1


def test_analyze_many_matches_batch_details_on_the_dotin_resumes(cli):
    """analyze_many over 310 real resumes = `batch --details` lines (the analyze JSON of each),
    but for `source.id`, which only records read by the CLI have."""
    path = FIXTURES / "dotin" / "resumes.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    done = cli.run(
        ["batch", "--jsonl-in", "--id-field", "file", "--details", "-q", "-j2", "--engine"],
        stdin=path.read_bytes(),
    )
    assert done.returncode == 0, done.stderr.decode()
    lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(lines) == len(records) == 310
    items = [(r["file"], r["text"]) for r in records]
    one = list(skillgap.analyze_many(items, threads=1, errors="include"))
    two = list(skillgap.analyze_many(iter(items), threads=2, errors="include"))
    assert [canonical(r) for r in one] == [canonical(r) for r in two]
    for got, line in zip(one, lines):
        line["source"].pop("id", None)
        assert canonical(got) == canonical(line), got["source"]


def test_lean_rows_are_batch_lines_and_summarize_reduces_them(cli, tmp_path):
    """details=False rows are `batch --full` lines; written as JSON Lines, `skillgap summarize`
    reduces them to the cohort report one `batch` run gives."""
    path = FIXTURES / "dotin" / "resumes.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()][:60]
    stdin = "".join(json.dumps(r) + "\n" for r in records).encode()
    flags = ["batch", "--jsonl-in", "--id-field", "file", "-q", "--engine"]
    done = cli.run([*flags, "--full"], stdin=stdin)
    assert done.returncode == 0, done.stderr.decode()
    lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
    items = [(r["file"], r["text"]) for r in records]
    rows = list(skillgap.analyze_many(items, threads=2, details=False, errors="include"))
    for got, line in zip(rows, lines):
        line["source"].pop("id", None)
        assert canonical(got) == canonical(line), got["source"]
    assert any(g["description"] for g in skillgap.analyze(records[0]["text"])["gaps"])
    assert not any(g["description"] for r in rows if "gaps" in r for g in r["gaps"])
    rows_file = tmp_path / "rows.jsonl"
    rows_file.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    cohort = cli.json(["summarize", str(rows_file), "-f", "json"])
    done = cli.run([*flags, "-f", "json"], stdin=stdin)
    assert canonical(cohort) == canonical(json.loads(done.stdout))
