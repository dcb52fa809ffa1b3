"""Edits of a report file's round-trip data (ruamel.yaml): texts set, items inserted and deleted, each
scalar written back in the quoting style it was typed in, comments and layout kept."""

from __future__ import annotations

import copy
from typing import Any

import msgspec
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
)

__all__ = ["Edits", "Place", "as_list", "like", "narrative_place"]


class Place(msgspec.Struct, frozen=True):
    """Where a value of the report file is: its container and the key or index in it."""

    container: Any  # a CommentedMap or CommentedSeq of the round-trip data
    key: Any
    owner: Any = None  # the mapping whose `content` the list is (a section), if it is one
    first: bool = False  # (section, "content"): before the section's first block


def narrative_place(data: CommentedMap, path: tuple[int, ...]) -> Place | None:
    """The place of narrative[path[0]] → content[path[1]] … (a list's items for the last step under
    a list block); None when the file has no such item. A section's `content: "one paragraph"` is
    the place (section, "content")."""
    container: Any = data.get("narrative")
    owner: Any = None
    place = None
    for step in path:
        if isinstance(container, str) and step == 0 and owner is not None:
            place, container = Place(owner, "content"), None
            continue
        if not isinstance(container, list) or not 0 <= step < len(container):
            return None
        place = Place(container, step, owner)
        item = container[step]
        container, owner = None, None
        if isinstance(item, dict):
            if "content" in item:
                container, owner = item["content"], item
                continue
            if "list" in item:
                container = item["list"]
    return place


def as_list(place: Place) -> Place:
    """`place` in a list: a section's `content: "one paragraph"` becomes a list of that paragraph,
    so items can go beside it."""
    if isinstance(place.container, dict):
        section = place.container
        content = section.get(place.key)
        if not isinstance(content, list):
            section[place.key] = CommentedSeq([] if content is None else [content])
        return Place(section[place.key], -1 if place.first else 0, section)
    return place


def like(old: Any, new: str) -> Any:
    """`new` in the scalar style `old` was typed in (quotes, `|` block); plain text stays plain
    where YAML allows it (ruamel.yaml quotes it otherwise)."""
    if isinstance(old, (LiteralScalarString, FoldedScalarString)):
        return LiteralScalarString(new) if isinstance(old, LiteralScalarString) else FoldedScalarString(new)
    if isinstance(old, ScalarString):
        return type(old)(new)
    return new


class Edits:
    """Edits collected while reading the document, applied at once (sets, then deletes and inserts
    from the end of each list, so no index moves under another edit)."""

    def __init__(self) -> None:
        self._sets: list[tuple[Place, Any]] = []
        self._moves: list[tuple[Place, int, Any]] = []  # where, order, value (None: delete)
        self._order = 0
        self._removed: list[tuple[Any, str]] = []

    def __bool__(self) -> bool:
        return bool(self._sets or self._moves or self._removed)

    def set_text(self, place: Place, text: Any, key: str | None = None) -> None:
        """Set the text at `place` (or its mapping's `key`: a paragraph written `{text: …}`), in the
        style the old text was typed in; a value that is no text is set as it is."""
        self._sets.append((place, (key, text)))

    def insert_after(self, place: Place, value: Any) -> None:
        """Insert `value` after the item at `place`; several after one item keep their order."""
        self._order += 1
        self._moves.append((place, -self._order, value))

    def delete(self, place: Place) -> None:
        self._moves.append((place, 0, None))

    def remove_key(self, mapping: Any, key: str) -> None:
        """Take `key` out of `mapping` (an opening, a closing, a footnote written the older way)."""
        self._removed.append((mapping, key))

    def apply(self) -> None:
        for place, (key, text) in self._sets:
            target, at = (place.container[place.key], key) if key is not None else (place.container, place.key)
            old = target[at] if isinstance(at, int) or at in target else None
            target[at] = like(old, text) if isinstance(text, str) else text
        for mapping, key in self._removed:
            mapping.pop(key, None)
        moves = []
        for place, order, value in self._moves:
            where = as_list(place)
            moves.append((where.container, where.key, order, value, place.owner))
        # From the end of each list: an insert after item i before the delete of item i.
        moves.sort(key=lambda m: (id(m[0]), -(m[1] + (0.5 if m[3] is not None else 0)), m[2]))
        for container, index, _order, value, owner in moves:
            if value is None:
                _delete(container, index, owner)
            else:
                _insert(
                    container, index, like(_nearest_text(container, index), value) if isinstance(value, str) else value
                )


