"""The governance functions' SQL (notebooks/governance/*.sql) on local Spark, over generated data.

The same files the deploy runs on the prod catalog's SQL warehouse, in the same order, with a local
catalog for ``${catalog}``; the ABAC policies' part (which column gets which function, for whom) is
Databricks' and is checked in the synthesized Terraform (jest).
"""

from __future__ import annotations

import secrets

import pytest
from pyspark.sql import functions as F

from lakehouse.classification import COLUMN_SENSITIVITY
from lakehouse.datagen import generate_dataframes
from lakehouse.governance import statements

N_ORDERS = 2000


@pytest.fixture(scope="module")
def governed(spark):
    """A catalog-like schema holding the governance schema's objects, and generated e-commerce data."""
    spark.sql("DROP SCHEMA IF EXISTS spark_catalog.governance CASCADE")
    # Parameter markers bound in the analyzer, as Databricks binds them in DDL and INSERT: Spark 4.2
    # binds them while parsing, which the Delta session extension's parser does not pass through
    # (lakehouse.system_tables says the same). The governance objects are in the shared catalog.
    session = spark.newSession()
    session.conf.set("spark.sql.legacy.parameterSubstitution.constantsOnly", "true")
    key = secrets.token_urlsafe(32)
    ran = []
    for name, sql in statements("spark_catalog"):
        _run(session, sql, key)
        ran.append(name)
    data = generate_dataframes(spark, N_ORDERS, seed=26)
    yield {"key": key, "files": ran, "data": data, "session": session}
    spark.sql("DROP SCHEMA IF EXISTS spark_catalog.governance CASCADE")


def _run(session, sql, key, rotate="false"):
    """Runs one statement as the deploy does: the key and the rotation switch only as named parameters."""
    args = {name: value for name, value in (("key", key), ("rotate", rotate)) if f":{name}" in sql}
    session.sql(sql, args=args or None)


def _mask(df, column, function="mask_join_key"):
    return df.withColumn(f"masked_{column}", F.expr(f"spark_catalog.governance.{function}({column})"))


def test_files_run_in_order_and_twice_without_change(spark, governed):
    assert governed["files"] == sorted(governed["files"])
    assert {"01_schema_and_key.sql", "02_column_masks.sql", "03_row_filters.sql"} <= set(governed["files"])
    before = spark.sql("SELECT spark_catalog.governance.mask_join_key('abc') AS m").first().m
    # A second deploy: same statements, a new random key offered; the existing key stays.
    for _, sql in statements("spark_catalog"):
        _run(governed["session"], sql, secrets.token_urlsafe(32))
    # the first deploy's key, bound as a parameter, is the one kept
    assert [r.key for r in spark.table("spark_catalog.governance.pii_mask_key").collect()] == [governed["key"]]
    assert spark.sql("SELECT spark_catalog.governance.mask_join_key('abc') AS m").first().m == before


def test_joins_on_masked_customer_ids_still_match(governed):
    orders, customers = governed["data"]["orders"], governed["data"]["customers"]
    clear = orders.join(customers, "customer_id").count()
    masked = (
        _mask(orders, "customer_id")
        .select("order_id", "masked_customer_id")
        .join(_mask(customers, "customer_id").select("masked_customer_id", "customer_state"), "masked_customer_id")
    )
    assert clear == N_ORDERS
    assert masked.count() == clear


def test_masked_values_never_equal_the_originals_nor_their_plain_hash(governed):
    customers = governed["data"]["customers"]
    for column in ("customer_id", "customer_unique_id"):
        rows = _mask(customers, column).select(column, f"masked_{column}", F.sha2(F.col(column), 256).alias("plain")).collect()
        assert rows
        assert all(r[f"masked_{column}"] not in (r[column], r["plain"]) for r in rows)
        assert all(len(r[f"masked_{column}"]) == 64 for r in rows)
        # distinct in, distinct out: the hash keeps the key's uniqueness
        assert len({r[f"masked_{column}"] for r in rows}) == len({r[column] for r in rows})


