"""A throwaway PostgreSQL cluster for tests: DDL is checked by PostgreSQL itself.

The `pg` fixture starts one cluster per test process (so one per pytest-xdist worker) on a
unix socket in a private temp folder, with fsync off and no TCP listener, and stops it at
the end of the session. `pg.apply(ddl)` runs DDL with `psql -v ON_ERROR_STOP=1` into a
fresh database, the way a person would apply `schema.sql`.

initdb refuses to run as root, so as root the cluster runs as the `postgres` system user
(or `nobody` where that user does not exist) through runuser.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

_PORT = 5432  # only names the socket file: there is no TCP listener
_FIELD = "\x1f"


@dataclass
class Applied:
    """The outcome of applying DDL: which database, whether psql accepted it, its errors."""

    database: str
    ok: bool
    error: str
    rows: list[tuple[str, ...]] = field(default_factory=list)


def find_bindir() -> Path:
    """Return the folder holding initdb, pg_ctl and psql, or fail the test with how to get it."""
    found = shutil.which("initdb")
    candidates = [Path(found).resolve().parent] if found else []
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    candidates += [Path(p) for p in reversed(versions)]
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    pytest.fail(
        "PostgreSQL server binaries not found (initdb, pg_ctl); "
        "install them with: apt-get install postgresql"
    )


def _run_as() -> str | None:
    """Return the system user the cluster runs as when we are root, else None (ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    pytest.fail("running as root and neither a 'postgres' nor a 'nobody' user exists")


class PostgresCluster:
    """One running cluster; create databases, apply DDL and query over its socket."""

    def __init__(self, bindir: Path, folder: Path, user: str | None) -> None:
        self.bindir = bindir
        self.folder = folder
        self.user = user
        self.data = folder / "data"
        self.socket_dir = folder / "socket"
        self.psql_path = str(bindir / "psql") if (bindir / "psql").exists() else "psql"
        self._names = itertools.count(1)
        self._scratch: str | None = None

    def _server_command(self, *args: str) -> list[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        return ["runuser", "-u", self.user, "--", *command] if self.user else command

    def start(self) -> None:
        """Create the cluster and start the server; raise with initdb's or pg_ctl's output."""
        self.socket_dir.mkdir(parents=True)
        if self.user:
            entry = pwd.getpwnam(self.user)
            for path in (self.folder, self.socket_dir):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        initdb = self._server_command(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        _check(subprocess.run(initdb, capture_output=True, text=True), "initdb")
        options = (
            f"-c listen_addresses='' -c unix_socket_directories={self.socket_dir} "
            f"-p {_PORT} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        start = self._server_command(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        _check(subprocess.run(start, capture_output=True, text=True), "pg_ctl start", self)

    def stop(self) -> None:
        """Stop the server at once (its data is thrown away anyway)."""
        stop = self._server_command("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        subprocess.run(stop, capture_output=True, text=True)

    def psql(
        self, sql: str, database: str = "postgres", *extra: str, options: str = ""
    ) -> subprocess.CompletedProcess:
        """Run `sql` through psql (stopping at the first error); return the finished process.

        `options` are server settings for this session, e.g. "-c search_path=s1".
        """
        command = [
            self.psql_path,
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            str(self.socket_dir),
            "-p",
            str(_PORT),
            "-U",
            "postgres",
            "-d",
            database,
            *extra,
            "-f",
            "-",
        ]
        settings = f"-c client_min_messages=warning {options}".strip()
        env = {**os.environ, "PGCONNECT_TIMEOUT": "10", "PGOPTIONS": settings}
        return subprocess.run(
            command, input=sql, capture_output=True, text=True, env=env, timeout=120
        )

    def new_database(self) -> str:
        """Create an empty database and return its name."""
        name = f"t{os.getpid()}_{next(self._names)}"
        done = self.psql(f'CREATE DATABASE "{name}" TEMPLATE template0;')
        _check(done, "CREATE DATABASE")
        return name

    def apply(self, ddl: str, database: str | None = None) -> Applied:
        """Apply DDL to `database` (a fresh one by default); report whether psql accepted it."""
        name = database or self.new_database()
        done = self.psql(ddl, name)
        return Applied(database=name, ok=done.returncode == 0, error=done.stderr.strip())

    def check(self, ddl: str, query: str | None = None) -> Applied:
        """Apply DDL, unchanged, into a fresh schema of a scratch database; then run `query`
        there (its rows come back in `.rows`) and drop the schema.

        Cheaper than a database per call (DROP DATABASE waits for a checkpoint), and just as
        isolated for DDL that names no schema: search_path points at the new schema.
        """
        if self._scratch is None:
            self._scratch = self.new_database()
        schema = f"s{next(self._names)}"
        setting = f"-c search_path={schema}"
        _check(self.psql(f'CREATE SCHEMA "{schema}";', self._scratch), "CREATE SCHEMA")
        try:
            done = self.psql(ddl, self._scratch, options=setting)
            applied = Applied(self._scratch, done.returncode == 0, done.stderr.strip())
            if applied.ok and query:
                applied.rows = self.query(query, self._scratch, options=setting)
        finally:
            _check(self.psql(f'DROP SCHEMA "{schema}" CASCADE;', self._scratch), "DROP SCHEMA")
        return applied

    def drop(self, database: str) -> None:
        """Drop a database made by new_database() or apply()."""
        _check(self.psql(f'DROP DATABASE IF EXISTS "{database}";'), "DROP DATABASE")

    def query(self, sql: str, database: str, options: str = "") -> list[tuple[str, ...]]:
        """Return the rows of one query as tuples of text (NULL reads as '')."""
        done = self.psql(sql, database, "-A", "-t", "-F", _FIELD, options=options)
        _check(done, "query")
        return [tuple(line.split(_FIELD)) for line in done.stdout.splitlines() if line]


def _check(
    done: subprocess.CompletedProcess, what: str, cluster: PostgresCluster | None = None
) -> None:
    if done.returncode == 0:
        return
    log = ""
    if cluster is not None and (cluster.folder / "log").exists():
        log = (cluster.folder / "log").read_text(errors="replace")[-2000:]
    raise RuntimeError(f"{what} failed ({done.returncode}): {done.stderr.strip()} {log}".strip())


@pytest.fixture(scope="session")
def pg():
    """A running throwaway PostgreSQL cluster for this test process; stopped at the end."""
    folder = Path(tempfile.mkdtemp(prefix="archnb-pg-"))
    cluster = PostgresCluster(find_bindir(), folder, _run_as())
    try:
        cluster.start()
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
