"""Token configuration: hashes only, from the environment or a file; bad entries refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.access import Identity, Tokens, Unauthenticated, hash_token, new_token
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


def test_a_token_may_carry_a_label_and_the_old_formats_still_work(tmp_path: Path) -> None:
    clerk, office, plain = new_token(), new_token(), new_token()
    file = tmp_path / "tokens"
    file.write_text(f"hr {hash_token(office)} 人事科 王会计  # the HR office\n", encoding="utf-8")
    tokens = Tokens.from_env({
        "STUDIOGRAPH_TOKENS": f"hr:{hash_token(clerk)}:工会 李干事,admin:{hash_token(plain)}",
        "STUDIOGRAPH_TOKENS_FILE": str(file),
    })
    assert tokens.identify(f"Bearer {clerk}") == Identity(Role.HR, "工会 李干事")
    assert tokens.identify(f"Bearer {office}") == Identity(Role.HR, "人事科 王会计")
    assert tokens.identify(f"Bearer {plain}") == Identity(Role.ADMIN, f"admin token {hash_token(plain)[:8]}")
    assert tokens.identify(None) == Identity(Role.PUBLIC, "public")


def test_the_token_command_prints_the_label_to_configure(capsys) -> None:
    from argparse import Namespace

    from api.cli import cmd_token

    assert cmd_token(Namespace(role="hr", label="人事科  王会计")) == 0
    printed = capsys.readouterr().out
    assert "人事科 王会计\n" in printed and ":人事科 王会计\n" in printed
    assert cmd_token(Namespace(role="hr", label="a:b")) == 2
