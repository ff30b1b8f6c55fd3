import json

import pytest
from pyspark.sql import functions as F

from lakehouse.datagen import write_landing
from lakehouse.ingestion import (
    autoloader_options,
    ingest_to_bronze,
    merge_schema,
    parse_schema_hints,
    read_landing_stream,
)
from lakehouse.schemas import schema_hints


def _write_lines(path, lines):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines))


def _ingest(spark, tmp_path, table, hints=None):
    return ingest_to_bronze(
        spark,
        source_path=str(tmp_path / "landing"),
        target_table=table,
        checkpoint_path=str(tmp_path / "checkpoint"),
        source="json",
        schema_hints=hints,
    )


def test_incremental_runs_pick_up_only_new_files_and_rerun_is_a_no_op(spark, schema, tmp_path):
    table = f"{schema}.orders"
    first = write_landing(str(tmp_path / "all"), 60, seed=1, files_per_table=2, file_prefix="b1", tables=("orders",))
    (tmp_path / "all" / "orders").rename(tmp_path / "landing")
    r1 = _ingest(spark, tmp_path, table, schema_hints("orders"))
    assert r1.rows == first["orders"] == 60
    assert spark.table(table).count() == 60

    # a second batch of files lands next to the first one
    second = write_landing(str(tmp_path / "more"), 25, seed=2, files_per_table=1, file_prefix="b2", tables=("orders",))
    (tmp_path / "more" / "orders" / "b2-00000.json").rename(tmp_path / "landing" / "b2-00000.json")
    r2 = _ingest(spark, tmp_path, table, schema_hints("orders"))
    assert r2.rows == second["orders"] == 25
    bronze = spark.table(table)
    assert bronze.count() == 85
    assert bronze.select("order_id").distinct().count() == 85
    files = {r["_source_file"].rsplit("/", 1)[-1] for r in bronze.select("_source_file").distinct().collect()}
    assert files == {"b1-00000.json", "b1-00001.json", "b2-00000.json"}

    # nothing new: the checkpoint makes the run a no-op
    r3 = _ingest(spark, tmp_path, table, schema_hints("orders"))
    assert r3.rows == 0
    assert spark.table(table).count() == 85
    assert bronze.where("_ingested_at IS NULL OR _rescued_data IS NOT NULL").count() == 0


def test_schema_evolution_adds_new_column_and_rescues_bad_values(spark, schema, tmp_path):
    table = f"{schema}.order_items"
    landing = tmp_path / "landing"
    _write_lines(
        landing / "f1.json",
        [
            {"order_id": "o1", "order_item_id": 1, "price": 10.5, "freight_value": 2.0},
            {"order_id": "o2", "order_item_id": 1, "price": 20, "freight_value": 3.25},
        ],
    )
    assert _ingest(spark, tmp_path, table).rows == 2
    assert "coupon" not in spark.table(table).columns

    _write_lines(
        landing / "f2.json",
        [
            {"order_id": "o3", "order_item_id": 1, "price": 30.0, "freight_value": 1.0, "coupon": "FRETEGRATIS"},
            {"order_id": "o4", "order_item_id": "one", "price": "abc", "freight_value": 1.5},
            "{this is not json",
        ],
    )
    assert _ingest(spark, tmp_path, table).rows == 3
    bronze = spark.table(table)
    assert "coupon" in bronze.columns
    dtypes = dict(bronze.dtypes)
    assert dtypes["price"] == "double" and dtypes["order_item_id"] == "bigint" and dtypes["_rescued_data"] == "string"

    rows = {r["order_id"]: r for r in bronze.collect()}
    assert rows["o1"]["coupon"] is None and rows["o1"]["price"] == 10.5 and rows["o1"]["_rescued_data"] is None
    assert rows["o2"]["price"] == 20.0
    assert rows["o3"]["coupon"] == "FRETEGRATIS"
    # type mismatches: the typed column is null, the original value is kept in _rescued_data
    bad = rows["o4"]
    assert bad["price"] is None and bad["order_item_id"] is None and bad["freight_value"] == 1.5
    rescued = json.loads(bad["_rescued_data"])
    assert rescued["price"] == "abc" and rescued["order_item_id"] == "one"
    assert rescued["_file_path"].endswith("f2.json")
    # a line that is not JSON at all is rescued whole
    corrupt = [json.loads(r["_rescued_data"]) for r in bronze.where("order_id IS NULL").collect()]
    assert len(corrupt) == 1 and corrupt[0]["_corrupt_record"] == "{this is not json"


def test_schema_hints_beat_inference(spark, schema, tmp_path):
    table = f"{schema}.customers"
    _write_lines(
        tmp_path / "landing" / "c.json",
        [
            {"customer_id": "c1", "customer_unique_id": "u1", "customer_zip_code_prefix": "01310", "customer_state": "SP"},
            {"customer_id": "c2", "customer_unique_id": "u2", "customer_zip_code_prefix": "22041", "customer_state": "RJ"},
        ],
    )
    _ingest(spark, tmp_path, table, "customer_zip_code_prefix STRING, order_item_id INT")
    got = spark.table(table)
    assert dict(got.dtypes)["customer_zip_code_prefix"] == "string"
    assert sorted(r[0] for r in got.select("customer_zip_code_prefix").collect()) == ["01310", "22041"]


def test_autoloader_reader_options():
    opts = autoloader_options("json", "/Volumes/main/lakehouse/checkpoints/orders", schema_hints("order_items"))
    assert opts["cloudFiles.format"] == "json"
    assert opts["cloudFiles.schemaLocation"] == "/Volumes/main/lakehouse/checkpoints/orders"
    assert opts["cloudFiles.schemaEvolutionMode"] == "addNewColumns"
    assert opts["rescuedDataColumn"] == "_rescued_data"
    assert "price DOUBLE" in opts["cloudFiles.schemaHints"]
    assert "order_item_id INT" in opts["cloudFiles.schemaHints"]


def test_cloudfiles_source_is_databricks_only(spark, tmp_path):
    # Off Databricks the cloudFiles format does not exist; the failure comes from Spark itself
    with pytest.raises(Exception, match=r"(?i)cloudFiles|data source"):
        read_landing_stream(spark, str(tmp_path), "json", str(tmp_path / "schema"), source="cloudFiles")
    with pytest.raises(ValueError):
        read_landing_stream(spark, str(tmp_path), "csv", str(tmp_path / "schema"), source="json")


def test_merge_schema_keeps_existing_types(spark):
    from pyspark.sql import types as T

    current = T.StructType([T.StructField("price", T.DoubleType()), T.StructField("order_id", T.StringType())])
    inferred = T.StructType(
        [T.StructField("coupon", T.StringType()), T.StructField("order_id", T.LongType()), T.StructField("price", T.StringType())]
    )
    merged = merge_schema(current, inferred, parse_schema_hints("coupon STRING"))
    assert [(f.name, f.dataType.simpleString()) for f in merged.fields] == [
        ("price", "double"),
        ("order_id", "string"),
        ("coupon", "string"),
    ]


def test_bronze_lineage_columns(spark, schema, tmp_path):
    table = f"{schema}.reviews"
    _write_lines(tmp_path / "landing" / "r.json", [{"review_id": "r1", "order_id": "o1", "review_score": 5}])
    _ingest(spark, tmp_path, table, schema_hints("reviews"))
    row = spark.table(table).select("_source_file", "_file_modification_time", "_ingested_at", F.col("review_score")).first()
    assert row["_source_file"].endswith("r.json")
    assert row["_file_modification_time"] is not None and row["_ingested_at"] is not None
    assert row["review_score"] == 5
