"""What a job notebook installs before it starts: the serverless tasks' pins, and nothing on a job cluster.

The Jobs API refuses a job environment on a notebook task, so serverless notebook tasks install their
packages notebook-scoped with ``%pip`` (Databricks docs, "Notebook-scoped Python libraries"). The
workspace-config stack passes ``pip_requirements`` (the pin file's name inside notebooks/) to serverless
tasks only. A job cluster gets no such parameter: its ``%pip`` cell installs nothing and, with
``--no-index``, contacts no package index, so a classic estate without internet access keeps working.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

# The notebooks' folder: the lakehouse package sits in it, wherever the Git folder or job checkout is.
NOTEBOOKS_DIR = Path(__file__).resolve().parents[1]
_FILE = re.compile(r"requirements-[a-z0-9-]+\.txt")

# Installs nothing and asks no index (pip exits 0 on an empty requirement file).
NOTHING = "--no-index -r /dev/null"


def pip_install_args(pip_requirements: str, notebooks_dir: Path = NOTEBOOKS_DIR) -> str:
    """The arguments of the notebook's ``%pip install`` cell for the task's ``pip_requirements`` widget.

    Empty (job clusters, interactive runs): :data:`NOTHING`. A file name such as
    ``requirements-jobs.txt``: ``-r <notebooks_dir>/<name>``, quoted for the magic's command line.
    Refuses a value that is not a ``requirements-*.txt`` name in the notebooks' folder (no paths), or
    a file that is not there, so a wrong parameter fails the run before anything is installed.
    """
    name = pip_requirements.strip()
    if not name:
        return NOTHING
    if not _FILE.fullmatch(name):
        raise ValueError(f"pip_requirements: {name!r} is not a requirements-*.txt file name in the notebooks folder")
    path = notebooks_dir / name
    if not path.is_file():
        raise FileNotFoundError(f"pip_requirements: {path} does not exist")
    return f"-r {shlex.quote(str(path))}"
