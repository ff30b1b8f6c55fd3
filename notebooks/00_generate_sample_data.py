# Databricks notebook source
# MAGIC %md
# MAGIC # 00 · Generate an Olist-shaped sample into the landing zone
# MAGIC
# MAGIC Writes JSON Lines files for the six tables (orders, order_items, customers, products,
# MAGIC payments, reviews) under `landing_path/<table>/`, the folder layout that
# MAGIC `01_ingest_autoloader` picks up. Seeded, so the same parameters give the same files;
# MAGIC use a new `batch_prefix` (and seed) to drop an additional, incremental batch.

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
from lakehouse.datagen import write_landing

spark = runtime.get_spark()
dbutils = runtime.get_dbutils(spark)

# COMMAND ----------

dbutils.widgets.text("landing_path", runtime.default_path("landing"), "Landing folder")
dbutils.widgets.text("n_orders", "5000", "Orders to generate")
dbutils.widgets.text("seed", "42", "Random seed")
dbutils.widgets.text("files_per_table", "4", "Files per table")
dbutils.widgets.text("batch_prefix", "batch-0001", "File name prefix of this batch")

landing_path = dbutils.widgets.get("landing_path").rstrip("/")
n_orders = int(dbutils.widgets.get("n_orders"))
seed = int(dbutils.widgets.get("seed"))
files_per_table = int(dbutils.widgets.get("files_per_table"))
batch_prefix = dbutils.widgets.get("batch_prefix")

# COMMAND ----------

counts = write_landing(
    landing_path,
    n_orders,
    seed,
    files_per_table=files_per_table,
    file_prefix=batch_prefix,
    duplicate_rate=0.01,
    invalid_rate=0.005,
)
print(f"landed under {landing_path}: {counts}")

# COMMAND ----------

dbutils.notebook.exit(str(sum(counts.values())))
