"""Shared fixtures: one local Delta-enabled SparkSession and one real PostgreSQL server.

Both live for the whole test session and are always torn down, also when tests fail. The
PostgreSQL server is started only if a test asks for it: ``initdb`` into a fresh temp
directory, ``pg_ctl start`` on a free loopback port, password (SCRAM) authentication.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    from lakehouse.spark import local_session

    warehouse = tmp_path_factory.mktemp("warehouse")
    session = local_session(
        "lakehouse-tests",
        master="local[2]",
        warehouse_dir=str(warehouse),
        shuffle_partitions=2,
        extra_conf={"spark.driver.memory": "2g", "spark.sql.adaptive.coalescePartitions.enabled": "true"},
    )
    yield session
    session.stop()


@pytest.fixture
def schema(spark):
    """A fresh schema in the local catalog, dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:10]}"
    spark.sql(f"CREATE SCHEMA spark_catalog.{name}")
    yield f"spark_catalog.{name}"
    spark.sql(f"DROP SCHEMA IF EXISTS spark_catalog.{name} CASCADE")


# --------------------------------------------------------------------------------------
# PostgreSQL


def _pg_bindir() -> str | None:
    explicit = os.environ.get("LAKEHOUSE_PG_BIN")
    if explicit:
        return explicit
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[-3]) if p.split("/")[-3].isdigit() else 0
    )
    if candidates:
        return os.path.dirname(candidates[-1])
    found = shutil.which("initdb")
    return os.path.dirname(found) if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PostgresServer:
    bindir: str
    base: Path
    port: int
    user: str = "lakehouse"
    # Made up per run: no password is written into the repository, even for a throw-away server.
    password: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    database: str = "olist"
    run_as: tuple[int, int] | None = None

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def jdbc_url(self) -> str:
        return f"jdbc:postgresql://127.0.0.1:{self.port}/{self.database}"

    def _server_cmd(self, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
        kwargs = {}
        if self.run_as:  # initdb and postgres refuse to run as root
            kwargs = {"user": self.run_as[0], "group": self.run_as[1], "extra_groups": []}
        return subprocess.run(
            [os.path.join(self.bindir, args[0]), *args[1:]],
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.base,
            **kwargs,
        )

    def start(self) -> None:
        pwfile = self.base / "pwfile"
        pwfile.write_text(self.password + "\n")
        if self.run_as:
            for path in (self.base, pwfile):
                os.chown(path, *self.run_as)
        self._server_cmd(
            "initdb", "-D", str(self.data), "-U", self.user, "--auth=scram-sha-256", f"--pwfile={pwfile}",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self._server_cmd(
            "pg_ctl", "-D", str(self.data), "-l", str(self.base / "server.log"), "-w", "-t", "60", "-o", options, "start"
        )
        self.psql(f"CREATE DATABASE {self.database}", database="postgres")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self._server_cmd("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "30", "stop", timeout=60)
            except subprocess.SubprocessError:
                self._server_cmd("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", timeout=60)

    def psql(self, sql: str, database: str | None = None) -> str:
        env = dict(os.environ, PGPASSWORD=self.password, PGCONNECT_TIMEOUT="10")
        out = subprocess.run(
            [
                os.path.join(self.bindir, "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, "-d", database or self.database, "-c", sql,
            ],
            check=True, capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
        return out.stdout.strip()


@pytest.fixture(scope="session")
def postgres():
    bindir = _pg_bindir()
    if not bindir or not os.path.exists(os.path.join(bindir, "pg_ctl")):
        # A missing server is a broken setup, not a reason to pass: the JDBC tests must run.
        pytest.fail("PostgreSQL server binaries not found (run scripts/setup/python-env.sh)")
    run_as = None
    if os.geteuid() == 0:
        import pwd

        entry = pwd.getpwnam("postgres") if _user_exists("postgres") else pwd.getpwnam("nobody")
        run_as = (entry.pw_uid, entry.pw_gid)
    # scripts/test-python.sh points LAKEHOUSE_PG_ROOT at a directory it cleans up itself,
    # so even a killed test run cannot leave a server behind
    base = Path(tempfile.mkdtemp(prefix="lakehouse-pg-", dir=os.environ.get("LAKEHOUSE_PG_ROOT") or None))
    server = PostgresServer(bindir=bindir, base=base, port=_free_port(), run_as=run_as)
    try:
        server.start()
        yield server
    except subprocess.CalledProcessError as exc:
        log = base / "server.log"
        detail = log.read_text() if log.exists() else ""
        raise RuntimeError(f"PostgreSQL failed: {exc.stderr}\n{detail}") from exc
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


@pytest.fixture(scope="session")
def seeded_orders(postgres):
    """``public.orders`` with 10,000 rows whose figures are known in closed form."""
    postgres.psql(
        """
        CREATE TABLE public.orders (
            order_seq bigint PRIMARY KEY,
            order_id text NOT NULL,
            customer_id text NOT NULL,
            order_status text NOT NULL,
            order_purchase_timestamp timestamp NOT NULL,
            payment_value numeric(12, 2) NOT NULL
        );
        INSERT INTO public.orders
        SELECT g, md5('o' || g), md5('c' || g),
               (ARRAY['delivered', 'shipped', 'canceled'])[1 + g % 3],
               timestamp '2017-01-01 00:00:00' + g * interval '37 minutes',
               (g % 500) + 0.99
        FROM generate_series(1, 10000) AS g;
        ANALYZE public.orders;
        """
    )
    return {
        "table": "public.orders",
        "rows": 10_000,
        "payment_total": round(sum((g % 500) + 0.99 for g in range(1, 10_001)), 2),
        "status_counts": {
            "delivered": sum(1 for g in range(1, 10_001) if g % 3 == 0),
            "shipped": sum(1 for g in range(1, 10_001) if g % 3 == 1),
            "canceled": sum(1 for g in range(1, 10_001) if g % 3 == 2),
        },
    }
