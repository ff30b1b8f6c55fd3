# Databricks notebook source
# MAGIC %md
# MAGIC # 03 · Bronze → silver → gold
# MAGIC
# MAGIC **Silver**: contract types, rule checks (failures go to `<silver>.quarantine_<table>`),
# MAGIC one row per business key keeping the most recently ingested record, and `order_facts`
# MAGIC joining orders with customers, items, payments and reviews.
# MAGIC **Gold**: `daily_revenue` (by purchase day, state and category; partitioned by month),
# MAGIC `customer_ltv` and `delivery_performance`. Tables are fully refreshed, so a re-run is
# MAGIC idempotent. `OPTIMIZE ... ZORDER BY` runs on Databricks (or when `run_maintenance=true`).

# COMMAND ----------

# Serverless job tasks install the notebooks' pins first (the Jobs API takes no job environment for a
# notebook task): they pass pip_requirements, the pin file's name. Job clusters and interactive runs
# leave it empty; the %pip cell below then installs nothing and asks no package index.
import os
import sys

_here = os.path.dirname(os.path.abspath(__file__)) if "__file__" in globals() else os.getcwd()
for _candidate in (_here, os.path.join(_here, "notebooks")):
    if os.path.isdir(os.path.join(_candidate, "lakehouse")) and _candidate not in sys.path:
        sys.path.insert(0, _candidate)

from lakehouse import runtime
from lakehouse.job_requirements import NOTHING, pip_install_args

dbutils = runtime.get_dbutils()
dbutils.widgets.text("pip_requirements", "", "Pin file to install first (serverless job tasks)")
_pip_args = pip_install_args(dbutils.widgets.get("pip_requirements"))

# COMMAND ----------

# MAGIC %pip install $_pip_args

# COMMAND ----------

# New packages are importable only in a fresh Python process (Databricks docs, "Restart the Python
# process on Databricks"); the cells below set everything up again.
if _pip_args != NOTHING:
    dbutils.library.restartPython()

# COMMAND ----------

import os
import sys

# Make the lakehouse package importable: next to this file locally, the working directory
# (the notebook's folder, or the repository root) on Databricks.
_here = os.path.dirname(os.path.abspath(__file__)) if "__file__" in globals() else os.getcwd()
for _candidate in (_here, os.path.join(_here, "notebooks")):
    if os.path.isdir(os.path.join(_candidate, "lakehouse")) and _candidate not in sys.path:
        sys.path.insert(0, _candidate)

from lakehouse import runtime
from lakehouse.classification import write_and_tag
from lakehouse.ml import FEATURE_TABLE, training_frame
from lakehouse.schemas import TABLES
from lakehouse.transform import (
    GOLD_LAYOUT,
    SILVER_LAYOUT,
    build_gold,
    build_silver,
    maintain_table,
    order_facts,
)

spark = runtime.get_spark()
dbutils = runtime.get_dbutils(spark)

# COMMAND ----------

dbutils.widgets.text("catalog", runtime.default_catalog(), "Catalog")
dbutils.widgets.text("bronze_schema", "bronze", "Bronze schema")
dbutils.widgets.text("silver_schema", "silver", "Silver schema")
dbutils.widgets.text("gold_schema", "gold", "Gold schema")
dbutils.widgets.dropdown("classify", "false", ["true", "false"], "Tag columns with their sensitivity (Databricks)")
dbutils.widgets.dropdown("run_maintenance", "auto", ["auto", "true", "false"], "OPTIMIZE/ZORDER (auto = on Databricks)")

catalog = dbutils.widgets.get("catalog")
bronze_schema = dbutils.widgets.get("bronze_schema")
silver_schema = dbutils.widgets.get("silver_schema")
gold_schema = dbutils.widgets.get("gold_schema")
maintenance = dbutils.widgets.get("run_maintenance")
classify = dbutils.widgets.get("classify") == "true"
run_maintenance = runtime.is_databricks() if maintenance == "auto" else maintenance == "true"
# Tags the data contract's columns with the governed tag `sensitivity` (`lakehouse.classification`)
# right after each table's write: the prod catalog's ABAC policies mask and filter by that tag
# (docs/production-data-in-dev.md), so an untagged table is readable in the clear. On where the job says
# so (`classify`, a prod catalog developers read); Unity Catalog tags exist on Databricks only.
tag_columns = classify and runtime.is_databricks()


def write(df, name, partition_by=None):
    for statement in write_and_tag(spark, df, name, partition_by, classify=tag_columns):
        print(statement)


for schema in (silver_schema, gold_schema):
    runtime.qualified(catalog, schema, "x")
    spark.sql(f"CREATE SCHEMA IF NOT EXISTS {catalog}.{schema}")

# COMMAND ----------

bronze = {t: spark.table(runtime.qualified(catalog, bronze_schema, t)) for t in TABLES}
silver, quarantine = build_silver(bronze)
for table in TABLES:
    write(silver[table], runtime.qualified(catalog, silver_schema, table))
    write(quarantine[table], runtime.qualified(catalog, silver_schema, f"quarantine_{table}"))

silver = {t: spark.table(runtime.qualified(catalog, silver_schema, t)) for t in TABLES}
facts_name = runtime.qualified(catalog, silver_schema, "order_facts")
write(order_facts(silver), facts_name, SILVER_LAYOUT["order_facts"]["partition_by"])
for table in TABLES:
    kept = silver[table].count()
    dropped = spark.table(runtime.qualified(catalog, silver_schema, f"quarantine_{table}")).count()
    print(f"silver.{table}: {kept} rows, {dropped} quarantined")

# COMMAND ----------

facts = spark.table(facts_name)
gold = build_gold(silver, facts) | {FEATURE_TABLE: training_frame(facts)}
for name, df in gold.items():
    write(df, runtime.qualified(catalog, gold_schema, name), GOLD_LAYOUT[name]["partition_by"])
    print(f"gold.{name}: {spark.table(runtime.qualified(catalog, gold_schema, name)).count()} rows")

# COMMAND ----------

# MAGIC %md
# MAGIC ### Table maintenance (Databricks)
# MAGIC Compact small files and co-locate the columns dashboards filter on. Partition columns
# MAGIC cannot be Z-ordered, so `daily_revenue` (partitioned by `order_month`) is Z-ordered by
# MAGIC state and category. Equivalent SQL:
# MAGIC ```sql
# MAGIC OPTIMIZE main.gold.daily_revenue ZORDER BY (customer_state, product_category_name);
# MAGIC OPTIMIZE main.silver.order_facts ZORDER BY (customer_state, order_id);
# MAGIC ```

# COMMAND ----------

layouts = {(silver_schema, "order_facts"): SILVER_LAYOUT["order_facts"]}
layouts |= {(gold_schema, name): layout for name, layout in GOLD_LAYOUT.items()}
for (schema, name), layout in layouts.items():
    stmt = maintain_table(spark, runtime.qualified(catalog, schema, name), layout["zorder_by"], enabled=run_maintenance)
    print(stmt or f"skipped maintenance of {schema}.{name} (not on Databricks)")

# COMMAND ----------

dbutils.notebook.exit("ok")
