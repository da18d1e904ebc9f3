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
