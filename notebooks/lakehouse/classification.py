"""Classification as code: which column of the e-commerce data contract carries which sensitivity.

The prod catalog's ABAC policies (docs/production-data-in-dev.md) choose their masks and row
filters by the governed tag ``sensitivity`` on a column, never by table: whatever table the
transformation job writes, a column of these names carries its tag, so a new table is governed the
moment it is written. Tagging is Databricks SQL (``ALTER TABLE ... ALTER COLUMN ... SET TAGS``);
:func:`tag_statements` builds the statements, :func:`apply_tags` runs them on Databricks only.

Values (the tag policy's, ``constructs/databricks/workspace/unity-catalog/governed-tags.ts``):

- ``pii_key``: personal data others join on (customer ids): masked by a keyed hash, joins still match.
- ``pii``: personal data nobody joins on (zip prefix, city, review texts): redacted.
- ``confidential``: rows of which developers see a fixed 10 % sample (payment values).
- ``internal``: the rest of the contract; no policy, the tag documents that it was looked at.
"""

from __future__ import annotations

import re

from lakehouse.schemas import SILVER_TYPES

TAG_KEY = "sensitivity"
VALUES: tuple[str, ...] = ("pii_key", "pii", "confidential", "internal")

# By column name: the contract names a column the same in every table it appears in (silver,
# quarantine, order facts, gold), and so does the policy that masks it.
COLUMN_SENSITIVITY: dict[str, str] = {
    "customer_id": "pii_key",
    "customer_unique_id": "pii_key",
    "customer_zip_code_prefix": "pii",
    "customer_city": "pii",
    "review_comment_title": "pii",
    "review_comment_message": "pii",
    "payment_value": "confidential",
    "customer_state": "internal",
    "payment_type": "internal",
    "payment_installments": "internal",
}

# The functions' argument types (notebooks/governance/*.sql): a mask returns its column's type.
VALUE_TYPES: dict[str, str] = {"pii_key": "string", "pii": "string", "confidential": "double"}

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def sensitivity_of(table: str) -> dict[str, str]:
    """Column -> tag value for one table of the silver contract (``SILVER_TYPES``)."""
    return {column: COLUMN_SENSITIVITY[column] for column in SILVER_TYPES[table] if column in COLUMN_SENSITIVITY}


def tag_statements(table_name: str, columns: list[str] | tuple[str, ...]) -> list[str]:
    """The ``ALTER TABLE`` statements that tag ``columns`` of ``table_name`` (``catalog.schema.table``).

    Only columns the contract classifies get a statement, in the table's column order. Refuses a name
    that is not three plain identifiers, as it ends up in SQL text.
    """
    parts = table_name.split(".")
    if len(parts) != 3 or not all(_IDENTIFIER.match(p) for p in parts):
        raise ValueError(f"{table_name!r} is not catalog.schema.table of plain identifiers")
    quoted = ".".join(f"`{p}`" for p in parts)
    return [
        f"ALTER TABLE {quoted} ALTER COLUMN `{column}` SET TAGS ('{TAG_KEY}' = '{COLUMN_SENSITIVITY[column]}')"
        for column in columns
        if column in COLUMN_SENSITIVITY
    ]


def apply_tags(spark, table_name: str) -> list[str]:
    """Tags the classified columns of a table the job just wrote; gives the statements it ran.

    Databricks only (Unity Catalog tags): the one piece the local tests do not run.
    """
    statements = tag_statements(table_name, spark.table(table_name).columns)
    for statement in statements:
        spark.sql(statement)
    return statements
