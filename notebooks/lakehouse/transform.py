"""Bronze -> silver -> gold.

Silver: every column cast to its contract type (``schemas.SILVER_TYPES``), rows that break a
rule split off (they go to a quarantine table, not silently away), one row per business key
(the most recently ingested record wins), and an ``order_facts`` table joining an order with
its customer, items, payments and review. Gold: business aggregates on top of silver.

All functions take and return DataFrames; reading and writing tables is the caller's job
(see :func:`write_table`), so tests feed hand-written rows straight in.
"""

from __future__ import annotations

from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F

from lakehouse.schemas import BRAZIL_STATES, KEYS, ORDER_STATUSES, PAYMENT_TYPES, SILVER_TYPES

EXCLUDED_FROM_REVENUE = ("canceled", "unavailable")
LINEAGE = ("_ingested_at", "_source_file")


# --------------------------------------------------------------------------------------
# silver building blocks


def conform(df: DataFrame, table: str) -> DataFrame:
    """Select the contract columns with their contract types (missing ones become null)."""
    cols = []
    present = set(df.columns)
    for name, dtype in SILVER_TYPES[table].items():
        if name not in present:
            cols.append(F.lit(None).cast(dtype).alias(name))
        elif dtype == "timestamp":
            cols.append(F.col(name).cast("string").try_cast("timestamp").alias(name))
        else:
            cols.append(F.col(name).try_cast(dtype).alias(name))
    for name in LINEAGE:
        cols.append(
            F.col(name) if name in present else F.lit(None).cast("timestamp" if name == "_ingested_at" else "string").alias(name)
        )
    return df.select(*cols)


def normalise(df: DataFrame, table: str) -> DataFrame:
    """Trim/case-fold the free-text codes so equal values compare equal."""
    if table == "orders":
        return df.withColumn("order_status", F.lower(F.trim("order_status")))
    if table == "customers":
        return df.withColumn("customer_state", F.upper(F.trim("customer_state"))).withColumn(
            "customer_city", F.lower(F.trim("customer_city"))
        )
    if table == "products":
        return df.withColumn(
            "product_category_name", F.coalesce(F.lower(F.trim("product_category_name")), F.lit("sem_categoria"))
        )
    if table == "payments":
        return df.withColumn("payment_type", F.lower(F.trim("payment_type")))
    return df


def _in(col: str, values: tuple[str, ...]) -> Column:
    return F.col(col).isin(list(values))


def validity_rules(table: str) -> dict[str, Column]:
    """Named row-level rules; a row is valid when every rule is true."""
    keys = {f"{k}_not_null": F.col(k).isNotNull() for k in KEYS[table]}
    rules: dict[str, dict[str, Column]] = {
        "orders": {
            "customer_id_not_null": F.col("customer_id").isNotNull(),
            "known_status": _in("order_status", ORDER_STATUSES),
            "purchase_ts_valid": F.col("order_purchase_timestamp").isNotNull(),
            "delivered_after_purchase": F.col("order_delivered_customer_date").isNull()
            | (F.col("order_delivered_customer_date") >= F.col("order_purchase_timestamp")),
        },
        "order_items": {
            "product_id_not_null": F.col("product_id").isNotNull(),
            "price_non_negative": F.col("price") >= 0,
            "freight_non_negative": F.col("freight_value") >= 0,
        },
        "customers": {
            "unique_id_not_null": F.col("customer_unique_id").isNotNull(),
            "known_state": _in("customer_state", BRAZIL_STATES),
        },
        "products": {},
        "payments": {
            "known_payment_type": _in("payment_type", PAYMENT_TYPES),
            "value_non_negative": F.col("payment_value") >= 0,
        },
        "reviews": {"score_1_to_5": F.col("review_score").between(1, 5)},
    }
    return {**keys, **rules[table]}


def split_valid(df: DataFrame, table: str) -> tuple[DataFrame, DataFrame]:
    """(valid rows, rejected rows with a ``_failed_rules`` array)."""
    rules = validity_rules(table)
    if not rules:
        return df, df.limit(0).withColumn("_failed_rules", F.array().cast("array<string>"))
    failed = F.filter(
        F.array(*[F.when(~F.coalesce(rule, F.lit(False)), F.lit(name)) for name, rule in rules.items()]),
        lambda x: x.isNotNull(),
    )
    flagged = df.withColumn("_failed_rules", failed)
    valid = flagged.where(F.size("_failed_rules") == 0).drop("_failed_rules")
    rejected = flagged.where(F.size("_failed_rules") > 0)
    return valid, rejected


