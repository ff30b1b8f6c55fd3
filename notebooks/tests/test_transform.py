"""Silver and gold against a small hand-written fixture whose figures are computed by hand."""

from datetime import date, datetime

import pytest
from pyspark.sql import functions as F

from lakehouse.datagen import COLUMNS, bronze_schema
from lakehouse.transform import (
    build_gold,
    build_silver,
    dedup_latest,
    maintain_table,
    optimize_statement,
    order_facts,
    write_table,
)

T0 = datetime(2024, 1, 1, 8, 0, 0)
T1 = datetime(2024, 1, 2, 8, 0, 0)  # a later ingestion


def _bronze(spark, table, rows):
    from pyspark.sql import types as T

    schema = bronze_schema(table)
    schema = schema.add("_ingested_at", T.TimestampType()).add("_source_file", T.StringType())
    data = [(*(r.get(c) for c in COLUMNS[table]), r.get("_ingested_at", T1), r.get("_source_file", "f1.json")) for r in rows]
    return spark.createDataFrame(data, schema)


def _order(order_id, customer_id, status, purchase, delivered=None, estimated=None, **extra):
    return {
        "order_id": order_id,
        "customer_id": customer_id,
        "order_status": status,
        "order_purchase_timestamp": purchase,
        "order_delivered_customer_date": delivered,
        "order_estimated_delivery_date": estimated,
        **extra,
    }


@pytest.fixture(scope="module")
def bronze(spark):
    return {
        "customers": _bronze(
            spark,
            "customers",
            [
                {"customer_id": "c1", "customer_unique_id": "u1", "customer_zip_code_prefix": "01310", "customer_state": "SP"},
                {"customer_id": "c2", "customer_unique_id": "u1", "customer_zip_code_prefix": "01310", "customer_state": " sp"},
                {"customer_id": "c3", "customer_unique_id": "u2", "customer_zip_code_prefix": "20040", "customer_state": "RJ"},
                {"customer_id": "c9", "customer_unique_id": "u9", "customer_state": "XX"},  # invalid state
            ],
        ),
        "products": _bronze(
            spark,
            "products",
            [
                {"product_id": "p1", "product_category_name": "cama_mesa_banho"},
                {"product_id": "p2", "product_category_name": None},
            ],
        ),
        "orders": _bronze(
            spark,
            "orders",
            [
                # o1 arrives twice: the earlier record (still 'shipped') must lose to the later one
                _order("o1", "c1", "shipped", "2024-01-05 10:00:00", None, "2024-01-15 00:00:00", _ingested_at=T0),
                _order("o1", "c1", "delivered", "2024-01-05 10:00:00", "2024-01-10 10:00:00", "2024-01-15 00:00:00"),
                _order("o2", "c2", "DELIVERED ", "2024-01-05 15:00:00", "2024-01-30 15:00:00", "2024-01-20 00:00:00"),
                _order("o3", "c3", "canceled", "2024-01-06 09:00:00"),
                _order("o4", "c3", "delivered", "2024-02-01 12:00:00", "2024-02-04 12:00:00", "2024-02-10 00:00:00"),
                _order("o5", None, "delivered", "2024-02-02 12:00:00"),  # no customer: quarantined
                _order("o6", "c1", "delivered", "not a timestamp"),  # unparseable purchase time
            ],
        ),
        "order_items": _bronze(
            spark,
            "order_items",
            [
                {
                    "order_id": "o1",
                    "order_item_id": 1,
                    "product_id": "p1",
                    "seller_id": "s1",
                    "price": 100.0,
                    "freight_value": 10.0,
                },
                {
                    "order_id": "o1",
                    "order_item_id": 2,
                    "product_id": "p2",
                    "seller_id": "s2",
                    "price": 50.0,
                    "freight_value": 5.0,
                },
                {
                    "order_id": "o2",
                    "order_item_id": 1,
                    "product_id": "p1",
                    "seller_id": "s1",
                    "price": 200.0,
                    "freight_value": 40.0,
                },
                {
                    "order_id": "o3",
                    "order_item_id": 1,
                    "product_id": "p1",
                    "seller_id": "s1",
                    "price": 30.0,
                    "freight_value": 3.0,
                },
                {
                    "order_id": "o4",
                    "order_item_id": 1,
                    "product_id": "p2",
                    "seller_id": "s3",
                    "price": 80.0,
                    "freight_value": 8.0,
                },
                {
                    "order_id": "o4",
                    "order_item_id": 2,
                    "product_id": "p2",
                    "seller_id": "s3",
                    "price": -1.0,
                    "freight_value": 0.0,
                },
            ],
        ),
        "payments": _bronze(
            spark,
            "payments",
            [
                {
                    "order_id": "o1",
                    "payment_sequential": 1,
                    "payment_type": "credit_card",
                    "payment_installments": 3,
                    "payment_value": 165.0,
                },
                {
                    "order_id": "o2",
                    "payment_sequential": 1,
                    "payment_type": "boleto",
                    "payment_installments": 1,
                    "payment_value": 200.0,
                },
                {
                    "order_id": "o2",
                    "payment_sequential": 2,
                    "payment_type": "voucher",
                    "payment_installments": 1,
                    "payment_value": 40.0,
                },
                {
                    "order_id": "o3",
                    "payment_sequential": 1,
                    "payment_type": "credit_card",
                    "payment_installments": 1,
                    "payment_value": 33.0,
                },
                {
                    "order_id": "o4",
                    "payment_sequential": 1,
                    "payment_type": "debit_card",
                    "payment_installments": 1,
                    "payment_value": 88.0,
                },
            ],
        ),
        "reviews": _bronze(
            spark,
            "reviews",
            [
                {"review_id": "r1", "order_id": "o1", "review_score": 5, "review_answer_timestamp": "2024-01-12 00:00:00"},
                {"review_id": "r2", "order_id": "o2", "review_score": 1, "review_answer_timestamp": "2024-01-31 00:00:00"},
                {"review_id": "r4", "order_id": "o4", "review_score": 4, "review_answer_timestamp": "2024-02-05 00:00:00"},
                {"review_id": "r5", "order_id": "o4", "review_score": 9, "review_answer_timestamp": "2024-02-06 00:00:00"},
            ],
        ),
    }


