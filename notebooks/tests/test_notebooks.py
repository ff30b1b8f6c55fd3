"""The notebooks: Databricks source format, their widgets, and a local end-to-end run."""

import re
import runpy
from pathlib import Path

import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1]
# The job notebooks (00_ to 04_), found on disk: a notebook added later is checked too.
NOTEBOOKS = sorted(path.name for path in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.py"))


def test_the_job_notebooks_are_found():
    assert len(NOTEBOOKS) >= 5, NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_databricks_source_format_and_widgets(name):
    """Databricks source format; each widget defined once, read, and documented in notebooks/README.md.

    Which parameters the jobs pass is checked against these widgets by the jest suite
    (__tests__/job-parameters.test.ts): a parameter no widget reads would be ignored silently.
    """
    text = (NOTEBOOKS_DIR / name).read_text()
    assert text.startswith("# Databricks notebook source\n")
    cells = text.split("\n# COMMAND ----------\n")
    assert len(cells) >= 4
    assert cells[0].splitlines()[1].startswith("# MAGIC %md")
    defined = re.findall(r'dbutils\.widgets\.(?:text|dropdown|combobox|multiselect)\(\s*"([^"]+)"', text)
    assert defined, f"{name} defines no widget"
    assert len(defined) == len(set(defined)), f"{name} defines a widget twice: {defined}"
    used = set(re.findall(r'dbutils\.widgets\.get\("([^"]+)"\)', text))
    assert used == set(defined), f"{name}: read but not defined {used - set(defined)}, defined but not read {set(defined) - used}"
    readme = (NOTEBOOKS_DIR / "README.md").read_text()
    undocumented = [widget for widget in defined if f"`{widget}`" not in readme]
    assert undocumented == [], f"{name}: widgets missing from notebooks/README.md"


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
