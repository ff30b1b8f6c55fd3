# Databricks notebook source
# MAGIC %md
# MAGIC # 04 · Train the poor-review model and register it in Unity Catalog
# MAGIC
# MAGIC Trains on `gold.review_features`, which 03 builds from `silver.order_facts`.
# MAGIC Label: `review_score <= 2` on delivered orders. Features: delivery
# MAGIC time, promised time, delay against the promise (plus `is_late` and days late), basket
# MAGIC price and freight, freight ratio (and its log), items, sellers, installments, payment
# MAGIC type, customer state, main category.
# MAGIC A pyspark.ml pipeline (StringIndexer → OneHotEncoder → VectorAssembler → StandardScaler →
# MAGIC classifier) is tuned with `CrossValidator` over a small grid, evaluated on a held-out
# MAGIC split against the majority-class baseline, tracked in MLflow and registered as
# MAGIC `<catalog>.<model_schema>.<model_name>` with `mlflow.set_registry_uri("databricks-uc")`.

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

import mlflow

from lakehouse import runtime
from lakehouse.ml import FEATURE_TABLE, UC_REGISTRY, log_and_register, train, uc_model_name

spark = runtime.get_spark()
dbutils = runtime.get_dbutils(spark)

# COMMAND ----------

dbutils.widgets.text("catalog", runtime.default_catalog(), "Catalog")
dbutils.widgets.text("gold_schema", "gold", "Gold schema (holds the feature table)")
dbutils.widgets.text("model_schema", "ml", "Schema of the registered model")
dbutils.widgets.text("model_name", "review_risk", "Model name")
dbutils.widgets.text("experiment_path", "/Shared/lakehouse-blueprint/review-risk", "MLflow experiment")
dbutils.widgets.dropdown("model_type", "logistic_regression", ["logistic_regression", "gbt"], "Classifier")
dbutils.widgets.text("num_folds", "3", "Cross-validation folds")
dbutils.widgets.dropdown("register", "true", ["true", "false"], "Register the model")
dbutils.widgets.text("dfs_tmpdir", "", "Staging dir for the Spark model (UC volume path on shared clusters)")

catalog = dbutils.widgets.get("catalog")
gold_schema = dbutils.widgets.get("gold_schema")
model_schema = dbutils.widgets.get("model_schema")
model_name = dbutils.widgets.get("model_name")
experiment_path = dbutils.widgets.get("experiment_path")
model_type = dbutils.widgets.get("model_type")
num_folds = int(dbutils.widgets.get("num_folds"))
register = dbutils.widgets.get("register") == "true"
dfs_tmpdir = dbutils.widgets.get("dfs_tmpdir") or None

# COMMAND ----------

# Where runs and models go: the workspace tracking server and Unity Catalog on Databricks,
# a local SQLite store (and its local model registry) everywhere else.
if runtime.is_databricks():
    tracking_uri, registry_uri, artifact_location = None, UC_REGISTRY, None
else:
    local = runtime.local_dir()
    local.mkdir(parents=True, exist_ok=True)
    tracking_uri = os.environ.get("MLFLOW_TRACKING_URI") or f"sqlite:///{local / 'mlflow.db'}"
    registry_uri = tracking_uri
    artifact_location = (local / "mlartifacts").as_uri()
mlflow.set_registry_uri(registry_uri)
registered_name = uc_model_name(catalog, model_schema, model_name) if register else None
print(f"registry={registry_uri} model={registered_name}")

# COMMAND ----------

data = runtime.cache(spark.table(runtime.qualified(catalog, gold_schema, FEATURE_TABLE)))
print(f"training rows: {data.count()}")
result = train(data, model_type=model_type, num_folds=num_folds)
for key, value in sorted(result.metrics.items()):
    print(f"{key}: {value:.4f}")
if result.metrics["test_auc"] <= result.metrics["baseline_auc"]:
    raise RuntimeError("model does not beat the trivial baseline; refusing to register it")

# COMMAND ----------

if register:
    spark.sql(f"CREATE SCHEMA IF NOT EXISTS {catalog}.{model_schema}")
logged = log_and_register(
    result,
    experiment=experiment_path,
    registered_name=registered_name,
    tracking_uri=tracking_uri,
    registry_uri=registry_uri,
    artifact_location=artifact_location,
    dfs_tmpdir=dfs_tmpdir,
)
print(f"run {logged.run_id}: {logged.model_uri} -> {logged.registered_name} v{logged.version}")

# COMMAND ----------

dbutils.notebook.exit(f"{result.metrics['test_auc']:.4f}")
