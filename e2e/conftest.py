"""Fixtures of the emulator test: an AWS emulator per AWS account, the synthesized foundation
stacks, and a runner for the real engine (OpenTofu with the real AWS provider)."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest

ROOT = Path(__file__).resolve().parent.parent
REGION = "eu-west-1"
# One copy of each provider for all stacks of the run (scripts/engine/use.sh names it).
PLUGIN_CACHE = Path(
    os.environ.get("TF_PLUGIN_CACHE_DIR")
    or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "lakehouse-blueprint" / "tofu-plugins"
)
# scripts/test-e2e.sh chooses the engine (scripts/engine/use.sh) and names it here.
TOFU = os.environ.get("TERRAFORM_BINARY_NAME", "tofu")
# The emulator accepts any credentials; these name themselves so nobody mistakes them for real ones.
EMULATOR_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "emulator-only", "AWS_SECRET_ACCESS_KEY": "emulator-only"}
# The Databricks provider computes its policy documents offline but configures only with some
# credentials: made up for this run, for an account host that is never called.
DATABRICKS_CREDENTIALS = {
    "DATABRICKS_CLIENT_ID": "00000000-0000-4000-8000-00000000c1d0",
    "DATABRICKS_CLIENT_SECRET": secrets.token_hex(16),
}
# Credentials a developer's shell may hold: never handed to a run against the emulator.
REAL_CREDENTIALS = ("AWS_", "ARM_", "AZURE_", "DATABRICKS_")


def pinned_version(provider: str) -> str:
    """The version the stacks pin for `provider` (aws, azurerm, databricks, time), from the one provider
    table, scripts/engine/providers.json (read and checked against the bindings by provider-table.js)."""
    rows = subprocess.run(
        ["node", str(ROOT / "scripts/engine/provider-table.js")], check=True, capture_output=True, text=True
    ).stdout
    versions = {row.split("|")[0]: row.split("|")[2] for row in rows.splitlines() if row}
    return versions[provider]


def engine_env() -> dict[str, str]:
    """The environment of every engine call: no real credentials, made-up Databricks ones, one plugin cache."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(REAL_CREDENTIALS)},
        **DATABRICKS_CREDENTIALS,
        "TF_IN_AUTOMATION": "1",
        # One copy of each provider for all stacks of the run (the AWS provider is large).
        "TF_PLUGIN_CACHE_DIR": str(PLUGIN_CACHE),
        "CHECKPOINT_DISABLE": "1",
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Emulator:
    endpoint: str

    def client(self, service: str):
        return boto3.client(
            service, endpoint_url=self.endpoint, region_name=REGION, **{k.lower(): v for k, v in EMULATOR_CREDENTIALS.items()}
        )


@dataclass
class Stack:
    """One synthesized stack and the engine run against it."""

    name: str
    directory: Path
    emulator: Emulator
    log: Path

    def tofu(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {
            **engine_env(),
            **EMULATOR_CREDENTIALS,
            "AWS_REGION": REGION,
            # Some AWS APIs put the account id in front of the host (111111111111.localhost);
            # through the emulator as a proxy those reach it without any DNS entry.
            "HTTP_PROXY": self.emulator.endpoint,
            "NO_PROXY": "",
        }
        started = time.monotonic()
        words = next((i for i, arg in enumerate(args) if arg.startswith("-")), len(args))
        command = [TOFU, *args[:words], "-no-color", *args[words:]]  # flags go after the subcommand
        result = subprocess.run(command, cwd=self.directory, env=env, capture_output=True, text=True, check=False)
        with self.log.open("a") as log:
            log.write(
                f"$ tofu {' '.join(args)}  ({time.monotonic() - started:.1f}s, exit {result.returncode})\n{result.stdout}{result.stderr}\n"
            )
        if check and result.returncode != 0:
            raise AssertionError(f"tofu {' '.join(args)} failed ({result.returncode}) in {self.name}:\n{result.stderr[-4000:]}")
        return result

    def show_json(self, plan_file: str) -> dict:
        return json.loads(self.tofu("show", "-json", plan_file).stdout)

    def show_json_state(self) -> list[dict]:
        """The managed resources in state, as `tofu show -json` gives them."""
        root = json.loads(self.tofu("show", "-json").stdout)["values"]["root_module"]
        return [r for r in root.get("resources", []) if r["mode"] == "managed"]

    def managed_resource_count(self) -> int:
        synthesized = json.loads((self.directory / "cdk.tf.json").read_text())
        return sum(len(instances) for instances in synthesized.get("resource", {}).values())

    def managed_state_addresses(self) -> list[str]:
        """Addresses of the managed resources in state (data sources left out)."""
        return [address for address in self.tofu("state", "list").stdout.split() if not address.startswith("data.")]


FIGURES: dict[str, object] = {}
LOG_DIRS: list[Path] = []


@pytest.fixture(scope="session")
def work_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("e2e")
    LOG_DIRS.append(path)
    return path


def pytest_configure(config: pytest.Config) -> None:
    PLUGIN_CACHE.mkdir(parents=True, exist_ok=True)

    # A terminated run (timeout, CI cancel) still unwinds the fixtures, so the emulators stop; they
    # also stop on their own when this process disappears (see e2e/emulator.py).
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupt)


@pytest.fixture(scope="session")
def measurements() -> dict[str, object]:
    """Figures worth reporting (resources applied, seconds taken), printed after the run."""
    return FIGURES


def pytest_terminal_summary(terminalreporter) -> None:
    if FIGURES:
        terminalreporter.write_line("e2e figures: " + json.dumps(FIGURES, sort_keys=True))
    for path in LOG_DIRS:
        terminalreporter.write_line(f"e2e logs (engine output, emulator requests): {path}")


def _start_emulator(account_id: str, log_path: Path) -> tuple[subprocess.Popen[bytes], Emulator]:
    port = _free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "e2e" / "emulator.py"), "-H", "127.0.0.1", "-p", str(port)],
            env={**os.environ, "MOTO_ACCOUNT_ID": account_id},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the AWS emulator exited at start ({process.returncode}); see {log_path}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, Emulator(endpoint=f"http://127.0.0.1:{port}")
        except OSError:
            time.sleep(0.2)
    _stop(process)
    raise RuntimeError(f"the AWS emulator did not listen on port {port} within 60 s; see {log_path}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def foundation(work_dir: Path) -> Iterator:
    """Factory: starts an emulator for the environment's AWS account, synthesizes the environment's
    foundation stack against it and runs `tofu init`. Every emulator is stopped at the end of the
    session, whether the tests passed or not."""
    processes: list[subprocess.Popen[bytes]] = []

    def make(env_name: str, account_id: str, label: str | None = None) -> Stack:
        label = label or env_name
        process, emulator = _start_emulator(account_id, work_dir / f"emulator-{label}.log")
        processes.append(process)
        out = work_dir / f"synth-{label}"
        subprocess.run(
            [
                "npx",
                "ts-node",
                "--swc",
                "e2e/synth-foundation.ts",
                str(out),
                emulator.endpoint,
                str(work_dir / f"state-{label}"),
                env_name,
            ],
            cwd=ROOT,
            check=True,
            env={**os.environ, "CHECKPOINT_DISABLE": "1"},
        )
        name = f"{env_name}-aws-foundation"
        stack = Stack(name=name, directory=out / "stacks" / name, emulator=emulator, log=work_dir / f"tofu-{label}.log")
        stack.tofu("init", "-input=false")
        return stack

    try:
        yield make
    finally:
        for process in processes:
            _stop(process)
