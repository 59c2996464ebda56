"""pandas helpers: a DataFrame of documents in, one row per person with flat columns out.

pandas is an optional extra (``pip install './python[pandas]'``); this module imports it, the
rest of skillgap does not.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional

import skillgap

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The columns :func:`analyze_frame` adds, in order (after the id column).
COLUMNS: List[str] = [
    "source",
    "format",
    "role",
    "score",
    "headline",
    "coverage",
    "market_fit",
    "ready_share",
    "matched",
    "role_skills",
    "gaps",
    "extra",
    "core_gaps",
    "skills",
    "top_gaps",
    "next_skills",
    "error",
]


def flatten(result: Dict[str, Any]) -> Dict[str, Any]:
    """One analysis (or a failure row) as flat columns, :data:`COLUMNS`.

    ``score``, ``coverage`` and ``market_fit`` are 0–100, ``ready_share`` 0–1 (NaN without a
    market); ``skills`` lists the ids of every skill found, ``top_gaps`` the first five core and
    important gaps, ``next_skills`` the market's learning order (``market.next_skills``).
    """
    nan = math.nan
    if "error" in result:
        row: Dict[str, Any] = {c: None for c in COLUMNS}
        row.update(
            source=result["source"]["path"],
            score=nan,
            coverage=nan,
            market_fit=nan,
            ready_share=nan,
            error=result["error"],
        )
        return row
    summary = result["summary"]
    market = result.get("market") or {}
    focus = [g for g in result["gaps"] if g["importance"] in ("core", "important")]
    return {
        "source": result["source"]["path"],
        "format": result["source"]["format"],
        "role": result["role"]["id"],
        "score": result["score"],
        "headline": result["headline"],
        "coverage": result["coverage"],
        "market_fit": market.get("fit", nan),
        "ready_share": market.get("ready_share", nan),
        "matched": summary["matched"],
        "role_skills": summary["role_skills"],
        "gaps": summary["gaps"],
        "extra": summary["extra"],
        "core_gaps": sum(1 for g in result["gaps"] if g["importance"] == "core"),
        "skills": [m["id"] for m in result["matched"]],
        "top_gaps": [g["id"] for g in focus[:5]],
        "next_skills": [s["id"] for s in market.get("next_skills", [])],
        "error": None,
    }


def analyze_frame(
    df: "pd.DataFrame",
    text_col: Optional[str] = "text",
    id_col: Optional[str] = None,
    *,
    path_col: Optional[str] = None,
    threads: Optional[int] = None,
    **options: Any,
) -> "pd.DataFrame":
    """Analyse one document per row of ``df``; one row per person, in the same order and with
    the same index.

    ``text_col`` holds each document's text (``str``) or file content (``bytes``, e.g. a PDF);
    or give ``path_col`` (and ``text_col=None``) for a column of file paths. ``id_col``, when
    given, is copied first and names each document in errors (else the row's index label does).
    A document that cannot be read is a row with ``error`` set, not an exception. ``threads`` and
    the other options (``role``, ``market``, ``level``, ``ready_at``, ``taxonomy``) are
    :func:`skillgap.analyze_many`'s.
    """
    import pandas as pd

    if (text_col is None) == (path_col is None):
        raise ValueError("give one of text_col and path_col")
    column = path_col if path_col is not None else text_col
    for col in (column, id_col):
        if col is not None and col not in df.columns:
            raise KeyError("no column {!r} in the frame (columns: {})".format(col, list(df.columns)))
    names = df[id_col] if id_col is not None else df.index.to_series()

    def items() -> Iterator[Any]:
        for name, value in zip(names, df[column]):
            if path_col is not None:
                yield value
            elif value is None or (isinstance(value, float) and math.isnan(value)):
                yield (str(name), "")  # a missing cell: an "is empty" error row
            else:
                yield (str(name), value)

    rows = [
        flatten(r)
        for r in skillgap.analyze_many(
            items(), threads=threads, errors="include", details=False, **options
        )
    ]
    out = pd.DataFrame(rows, columns=COLUMNS, index=df.index)
    if id_col is not None:
        out.insert(0, id_col, df[id_col].to_numpy())
    return out
