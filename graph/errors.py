"""The errors a store raises, each naming what failed."""


class StoreError(Exception):
    """Base of every error a store raises."""


class InvalidData(StoreError, ValueError):
    """A row does not fit the model: names the label or type, the key and the field."""


class MissingEndpoint(InvalidData):
    """A relationship row names a node that is not in the store."""


class ConstraintViolation(StoreError):
    """The database refused a write that breaks a constraint."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (server down, wrong address or credentials)."""


class StoreTimeout(StoreError):
    """A read ran past its deadline and was stopped."""


class RuleViolation(InvalidData):
    """A write breaks one of the model's rules: names where, the field and the reason."""

    def __init__(self, where: str, field: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}" if reason.startswith(field) else f"{where}: {field}: {reason}")
        self.where, self.field, self.reason = where, field, reason


class StaleVersion(StoreError):
    """A write was based on an older version of the object than the one stored."""

    def __init__(self, what: str, expected: int, stored: int) -> None:
        super().__init__(f"{what} is at version {stored}, not {expected}: read it again and redo the change")
        self.what, self.expected, self.stored = what, expected, stored


class NotFound(InvalidData):
    """A write names an object that is not stored (or, to create, one that is)."""

    def __init__(self, where: str, field: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where, self.field, self.reason = where, field, reason


class AlreadyExists(NotFound):
    """A write would create an object that is stored already."""