@pytest.fixture(scope="module")
def layers(bronze):
    silver, quarantine = build_silver(bronze)
    silver = {k: v.cache() for k, v in silver.items()}
    facts = order_facts(silver).cache()
    gold = build_gold(silver, facts)
    return silver, quarantine, facts, gold


def test_dedup_keeps_latest_record(spark):
    df = spark.createDataFrame(
        [
            ("k1", "old", T0, "a.json"),
            ("k1", "new", T1, "a.json"),
            ("k2", "only", T0, "a.json"),
            ("k3", "x", T1, "a.json"),
            ("k3", "y", T1, "b.json"),
        ],
        "key string, value string, _ingested_at timestamp, _source_file string",
    )
    got = {r["key"]: r["value"] for r in dedup_latest(df, ["key"]).collect()}
    # same ingestion time: the later file wins
    assert got == {"k1": "new", "k2": "only", "k3": "y"}


def test_silver_types_dedup_and_quarantine(layers):
    silver, quarantine, _, _ = layers
    orders = {r["order_id"]: r for r in silver["orders"].collect()}
    assert sorted(orders) == ["o1", "o2", "o3", "o4"]
    assert orders["o1"]["order_status"] == "delivered"  # the later record won
    assert orders["o2"]["order_status"] == "delivered"  # normalised
    assert orders["o1"]["order_purchase_timestamp"] == datetime(2024, 1, 5, 10, 0, 0)
    assert dict(silver["orders"].dtypes)["order_purchase_timestamp"] == "timestamp"

    rejected = {r["order_id"]: r["_failed_rules"] for r in quarantine["orders"].collect()}
    assert rejected == {"o5": ["customer_id_not_null"], "o6": ["purchase_ts_valid"]}
    assert [r["customer_id"] for r in quarantine["customers"].collect()] == ["c9"]
    assert [(r["order_id"], r["order_item_id"]) for r in quarantine["order_items"].collect()] == [("o4", 2)]
    assert [r["review_id"] for r in quarantine["reviews"].collect()] == ["r5"]
    assert {r["customer_state"] for r in silver["customers"].collect()} == {"SP", "RJ"}
    assert {r["product_id"]: r["product_category_name"] for r in silver["products"].collect()} == {
        "p1": "cama_mesa_banho",
        "p2": "sem_categoria",
    }


