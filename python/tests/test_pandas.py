"""skillgap.pandas: one row per person, flat columns, failures as rows."""

import math

import pytest

import skillgap
from conftest import FIXTURES

pd = pytest.importorskip("pandas")
from skillgap.pandas import COLUMNS, analyze_frame, flatten  # noqa: E402


def test_one_row_per_person_in_order_with_the_ids_first():
    texts = [
        (FIXTURES / "resumes" / "alex-rivera.txt").read_text(encoding="utf-8"),
        " ",
        "Java, Spring Boot, PostgreSQL, Docker, Kubernetes",
        None,
    ]
    df = pd.DataFrame({"person": [17, 4, 99, 5], "cv": texts}, index=[10, 11, 12, 13])
    out = analyze_frame(df, text_col="cv", id_col="person", threads=2)
    assert list(out.columns) == ["person", *COLUMNS]
    assert list(out.index) == [10, 11, 12, 13]
    assert list(out["person"]) == [17, 4, 99, 5]
    assert list(out["source"]) == ["17", "4", "99", "5"]
    assert out["error"].isna().tolist() == [True, False, True, False]
    assert out.loc[11, "error"] == "4: contains no text (only white space)"
    assert out.loc[13, "error"] == "5: file is empty"
    assert math.isnan(out.loc[11, "score"])
    # The numbers are the analysis's own.
    full = skillgap.analyze(texts[2], name="99")
    assert out.loc[12, "score"] == full["score"]
    assert out.loc[12, "market_fit"] == full["market"]["fit"]
    assert out.loc[12, "skills"] == [m["id"] for m in full["matched"]]
    assert out.loc[12, "next_skills"] == [s["id"] for s in full["market"]["next_skills"]]
    assert "kubernetes" in out.loc[12, "skills"]


def test_a_path_column_and_the_index_as_names():
    paths = [str(FIXTURES / "resumes" / "alex-rivera.txt"), str(FIXTURES / "formats" / "robin-vale.docx")]
    df = pd.DataFrame({"file": paths}, index=["a", "b"])
    out = analyze_frame(df, text_col=None, path_col="file", market=False)
    assert list(out["source"]) == paths
    assert list(out["format"]) == ["text", "docx"]
    assert out["headline"].tolist() == ["coverage", "coverage"]
    assert out["market_fit"].isna().all()


def test_bad_columns_are_named():
    df = pd.DataFrame({"text": ["Python"]})
    with pytest.raises(KeyError, match="no column 'cv'"):
        analyze_frame(df, text_col="cv")
    with pytest.raises(ValueError):
        analyze_frame(df, text_col="text", path_col="text")


def test_flatten_keeps_the_numbers_and_the_top_gaps():
    result = skillgap.analyze("Python, Docker")
    row = flatten(result)
    assert set(row) == set(COLUMNS)
    assert row["matched"] == result["summary"]["matched"]
    core = [g["id"] for g in result["gaps"] if g["importance"] == "core"]
    assert row["core_gaps"] == len(core)
    assert row["top_gaps"][: min(5, len(core))] == core[:5]
