"""The per-request context every resolver gets as `info.context`."""

from __future__ import annotations

from dataclasses import dataclass, field

from api.loaders import Loaders
from api.roles import Role
from graph.async_store import AsyncStore


@dataclass
class Context:
    store: AsyncStore
    role: Role
    request_id: str
    prefetch: bool = True  # fetch what a root field selects below it in one store call (api.prefetch)
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.store)
