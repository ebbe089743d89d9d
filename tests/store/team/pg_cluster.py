"""A throwaway PostgreSQL cluster in a temporary folder (initdb + pg_ctl), for the tests and the benchmark.

The server listens on a Unix socket in its own folder and on 127.0.0.1 at a free port. Local (socket)
connections are trusted for the test superuser; TCP connections need a password (scram), so that the
tests can try a wrong password against a real server.

initdb refuses to run as root: as root the cluster is created and run by the `postgres` system user
(Debian's `postgresql` package creates it) through `runuser`; as anyone else, by that user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "plantrack_test"
#: The system user that runs the server when the tests run as root (initdb refuses root).
SERVICE_USER = "postgres"


class ClusterUnavailable(Exception):
    """No PostgreSQL server can be started here; the message says why (the tests skip with it)."""


def find_binary(name: str) -> str | None:
    """`initdb`/`pg_ctl` on PATH, else under Debian's /usr/lib/postgresql/<version>/bin (newest first)."""
    on_path = shutil.which(name)
    if on_path:
        return on_path
    found = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")

    def version(path: str) -> tuple[int, ...]:
        part = Path(path).parent.parent.name
        return tuple(int(x) for x in part.split(".") if x.isdigit())

    return max(found, key=version) if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Cluster:
    """A running throwaway server: where it lives and how to reach it."""

    folder: Path
    port: int
    pg_ctl: str
    run_as: list[str]

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def uri(self, database: str = "postgres") -> str:
        """A libpq URI for the trusted superuser over the Unix socket."""
        return (
            f"postgresql://{SUPERUSER}@/{database}?host={quote(str(self.folder), safe='')}&port={self.port}"
        )

    def tcp_uri(self, user: str, password: str, database: str = "postgres") -> str:
        """A libpq URI over TCP with a password (checked by the server)."""
        return (
            f"postgresql://{quote(user, safe='')}:{quote(password, safe='')}@127.0.0.1:{self.port}/{database}"
        )

    def halt(self, mode: str = "immediate") -> None:
        """Stop the server and keep its data (`immediate`: as a crash or a power cut would)."""
        _run([*self.run_as, self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "stop"])

    def start(self) -> None:
        """Start the server again on its data, port and socket (after `halt`)."""
        _run([*self.run_as, self.pg_ctl, "-D", str(self.data), "-l", str(self.folder / "server.log"),
              "-w", "-t", "60", "start"])  # fmt: skip

    def stop(self) -> None:
        subprocess.run(
            [*self.run_as, self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            check=False,
            timeout=60,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(overrides: dict[str, str] | None = None) -> Cluster:
    """initdb a new cluster in a temporary folder and start it; raises ClusterUnavailable with a reason.

    `overrides`: server settings in place of the throwaway ones below (the benchmark's `--durable` run
    sets fsync and full_page_writes on, as a production server has them).
    """
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise ClusterUnavailable(
            "PostgreSQL server programs (initdb, pg_ctl) not found on PATH or under "
            "/usr/lib/postgresql/*/bin (Debian package `postgresql`)"
        )
    run_as: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="plantrack-pg-"))
    if os.geteuid() == 0:
        try:
            service = pwd.getpwnam(SERVICE_USER)
        except KeyError:
            shutil.rmtree(folder, ignore_errors=True)
            raise ClusterUnavailable(
                f"running as root, and initdb refuses root; no `{SERVICE_USER}` user to run it as"
            ) from None
        runuser = shutil.which("runuser")
        if runuser is None:
            shutil.rmtree(folder, ignore_errors=True)
            raise ClusterUnavailable("running as root, and initdb refuses root; `runuser` not found")
        os.chown(folder, service.pw_uid, service.pw_gid)
        run_as = [runuser, "-u", SERVICE_USER, "--"]
    port = _free_port()
    data = folder / "data"
    try:
        _run([*run_as, initdb, "-D", str(data), "-U", SUPERUSER, "-E", "UTF8", "--locale=C",
              "-A", "trust", "--no-sync"])  # fmt: skip
        (data / "pg_hba.conf").write_text(
            f"local all {SUPERUSER} trust\n"
            "local all all scram-sha-256\n"
            "host all all 127.0.0.1/32 scram-sha-256\n",
            encoding="utf-8",
        )
        # a throwaway cluster: no fsync (only a machine crash would need it), but every commit reaches the
        # kernel before it is acknowledged, so a server the reliability tests stop with `immediate` (a
        # crash of PostgreSQL, not of the machine) keeps every committed change, as a real server does
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(port),
            "unix_socket_directories": f"'{folder}'",
            "fsync": "off",
            "synchronous_commit": "on",
            "full_page_writes": "off",
            "max_connections": "50",
            "shared_buffers": "64MB",
            **(overrides or {}),
        }
        with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        _run([*run_as, pg_ctl, "-D", str(data), "-l", str(folder / "server.log"), "-w", "-t", "60", "start"])
    except ClusterUnavailable:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Cluster(folder=folder, port=port, pg_ctl=pg_ctl, run_as=run_as)


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    if done.returncode != 0:
        raise ClusterUnavailable(
            f"{' '.join(command)} failed ({done.returncode}): {(done.stderr or done.stdout).strip()[-500:]}"
        )
