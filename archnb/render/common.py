"""What every renderer needs to read a plan the same way: clean text, key columns, FK types.

The renderers must agree on a few readings of the data model (which column a foreign key
points at, which type it ends up with, what a join table is), so the ERD, the DDL and the
OpenAPI schemas never tell three different stories about one plan.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import ParamSpec, TypeVar

from archnb.plan import Attribute, DataModel, Entity

_SPACE = re.compile(r"\s+")
# Control characters (category Cc) that are not whitespace, and lone surrogates (Cs).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff]")
_SIZED = re.compile(r"^(varchar|char|vector)\((\d+)\)")
_NUMERIC = re.compile(r"^numeric\((\d+), ?(\d+)\)")
INTEGER_TYPES = ("smallint", "integer", "bigint")


_P = ParamSpec("_P")
_R = TypeVar("_R")


def without_cycle_collection(render: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run `render` with Python's cycle collector paused (as it was, if already paused).

    A renderer builds many containers (the OpenAPI document of a 5,000-word brief has
    25,000 dicts and lists) and no reference cycles, so a collection pass during it
    frees nothing; yet the new containers can trigger a full pass over every object in
    the process, which after drafting a large plan took ~100 ms. Reference counting
    still frees everything as usual.
    """

    @wraps(render)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not gc.isenabled():  # paused already: by an outer renderer, or by the caller
            return render(*args, **kwargs)
        gc.disable()
        try:
            return render(*args, **kwargs)
        finally:
            gc.enable()

    return paused


def one_line(text: str) -> str:
    """Return `text` on one line: whitespace runs become one space, control characters go.

    Lone surrogates and NUL cannot be encoded or stored by the tools downstream
    (UTF-8 files, PostgreSQL text), so they are dropped rather than escaped.
    """
    text = str(text)
    # Most text is already tidy: printable (so no controls and no whitespace but the
    # space) with no double spaces. Two C-speed checks skip the two regex passes.
    if text.isprintable() and "  " not in text:
        return text.strip()
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def primary_key(entity: Entity) -> list[Attribute]:
    """Return the entity's primary-key attributes, first occurrence of each name only."""
    return [a for a in unique_attributes(entity) if a.primary_key]


def unique_attributes(entity: Entity) -> list[Attribute]:
    """Return the entity's attributes without later duplicates of a name."""
    seen: set[str] = set()
    kept = []
    for attribute in entity.attributes:
        if attribute.name not in seen:
            seen.add(attribute.name)
            kept.append(attribute)
    return kept


def unique_entities(model: DataModel) -> list[Entity]:
    """Return the data model's entities without later duplicates of a name."""
    seen: set[str] = set()
    kept = []
    for entity in model.entities:
        if entity.name not in seen:
            seen.add(entity.name)
            kept.append(entity)
    return kept


@dataclass(frozen=True)
class Reference:
    """Where a foreign-key attribute points: the entity and, when it has one, its key column."""

    entity: Entity
    column: Attribute | None  # None when the target has no single-column primary key


def reference(model: DataModel, attribute: Attribute) -> Reference | None:
    """Return what `attribute` references, or None if it is no FK or its target is missing."""
    if not attribute.foreign_key:
        return None
    target = model.entity(attribute.foreign_key)
    if target is None:
        return None
    return _reference_to(target, primary_key(target))


def _reference_to(target: Entity, key: list[Attribute]) -> Reference:
    return Reference(entity=target, column=key[0] if len(key) == 1 else None)


def column_type(model: DataModel, attribute: Attribute) -> str:
    """Return the SQL type a column gets: an FK takes its target key's (resolved) type.

    A foreign key only works when both columns compare with one operator; a plan that
    says `text` for `user_id` while `user.id` is `bigint` means "a reference to user",
    so the reference wins over the declared type. Chains of keys are followed, cycles
    stop at the declared type.
    """
    return _resolve_type(attribute, lambda step: reference(model, step))