def test_order_facts_joins_and_delivery_measures(layers):
    _, _, facts, _ = layers
    rows = {r["order_id"]: r for r in facts.collect()}
    assert facts.count() == 4
    o1, o2 = rows["o1"], rows["o2"]
    assert (o1["n_items"], o1["items_price"], o1["items_freight"], o1["main_category"]) == (2, 150.0, 15.0, "cama_mesa_banho")
    assert (o1["customer_unique_id"], o1["customer_state"], o1["payment_value"], o1["payment_type"]) == (
        "u1",
        "SP",
        165.0,
        "credit_card",
    )
    assert o1["delivery_days"] == 5.0 and o1["is_late"] is False and o1["freight_ratio"] == 0.1
    assert o2["delivery_days"] == 25.0 and o2["delay_days"] == pytest.approx(10.625) and o2["is_late"] is True
    assert (o2["payment_value"], o2["n_payments"], o2["payment_type"]) == (240.0, 2, "boleto")
    assert o2["review_score"] == 1 and rows["o4"]["review_score"] == 4
    assert rows["o3"]["is_late"] is None and rows["o4"]["order_month"] == "2024-02"


def test_gold_daily_revenue_by_state_and_category(layers):
    _, _, _, gold = layers
    got = {
        (r["order_date"], r["customer_state"], r["product_category_name"]): (r["orders"], r["items"], r["revenue"], r["freight"])
        for r in gold["daily_revenue"].collect()
    }
    # o3 is canceled and excluded; o4's negative-price item was quarantined
    assert got == {
        (date(2024, 1, 5), "SP", "cama_mesa_banho"): (2, 2, 300.0, 50.0),
        (date(2024, 1, 5), "SP", "sem_categoria"): (1, 1, 50.0, 5.0),
        (date(2024, 2, 1), "RJ", "sem_categoria"): (1, 1, 80.0, 8.0),
    }


def test_gold_customer_lifetime_value(layers):
    _, _, _, gold = layers
    got = {r["customer_unique_id"]: r.asDict() for r in gold["customer_ltv"].collect()}
    assert set(got) == {"u1", "u2"}
    assert got["u1"]["orders"] == 2 and got["u1"]["lifetime_value"] == 405.0 and got["u1"]["avg_order_value"] == 202.5
    assert got["u1"]["first_order_date"] == date(2024, 1, 5) and got["u1"]["customer_state"] == "SP"
    assert got["u2"]["orders"] == 1 and got["u2"]["lifetime_value"] == 88.0  # canceled o3 not counted
    assert got["u2"]["first_order_date"] == got["u2"]["last_order_date"] == date(2024, 2, 1)


def test_gold_delivery_performance(layers):
    _, _, _, gold = layers
    got = {(r["customer_state"], r["order_month"]): r.asDict() for r in gold["delivery_performance"].collect()}
    sp = got[("SP", "2024-01")]
    assert sp["delivered_orders"] == 2 and sp["avg_delivery_days"] == 15.0
    assert sp["late_rate"] == 0.5 and sp["avg_review_score"] == 3.0 and sp["low_review_rate"] == 0.5
    rj = got[("RJ", "2024-02")]
    assert (rj["delivered_orders"], rj["avg_delivery_days"], rj["late_rate"], rj["avg_review_score"]) == (1, 3.0, 0.0, 4.0)
    assert len(got) == 2


def test_gold_write_is_idempotent_partitioned_and_optimizable(spark, schema, layers):
    _, _, _, gold = layers
    name = f"{schema}.daily_revenue"
    write_table(gold["daily_revenue"], name, ["order_month"])
    write_table(gold["daily_revenue"], name, ["order_month"])  # re-run replaces, does not append
    assert spark.table(name).count() == 3
    detail = spark.sql(f"DESCRIBE DETAIL {name}").first()
    assert list(detail["partitionColumns"]) == ["order_month"]
    assert maintain_table(spark, name, ["customer_state"], enabled=False) is None
    # OSS Delta understands OPTIMIZE ... ZORDER BY too, so the statement is checked for real
    stmt = maintain_table(spark, name, ["customer_state", "product_category_name"], enabled=True)
    assert stmt == optimize_statement(name, ["customer_state", "product_category_name"])
    history = spark.sql(f"DESCRIBE HISTORY {name}").where(F.col("operation") == "OPTIMIZE").count()
    assert history == 1
