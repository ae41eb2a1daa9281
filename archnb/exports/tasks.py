"""The task graph shared by the spec-kit and Kiro exports: ids, dependencies, parallel marks.

A task that shares its dependency level with another task of the same phase is marked
parallel: neither waits for the other, so two people (or agents) can take them at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Task:
    """One unit of work: what to do (Markdown), which tasks come first, what it serves."""

    key: str
    phase: str
    text: str
    depends_on: list[str] = field(default_factory=list)
    serves: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    id: str = ""
    level: int = 0
    parallel: bool = False


def number_tasks(tasks: list[Task], prefix: str = "T", width: int = 3) -> list[Task]:
    """Give tasks ids in order (T001, ...), map their dependencies to ids, mark parallel ones."""
    ids = {task.key: f"{prefix}{n:0{width}d}" for n, task in enumerate(tasks, 1)}
    for task in tasks:
        task.id = ids[task.key]
        task.depends_on = [ids[k] for k in dict.fromkeys(task.depends_on) if k in ids]
    levels = _levels(tasks)
    for task in tasks:
        task.level = levels[task.id]
    for group in parallel_groups(tasks, all_slots=True):
        for task in group:
            task.parallel = len(group) > 1
    return tasks


def parallel_groups(tasks: list[Task], all_slots: bool = False) -> list[list[Task]]:
    """Return tasks grouped by (phase, level): the ones that can run at the same time."""
    slots: dict[tuple[str, int], list[Task]] = {}
    for task in tasks:
        slots.setdefault((task.phase, task.level), []).append(task)
    return [g for g in slots.values() if all_slots or len(g) > 1]


def _levels(tasks: list[Task]) -> dict[str, int]:
    """Return each task's longest chain of dependencies; a cycle counts once, never forever."""
    deps = {task.id: task.depends_on for task in tasks}
    levels: dict[str, int] = {}

    def level(task_id: str, seen: frozenset[str]) -> int:
        if task_id in levels:
            return levels[task_id]
        if task_id in seen:
            return 0
        below = [level(d, seen | {task_id}) + 1 for d in deps.get(task_id, [])]
        levels[task_id] = max(below, default=0)
        return levels[task_id]

    for task in tasks:
        level(task.id, frozenset())
    return levels
