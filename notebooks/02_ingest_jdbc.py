# Databricks notebook source
# MAGIC %md
# MAGIC # 02 · Relational table → bronze over JDBC
# MAGIC
# MAGIC Snapshots one source table into a bronze Delta table with a parallel read: Spark splits
# MAGIC `[lower_bound, upper_bound]` of `partition_column` into `num_partitions` range queries
# MAGIC and fetches `fetchsize` rows per round trip. Leave the bounds empty to have them looked
# MAGIC up with `MIN/MAX` first. The user name and password come from a secret scope
# MAGIC (`dbutils.secrets.get`), never from widgets.

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
from lakehouse.jdbc import JdbcSource, land_jdbc_to_bronze, redacted

spark = runtime.get_spark()
dbutils = runtime.get_dbutils(spark)

# COMMAND ----------

dbutils.widgets.text("catalog", runtime.default_catalog(), "Catalog")
dbutils.widgets.text("bronze_schema", "bronze", "Bronze schema")
dbutils.widgets.text("target_table", "orders_jdbc", "Bronze table name")
dbutils.widgets.text("jdbc_url", "jdbc:postgresql://localhost:5432/olist", "JDBC URL (no credentials)")
dbutils.widgets.text("source_table", "public.orders", "Source table or (subquery) alias")
dbutils.widgets.text("partition_column", "order_seq", "Numeric/date partition column (empty: single query)")
dbutils.widgets.text("lower_bound", "", "Lower bound (empty: MIN)")
dbutils.widgets.text("upper_bound", "", "Upper bound (empty: MAX)")
dbutils.widgets.text("num_partitions", "8", "Parallel reads")
dbutils.widgets.text("fetchsize", "10000", "Rows per fetch")
dbutils.widgets.text("secret_scope", "lakehouse-jdbc", "Secret scope")
dbutils.widgets.text("user_secret_key", "username", "Secret key of the user name")
dbutils.widgets.text("password_secret_key", "password", "Secret key of the password")

catalog = dbutils.widgets.get("catalog")
bronze_schema = dbutils.widgets.get("bronze_schema")
target = runtime.qualified(catalog, bronze_schema, dbutils.widgets.get("target_table"))
scope = dbutils.widgets.get("secret_scope")

source = JdbcSource(
    url=dbutils.widgets.get("jdbc_url"),
    table=dbutils.widgets.get("source_table"),
    user=dbutils.secrets.get(scope, dbutils.widgets.get("user_secret_key")),
    password=dbutils.secrets.get(scope, dbutils.widgets.get("password_secret_key")),
    partition_column=dbutils.widgets.get("partition_column") or None,
    lower_bound=dbutils.widgets.get("lower_bound") or None,
    upper_bound=dbutils.widgets.get("upper_bound") or None,
    num_partitions=int(dbutils.widgets.get("num_partitions")),
    fetchsize=int(dbutils.widgets.get("fetchsize")),
)
print(f"reading {source.table} from {redacted(source.url)} in {source.num_partitions} partition(s)")

# COMMAND ----------

spark.sql(f"CREATE SCHEMA IF NOT EXISTS {catalog}.{bronze_schema}")
rows = land_jdbc_to_bronze(spark, source, target)
print(f"{target}: {rows} rows")

# COMMAND ----------

dbutils.notebook.exit(str(rows))
