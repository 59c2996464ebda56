# Type stubs for the native module (python/src/lib.rs). The public API is skillgap/__init__.py;
# these functions return JSON text, which it decodes.
import os
from typing import Any, Iterator, Optional, Tuple, Union

_Source = Union[str, bytes, bytearray, os.PathLike[str]]
_Market = Union[None, bool, str, os.PathLike[str]]

class SkillgapError(Exception): ...

class NativeTaxonomy:
    @staticmethod
    def builtin() -> NativeTaxonomy: ...
    @staticmethod
    def load(path: Union[str, os.PathLike[str]]) -> NativeTaxonomy: ...
    @property
    def origin(self) -> str: ...
    def skills_json(self) -> str: ...
    def roles_json(self) -> str: ...

class Many(Iterator[Tuple[bool, str]]):
    def __iter__(self) -> Many: ...
    def __next__(self) -> Tuple[bool, str]: ...

def version() -> str: ...
def analyze(
    source: _Source,
    *,
    name: Optional[str] = ...,
    role: Optional[str] = ...,
    market: _Market = ...,
    level: Optional[str] = ...,
    ready_at: float = ...,
    job: Optional[_Source] = ...,
    taxonomy: Optional[NativeTaxonomy] = ...,
) -> str: ...
def analyze_many(
    items: Any,
    *,
    threads: Optional[int] = ...,
    details: bool = ...,
    role: Optional[str] = ...,
    market: _Market = ...,
    level: Optional[str] = ...,
    ready_at: float = ...,
    taxonomy: Optional[NativeTaxonomy] = ...,
) -> Many: ...
def extract(
    source: _Source,
    *,
    name: Optional[str] = ...,
    taxonomy: Optional[NativeTaxonomy] = ...,
) -> str: ...
