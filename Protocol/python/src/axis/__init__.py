"""axis: a Python client for the Axis server's binary protocol (Protocol/PROTOCOL.md).

>>> import axis
>>> with axis.connect("127.0.0.1", 7411) as c:
...     c.put("notes/1", "North Korea sent shells.")
...     c.get("notes/1").text
"""

from __future__ import annotations

__version__ = "0.1.0"

from .client import Client, connect
from .documents import Document, make_upload
from .errors import *  # noqa: F401,F403  (the typed exceptions, see errors.__all__)
from .errors import AxisError, Code, Retry
from .frames import PREFACE, Frame
from .opcodes import Opcode
from .pandas import to_dataframe
from .pack import PackError, PackHeader, PackTrailer, decode_pack, encode_pack, verify_pack
from .transport import Connection, PendingRequest

__all__ = [
    "AxisError", "Client", "Code", "Connection", "Document", "Frame", "Opcode", "PREFACE", "PackError",
    "PackHeader", "PackTrailer", "PendingRequest", "Retry", "__version__", "connect", "decode_pack",
    "encode_pack", "make_upload", "to_dataframe", "verify_pack",
]
