"""Token configuration: hashes only, from the environment or a file; bad entries refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.access import Tokens, Unauthenticated, hash_token, new_token
from api.access import Role


def test_tokens_from_the_environment_and_a_file(tmp_path: Path) -> None:
    planner, hr = new_token(), new_token()
    file = tmp_path / "tokens"
    file.write_text(f"# role  sha256 of the token\nhr {hash_token(hr)}  # HR office\n\n", encoding="utf-8")
    tokens = Tokens.from_env({"STUDIOGRAPH_TOKENS": f"planner:{hash_token(planner)}", "STUDIOGRAPH_TOKENS_FILE": str(file)})
    assert tokens.role_for(f"Bearer {planner}") is Role.PLANNER
    assert tokens.role_for(f"bearer {hr}") is Role.HR
    assert tokens.role_for(None) is Role.PUBLIC and tokens.role_for("") is Role.PUBLIC
    assert planner not in repr(tokens) and hr not in repr(tokens)


@pytest.mark.parametrize("header", ["Bearer wrong", "Basic abc", "Bearer ", "abc"])
def test_a_wrong_token_is_refused(header: str) -> None:
    with pytest.raises(Unauthenticated):
        Tokens.of([("admin", hash_token("right"))]).role_for(header)


@pytest.mark.parametrize(("entry", "message"), [
    (("public", "a" * 64), "planner, hr or admin"),
    (("boss", "a" * 64), "planner, hr or admin"),
    (("hr", "plain-token"), "SHA-256"),
])
def test_a_bad_entry_is_a_configuration_error(entry: tuple[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Tokens.of([entry])
