"""Fixtures: a real ``axserver`` per test session (and extra ones on demand).

The binary comes from ``$AXSERVER``, else ``<repo>/.build/debug/axserver``
if it exists; without one, the end-to-end tests are skipped. Each server
gets ``--listen 127.0.0.1:0 --data <tmpdir>``; the fixture reads its
output until ``listening on HOST:PORT`` and stops it (SIGTERM, then SIGKILL)
however the test ends.
"""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys
import threading
from typing import Iterator

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import axis  # noqa: E402

_DEFAULT_BINARY = pathlib.Path(__file__).resolve().parents[3] / ".build" / "debug" / "axserver"
_LISTENING = re.compile(r"listening on (\S+):(\d+)")


def server_binary() -> str | None:
    path = os.environ.get("AXSERVER")
    if path:
        return path
    if _DEFAULT_BINARY.exists():
        return str(_DEFAULT_BINARY)
    return None


class AxServer:
    """One ``axserver`` process on 127.0.0.1 with its own data folder."""

    def __init__(self, binary: str, data_dir: pathlib.Path, startup_timeout: float = 30.0) -> None:
        self.data_dir = data_dir
        self.lines: list[str] = []
        self.host = "127.0.0.1"
        self.port = 0
        self._ready = threading.Event()
        self.proc = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0", "--data", str(data_dir), "--exit-with-parent"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            errors="replace",
        )
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()
        if not self._ready.wait(startup_timeout) or not self.port:
            self.stop()
            raise RuntimeError("axserver did not report 'listening on HOST:PORT':\n" + "\n".join(self.lines[-20:]))

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            if not self._ready.is_set():
                m = _LISTENING.search(line)
                if m:
                    self.host, self.port = m.group(1), int(m.group(2))
                    self._ready.set()
        self._ready.set()

    def connect(self, **kwargs) -> axis.Client:
        kwargs.setdefault("timeout", 20)
        return axis.connect(self.host, self.port, **kwargs)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self._thread.join(timeout=2)

    def log_text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture(scope="session")
def axserver_binary() -> str:
    path = server_binary()
    if not path or not os.access(path, os.X_OK):
        pytest.skip("no axserver binary: set AXSERVER=/path/to/axserver")
    return path


@pytest.fixture()
def make_server(axserver_binary: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """Start extra servers; every one is stopped when the test ends."""
    started: list[AxServer] = []

    def start() -> AxServer:
        s = AxServer(axserver_binary, tmp_path_factory.mktemp("axdata"))
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


@pytest.fixture(scope="session")
def server(axserver_binary: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AxServer]:
    """The shared server of the session."""
    s = AxServer(axserver_binary, tmp_path_factory.mktemp("axdata-shared"))
    try:
        yield s
    finally:
        s.stop()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "requires_v11(change): needs a v1.1 server (HELLO reply revision >= 1); `change` names the "
        "entry of Protocol/SERVER-CHANGES-v1.1.md that brings the behaviour",
    )
    config.addinivalue_line(
        "markers", "requires_v10: checks how a v1.0 server (revision 0) behaves where v1.1 changed it",
    )


@pytest.fixture(scope="session")
def server_revision(server: AxServer) -> int:
    """The shared server's protocol revision (PROTOCOL.md §6.1 field 8, §15.1)."""
    c = server.connect()
    try:
        return c.revision
    finally:
        c.close()


@pytest.fixture(autouse=True)
def _revision_gate(request: pytest.FixtureRequest) -> None:
    """Skip a test marked requires_v11 on a v1.0 server, and one marked requires_v10 on v1.1."""
    v11 = request.node.get_closest_marker("requires_v11")
    v10 = request.node.get_closest_marker("requires_v10")
    if v11 is None and v10 is None:
        return
    revision = request.getfixturevalue("server_revision")
    if v11 is not None and revision < 1:
        change = v11.args[0] if v11.args else "v1.1"
        pytest.skip(f"the server's revision is {revision} (v1.0): waits for {change} of Protocol/SERVER-CHANGES-v1.1.md")
    if v10 is not None and revision >= 1:
        pytest.skip(f"the server's revision is {revision}: this checks v1.0 behaviour")


@pytest.fixture()
def client(server: AxServer) -> Iterator[axis.Client]:
    c = server.connect()
    try:
        yield c
    finally:
        c.close()


_counter = iter(range(1, 1 << 30))


@pytest.fixture()
def prefix(request: pytest.FixtureRequest) -> str:
    """A key prefix unique to the test (the shared server keeps every test's documents)."""
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
    return f"t{next(_counter)}-{name}/"
