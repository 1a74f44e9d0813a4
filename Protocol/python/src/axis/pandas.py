"""Optional pandas helpers: messages as DataFrames.

``to_dataframe(items)`` works on any list of messages (query hits, entity
summaries, snapshot infos from history, document summaries, …): one row per
item, one column per field; nested messages are flattened with a ``.``
(``latest.key``), lists are kept as Python lists. pandas is imported only
when a helper is called.
"""

from __future__ import annotations

import importlib
from typing import Any, Iterable

from .schema import Message

_INSTALL_HINT = (
    "axis.to_dataframe() needs pandas, which is not installed; "
    "install it with `pip install pandas` or `pip install axis-client[pandas]`"
)


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as e:
        raise ImportError(_INSTALL_HINT) from e


def _flatten(prefix: str, value: Any, row: dict[str, Any]) -> None:
    if isinstance(value, Message):
        for f in value.FIELDS:
            _flatten(f"{prefix}{f.name}.", getattr(value, f.name), row)
        return
    key = prefix[:-1]
    if isinstance(value, list):
        row[key] = [v.to_dict() if isinstance(v, Message) else v for v in value]
    elif isinstance(value, bytes):
        row[key] = value.hex()
    else:
        row[key] = value


def rows(items: Iterable[Message]) -> list[dict[str, Any]]:
    """The items as flat dicts."""
    out = []
    for item in items:
        row: dict[str, Any] = {}
        _flatten("", item, row)
        out.append(row)
    return out


def to_dataframe(items: Iterable[Message]) -> Any:
    """A pandas DataFrame with one row per message."""
    pd = _pandas()
    return pd.DataFrame(rows(items))


def query_hits_dataframe(page: Any) -> Any:
    """A query page's hits; ``score`` as float, ``day``/``published`` as dates."""
    pd = _pandas()
    df = to_dataframe(page.hits)
    if "score" in df:
        df["score"] = pd.to_numeric(df["score"], errors="coerce")
    for col in ("day", "published"):
        if col in df:
            df[col] = pd.to_datetime(df[col].replace("", None), errors="coerce")
    return df


def timeline_dataframe(page: Any) -> Any:
    """A timeline's periods indexed by their start date."""
    pd = _pandas()
    df = to_dataframe(page.periods)
    if not df.empty:
        df["start"] = pd.to_datetime(df["start"])
        df = df.set_index("start")
    return df
