# Databricks notebook source
# MAGIC %md
# MAGIC # 01 · Landing files → bronze with Auto Loader
# MAGIC
# MAGIC One incremental `trigger(availableNow=True)` stream per table: `cloudFiles` reads the
# MAGIC JSON files that arrived since the last run (the checkpoint remembers the rest), keeps the
# MAGIC inferred schema under `cloudFiles.schemaLocation`, adds new columns
# MAGIC (`schemaEvolutionMode = addNewColumns`) and keeps values that do not fit in
# MAGIC `_rescued_data`. Each bronze row also carries `_source_file`, `_file_modification_time`
# MAGIC and `_ingested_at`.
# MAGIC
# MAGIC Off Databricks, `source = json` runs the same pipeline on Spark's plain JSON file source
# MAGIC (see `lakehouse/ingestion.py::read_landing_stream`).

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
from lakehouse.ingestion import ingest_tables
from lakehouse.schemas import TABLES, schema_hints

spark = runtime.get_spark()
dbutils = runtime.get_dbutils(spark)

# COMMAND ----------

dbutils.widgets.text("catalog", runtime.default_catalog(), "Catalog")
dbutils.widgets.text("bronze_schema", "bronze", "Bronze schema")
dbutils.widgets.text("landing_path", runtime.default_path("landing"), "Landing folder")
dbutils.widgets.text("checkpoint_path", runtime.default_path("checkpoints") + "/autoloader", "Checkpoint root")
dbutils.widgets.text("tables", ",".join(TABLES), "Tables (comma separated)")
dbutils.widgets.dropdown("file_format", "json", ["json"], "Landing file format")
dbutils.widgets.dropdown("source", "cloudFiles" if runtime.is_databricks() else "json", ["cloudFiles", "json"], "Stream source")

catalog = dbutils.widgets.get("catalog")
bronze_schema = dbutils.widgets.get("bronze_schema")
landing_path = dbutils.widgets.get("landing_path").rstrip("/")
checkpoint_path = dbutils.widgets.get("checkpoint_path").rstrip("/")
tables = [t.strip() for t in dbutils.widgets.get("tables").split(",") if t.strip()]
file_format = dbutils.widgets.get("file_format")
source = dbutils.widgets.get("source")

unknown = sorted(set(tables) - set(TABLES))
if unknown:
    raise ValueError(f"unknown tables: {unknown}")

# COMMAND ----------

target_prefix = f"{catalog}.{bronze_schema}"
runtime.qualified(catalog, bronze_schema, "x")  # validates the identifiers
spark.sql(f"CREATE SCHEMA IF NOT EXISTS {target_prefix}")

results = ingest_tables(
    spark,
    landing_root=landing_path,
    checkpoint_root=checkpoint_path,
    target_prefix=target_prefix,
    tables=tables,
    fmt=file_format,
    source=source,
    hints_for=schema_hints,
)
for r in results:
    print(f"{r.table}: {r.rows} new rows in {r.batches} batch(es), attempt {r.attempts}")

# COMMAND ----------

# MAGIC %md Rows whose values did not fit the schema (check these before they pile up).

# COMMAND ----------

for table in tables:
    rescued = spark.table(f"{target_prefix}.{table}").where("_rescued_data IS NOT NULL").count()
    print(f"{target_prefix}.{table}: {rescued} row(s) with rescued data")

# COMMAND ----------

dbutils.notebook.exit(str(sum(r.rows for r in results)))
