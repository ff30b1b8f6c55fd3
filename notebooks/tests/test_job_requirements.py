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


def test_a_serverless_task_installs_the_jobs_file_and_a_job_cluster_nothing(tmp_path):
    """pip_requirements is set on serverless tasks only; without it the %pip cell installs nothing and asks no index."""
    from lakehouse.job_requirements import NOTHING, pip_install_args

    assert pip_install_args("") == NOTHING == "--no-index -r /dev/null"
    assert pip_install_args("requirements-jobs.txt") == f"-r {NOTEBOOKS_DIR / 'requirements-jobs.txt'}"
    spaced = tmp_path / "a b"
    spaced.mkdir()
    (spaced / "requirements-jobs.txt").write_text("x==1\n")
    assert pip_install_args("requirements-jobs.txt", spaced) == f"-r '{spaced}/requirements-jobs.txt'"


def test_pip_requirements_must_name_a_requirements_file_of_the_notebooks_folder():
    import pytest

    from lakehouse.job_requirements import pip_install_args

    for bad in ("../requirements-jobs.txt", "/etc/passwd", "mlflow==3", "requirements-jobs.txt; rm -rf /"):
        with pytest.raises(ValueError, match="pip_requirements"):
            pip_install_args(bad)
    with pytest.raises(FileNotFoundError):
        pip_install_args("requirements-absent.txt")


JOB_NOTEBOOKS = ["01_ingest_autoloader.py", "03_silver_gold.py", "04_train_model.py"]


def test_the_job_notebooks_install_before_anything_else_and_restart_python_only_after_an_install():
    """Cell 1 reads pip_requirements, cell 2 is the %pip magic on its arguments, cell 3 restarts Python only after an install."""
    for name in JOB_NOTEBOOKS:
        cells = (NOTEBOOKS_DIR / name).read_text().split("\n# COMMAND ----------\n")
        assert 'dbutils.widgets.text("pip_requirements"' in cells[1], name
        assert "_pip_args = pip_install_args(" in cells[1], name
        assert cells[2].strip() == "# MAGIC %pip install $_pip_args", name
        assert "if _pip_args != NOTHING:\n    dbutils.library.restartPython()" in cells[3], name
