"""Read the golden vector files of Protocol/vectors/ (format: hex bytes, '#' comments)."""

from __future__ import annotations

import os
import pathlib

VECTORS_DIR = pathlib.Path(
    os.environ.get("AXIS_VECTORS", pathlib.Path(__file__).resolve().parents[2] / "vectors")
)


def parse_hex(text: str) -> bytes:
    """Each line: hex byte pairs, then an optional '#' comment. Lines starting with '#' are comments."""
    out = bytearray()
    for line in text.splitlines():
        code = line.split("#", 1)[0]
        for token in code.split():
            out.append(int(token, 16))
    return bytes(out)


def descriptions(text: str) -> list[str]:
    """The 'decodes to:' lines of the file's heading."""
    return [
        line.split("decodes to:", 1)[1].strip()
        for line in text.splitlines()
        if line.startswith("#") and "decodes to:" in line
    ]


def vector_files() -> list[pathlib.Path]:
    return sorted(VECTORS_DIR.glob("*.hex"))


def load(name: str) -> bytes:
    return parse_hex((VECTORS_DIR / name).read_text())
