import importlib.util
from pathlib import Path


def test_benchmark_script_runs_on_a_small_sample(spark, tmp_path):
    path = Path(__file__).resolve().parents[1] / "bench_ingest.py"
    spec = importlib.util.spec_from_file_location("bench_ingest", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    spark.sql("DROP SCHEMA IF EXISTS spark_catalog.bench CASCADE")
    summary = bench.run(3000, 2, str(tmp_path), spark=spark, tables=("orders", "order_items"), warmup=False)
    assert summary["rows"] > 1000 and summary["rows_per_second"] > 0
    spark.sql("DROP SCHEMA IF EXISTS spark_catalog.bench CASCADE")