def _nearest_text(container: Any, index: int) -> Any:
    """The text nearest item `index` of a list (the one before it first), whose quoting a new text
    copies; a list without texts gives a double-quoted one, as the examples write them."""
    for distance in range(len(container) + 1):
        for at in (index - distance, index + 1 + distance):
            if 0 <= at < len(container) and isinstance(container[at], str):
                return container[at]
    return DoubleQuotedScalarString("")


def _last(node: Any) -> tuple[Any, Any] | None:
    """The innermost collection that holds `node`'s last line, and that line's key or index."""
    if isinstance(node, CommentedSeq) and node:
        inner = _last(node[-1])
        return inner or (node, len(node) - 1)
    if isinstance(node, CommentedMap) and node:
        key = next(reversed(node))
        inner = _last(node[key])
        return inner or (node, key)
    return None


def _comment_slot(container: Any, key: Any) -> int:
    """Where ruamel.yaml keeps the comment after an item: [0] of a list's, [2] of a mapping's."""
    return 0 if isinstance(container, CommentedSeq) else 2


def _take_trailing(container: Any, index: int) -> Any:
    """The comment lines under an item (not its own end-of-line comment), taken off it."""
    holder = _last(container[index]) or (container, index)
    items = holder[0].ca.items.get(holder[1])
    token = None if items is None else items[_comment_slot(*holder)]
    if token is None or "\n" not in token.value.rstrip("\n"):
        return None
    own, below = token.value.split("\n", 1)
    under = copy.copy(token)
    under.value = "\n" + below if own.strip() else token.value
    if own.strip():
        token.value = own + "\n"
    else:
        items[_comment_slot(*holder)] = None
    return under


def _put_trailing(container: Any, index: int, token: Any) -> None:
    """Comment lines under the item at `index`, after those it has."""
    target = _last(container[index]) or (container, index)
    slot = _comment_slot(*target)
    entry = target[0].ca.items.setdefault(target[1], [None, None, None, None] if slot else [None, None])
    if entry[slot] is None:
        entry[slot] = token
    else:  # after the comment lines already there (the moved token's first line break ended the deleted line)
        entry[slot].value = entry[slot].value.rstrip("\n") + "\n" + token.value.lstrip("\n")


def _delete(container: Any, index: int, owner: Any = None) -> None:
    """Delete an item; the comment lines under it (which describe what follows) go under the item
    before it, as they stood in the file. A section's last paragraph takes its `content:` with it."""
    comment = _take_trailing(container, index) if isinstance(container, (CommentedSeq, CommentedMap)) else None
    if len(container) == 1 and isinstance(owner, CommentedMap) and owner.get("content") is container:
        keys = list(owner)
        del owner["content"]
        before = keys[keys.index("content") - 1] if keys.index("content") else None
        if comment is not None and before is not None:
            _put_trailing(owner, before, comment)
        return
    del container[index]
    if comment is not None and index > 0:
        _put_trailing(container, index - 1, comment)


def _insert(container: Any, index: int, value: Any) -> None:
    """Insert an item after the one at `index`, the comment lines under that one moved under the
    new one: they stay right above what they describe."""
    comment = _take_trailing(container, index) if index >= 0 and isinstance(container, CommentedSeq) else None
    container.insert(index + 1, value)
    if comment is not None:
        _put_trailing(container, index + 1, comment)