def dedup_latest(df: DataFrame, keys: tuple[str, ...] | list[str], order_by: list[str] | None = None) -> DataFrame:
    """One row per key: the one with the greatest ``order_by`` values (default: latest ingest)."""
    order_by = order_by or [c for c in ("_ingested_at", "_source_file") if c in df.columns]
    window = Window.partitionBy(*keys).orderBy(*[F.col(c).desc_nulls_last() for c in order_by])
    return df.withColumn("_rn", F.row_number().over(window)).where("_rn = 1").drop("_rn")


def clean_table(bronze: DataFrame, table: str) -> tuple[DataFrame, DataFrame]:
    """Bronze rows of one table -> (silver rows, quarantined rows)."""
    typed = normalise(conform(bronze, table), table)
    valid, rejected = split_valid(typed, table)
    return dedup_latest(valid, KEYS[table]), rejected


def build_silver(bronze: dict[str, DataFrame]) -> tuple[dict[str, DataFrame], dict[str, DataFrame]]:
    silver, quarantine = {}, {}
    for table, df in bronze.items():
        silver[table], quarantine[table] = clean_table(df, table)
    return silver, quarantine


def _days_between(later: str, earlier: str) -> Column:
    return (F.unix_timestamp(F.col(later)) - F.unix_timestamp(F.col(earlier))) / F.lit(86400.0)


def order_facts(silver: dict[str, DataFrame]) -> DataFrame:
    """One row per order with customer, basket, payment, review and delivery measures."""
    orders, customers = silver["orders"], silver["customers"]
    items, payments, reviews, products = silver["order_items"], silver["payments"], silver["reviews"], silver["products"]

    ranked_items = items.join(products.select("product_id", "product_category_name"), "product_id", "left").withColumn(
        "_rank", F.row_number().over(Window.partitionBy("order_id").orderBy(F.col("price").desc(), "order_item_id"))
    )
    basket = ranked_items.groupBy("order_id").agg(
        F.count(F.lit(1)).alias("n_items"),
        F.countDistinct("seller_id").alias("n_sellers"),
        F.round(F.sum("price"), 2).alias("items_price"),
        F.round(F.sum("freight_value"), 2).alias("items_freight"),
        F.max(F.when(F.col("_rank") == 1, F.coalesce("product_category_name", F.lit("sem_categoria")))).alias("main_category"),
    )
    paid = payments.groupBy("order_id").agg(
        F.round(F.sum("payment_value"), 2).alias("payment_value"),
        F.max("payment_installments").alias("payment_installments"),
        F.count(F.lit(1)).alias("n_payments"),
        F.max_by("payment_type", "payment_value").alias("payment_type"),
    )
    latest_review = dedup_latest(reviews, ["order_id"], ["review_answer_timestamp", "review_creation_date"]).select(
        "order_id", "review_score", "review_creation_date"
    )
    facts = (
        orders.drop(*LINEAGE)
        .join(customers.select("customer_id", "customer_unique_id", "customer_state", "customer_city"), "customer_id", "left")
        .join(basket, "order_id", "left")
        .join(paid, "order_id", "left")
        .join(latest_review, "order_id", "left")
    )
    return (
        facts.withColumn("order_date", F.to_date("order_purchase_timestamp"))
        .withColumn("order_month", F.date_format("order_purchase_timestamp", "yyyy-MM"))
        .withColumn("delivery_days", F.round(_days_between("order_delivered_customer_date", "order_purchase_timestamp"), 3))
        .withColumn("estimated_days", F.round(_days_between("order_estimated_delivery_date", "order_purchase_timestamp"), 3))
        .withColumn("delay_days", F.round(_days_between("order_delivered_customer_date", "order_estimated_delivery_date"), 3))
        .withColumn(
            "is_late",
            F.when(F.col("order_delivered_customer_date").isNull(), F.lit(None)).otherwise(
                F.col("order_delivered_customer_date") > F.col("order_estimated_delivery_date")
            ),
        )
        .withColumn("freight_ratio", F.when(F.col("items_price") > 0, F.round(F.col("items_freight") / F.col("items_price"), 4)))
    )


# --------------------------------------------------------------------------------------
# gold


def gold_daily_revenue(silver: dict[str, DataFrame]) -> DataFrame:
    """Revenue per purchase day, customer state and product category (item level)."""
    orders = silver["orders"].where(~_in("order_status", EXCLUDED_FROM_REVENUE))
    return (
        silver["order_items"]
        .join(orders.select("order_id", "customer_id", "order_purchase_timestamp"), "order_id")
        .join(silver["customers"].select("customer_id", "customer_state"), "customer_id")
        .join(silver["products"].select("product_id", "product_category_name"), "product_id", "left")
        .withColumn("order_date", F.to_date("order_purchase_timestamp"))
        .withColumn("product_category_name", F.coalesce("product_category_name", F.lit("sem_categoria")))
        .groupBy("order_date", "customer_state", "product_category_name")
        .agg(
            F.countDistinct("order_id").alias("orders"),
            F.count(F.lit(1)).alias("items"),
            F.round(F.sum("price"), 2).alias("revenue"),
            F.round(F.sum("freight_value"), 2).alias("freight"),
        )
        .withColumn("order_month", F.date_format("order_date", "yyyy-MM"))
    )


