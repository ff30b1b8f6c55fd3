"""Local ingestion throughput: landing JSON files -> bronze Delta, rows per second.

    python notebooks/bench_ingest.py                 # 1,000,000 rows (default)
    python notebooks/bench_ingest.py --rows 1000000 --tables orders   # one 1M-row table
    python notebooks/bench_ingest.py --rows 200000 --files 8 --no-warmup

Generates an Olist-shaped sample (not timed), then times the same availableNow ingestion the
notebooks run (``source="json"`` emulation of Auto Loader, schema tracking and rescue
included) for every table, and prints rows/second per table and overall. Everything lives
in a temporary directory that is removed afterwards. Not part of the pytest run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lakehouse.datagen import write_landing
from lakehouse.ingestion import ingest_to_bronze
from lakehouse.schemas import TABLES, schema_hints

# rows each table gets per generated order (measured on the generator's output)
ROWS_PER_ORDER = {"orders": 1.0, "order_items": 1.28, "customers": 1.0, "products": 0.17, "payments": 1.03, "reviews": 0.99}


def run(
    rows: int,
    files: int,
    workdir: str,
    master: str = "local[2]",
    spark=None,
    tables: tuple[str, ...] = TABLES,
    warmup: bool = True,
) -> dict:
    from lakehouse.spark import local_session

    n_orders = max(1, round(rows / sum(ROWS_PER_ORDER[t] for t in tables)))
    landing = os.path.join(workdir, "landing")
    t0 = time.perf_counter()
    counts = write_landing(landing, n_orders, seed=2024, files_per_table=files, tables=tables)
    gen_s = time.perf_counter() - t0
    total_rows = sum(counts.values())
    print(f"generated {total_rows:,} rows ({n_orders:,} orders) in {gen_s:.1f}s: {counts}", flush=True)

    own_session = spark is None
    if own_session:
        spark = local_session("lakehouse-bench", master=master, warehouse_dir=os.path.join(workdir, "warehouse"))
    spark.sql("CREATE SCHEMA IF NOT EXISTS spark_catalog.bench")
    if warmup:  # JIT-compile the ingestion path on a small sample so the figure is steady-state
        warm = os.path.join(workdir, "warmup")
        write_landing(warm, 2000, seed=1, files_per_table=2, tables=("orders",))
        ingest_to_bronze(
            spark,
            source_path=os.path.join(warm, "orders"),
            target_table="spark_catalog.bench.warmup_orders",
            checkpoint_path=os.path.join(warm, "_checkpoint"),
            source="json",
            schema_hints=schema_hints("orders"),
        )
    per_table = {}
    t_all = time.perf_counter()
    for table in tables:
        t = time.perf_counter()
        result = ingest_to_bronze(
            spark,
            source_path=os.path.join(landing, table),
            target_table=f"spark_catalog.bench.{table}",
            checkpoint_path=os.path.join(workdir, "checkpoints", table),
            source="json",
            schema_hints=schema_hints(table),
        )
        secs = time.perf_counter() - t
        per_table[table] = (result.rows, secs)
        print(f"  {table:<12} {result.rows:>10,} rows {secs:7.1f}s {result.rows / secs:>10,.0f} rows/s", flush=True)
    elapsed = time.perf_counter() - t_all
    ingested = sum(r for r, _ in per_table.values())
    assert ingested == total_rows, (ingested, total_rows)
    check = sum(spark.table(f"spark_catalog.bench.{t}").count() for t in tables)
    assert check == total_rows, (check, total_rows)
    summary = {"rows": ingested, "seconds": elapsed, "rows_per_second": ingested / elapsed, "generate_seconds": gen_s}
    print(
        f"ingested {ingested:,} rows into {len(tables)} bronze Delta tables in {elapsed:.1f}s "
        f"= {summary['rows_per_second']:,.0f} rows/s ({master}, {os.cpu_count()} CPUs)"
    )
    if own_session:
        spark.stop()
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="approximate total rows to land (default 1,000,000)")
    parser.add_argument("--files", type=int, default=8, help="files per table")
    parser.add_argument("--master", default=os.environ.get("LAKEHOUSE_SPARK_MASTER", "local[2]"))
    parser.add_argument("--tables", default=",".join(TABLES), help="tables to land and ingest (comma separated)")
    parser.add_argument("--no-warmup", action="store_true", help="time the first (cold JVM) ingestion too")
    parser.add_argument("--keep", action="store_true", help="keep the working directory")
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix="lakehouse-bench-")
    try:
        tables = tuple(t.strip() for t in args.tables.split(",") if t.strip())
        unknown = set(tables) - set(TABLES)
        if unknown:
            parser.error(f"unknown tables: {sorted(unknown)}")
        run(args.rows, args.files, workdir, args.master, tables=tables, warmup=not args.no_warmup)
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
