"""Write a plan's files into one folder, atomically, and never outside it.

Every file is first written in full to a temporary file beside its target, then all of
them are moved into place with os.replace. A failure before that point removes every
temporary file (and any folder this call created), so a reader never sees a half-written
file. Relative paths come from the format writers; each part must be a plain name, so an
id or title can reach a path only through a slug.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from archnb.errors import ArchnbError, UsageProblem
from archnb.plan import Finding, TechnicalPlan

_SAFE_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")  # fullmatch: "$" lets "a.md\n" through


def export_plan(
    plan: TechnicalPlan,
    folder: str | Path,
    format: str = "files",
    findings: list[Finding] | None = None,
    *,
    parent: TechnicalPlan | None = None,
    date: str | None = None,
) -> list[str]:
    """Write `plan` in `format` into `folder`; return exactly the relative paths written.

    `parent` is the plan this one refines (the ADR format marks replaced decisions as
    superseded); `date` (YYYY-MM-DD) goes into formats that carry one, and is left out
    when not given so that the same plan always gives the same bytes.
    """
    from archnb.exports import render_export

    files = render_export(plan, format, findings=findings, parent=parent, date=date)
    return write_files(folder, files)


def write_files(folder: str | Path, files: dict[str, str]) -> list[str]:
    """Write {relative path: text} into `folder` atomically; return the paths written."""
    root_path = Path(folder).expanduser()
    targets = {rel: check_relative_path(rel) for rel in files}
    made: list[Path] = []
    staged: list[tuple[Path, Path]] = []
    try:
        made += _make_folder(root_path)
        root = root_path.resolve()
        for rel, parts in targets.items():
            target = root.joinpath(*parts)
            made += _make_folder(target.parent)
            _check_inside(root, target, rel)
            staged.append((_stage(target, files[rel]), target))
        for temp, target in staged:
            os.replace(temp, target)
    except BaseException as err:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        for path in reversed(made):
            _remove_if_empty(path)
        if isinstance(err, OSError):
            raise _io_error(err, root_path) from None
        raise
    return list(files)


def check_relative_path(rel: object) -> tuple[str, ...]:
    """Return the parts of a writer's relative path, or raise if it could leave the folder."""
    if not isinstance(rel, str) or not rel or "\\" in rel or rel.startswith("/"):
        raise UsageProblem(f"refusing to write {rel!r}: not a relative path inside the folder")
    parts = tuple(rel.split("/"))
    for part in parts:
        if part in (".", "..") or not _SAFE_PART.fullmatch(part):
            raise UsageProblem(
                f"refusing to write {rel!r}: {part!r} is not a plain file or folder name",
                hint="exports write only inside the target folder",
            )
    return parts


def _check_inside(root: Path, target: Path, rel: str) -> None:
    # The folder may hold symlinks; what counts is where the parent folder really is.
    real_parent = target.parent.resolve()
    if real_parent != root and root not in real_parent.parents:
        raise UsageProblem(f"refusing to write {rel!r}: it resolves outside {root}")


def _make_folder(path: Path) -> list[Path]:
    """Create `path` and missing parents; return the folders created, outermost first."""
    if path.is_dir():
        return []
    if path.exists():
        raise UsageProblem(f"{path} exists and is not a folder", hint="choose another -o folder")
    missing = [path, *[p for p in path.parents if not p.exists()]]
    path.mkdir(parents=True, exist_ok=True)
    return list(reversed(missing))


def _stage(target: Path, text: str) -> Path:
    """Write `text` to a temporary file beside `target`; return its path."""
    if target.is_dir():
        raise UsageProblem(f"{target} is a folder; cannot write a file there")
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        os.chmod(temp, mode)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _remove_if_empty(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.rmdir()


def _io_error(err: OSError, folder: Path) -> ArchnbError:
    where = err.filename or folder
    reason = err.strerror or str(err)
    return ArchnbError(f"cannot write {where}: {reason}",
                       hint="check the folder's permissions and free space")
