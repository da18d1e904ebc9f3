"""Person keys from identity-card numbers (身份证号), which are never stored.

Where a row gives no person id, the key is a keyed hash (HMAC-SHA256) of the
card number, so a reload maps to the same person and the number cannot be read
back. The key comes from STUDIOGRAPH_ID_KEY; without it, such rows are refused
(a fixed key would let anyone hash every possible card number and reverse it).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Mapping

ENV_KEY = "STUDIOGRAPH_ID_KEY"
PREFIX = "ID-"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


class IdentityError(ValueError):
    """A card number that is malformed, or no key to hash it with."""


def check_card(card: str) -> str:
    """The 18-character number, upper-cased, if its GB 11643 check digit is right."""
    number = re.sub(r"\s", "", card).upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise IdentityError("身份证号 must be 18 characters: 17 digits and a digit or X")
    total = sum(int(d) * w for d, w in zip(number, _WEIGHTS))
    if _CHECK[total % 11] != number[-1]:
        raise IdentityError("身份证号 has a wrong check digit")
    return number


def person_key(card: str, env: Mapping[str, str] = os.environ) -> str:
    """The stable person key for a card number: ID- and 20 hex digits of its HMAC."""
    secret = env.get(ENV_KEY)
    if not secret:
        raise IdentityError(f"a person id is needed: set {ENV_KEY} to derive one from 身份证号")
    digest = hmac.new(secret.encode(), check_card(card).encode(), hashlib.sha256).hexdigest()
    return PREFIX + digest[:20]


def birth_year(card: str) -> int:
    """The year of birth a valid card number carries."""
    return int(check_card(card)[6:10])
