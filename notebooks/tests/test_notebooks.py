"""The notebooks: Databricks source format, their widgets, and a local end-to-end run."""

import re
import runpy
from pathlib import Path

import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1]

# The job parameters of each notebook (kept in step with notebooks/README.md).
WIDGETS = {
    "00_generate_sample_data.py": ["landing_path", "n_orders", "seed", "files_per_table", "batch_prefix"],
    "01_ingest_autoloader.py": ["catalog", "bronze_schema", "landing_path", "checkpoint_path", "tables", "file_format", "source"],
    "02_ingest_jdbc.py": [
        "catalog", "bronze_schema", "target_table", "jdbc_url", "source_table", "partition_column", "lower_bound",
        "upper_bound", "num_partitions", "fetchsize", "secret_scope", "user_secret_key", "password_secret_key",
    ],
    "03_silver_gold.py": ["catalog", "bronze_schema", "silver_schema", "gold_schema", "run_maintenance"],
    "04_train_model.py": [
        "catalog", "gold_schema", "model_schema", "model_name", "experiment_path", "model_type", "num_folds",
        "register", "dfs_tmpdir",
    ],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_databricks_source_format_and_widgets(name):
    text = (NOTEBOOKS_DIR / name).read_text()
    assert text.startswith("# Databricks notebook source\n")
    cells = text.split("\n# COMMAND ----------\n")
    assert len(cells) >= 4
    assert cells[0].splitlines()[1].startswith("# MAGIC %md")
    defined = re.findall(r'dbutils\.widgets\.(?:text|dropdown|combobox)\(\s*"([a-z_]+)"', text)
    assert defined == WIDGETS[name]
    used = set(re.findall(r'dbutils\.widgets\.get\("([a-z_]+)"\)', text))
    assert used == set(defined)
    readme = (NOTEBOOKS_DIR / "README.md").read_text()
    for widget in defined:
        assert f"`{widget}`" in readme, (name, widget)


def _run(name, monkeypatch, **widgets):
    for key, value in widgets.items():
        monkeypatch.setenv(f"LAKEHOUSE_WIDGET_{key.upper()}", str(value))
    namespace = runpy.run_path(str(NOTEBOOKS_DIR / name), run_name="__main__")
    for key in widgets:
        monkeypatch.delenv(f"LAKEHOUSE_WIDGET_{key.upper()}")
    return namespace


def test_notebooks_run_end_to_end_locally(spark, tmp_path, monkeypatch, postgres, seeded_orders):
    monkeypatch.setenv("LAKEHOUSE_LOCAL_DIR", str(tmp_path / "local"))
    monkeypatch.delenv("DATABRICKS_RUNTIME_VERSION", raising=False)
    landing = tmp_path / "landing"
    common = {"catalog": "spark_catalog", "bronze_schema": "e2e_bronze"}

    ns = _run("00_generate_sample_data.py", monkeypatch, landing_path=landing, n_orders=1500, seed=9, files_per_table=3)
    assert (landing / "orders").is_dir()

    ingest = {**common, "landing_path": landing, "checkpoint_path": tmp_path / "checkpoints"}
    ns = _run("01_ingest_autoloader.py", monkeypatch, **ingest)
    first = {r.table.rsplit(".", 1)[-1]: r.rows for r in ns["results"]}
    assert first["orders"] >= 1500 and spark.table("spark_catalog.e2e_bronze.orders").count() == first["orders"]
    ns = _run("01_ingest_autoloader.py", monkeypatch, **ingest)
    assert all(r.rows == 0 for r in ns["results"])  # idempotent re-run

    _run("03_silver_gold.py", monkeypatch, **common, silver_schema="e2e_silver", gold_schema="e2e_gold", run_maintenance="true")
    assert spark.table("spark_catalog.e2e_silver.orders").count() <= 1500  # duplicates removed
    assert spark.table("spark_catalog.e2e_silver.quarantine_orders").count() > 0  # planted invalid rows
    revenue = spark.table("spark_catalog.e2e_gold.daily_revenue").agg({"revenue": "sum"}).first()[0]
    assert revenue > 0
    features = spark.table("spark_catalog.e2e_gold.review_features")
    assert "label" in features.columns and 0 < features.count() <= spark.table("spark_catalog.e2e_silver.order_facts").count()

    ns = _run(
        "04_train_model.py", monkeypatch, catalog="spark_catalog", gold_schema="e2e_gold", model_schema="e2e_ml", num_folds=2
    )
    assert ns["result"].metrics["test_auc"] > 0.6
    assert ns["logged"].registered_name == "spark_catalog.e2e_ml.review_risk" and ns["logged"].version == "1"

    monkeypatch.setenv("LAKEHOUSE_SECRET_LAKEHOUSE_JDBC_USERNAME", postgres.user)
    monkeypatch.setenv("LAKEHOUSE_SECRET_LAKEHOUSE_JDBC_PASSWORD", postgres.password)
    ns = _run("02_ingest_jdbc.py", monkeypatch, **common, jdbc_url=postgres.jdbc_url, num_partitions=4)
    assert ns["rows"] == seeded_orders["rows"]
    assert spark.table("spark_catalog.e2e_bronze.orders_jdbc").count() == seeded_orders["rows"]
