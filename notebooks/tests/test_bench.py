import importlib.util
from pathlib import Path

import pytest

TABLES = ("orders", "order_items")


def test_benchmark_reports_the_rows_it_landed_and_ingested(spark, tmp_path):
    """The figure the benchmark prints is made of the rows it landed, all of them ingested, over the time taken."""
    path = Path(__file__).resolve().parents[1] / "bench_ingest.py"
    spec = importlib.util.spec_from_file_location("bench_ingest", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    spark.sql("DROP SCHEMA IF EXISTS spark_catalog.bench CASCADE")
    summary = bench.run(3000, 2, str(tmp_path), spark=spark, tables=TABLES, warmup=False)
    landed = sum(len(file.read_text().splitlines()) for table in TABLES for file in (tmp_path / "landing" / table).glob("*.json"))
    in_bronze = sum(spark.table(f"spark_catalog.bench.{table}").count() for table in TABLES)
    assert summary["rows"] == landed == in_bronze
    # --rows is honoured: the generator's rows per order are calibrated, so about 3000 rows land.
    assert 2400 <= landed <= 3600, landed
    assert summary["rows_per_second"] == pytest.approx(summary["rows"] / summary["seconds"])
    spark.sql("DROP SCHEMA IF EXISTS spark_catalog.bench CASCADE")
