"""Landing files -> bronze Delta tables, incrementally, with ``trigger(availableNow=True)``.

On Databricks the stream reader is Auto Loader (``cloudFiles``): schema inferred and kept
under ``cloudFiles.schemaLocation``, new columns added (``addNewColumns``), values that do not
fit the schema kept in the ``_rescued_data`` column. Auto Loader only exists on Databricks,
so :func:`read_landing_stream` is the single place that knows about it: with
``source="json"`` it emulates the same contract on Spark's plain JSON file source, and
everything downstream (metadata columns, Delta sink, checkpoint, availableNow) is shared.

Local emulation, in short: before each run the files not seen yet are schema-inferred and
merged into ``<schema_location>/_local_schema.json`` (existing column types win, new columns
are appended, schema hints override inference); the stream reads every column as a string
and casts it to the tracked type, and whatever does not cast (or whole lines that are not
JSON) is written to ``_rescued_data`` as a JSON object together with ``_file_path``.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from urllib.parse import urlparse

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

RESCUED = "_rescued_data"
CORRUPT = "_corrupt_record"
LOCAL_SCHEMA_FILE = "_local_schema.json"


def autoloader_options(
    fmt: str,
    schema_location: str,
    schema_hints: str | None = None,
    rescued_data_column: str = RESCUED,
    max_files_per_trigger: int | None = None,
) -> dict[str, str]:
    """Options of the Auto Loader reader (kept separate so tests can check them)."""
    opts = {
        "cloudFiles.format": fmt,
        "cloudFiles.schemaLocation": schema_location,
        "cloudFiles.schemaEvolutionMode": "addNewColumns",
        "cloudFiles.inferColumnTypes": "true",
        "cloudFiles.includeExistingFiles": "true",
        "rescuedDataColumn": rescued_data_column,
    }
    if schema_hints:
        opts["cloudFiles.schemaHints"] = schema_hints
    if max_files_per_trigger:
        opts["cloudFiles.maxFilesPerTrigger"] = str(max_files_per_trigger)
    return opts


def read_landing_stream(
    spark: SparkSession,
    path: str,
    fmt: str,
    schema_location: str,
    source: str = "cloudFiles",
    *,
    schema_hints: str | None = None,
    rescued_data_column: str = RESCUED,
    max_files_per_trigger: int | None = None,
) -> DataFrame:
    """The one function that knows whether Auto Loader is available.

    Returns a streaming DataFrame of typed columns plus ``rescued_data_column``; the file
    source's hidden ``_metadata`` column stays selectable in both modes.
    """
    if source == "cloudFiles":
        return (
            spark.readStream.format("cloudFiles")
            .options(**autoloader_options(fmt, schema_location, schema_hints, rescued_data_column, max_files_per_trigger))
            .load(path)
        )
    if source != "json" or fmt != "json":
        raise ValueError(f"local emulation supports source='json' with fmt='json', got source={source!r} fmt={fmt!r}")

    schema = evolve_local_schema(spark, path, schema_location, schema_hints)
    raw_schema = T.StructType(
        [T.StructField(f.name, T.StringType(), True) for f in schema.fields] + [T.StructField(CORRUPT, T.StringType(), True)]
    )
    reader = (
        spark.readStream.format("json")
        .schema(raw_schema)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
    )
    if max_files_per_trigger:
        reader = reader.option("maxFilesPerTrigger", str(max_files_per_trigger))
    raw = reader.load(path)
    return cast_with_rescue(raw, schema, rescued_data_column)


# --------------------------------------------------------------------------------------
# local schema tracking (the part of Auto Loader the plain file source does not have)


def _local_path(path: str) -> str:
    parsed = urlparse(path)
    if parsed.scheme not in ("", "file"):
        raise ValueError(f"local emulation reads local paths only, got {path!r}")
    return parsed.path if parsed.scheme else path


def list_data_files(path: str) -> list[str]:
    root = _local_path(path)
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(("_", ".")))
        found.extend(os.path.join(dirpath, f) for f in sorted(filenames) if not f.startswith(("_", ".")))
    return found


def parse_schema_hints(hints: str | None) -> dict[str, T.DataType]:
    """``"price DOUBLE, order_item_id INT"`` -> {name: DataType}."""
    if not hints or not hints.strip():
        return {}
    parsed = T._parse_datatype_string(hints)
    if not isinstance(parsed, T.StructType):
        raise ValueError(f"cannot parse schema hints {hints!r}")
    return {f.name: f.dataType for f in parsed.fields}


def merge_schema(current: T.StructType | None, inferred: T.StructType, hints: dict[str, T.DataType]) -> T.StructType:
    """``addNewColumns`` semantics: keep existing columns and types, append new ones."""
    fields = list(current.fields) if current else []
    known = {f.name.lower() for f in fields}
    for f in inferred.fields:
        if f.name == CORRUPT or f.name.lower() in known:
            continue
        fields.append(T.StructField(f.name, hints.get(f.name, f.dataType), True))
        known.add(f.name.lower())
    # hints also apply to columns the first files already had
    return T.StructType([T.StructField(f.name, hints.get(f.name, f.dataType), True) for f in fields])


def evolve_local_schema(spark: SparkSession, path: str, schema_location: str, schema_hints: str | None = None) -> T.StructType:
    """Infer the files not seen before and merge them into the tracked schema."""
    state_dir = _local_path(schema_location)
    state_file = os.path.join(state_dir, LOCAL_SCHEMA_FILE)
    current, seen = None, set()
    if os.path.exists(state_file):
        with open(state_file, encoding="utf-8") as fh:
            state = json.load(fh)
        current = T.StructType.fromJson(state["schema"])
        seen = set(state["files"])
    files = list_data_files(path)
    new_files = [f for f in files if f not in seen]
    hints = parse_schema_hints(schema_hints)
    if current is not None and not new_files:
        return current
    if new_files:
        inferred = spark.read.option("mode", "PERMISSIVE").json(new_files).schema
    elif hints:  # nothing landed yet: start from the hints alone
        inferred = T.StructType([T.StructField(n, t, True) for n, t in hints.items()])
    else:
        raise FileNotFoundError(f"no files under {path} and no schema hints to start from")
    merged = merge_schema(current, inferred, hints)
    os.makedirs(state_dir, exist_ok=True)
    tmp = state_file + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"schema": merged.jsonValue(), "files": sorted(seen | set(new_files))}, fh)
    os.replace(tmp, state_file)
    return merged


def _parse(col: Column, dtype: T.DataType) -> Column:
    if isinstance(dtype, T.StringType):
        return col
    if isinstance(dtype, (T.StructType, T.ArrayType, T.MapType)):
        return F.from_json(col, dtype)
    return col.try_cast(dtype)


def cast_with_rescue(raw: DataFrame, schema: T.StructType, rescued_data_column: str = RESCUED) -> DataFrame:
    """String columns -> typed columns; values that do not fit go to the rescued column."""
    typed, rescued_pairs = [], []
    for f in schema.fields:
        src = F.col(f"`{f.name}`")
        parsed = _parse(src, f.dataType)
        typed.append(parsed.alias(f.name))
        if not isinstance(f.dataType, T.StringType):
            rescued_pairs += [F.lit(f.name), F.when(src.isNotNull() & parsed.isNull(), src)]
    rescued_pairs += [F.lit(CORRUPT), F.col(CORRUPT)]
    mismatches = F.map_filter(F.create_map(*rescued_pairs), lambda _k, v: v.isNotNull())
    with_file = F.map_concat(mismatches, F.create_map(F.lit("_file_path"), F.col("_metadata.file_path")))
    rescued = F.when(F.size(mismatches) > 0, F.to_json(with_file)).alias(rescued_data_column)
    return raw.select(*typed, rescued, F.col("_metadata"))


# --------------------------------------------------------------------------------------
# shared part: metadata columns, Delta sink, availableNow


def with_ingest_metadata(df: DataFrame) -> DataFrame:
    """Lineage columns every bronze row carries."""
    return (
        df.withColumn("_source_file", F.col("_metadata.file_path"))
        .withColumn("_file_modification_time", F.col("_metadata.file_modification_time"))
        .withColumn("_ingested_at", F.current_timestamp())
        .drop("_metadata")
    )


@dataclass
class IngestResult:
    table: str
    rows: int
    batches: int
    attempts: int


_SCHEMA_CHANGE = re.compile(r"UnknownFieldException|UNKNOWN_FIELD_EXCEPTION|NEW_FIELDS_IN_RECORD|schema has changed", re.I)


def ingest_to_bronze(
    spark: SparkSession,
    *,
    source_path: str,
    target_table: str,
    checkpoint_path: str,
    schema_location: str | None = None,
    fmt: str = "json",
    source: str = "cloudFiles",
    schema_hints: str | None = None,
    max_files_per_trigger: int | None = None,
    max_attempts: int = 3,
) -> IngestResult:
    """Process every file that arrived since the last run, then stop.

    Auto Loader stops a stream with an UnknownFieldException after it records a new column
    in the schema location (``addNewColumns``); the retry restarts it with the wider schema,
    which is what a job's task retry would do.
    """
    from pyspark.errors import StreamingQueryException

    schema_location = schema_location or f"{checkpoint_path.rstrip('/')}/_schema"
    for attempt in range(1, max_attempts + 1):
        stream = read_landing_stream(
            spark,
            source_path,
            fmt,
            schema_location,
            source,
            schema_hints=schema_hints,
            max_files_per_trigger=max_files_per_trigger,
        )
        query = (
            with_ingest_metadata(stream)
            .writeStream.format("delta")
            .queryName(f"bronze_{target_table.replace('.', '_')}")
            .option("checkpointLocation", checkpoint_path)
            .option("mergeSchema", "true")
            .outputMode("append")
            .trigger(availableNow=True)
            .toTable(target_table)
        )
        try:
            query.awaitTermination()
        except StreamingQueryException as exc:
            if attempt < max_attempts and _SCHEMA_CHANGE.search(str(exc)):
                continue
            raise
        progress = query.recentProgress
        rows = sum(int(p.get("numInputRows", 0)) for p in progress)
        batches = len({p.get("batchId") for p in progress if int(p.get("numInputRows", 0)) > 0})
        return IngestResult(target_table, rows, batches, attempt)
    raise RuntimeError("unreachable")


def ingest_tables(
    spark: SparkSession,
    *,
    landing_root: str,
    checkpoint_root: str,
    target_prefix: str,
    tables: list[str],
    fmt: str = "json",
    source: str = "cloudFiles",
    hints_for=None,
) -> list[IngestResult]:
    """One availableNow stream per landing sub-folder ``<landing_root>/<table>``."""
    results = []
    for table in tables:
        results.append(
            ingest_to_bronze(
                spark,
                source_path=f"{landing_root.rstrip('/')}/{table}",
                target_table=f"{target_prefix}.{table}",
                checkpoint_path=f"{checkpoint_root.rstrip('/')}/{table}",
                fmt=fmt,
                source=source,
                schema_hints=hints_for(table) if hints_for else None,
            )
        )
    return results
