"""The request's loaders: a value fetched ahead answers at once, anything else is batched."""

from __future__ import annotations

import asyncio
import inspect

from api.loading import Batcher, BatchLoader


def test_then_answers_a_primed_key_at_once_and_loads_any_other_in_one_batch() -> None:
    batches: list[list[str]] = []

    async def load_many(keys: list[str]) -> list[int]:
        batches.append(keys)
        return [len(key) for key in keys]

    async def run() -> tuple[object, list[int]]:
        loader: BatchLoader[str, int] = BatchLoader(Batcher(), load_many)
        loader.prime({"primed": 100})
        now = loader.then("primed", lambda value: value + 1)
        later = [loader.then(key, lambda value: value * 2) for key in ("ab", "abc")]
        assert all(inspect.isawaitable(item) for item in later)
        return now, list(await asyncio.gather(*later))

    now, later = asyncio.run(run())
    assert now == 101  # a plain value: no await, no store call
    assert later == [4, 6] and batches == [["ab", "abc"]]


def test_then_raises_the_stores_error_for_a_key_that_failed() -> None:
    async def load_many(keys: list[str]) -> list[int]:
        raise RuntimeError("store down")

    async def run() -> str:
        loader: BatchLoader[str, int] = BatchLoader(Batcher(), load_many)
        try:
            await loader.then("k", lambda value: value)
        except RuntimeError as error:
            return str(error)
        return "no error"

    assert asyncio.run(run()) == "store down"
