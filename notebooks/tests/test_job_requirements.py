"""The serverless jobs' pins (requirements-jobs.txt): exact, and the versions these tests run with."""

import re
from importlib.metadata import version
from pathlib import Path

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")


def job_pins() -> dict[str, str]:
    """Package -> version of every requirement line (comments and blank lines aside)."""
    lines = (NOTEBOOKS_DIR / "requirements-jobs.txt").read_text().splitlines()
    pins = {}
    for line in (raw.split("#", 1)[0].strip() for raw in lines):
        if not line:
            continue
        match = PIN.match(line)
        assert match, f"{line!r} is not an exact name==version pin"
        pins[match.group(1)] = match.group(2)
    return pins


def test_the_jobs_declare_pins():
    assert job_pins(), "requirements-jobs.txt lists no package"


def test_the_local_environment_installs_exactly_the_jobs_pins():
    """What the serverless jobs install is what this test run imported: same package, same version."""
    assert {name: version(name) for name in job_pins()} == job_pins()


def test_the_dev_requirements_include_the_jobs_file_and_pin_nothing_of_it_again():
    dev = (NOTEBOOKS_DIR / "requirements-dev.txt").read_text().splitlines()
    assert "-r requirements-jobs.txt" in dev
    names = {name.lower() for name in job_pins()}
    assert [line for line in dev if PIN.match(line) and PIN.match(line).group(1).lower() in names] == []


def test_spark_is_never_installed_on_serverless():
    """Serverless compute brings its own Spark Connect client; installing PySpark there stops the session."""
    assert not {"pyspark", "delta-spark"} & {name.lower() for name in job_pins()}