def gold_customer_ltv(silver: dict[str, DataFrame]) -> DataFrame:
    """Lifetime value per real customer (``customer_unique_id`` spans their order ids)."""
    orders = silver["orders"].where(~_in("order_status", EXCLUDED_FROM_REVENUE))
    paid = silver["payments"].groupBy("order_id").agg(F.sum("payment_value").alias("order_value"))
    per_order = (
        orders.select("order_id", "customer_id", "order_purchase_timestamp")
        .join(silver["customers"].select("customer_id", "customer_unique_id", "customer_state"), "customer_id")
        .join(paid, "order_id", "left")
    )
    return (
        per_order.groupBy("customer_unique_id")
        .agg(
            F.countDistinct("order_id").alias("orders"),
            F.round(F.sum(F.coalesce("order_value", F.lit(0.0))), 2).alias("lifetime_value"),
            F.to_date(F.min("order_purchase_timestamp")).alias("first_order_date"),
            F.to_date(F.max("order_purchase_timestamp")).alias("last_order_date"),
            F.max_by("customer_state", "order_purchase_timestamp").alias("customer_state"),
        )
        .withColumn("avg_order_value", F.round(F.col("lifetime_value") / F.col("orders"), 2))
    )


def gold_delivery_performance(facts: DataFrame) -> DataFrame:
    """Delivered orders per state and month: speed, lateness and satisfaction."""
    delivered = facts.where((F.col("order_status") == "delivered") & F.col("order_delivered_customer_date").isNotNull())
    return delivered.groupBy("customer_state", "order_month").agg(
        F.count(F.lit(1)).alias("delivered_orders"),
        F.round(F.avg("delivery_days"), 2).alias("avg_delivery_days"),
        F.round(F.avg(F.col("is_late").cast("double")), 4).alias("late_rate"),
        F.round(F.avg("review_score"), 3).alias("avg_review_score"),
        F.round(F.avg(F.when(F.col("review_score") <= 2, 1.0).when(F.col("review_score").isNotNull(), 0.0)), 4).alias(
            "low_review_rate"
        ),
    )


def build_gold(silver: dict[str, DataFrame], facts: DataFrame) -> dict[str, DataFrame]:
    return {
        "daily_revenue": gold_daily_revenue(silver),
        "customer_ltv": gold_customer_ltv(silver),
        "delivery_performance": gold_delivery_performance(facts),
    }


# partitioning and clustering choices of each output table
GOLD_LAYOUT: dict[str, dict[str, list[str]]] = {
    "daily_revenue": {"partition_by": ["order_month"], "zorder_by": ["customer_state", "product_category_name"]},
    "customer_ltv": {"partition_by": [], "zorder_by": ["customer_unique_id"]},
    "delivery_performance": {"partition_by": [], "zorder_by": ["customer_state"]},
    # the model's training set (lakehouse.ml.training_frame), read whole by the training job
    "review_features": {"partition_by": [], "zorder_by": []},
}
SILVER_LAYOUT: dict[str, dict[str, list[str]]] = {
    "order_facts": {"partition_by": ["order_month"], "zorder_by": ["customer_state", "order_id"]},
}


# --------------------------------------------------------------------------------------
# writing


def write_table(df: DataFrame, name: str, partition_by: list[str] | None = None) -> None:
    """Full refresh of a Delta table (idempotent: re-running gives the same table)."""
    writer = df.write.format("delta").mode("overwrite").option("overwriteSchema", "true")
    if partition_by:
        writer = writer.partitionBy(*partition_by)
    writer.saveAsTable(name)


def optimize_statement(name: str, zorder_by: list[str]) -> str:
    return f"OPTIMIZE {name}" + (f" ZORDER BY ({', '.join(zorder_by)})" if zorder_by else "")


def maintain_table(spark, name: str, zorder_by: list[str], *, enabled: bool) -> str | None:
    """OPTIMIZE ... ZORDER BY on Databricks (or when asked); returns the statement run."""
    if not enabled:
        return None
    stmt = optimize_statement(name, zorder_by)
    spark.sql(stmt)
    return stmt
