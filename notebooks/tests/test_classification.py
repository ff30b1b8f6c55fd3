"""The data contract's classification and the tag statements the transformation job issues."""

import pytest

from lakehouse.classification import COLUMN_SENSITIVITY, TAG_KEY, VALUES, sensitivity_of, tag_statements
from lakehouse.datagen import bronze_schema
from lakehouse.ml import FEATURE_TABLE, training_frame
from lakehouse.schemas import SILVER_TYPES, TABLES
from lakehouse.transform import build_gold, build_silver, order_facts


def test_every_classified_column_is_in_the_contract_and_every_value_governed():
    contract_columns = {c for cols in SILVER_TYPES.values() for c in cols}
    assert contract_columns <= set(COLUMN_SENSITIVITY)
    assert set(COLUMN_SENSITIVITY.values()) <= set(VALUES)


def test_customers_carry_the_documented_classes():
    assert sensitivity_of("customers") == {
        "customer_id": "pii_key",
        "customer_unique_id": "pii_key",
        "customer_zip_code_prefix": "pii",
        "customer_city": "pii",
        "customer_state": "internal",
    }
    governed = {t: {c: v for c, v in sensitivity_of(t).items() if v != "internal"} for t in SILVER_TYPES}
    assert governed["orders"] == {"customer_id": "pii_key"}
    assert governed["reviews"] == {"review_comment_title": "pii", "review_comment_message": "pii"}
    assert sensitivity_of("payments") == {
        "order_id": "internal",
        "payment_sequential": "internal",
        "payment_type": "internal",
        "payment_installments": "internal",
        "payment_value": "confidential",
    }


def test_statements_match_the_contract_table_by_table():
    for table, columns in SILVER_TYPES.items():
        statements = tag_statements(f"prod_lakehouse.silver.{table}", list(columns))
        expected = [
            f"ALTER TABLE `prod_lakehouse`.`silver`.`{table}` ALTER COLUMN `{column}` SET TAGS ('{TAG_KEY}' = '{value}')"
            for column, value in sensitivity_of(table).items()
        ]
        assert statements == expected, table


def test_derived_tables_are_tagged_by_column_name():
    # order facts and gold carry contract columns under the same names
    statements = tag_statements("c.silver.order_facts", ["order_id", "customer_unique_id", "customer_city", "delivery_days"])
    assert statements == [
        "ALTER TABLE `c`.`silver`.`order_facts` ALTER COLUMN `order_id` SET TAGS ('sensitivity' = 'internal')",
        "ALTER TABLE `c`.`silver`.`order_facts` ALTER COLUMN `customer_unique_id` SET TAGS ('sensitivity' = 'pii_key')",
        "ALTER TABLE `c`.`silver`.`order_facts` ALTER COLUMN `customer_city` SET TAGS ('sensitivity' = 'pii')",
        "ALTER TABLE `c`.`silver`.`order_facts` ALTER COLUMN `delivery_days` SET TAGS ('sensitivity' = 'internal')",
    ]
    # a column nobody classified gets no statement (the test above keeps every written column classified)
    assert tag_statements("c.gold.daily_revenue", ["order_date", "unclassified"]) == [
        "ALTER TABLE `c`.`gold`.`daily_revenue` ALTER COLUMN `order_date` SET TAGS ('sensitivity' = 'internal')"
    ]


@pytest.mark.parametrize("name", ["silver.customers", "c.s.t; DROP TABLE x", "c.s.`t`", "a.b.c.d"])
def test_refuses_a_table_name_that_would_inject_sql(name):
    with pytest.raises(ValueError):
        tag_statements(name, ["customer_id"])


def _written_schemas(spark) -> dict[str, list[str]]:
    """Every table 03_silver_gold writes to silver and gold, with its columns, as the transformation builds them."""
    bronze = {t: spark.createDataFrame([], bronze_schema(t)) for t in TABLES}
    silver, quarantine = build_silver(bronze)
    facts = order_facts(silver)
    gold = build_gold(silver, facts) | {FEATURE_TABLE: training_frame(facts)}
    written = {f"silver.{t}": df.columns for t, df in silver.items()}
    written |= {f"silver.quarantine_{t}": df.columns for t, df in quarantine.items()}
    written["silver.order_facts"] = facts.columns
    return written | {f"gold.{t}": df.columns for t, df in gold.items()}


def test_every_column_the_transformation_writes_has_a_class(spark):
    written = _written_schemas(spark)
    assert {"silver.order_facts", "gold.customer_ltv", f"gold.{FEATURE_TABLE}"} <= set(written)
    unclassified = {f"{table}.{c}" for table, columns in written.items() for c in columns if c not in COLUMN_SENSITIVITY}
    assert unclassified == set()
    # every table gets a statement per column, and at most one confidential column (one row filter match)
    for table, columns in written.items():
        assert len(tag_statements(f"prod.{table}", columns)) == len(columns), table
        assert sum(COLUMN_SENSITIVITY[c] == "confidential" for c in columns) <= 1, table


def test_derived_payment_amounts_are_classified():
    # lifetime value sums a customer's payments: sampled like payment_value; the amounts next to a
    # confidential column share its rows' filter; item sums repeat order_items' prices, shown as they are
    assert COLUMN_SENSITIVITY["lifetime_value"] == "confidential"
    assert {c: COLUMN_SENSITIVITY[c] for c in ("avg_order_value", "items_price", "items_freight")} == dict.fromkeys(
        ("avg_order_value", "items_price", "items_freight"), "internal"
    )


def test_each_table_is_tagged_right_after_its_own_write(spark, schema):
    # The policies mask by tag: a table written but not yet tagged is readable in the clear, so the
    # job tags each table as soon as it is written, not after every write of the run.
    from lakehouse.classification import write_and_tag

    events = []

    def tag(session, name):
        events.append(("tag", name, session.table(name).columns))
        return []

    customers = spark.createDataFrame([("c1", "u1", "01001", "sao paulo", "SP")], list(SILVER_TYPES["customers"]))
    for table in ("customers", "quarantine_customers"):
        name = f"{schema}.{table}"
        write_and_tag(spark, customers, name, classify=True, tag=tag)
        events.append(("written", name, None))
    write_and_tag(spark, customers, f"{schema}.untagged", classify=False, tag=tag)
    assert events == [
        ("tag", f"{schema}.customers", list(SILVER_TYPES["customers"])),
        ("written", f"{schema}.customers", None),
        ("tag", f"{schema}.quarantine_customers", list(SILVER_TYPES["customers"])),
        ("written", f"{schema}.quarantine_customers", None),
    ]
    assert spark.table(f"{schema}.untagged").count() == 1
