"""The audit detections in ``notebooks/detections``: reading a file, checking it, running it.

The format is written down in ``notebooks/detections/README.md``: a header of ``-- field: value``
comment lines, then one query with named parameter markers (``:name``) and no trailing semicolon,
returning at least ``REQUIRED_COLUMNS``. The stack that deploys the detections as Databricks SQL
queries and alerts reads the same files; this module is what the local tests use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

DETECTIONS_DIR = Path(__file__).resolve().parents[1] / "detections"

REQUIRED_FIELDS: tuple[str, ...] = ("title", "catches", "why", "severity", "reference")
OPTIONAL_FIELDS: tuple[str, ...] = ("parameters",)
SEVERITIES: tuple[str, ...] = ("high", "medium", "low")

# Column -> Spark type name every detection returns.
REQUIRED_COLUMNS: dict[str, str] = {
    "event_time": "timestamp",
    "actor": "string",
    "finding": "string",
    "event_id": "string",
}

# Every parameter a detection may use, with its meaning (notebooks/detections/README.md's table says the same).
PARAMETERS: dict[str, str] = {
    "lookback_minutes": "length of the window, ending now, that the query looks at (a positive integer)",
    "watched_workspace_ids": "workspace ids whose events the environment reports: its own, plus 0 (account-level events) in one environment per metastore",
    "deployer_principals": "identities of the deployment pipeline; their changes were reviewed as plans",
    "admin_groups": "groups whose members are admins (workspace `admins` and the account group given ADMIN)",
    "production_catalogs": "Unity Catalog catalogs holding production data",
    "bound_workspace_ids": "workspace ids the production catalogs are bound to",
    "read_only_workspace_ids": "dev workspace ids the production catalogs are bound to read-only (masked reads by developers)",
    "allowed_secret_readers": "identities expected to read secrets (job service principals)",
    "untagged_schemas": "schemas of the production catalogs whose columns the transformation never tags (raw data)",
    "pii_columns": "columns the data contract classifies as personal data (sensitivity pii or pii_key)",
    "pii_readers": "identities expected to read personal data unmasked (the pipelines' principal)",
    "classified_catalogs": "production catalogs where data classification is on (their findings are compared with the tags)",
}

# system.data_classification.results keeps up to five raw matching values per finding in `samples`:
# personal data, which an alert's result (mailed, kept in the workspace) must never carry.
_RAW_VALUES_COLUMN = re.compile(r"(?i)\bsamples\b")
_STAR_PROJECTION = re.compile(r"(?i)\bselect\s+(?:distinct\s+)?\*|\b\w+\.\*")
_CLASSIFICATION_RESULTS = re.compile(r"(?i)\bdata_classification\s*\.\s*results\b")

_FIELD = re.compile(r"^--\s*([a-z_]+):\s*(.*?)\s*$")
# A marker is ':' followed by a name, not preceded by another ':' or a word character; the
# format keeps every other ':name' out of the body (no '::' casts, no JSON paths), comments included.
_MARKER = re.compile(r"(?<![:\w]):([A-Za-z_][A-Za-z0-9_]*)")
# SQL string literals ('it''s', 'a\'b') and line comments, removed before looking for ';'.
_LITERAL_OR_COMMENT = re.compile(r"'(?:[^'\\]|\\.|'')*'|--[^\n]*")


@dataclass(frozen=True)
class Detection:
    """One ``<id>.sql`` file: its id, header fields, declared parameters and query body."""

    id: str
    path: Path
    fields: dict[str, str]
    body: str
    parameters: tuple[str, ...] = field(default=())

    @property
    def markers(self) -> set[str]:
        """Names of the ``:name`` markers the body uses."""
        return set(_MARKER.findall(self.body))


def parse(path: Path) -> Detection:
    """Read a detection file. Header fields are the leading ``-- field: value`` lines."""
    lines = path.read_text().splitlines()
    fields: dict[str, str] = {}
    start = 0
    for start, line in enumerate(lines):  # noqa: B007 - the index after the loop is where the body starts
        if not line.startswith("--"):
            break
        match = _FIELD.match(line)
        if match:
            fields[match.group(1)] = match.group(2)
    else:
        start = len(lines)
    body = "\n".join(lines[start:]).strip()
    parameters = tuple(p.strip() for p in fields.get("parameters", "").split(",") if p.strip())
    return Detection(id=path.stem, path=path, fields=fields, body=body, parameters=parameters)


def load(directory: Path = DETECTIONS_DIR) -> list[Detection]:
    """Every ``*.sql`` detection of ``directory``, sorted by id."""
    return [parse(p) for p in sorted(directory.glob("*.sql"))]


def problems(detection: Detection) -> list[str]:
    """What is wrong with a detection's file format (empty when it follows the contract)."""
    found: list[str] = []
    if not re.fullmatch(r"[a-z][a-z0-9_]*", detection.id):
        found.append(f"id {detection.id!r} is not snake_case")
    for name in REQUIRED_FIELDS:
        if not detection.fields.get(name):
            found.append(f"header field '{name}' is missing or empty")
    for name in sorted(set(detection.fields) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS)):
        found.append(f"header field '{name}' is not part of the format")
    severity = detection.fields.get("severity")
    if severity and severity not in SEVERITIES:
        found.append(f"severity {severity!r} is not one of {', '.join(SEVERITIES)}")
    declared, used = set(detection.parameters), detection.markers
    if used - declared:
        found.append(f"markers {sorted(used - declared)} are not declared in '-- parameters:'")
    if declared - used:
        found.append(f"parameters {sorted(declared - used)} are declared but not used")
    if declared - set(PARAMETERS):
        found.append(f"parameters {sorted(declared - set(PARAMETERS))} are not documented parameters")
    if "lookback_minutes" not in used:
        found.append("the body does not use :lookback_minutes (every detection looks at a window ending now)")
    if not re.match(r"(?is)^(select|with)\b", detection.body):
        found.append("the body does not start with SELECT or WITH")
    code = _LITERAL_OR_COMMENT.sub("", detection.body)
    if ";" in code:
        found.append("the body contains ';' (one statement, no trailing semicolon)")
    if _RAW_VALUES_COLUMN.search(code):
        found.append(
            "the body reads `samples` (raw personal values of the data classification results); name the columns it needs"
        )
    if _CLASSIFICATION_RESULTS.search(code) and _STAR_PROJECTION.search(code):
        found.append(
            "the body selects * from the data classification results, which carries `samples`; name the columns it needs"
        )
    return found


def run(spark, detection: Detection, parameters: dict[str, str]):
    """The detection's DataFrame with ``parameters`` bound to its markers (only the declared ones)."""
    missing = sorted(set(detection.parameters) - set(parameters))
    if missing:
        raise ValueError(f"{detection.id}: no value for parameter(s) {missing}")
    args = {name: parameters[name] for name in detection.parameters}
    return spark.sql(detection.body, args=args)
