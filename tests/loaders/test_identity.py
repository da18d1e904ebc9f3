"""Person keys from identity-card numbers: checked, keyed, stable, never the number itself."""

from __future__ import annotations

import pytest

from loaders.generate import id_card
from loaders.identity import ENV_KEY, IdentityError, birth_year, check_card, person_key

CARD = id_card("421002", "1975-11-12", 17)


def test_a_generated_card_passes_the_check_digit_and_a_changed_one_fails() -> None:
    assert check_card(CARD.lower()) == CARD
    wrong = CARD[:-1] + ("0" if CARD[-1] != "0" else "1")
    with pytest.raises(IdentityError, match="check digit"):
        check_card(wrong)
    with pytest.raises(IdentityError, match="18 characters"):
        check_card("42100219751112")


def test_the_key_is_stable_keyed_and_hides_the_number() -> None:
    key = person_key(CARD, {ENV_KEY: "secret"})
    assert key == person_key(f" {CARD} ", {ENV_KEY: "secret"})
    assert key != person_key(CARD, {ENV_KEY: "another"})
    assert key.startswith("ID-") and CARD not in key and len(key) == 23
    assert birth_year(CARD) == 1975


def test_without_a_key_no_person_key_is_derived() -> None:
    with pytest.raises(IdentityError, match=ENV_KEY):
        person_key(CARD, {})
