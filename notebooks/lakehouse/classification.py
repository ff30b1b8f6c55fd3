"""Classification as code: which column of the e-commerce data contract carries which sensitivity.

The prod catalog's ABAC policies (docs/production-data-in-dev.md) choose their masks and row
filters by the governed tag ``sensitivity`` on a column, never by table: whatever table the
transformation job writes, a column of these names carries its tag, so a new table is governed the
moment it is written. Tagging is Databricks SQL (``ALTER TABLE ... ALTER COLUMN ... SET TAGS``);
:func:`tag_statements` builds the statements, :func:`apply_tags` runs them on Databricks only.

Values (the tag policy's, ``constructs/databricks/workspace/unity-catalog/sensitivity-tag-policy.ts``):

- ``pii_key``: personal data others join on (customer ids): masked by a keyed hash, joins still match.
- ``pii``: personal data nobody joins on (zip prefix, city, review texts): redacted.
- ``confidential``: rows of which developers see a fixed 10 % sample (payment values).
- ``internal``: every other column the transformation writes; no policy, the tag documents that it
  was looked at (a test fails on a written column without a class).
"""

from __future__ import annotations

import re

from lakehouse.schemas import SILVER_TYPES
from lakehouse.transform import write_table

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
    # a customer's payments summed: sampled like payment_value (customer_ltv's one confidential column)
    "lifetime_value": "confidential",
    "customer_state": "internal",
    "payment_type": "internal",
    "payment_installments": "internal",
    # payment amounts derived per row, next to a confidential column: that column's row filter already
    # hides them in the rows it drops (avg_order_value = lifetime_value / orders in customer_ltv)
    "avg_order_value": "internal",
    # sums of order_items' price and freight_value, which developers see as they are (catalog prices,
    # not what a customer paid in which way); next to payment_value in order_facts, filtered with it
    "items_price": "internal",
    "items_freight": "internal",
    # everything else 03_silver_gold writes to silver and gold: looked at, nothing personal or confidential
    **dict.fromkeys(
        (
            "_failed_rules",
            "_ingested_at",
            "_source_file",
            "avg_delivery_days",
            "avg_review_score",
            "delay_days",
            "delivered_orders",
            "delivery_days",
            "estimated_days",
            "first_order_date",
            "freight",
            "freight_ratio",
            "freight_value",
            "is_late",
            "items",
            "label",
            "last_order_date",
            "late_days",
            "late_rate",
            "log_freight_ratio",
            "low_review_rate",
            "main_category",
            "n_items",
            "n_payments",
            "n_sellers",
            "order_approved_at",
            "order_date",
            "order_delivered_carrier_date",
            "order_delivered_customer_date",
            "order_estimated_delivery_date",
            "order_id",
            "order_item_id",
            "order_month",
            "order_purchase_timestamp",
            "order_status",
            "orders",
            "payment_sequential",
            "price",
            "product_category_name",
            "product_description_lenght",
            "product_height_cm",
            "product_id",
            "product_length_cm",
            "product_name_lenght",
            "product_photos_qty",
            "product_weight_g",
            "product_width_cm",
            "review_answer_timestamp",
            "review_creation_date",
            "review_id",
            "review_score",
            "revenue",
            "seller_id",
            "shipping_limit_date",
        ),
        "internal",
    ),
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


def write_and_tag(
    spark, df, table_name: str, partition_by: list[str] | None = None, *, classify: bool, tag=apply_tags
) -> list[str]:
    """Writes ``df`` to ``table_name`` (full refresh) and, when ``classify``, tags it at once; gives the tag statements.

    Right after its own write, not after the run's last: until its columns carry their tags, no
    policy masks a table, so tagging at the end leaves every table but the last in the clear for
    the rest of the run. ``tag`` is :func:`apply_tags` (Databricks only); tests pass their own.
    """
    write_table(df, table_name, partition_by)
    return tag(spark, table_name) if classify else []