def test_redacted_zip_prefixes_leave_nothing_to_look_up(governed):
    # A zip prefix has 100 000 values: any hash of it is reversed by hashing them all; redaction keeps nothing to match.
    customers = _mask(governed["data"]["customers"], "customer_zip_code_prefix", "redact")
    masked = {r[0] for r in customers.select("masked_customer_zip_code_prefix").distinct().collect()}
    assert masked == {"[redacted]"}


def test_without_a_key_join_keys_mask_to_null_never_to_the_clear_value(spark, governed):
    spark.sql("CREATE TABLE spark_catalog.governance.key_backup AS SELECT * FROM spark_catalog.governance.pii_mask_key")
    try:
        spark.sql("TRUNCATE TABLE spark_catalog.governance.pii_mask_key")
        assert spark.sql("SELECT spark_catalog.governance.mask_join_key('abc') AS m").first().m is None
    finally:
        spark.sql("INSERT INTO spark_catalog.governance.pii_mask_key SELECT * FROM spark_catalog.governance.key_backup")
        spark.sql("DROP TABLE spark_catalog.governance.key_backup")


def test_redaction_keeps_nulls_and_hides_every_pii_text(governed):
    # Generated reviews carry a message and never a title: both sides of the NULL rule are seen.
    cases = [(governed["data"]["reviews"], "review_comment_message"), (governed["data"]["reviews"], "review_comment_title")]
    cases += [(governed["data"]["customers"], "customer_city"), (governed["data"]["customers"], "customer_zip_code_prefix")]
    seen_values = seen_nulls = 0
    for df, column in cases:
        rows = _mask(df, column, "redact").select(column, f"masked_{column}").collect()
        assert all((r[f"masked_{column}"] is None) == (r[column] is None) for r in rows)
        assert all(r[f"masked_{column}"] in (None, "[redacted]") for r in rows)
        seen_values += sum(r[column] is not None for r in rows)
        seen_nulls += sum(r[column] is None for r in rows)
    assert seen_values > 0 and seen_nulls > 0


def test_the_confidential_filter_keeps_the_documented_ten_percent(governed):
    payments = governed["data"]["payments"]
    total = payments.count()
    kept = payments.where(F.expr("spark_catalog.governance.keep_sample(payment_value)")).count()
    assert total >= N_ORDERS
    assert 0.07 <= kept / total <= 0.13, (kept, total)
    # the same rows every time
    again = payments.where(F.expr("spark_catalog.governance.keep_sample(payment_value)")).count()
    assert again == kept


def test_every_classified_column_fits_its_function():
    # A mask returns its column's type and a filter takes it: the contract keeps each value on one type.
    from lakehouse.classification import VALUE_TYPES
    from lakehouse.schemas import SILVER_TYPES

    for table, columns in SILVER_TYPES.items():
        confidential = [c for c in columns if COLUMN_SENSITIVITY.get(c) == "confidential"]
        # one confidential column per table: an ABAC row filter matching two columns is ambiguous
        assert len(confidential) <= 1, table
        for column, kind in columns.items():
            value = COLUMN_SENSITIVITY.get(column)
            if value in VALUE_TYPES:
                assert kind == VALUE_TYPES[value], (table, column)


def test_a_rotation_replaces_the_key_in_place_so_masks_never_go_null(spark, governed):
    # LAKEHOUSE_ROTATE_MASK_KEY=true on a forced re-run of the apply (docs/production-data-in-dev.md):
    # the key is swapped in one statement, never deleted first, and every mask changes.
    masked = "SELECT spark_catalog.governance.mask_join_key('abc') AS m"
    before = spark.sql(masked).first().m
    new_key = secrets.token_urlsafe(32)
    try:
        for _, sql in statements("spark_catalog"):
            _run(governed["session"], sql, new_key, rotate="true")
            assert spark.sql(masked).first().m is not None, sql
        assert [r.key for r in spark.table("spark_catalog.governance.pii_mask_key").collect()] == [new_key]
        assert spark.sql(masked).first().m not in (None, before)
    finally:
        for _, sql in statements("spark_catalog"):
            _run(governed["session"], sql, governed["key"], rotate="true")
    assert spark.sql(masked).first().m == before
