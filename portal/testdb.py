"""Throwaway databases for tests and benchmarks.

``PostgresCluster`` runs a PostgreSQL server of its own in a temporary folder,
reached only through a Unix socket in that folder, and removes it all when it
stops. PostgreSQL refuses to run as root: as root it runs as the ``postgres``
user (which Debian's package creates); as anyone else, as the user running it.

``FreshDatabases`` hands out a new, migrated database per test: a copy of a
template that went through the migrations once, as the app's own database
does (a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

# Speed over durability: the cluster is thrown away after the run. The time
# zone is Oslo's, not UTC, so code that mixes naive and aware times shows it.
CLUSTER_SETTINGS = {
    "listen_addresses": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "300",
    "shared_buffers": "32MB",
    "timezone": "'Europe/Oslo'",
}


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries, or no user to run them as."""


def postgres_bindir() -> Path:
    """Where ``initdb`` and ``pg_ctl`` are: ``PG_BINDIR``, the ``PATH``, or Debian's folders (newest first)."""
    if explicit := os.environ.get("PG_BINDIR"):
        return Path(explicit)
    if found := shutil.which("pg_ctl"):
        return Path(found).resolve().parent  # the real folder, not a symlink's
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]), reverse=True)
    if debian:
        return Path(debian[0]).parent
    raise PostgresUnavailable("PostgreSQL's server binaries (initdb, pg_ctl) were not found: install them or set PG_BINDIR")


def _run_as() -> list[str]:
    """The command prefix that runs a server binary as an unprivileged user."""
    if os.geteuid() != 0:
        return []
    if shutil.which("runuser") is None:
        raise PostgresUnavailable("running as root without runuser: PostgreSQL needs an unprivileged user")
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresUnavailable("running as root and there is no 'postgres' user to run PostgreSQL as") from None
    return ["runuser", "-u", "postgres", "--"]


class PostgresCluster:
    """A temporary PostgreSQL server: ``with PostgresCluster() as cluster: cluster.url("postgres")``."""

    def __init__(self, settings: dict[str, str] | None = None):
        self.settings = {**CLUSTER_SETTINGS, **(settings or {})}
        self.folder: Path | None = None
        self.bindir: Path | None = None

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}"

    def _server(self, binary: str, *args: str) -> subprocess.CompletedProcess:
        command = [*_run_as(), str(self.bindir / binary), *args]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{binary} failed ({result.returncode}):\n{result.stdout}{result.stderr}{self.log()}")
        return result

    def log(self) -> str:
        log = self.folder / "server.log" if self.folder else None
        return log.read_text(errors="replace") if log and log.exists() else ""

    def start(self) -> PostgresCluster:
        self.bindir = postgres_bindir()
        prefix = _run_as()
        self.folder = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.socket_dir.mkdir()
        if prefix:
            for path in (self.folder, self.socket_dir):
                shutil.chown(path, "postgres", "postgres")
        try:
            self._server("initdb", "-D", str(self.data_dir), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")
            with (self.data_dir / "postgresql.conf").open("a") as conf:
                conf.write(f"unix_socket_directories = '{self.socket_dir}'\n")
                conf.writelines(f"{name} = {value}\n" for name, value in self.settings.items())
            self._server("pg_ctl", "-D", str(self.data_dir), "-l", str(self.folder / "server.log"), "-w", "-t", "60", "start")
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.folder is None:
            return
        if (self.data_dir / "postmaster.pid").exists():
            subprocess.run([*_run_as(), str(self.bindir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    def psql(self, database: str, sql_file: Path) -> None:
        """Run a SQL script (a ``pg_dump`` file, say) with psql, stopping at the first error."""
        command = [str(self.bindir / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(self.socket_dir), "-U", "postgres", "-d", database, "-f", str(sql_file)]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"psql -f {sql_file} failed:\n{result.stderr}")

    def __enter__(self) -> PostgresCluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class FreshDatabases:
    """A new database, migrated to the newest schema, per ``new()``: SQLite
    files in ``folder``, or databases in ``cluster`` when one is given.

    The migrations run once, into a template; each new database is a copy of
    it (a file copy; ``CREATE DATABASE … TEMPLATE``). ``new(migrated=False)``
    gives an empty one.
    """

    TEMPLATE = "portal_template"

    def __init__(self, folder: Path, cluster: PostgresCluster | None = None):
        self.folder = folder
        self.cluster = cluster
        self._numbers = itertools.count(1)
        self._admin = create_engine(cluster.url(), poolclass=NullPool, isolation_level="AUTOCOMMIT") if cluster else None
        self._template: str | None = None

    @property
    def dialect(self) -> str:
        return "postgresql" if self.cluster else "sqlite"

    def _url(self, name: str) -> str:
        return self.cluster.url(name) if self.cluster else f"sqlite:///{self.folder / (name + '.sqlite3')}"

    def _create(self, name: str, template: str | None) -> None:
        if self.cluster is None:
            if template:
                shutil.copyfile(self.folder / f"{template}.sqlite3", self.folder / f"{name}.sqlite3")
            return
        # FILE_COPY: for a database this small, copying its files beats writing them through the WAL.
        clause = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))

    def new(self, migrated: bool = True) -> str:
        if migrated and self._template is None:
            from .migrations import upgrade

            self._create(self.TEMPLATE, None)
            upgrade(self._url(self.TEMPLATE))
            self._template = self.TEMPLATE
        name = f"test_{next(self._numbers)}"
        self._create(name, self._template if migrated else None)
        return self._url(name)

    def drop(self, url: str) -> None:
        """Drop a database ``new()`` made, even while something is still connected to it."""
        database = make_url(url).database
        if self.cluster is None:
            for suffix in ("", "-wal", "-shm"):
                Path(database + suffix).unlink(missing_ok=True)
            return
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
