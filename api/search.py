"""`search(text)`: people, studios and achievements whose name or title contains a text."""

from typing import Annotated, Union

import strawberry

from api.errors import bad_input, limit_exceeded
from api.nodes import Achievement, Person, Studio
from api.objects import node_object
from api.pagination import DEFAULT_PAGE, MAX_PAGE
from api.roles import SEES_PEOPLE

SearchHit = Annotated[
    Union[Person, Studio, Achievement],
    strawberry.union("SearchHit", description="A person, studio or achievement that search found."),
]


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="People, studios and achievements whose name or title contains `text` (Chinese substrings "
        "included), people first, then studios, then achievements, each by name. People are searched for the "
        "planner, hr and admin roles only."
    )
    async def search(
        self,
        info: strawberry.Info,
        text: Annotated[str, strawberry.argument(description="The substring to look for: 1 to 50 characters.")],
        first: Annotated[int, strawberry.argument(description="How many hits at most: 100 at most.")] = DEFAULT_PAGE,
    ) -> list[SearchHit]:
        text = text.strip()
        if not 1 <= len(text) <= 50:
            raise bad_input("`text` must have 1 to 50 characters besides surrounding spaces")
        if first > MAX_PAGE:
            raise limit_exceeded("page size", first, MAX_PAGE)
        if first < 0:
            raise bad_input("`first` must not be negative")
        labels = ["Studio", "Achievement"]
        if info.context.role in SEES_PEOPLE:
            labels.insert(0, "Person")
        found = await info.context.store.search(text, labels, first)
        return [node_object(label, props) for label, props in found]