def _resolve_type(
    attribute: Attribute, reference_of: Callable[[Attribute], Reference | None]
) -> str:
    """column_type's walk along the chain of keys, with `reference_of` to take each step."""
    path: list[Attribute] = []
    current = attribute
    while all(current is not step for step in path):
        path.append(current)
        ref = reference_of(current)
        if ref is None or ref.column is None:
            return safe_type(current.type)
        current = ref.column
    # A cycle of keys: every member must end with one type, whichever member we start at.
    start = next(i for i, step in enumerate(path) if step is current)
    return min(safe_type(step.type) for step in path[start:])


class ModelIndex:
    """One data model's readings (unique columns, keys, references, column types), each
    worked out once.

    A renderer builds one per call and asks it instead of the module functions above,
    which rescan the model every time; answers are the same. Pydantic models are not
    hashable, so answers are filed by id(); every object filed is also kept in
    `self._held`, so its id cannot be reused by another object while the index lives.
    Build a new index after changing the model.
    """

    def __init__(self, model: DataModel) -> None:
        self.model = model
        self.entities = unique_entities(model)
        self._by_name = {entity.name: entity for entity in self.entities}
        self._held: list[object] = []
        self._attributes: dict[int, list[Attribute]] = {}
        self._keys: dict[int, list[Attribute]] = {}
        self._references: dict[int, Reference | None] = {}
        self._types: dict[int, str] = {}

    def entity(self, name: str | None) -> Entity | None:
        """Return the first entity called `name` (as DataModel.entity does), or None."""
        return self._by_name.get(name) if name is not None else None

    def attributes(self, entity: Entity) -> list[Attribute]:
        """unique_attributes(entity); the list is shared, so do not change it."""
        found = self._attributes.get(id(entity))
        if found is None:
            self._held.append(entity)
            found = self._attributes[id(entity)] = unique_attributes(entity)
        return found

    def primary_key(self, entity: Entity) -> list[Attribute]:
        """primary_key(entity); the list is shared, so do not change it."""
        found = self._keys.get(id(entity))
        if found is None:
            self._held.append(entity)
            found = self._keys[id(entity)] = [a for a in self.attributes(entity) if a.primary_key]
        return found

    def reference(self, attribute: Attribute) -> Reference | None:
        """reference(model, attribute)."""
        key = id(attribute)
        if key in self._references:
            return self._references[key]
        self._held.append(attribute)
        found = None
        target = self.entity(attribute.foreign_key) if attribute.foreign_key else None
        if target is not None:
            found = _reference_to(target, self.primary_key(target))
        self._references[key] = found
        return found

    def column_type(self, attribute: Attribute) -> str:
        """column_type(model, attribute)."""
        found = self._types.get(id(attribute))
        if found is None:
            self._held.append(attribute)
            if attribute.foreign_key:
                found = _resolve_type(attribute, self.reference)
            else:  # what the walk gives at once for a column that references nothing
                found = safe_type(attribute.type)
            self._types[id(attribute)] = found
        return found

    def join_entities(self) -> set[str]:
        """join_entities(model)."""
        return _join_entities(self.model, self.primary_key)


@lru_cache(maxsize=512)
def safe_type(sql_type: str) -> str:
    """Return `sql_type` with sizes PostgreSQL 13+ accepts: lengths and precision at least 1,
    numeric scale at most its precision (plan.py's allow-list admits `varchar(0)`)."""
    array = "[]" if sql_type.endswith("[]") else ""
    base = sql_type.removesuffix("[]")
    sized = _SIZED.match(base)
    if sized:
        limit = 16000 if sized[1] == "vector" else 10_485_760  # pgvector's and PostgreSQL's
        return f"{sized[1]}({min(max(1, int(sized[2])), limit)}){array}"
    numeric = _NUMERIC.match(base)
    if numeric:
        precision = max(1, int(numeric[1]))
        return f"numeric({precision},{min(int(numeric[2]), precision)}){array}"
    return sql_type


def join_entities(model: DataModel) -> set[str]:
    """Return the names of join tables: the `via` of a many-to-many, or all-FK composite keys."""
    return _join_entities(model, primary_key)


def _join_entities(model: DataModel, key_of: Callable[[Entity], list[Attribute]]) -> set[str]:
    names = {r.via for r in model.relationships if r.cardinality == "many-to-many" and r.via}
    for entity in model.entities:
        key = key_of(entity)
        if len(key) >= 2 and all(a.foreign_key for a in key):
            names.add(entity.name)
    return names
