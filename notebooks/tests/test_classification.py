"""The data contract's classification and the tag statements the transformation job issues."""

import pytest

from lakehouse.classification import COLUMN_SENSITIVITY, TAG_KEY, VALUES, sensitivity_of, tag_statements
from lakehouse.schemas import SILVER_TYPES


def test_every_classified_column_is_in_the_contract_and_every_value_governed():
    contract_columns = {c for cols in SILVER_TYPES.values() for c in cols}
    assert set(COLUMN_SENSITIVITY) <= contract_columns
    assert set(COLUMN_SENSITIVITY.values()) <= set(VALUES)


def test_customers_carry_the_documented_classes():
    assert sensitivity_of("customers") == {
        "customer_id": "pii_key",
        "customer_unique_id": "pii_key",
        "customer_zip_code_prefix": "pii",
        "customer_city": "pii",
        "customer_state": "internal",
    }
    assert sensitivity_of("orders") == {"customer_id": "pii_key"}
    assert sensitivity_of("reviews") == {"review_comment_title": "pii", "review_comment_message": "pii"}
    assert sensitivity_of("payments") == {
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
        "ALTER TABLE `c`.`silver`.`order_facts` ALTER COLUMN `customer_unique_id` SET TAGS ('sensitivity' = 'pii_key')",
        "ALTER TABLE `c`.`silver`.`order_facts` ALTER COLUMN `customer_city` SET TAGS ('sensitivity' = 'pii')",
    ]
    assert tag_statements("c.gold.daily_revenue", ["order_date", "revenue"]) == []


@pytest.mark.parametrize("name", ["silver.customers", "c.s.t; DROP TABLE x", "c.s.`t`", "a.b.c.d"])
def test_refuses_a_table_name_that_would_inject_sql(name):
    with pytest.raises(ValueError):
        tag_statements(name, ["customer_id"])
