"""End to end: TOKENS and roles (PROTOCOL.md §6.1, §6.5, v1.1)."""

from __future__ import annotations

import pytest

import axis


def test_tokens_roles_and_revocation(make_server) -> None:
    srv = make_server()
    with srv.connect() as open_client:
        # No token file yet: the connection is admin, and may create the first token.
        admin = open_client.tokens("add", name="chief", role="admin").token
        assert admin and admin.startswith("axt_")
    # From now on a token is required.
    with pytest.raises(axis.AxisError) as refused:
        srv.connect().ping()
    assert refused.value.code == 2001  # AUTH_FAILED
    with srv.connect(token=admin) as chief:
        reader = chief.tokens("add", name="bob", role="read").token
        names = {(t.name, t.role) for t in chief.tokens("list").tokens}
        assert names == {("chief", "admin"), ("bob", "read")}
    with srv.connect(token=reader) as bob:
        assert bob.ping().data == b""
        with pytest.raises(axis.AxisError) as forbidden:
            bob.put("desk/1", "Russia sent shells.\n")
        assert forbidden.value.code == 2002  # FORBIDDEN
        assert "needs the write role" in forbidden.value.message
        with pytest.raises(axis.AxisError):
            bob.tokens("list")
    with srv.connect(token=admin) as chief:
        chief.tokens("revoke", name="bob")
    with pytest.raises(axis.AxisError):
        srv.connect(token=reader).ping()
