"""The governance functions' SQL (``notebooks/governance/*.sql``) as the deploy runs it.

``scripts/governance/apply-functions.ts`` runs the same files the same way on the prod catalog's
SQL warehouse: files in name order, statements split at a ``;`` that ends a line, ``${catalog}``
replaced by the catalog. The local tests run them on Spark through :func:`statements`, the key bound as the same named parameter.
"""

from __future__ import annotations

import re
from pathlib import Path

GOVERNANCE_DIR = Path(__file__).resolve().parents[1] / "governance"
_CATALOG = re.compile(r"^[a-z_][a-z0-9_]*$")


def statements(catalog: str, directory: Path = GOVERNANCE_DIR) -> list[tuple[str, str]]:
    """``(file name, statement)`` pairs in the order the deploy runs them, for ``catalog``."""
    if not _CATALOG.match(catalog):
        raise ValueError(f"{catalog!r} is not a catalog name")
    out: list[tuple[str, str]] = []
    for path in sorted(directory.glob("*.sql")):
        text = path.read_text().replace("${catalog}", catalog)
        for chunk in re.split(r";[ \t]*$", text, flags=re.MULTILINE):
            body = "\n".join(line for line in chunk.splitlines() if not line.strip().startswith("--")).strip()
            if body:
                out.append((path.name, body))
    return out
