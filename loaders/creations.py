"""Which relationships a load creates without MERGE, and how a row naming one again is told from the first.

A relationship type the store held none of when the load began is written with
CREATE: MERGE would find nothing to merge with, after looking among both ends'
relationships. Only a second row naming a relationship the load created (one
person by key and by name, an honour listing someone twice, or the same pair in
two files) must be merged, which `Created` tells. This assumes no one else writes
the type during the load, as a first load of a folder does.
"""

from __future__ import annotations

from typing import Any

from graph.model import rel_type
from loaders.kinds import KINDS, SELF, FileKind, Link

LinkEnds = tuple[str, str, str]  # (relationship type, from label, to label)


def link_ends(kind: FileKind, link: Link) -> LinkEnds:
    """(relationship type, from label, to label) of a link of the kind."""
    assert kind.node is not None or (link.source is not None and link.target is not None)
    return (link.rel_type, link.source.label if link.source else kind.node,  # type: ignore[return-value]
            link.target.label if link.target else kind.node)


def only_link(kind: FileKind, link: Link) -> bool:
    """Whether no other link of any kind writes the link's type between the same labels.

    achievements.csv's first completer and achievement_contributors.csv both write CONTRIBUTED:
    a person may be in both, and the second must then update the first, not add another.
    """
    ends = link_ends(kind, link)
    return sum(link_ends(other, o) == ends for other in KINDS for o in other.links) == 1


def written_once(kind: FileKind, link: Link) -> bool:
    """Whether a file's accepted rows write the link between two nodes at most once, whatever their references say.

    So it is when the row's own node is an end (a kind whose rows are not shared accepts
    each key once) and the other end names one node, or when the link's type has a key
    and keys the rows of a file of links (validate._unique refuses a key twice).
    Otherwise two rows may name one pair, by key and by name say.
    """
    ends = (link.source, link.target)
    if kind.node is None:
        return rel_type(link.rel_type).key is not None and link == kind.links[0]
    return not kind.shared and SELF in ends and not any(end and end.many for end in ends)


class Created:
    """The relationships rows have created, where two rows may name one: a second is merged.

    Each is remembered by its hash: two that share one make the second a merge, which is
    still right, and a million of them take a third of the memory their names would.
    """

    def __init__(self, key: str | None) -> None:
        self.key = key  # the type's key property: two relationships between one pair differ by it
        self.seen: set[int] = set()

    def first(self, ends: dict[str, str], props: dict[str, Any]) -> bool:
        """Whether no row before named this relationship (and, from now on, that one did)."""
        name = hash((ends["from"], ends["to"], props.get(self.key) if self.key else None))
        if name in self.seen:
            return False
        self.seen.add(name)
        return True


def created_for(kind: FileKind, link: Link, shared: dict[LinkEnds, Created]) -> Created | None:
    """The Created a link's rows are told apart by; None where no two rows can name one relationship.

    `shared` holds the load's Created of the links several files write, kept from file to file.
    """
    if not only_link(kind, link):  # another file writes the type too: what this one creates, that one merges
        return shared.setdefault(link_ends(kind, link), Created(rel_type(link.rel_type).key))
    return None if written_once(kind, link) else Created(rel_type(link.rel_type).key)


def forget_done(shared: dict[LinkEnds, Created], later: list[FileKind]) -> None:
    """Drop what no later file's links will ask about."""
    wanted = {link_ends(kind, link) for kind in later for link in kind.links}
    for ends in [ends for ends in shared if ends not in wanted]:
        del shared[ends]
