"""skillgap: find the backend-developer skills a resume shows, the gaps, and how to close them.

The same Rust library as the ``skillgap`` command line, from Python. Every result is the JSON
contract of ``skillgap analyze --format json`` (docs/json.md) as Python objects::

    >>> import skillgap
    >>> result = skillgap.analyze("Python, Django, PostgreSQL, Docker")
    >>> result["role"]["id"], [m["id"] for m in result["matched"]][:3]

A document is a ``str`` (a path when it is one line naming a file or ending in a document
extension such as ``.pdf`` or ``.txt``, else the text itself), an ``os.PathLike`` (always a
path) or ``bytes`` (a file's content: PDF, DOCX, HTML, JSON Resume, Markdown or text; give
``name="cv.pdf"`` to name it). Problems raise :class:`SkillgapError` with the CLI's one-line
message. The GIL is released while Rust works.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple, Union

from . import _skillgap as _native
from ._skillgap import SkillgapError

__all__ = [
    "SkillgapError",
    "Taxonomy",
    "analyze",
    "analyze_many",
    "extract",
    "taxonomy",
    "__version__",
]

__version__: str = _native.version()

#: A document: a path, its text, or its bytes.
Source = Union[str, bytes, bytearray, "os.PathLike[str]"]
#: An item of :func:`analyze_many`: a document, or ``(name, text_or_bytes)``.
Item = Union[Source, Tuple[Any, Union[str, bytes, bytearray]]]
#: ``None`` the built-in market, ``False`` no market, or a path to postings / a market ``.tsv``.
MarketArg = Union[None, bool, str, "os.PathLike[str]"]

_DEFAULT_READY_AT = 50.0


class Taxonomy:
    """A skill taxonomy: the built-in one (:func:`taxonomy`) or a user's (:meth:`load`).

    Pass it as ``taxonomy=`` to :func:`analyze`, :func:`analyze_many` and :func:`extract`.
    """

    __slots__ = ("_native",)

    def __init__(self, native: _native.NativeTaxonomy) -> None:
        self._native = native

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"]) -> "Taxonomy":
        """Load and validate a taxonomy TOML file or folder (as ``skillgap --taxonomy PATH``).

        Raises :class:`SkillgapError` naming the file, line and field of the first problem.
        """
        return cls(_native.NativeTaxonomy.load(os.fspath(path)))

    @property
    def origin(self) -> str:
        """``"built-in"``, or the path the taxonomy was loaded from."""
        return self._native.origin

    @property
    def skills(self) -> List[Dict[str, Any]]:
        """Every skill: ``id``, ``name``, ``category``, ``importance`` (``skillgap taxonomy list
        --format json``)."""
        return json.loads(self._native.skills_json())

    @property
    def roles(self) -> List[Dict[str, Any]]:
        """Every role: ``id``, ``name``, ``description``, ``skills``, ``core``, ``default``
        (``skillgap roles --format json``)."""
        return json.loads(self._native.roles_json())

    def __repr__(self) -> str:
        return "<skillgap.Taxonomy {}: {} skills, {} roles>".format(
            self.origin, len(self.skills), len(self.roles)
        )


_builtin: Optional[Taxonomy] = None


def taxonomy() -> Taxonomy:
    """The built-in taxonomy."""
    global _builtin
    if _builtin is None:
        _builtin = Taxonomy(_native.NativeTaxonomy.builtin())
    return _builtin


def _native_taxonomy(tax: Optional[Taxonomy]) -> Optional[_native.NativeTaxonomy]:
    if tax is None:
        return None
    if not isinstance(tax, Taxonomy):
        raise TypeError("taxonomy must be a skillgap.Taxonomy, got {}".format(type(tax).__name__))
    return tax._native


def analyze(
    source: Source,
    *,
    name: Optional[str] = None,
    role: Optional[str] = None,
    market: MarketArg = None,
    level: Optional[str] = None,
    ready_at: float = _DEFAULT_READY_AT,
    job: Optional[Source] = None,
    taxonomy: Optional[Taxonomy] = None,
) -> Dict[str, Any]:
    """Analyse one document: the object ``skillgap analyze FILE --format json`` prints.

    ``source``: a path, the text, or the bytes of a PDF/DOCX/… file (see the module doc).
    ``name``: names text or bytes in the result (``source.path``) and in errors; its extension
    hints the format. ``role``: a role id (``taxonomy().roles``), ``"auto"`` for the best fit,
    or ``None`` for the default role. ``market``, ``level``, ``ready_at``: as the CLI's
    ``--market`` / ``--no-market`` (``False``), ``--level`` and ``--ready-at``. ``job``: a job
    posting to measure against too (``--job``), as a path, text or bytes.
    """
    return json.loads(
        _native.analyze(
            source,
            name=name,
            role=role,
            market=market,
            level=level,
            ready_at=ready_at,
            job=job,
            taxonomy=_native_taxonomy(taxonomy),
        )
    )


def analyze_many(
    items: Iterable[Item],
    *,
    threads: Optional[int] = None,
    errors: str = "raise",
    details: bool = True,
    role: Optional[str] = None,
    market: MarketArg = None,
    level: Optional[str] = None,
    ready_at: float = _DEFAULT_READY_AT,
    taxonomy: Optional[Taxonomy] = None,
) -> Iterator[Dict[str, Any]]:
    """Analyse every document of ``items`` on ``threads`` Rust threads (default: one per core);
    yields one result per item, in input order, as :func:`analyze` returns it.

    An item is a document as :func:`analyze` takes it, or a ``(name, text_or_bytes)`` pair
    (the string of a pair is always text). ``errors="raise"`` raises :class:`SkillgapError` at
    the first document that cannot be read; ``errors="include"`` yields the row ``skillgap batch
    --format jsonl`` writes for it instead (``{"schema_version", "source": {"path"}, "error"}``)
    and goes on. ``details=False`` leaves the catalogue text empty (each gap's ``description``,
    ``courses``, ``tools``; each plan step's ``courses``, ``tools``, ``practice``), as ``skillgap
    batch --full`` lines do: the same for every person, and most of the bytes.
    Items are read from the iterable a window ahead (16 per thread); the GIL is released while
    Rust works. With ``threads=1`` the work runs on the calling thread.
    """
    if errors not in ("raise", "include"):
        raise ValueError('errors must be "raise" or "include", got {!r}'.format(errors))
    many = _native.analyze_many(
        items,
        threads=threads,
        details=details,
        role=role,
        market=market,
        level=level,
        ready_at=ready_at,
        taxonomy=_native_taxonomy(taxonomy),
    )
    return _results(many, errors == "raise")


def _results(many: _native.Many, raise_errors: bool) -> Iterator[Dict[str, Any]]:
    for ok, text in many:
        row = json.loads(text)
        if not ok and raise_errors:
            raise SkillgapError(row["error"])
        yield row


def extract(
    source: Source,
    *,
    name: Optional[str] = None,
    taxonomy: Optional[Taxonomy] = None,
) -> List[Dict[str, Any]]:
    """The skills a document shows, without a role or a market: the list ``skillgap extract FILE
    --format json`` prints (``id``, ``name``, ``category``, ``status``, ``occurrences``, ``evidence``)."""
    return json.loads(
        _native.extract(source, name=name, taxonomy=_native_taxonomy(taxonomy))
    )
