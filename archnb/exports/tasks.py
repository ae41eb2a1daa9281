"""The task graph shared by the spec-kit and Kiro exports: ids, dependencies, parallel marks.

Within a phase, tasks are grouped into waves by their longest chain of dependencies: a
task's wave starts once the waves before it are done, and the tasks of one wave never wait
for each other. A task is marked parallel when its wave holds more than one task.
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
    wave: int = 1
    parallel: bool = False


def number_tasks(tasks: list[Task], prefix: str = "T", width: int = 3, reorder: bool = True) -> list[Task]:
    """Order tasks by phase and wave (when `reorder`), give them ids (T001, ...), map their
    dependencies to ids and mark the parallel ones."""
    known = {task.key for task in tasks}
    for task in tasks:
        task.depends_on = [k for k in dict.fromkeys(task.depends_on) if k in known and k != task.key]
    levels = _levels(tasks)
    for task in tasks:
        task.level = levels[task.key]
    if reorder:
        phases = list(dict.fromkeys(task.phase for task in tasks))
        tasks = sorted(tasks, key=lambda t: (phases.index(t.phase), t.level))
    ids = {task.key: f"{prefix}{n:0{width}d}" for n, task in enumerate(tasks, 1)}
    for task in tasks:
        task.id = ids[task.key]
        task.depends_on = [ids[k] for k in task.depends_on]
    for group in waves(tasks):
        for task in group:
            task.parallel = len(group) > 1
    return tasks


def waves(tasks: list[Task]) -> list[list[Task]]:
    """Return the tasks grouped by (phase, level), numbering each task's wave in its phase."""
    slots: dict[tuple[str, int], list[Task]] = {}
    for task in tasks:
        slots.setdefault((task.phase, task.level), []).append(task)
    counter: dict[str, int] = {}
    for (phase, _), group in sorted(slots.items(), key=lambda item: item[0][1]):
        counter[phase] = counter.get(phase, 0) + 1
        for task in group:
            task.wave = counter[phase]
    return list(slots.values())


def _levels(tasks: list[Task]) -> dict[str, int]:
    """Return each task's longest chain of dependencies; a cycle counts once, never forever."""
    deps = {task.key: task.depends_on for task in tasks}
    levels: dict[str, int] = {}

    def level(key: str, seen: frozenset[str]) -> int:
        if key in levels:
            return levels[key]
        if key in seen:
            return 0
        below = [level(d, seen | {key}) + 1 for d in deps.get(key, [])]
        levels[key] = max(below, default=0)
        return levels[key]

    for task in tasks:
        level(task.key, frozenset())
    return levels
