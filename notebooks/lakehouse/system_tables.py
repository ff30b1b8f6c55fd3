"""The Databricks system tables the audit detections read, with their documented schemas.

Column names and types are those of the system tables reference:

* ``system.access.audit``: "Audit log system table reference"
  (https://docs.databricks.com/aws/en/admin/system-tables/audit-logs), every documented column;
  the nested struct fields as ``DESCRIBE system.access.audit`` shows them
  (``user_identity struct<email, subject_name>``, ``response struct<status_code int,
  error_message, result>``, ``identity_metadata struct<run_by, run_as, acting_resource, ...>``).
* ``system.access.table_lineage`` and ``system.access.column_lineage``: "Lineage system tables
  reference" (https://docs.databricks.com/aws/en/admin/system-tables/lineage), every documented column.
* ``system.information_schema.column_tags``: "COLUMN_TAGS" of the information schema reference
  (https://docs.databricks.com/aws/en/sql/language-manual/information-schema/column_tags).
* ``system.data_classification.results``: "Data classification system table reference"
  (https://docs.databricks.com/aws/en/admin/system-tables/data-classification), every documented column;
  ``samples`` holds raw matching values (personal data), which no detection may read.

A detection that reads a column missing here fails its test with Spark's own analysis error, which
is the point: the schemas are the contract a detection may rely on, not whatever the test data
happens to contain.

``local_system_catalog`` makes ``system.<schema>.<table>`` resolve on open-source Spark, so that a
detection's SQL runs unchanged; it is for local tests only (on Databricks the catalog exists).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

_TABLE_LINEAGE: list[str] = [
    "account_id STRING",
    "metastore_id STRING",
    "workspace_id STRING",
    "entity_type STRING",
    "entity_id STRING",
    "entity_run_id STRING",
    "source_table_full_name STRING",
    "source_table_catalog STRING",
    "source_table_schema STRING",
    "source_table_name STRING",
    "source_path STRING",
    "source_type STRING",
    "target_table_full_name STRING",
    "target_table_catalog STRING",
    "target_table_schema STRING",
    "target_table_name STRING",
    "target_path STRING",
    "target_type STRING",
    "created_by STRING",
    "event_time TIMESTAMP",
    "event_date DATE",
    "record_id STRING",
    "event_id STRING",
    "statement_id STRING",
    "entity_metadata STRUCT<job_info: STRUCT<job_id: STRING, job_run_id: STRING>,"
    " dashboard_id: STRING, legacy_dashboard_id: STRING, notebook_id: STRING, sql_query_id: STRING,"
    " dlt_pipeline_info: STRUCT<dlt_pipeline_id: STRING, dlt_update_id: STRING>,"
    " genie_space_id: STRING, alert_id: STRING>",
    "direct_access BOOLEAN",
]

# DDL strings (Spark's schema syntax), one entry per table: "<schema>.<table>" -> columns.
SYSTEM_TABLE_DDL: dict[str, str] = {
    "access.audit": ", ".join(
        [
            "account_id STRING",
            "workspace_id STRING",  # account-level events carry "0"
            "version STRING",
            "event_time TIMESTAMP",
            "event_date DATE",
            "source_ip_address STRING",
            "user_agent STRING",
            "session_id STRING",
            "user_identity STRUCT<email: STRING, subject_name: STRING>",
            "service_name STRING",
            "action_name STRING",
            "request_id STRING",
            "request_params MAP<STRING, STRING>",
            "response STRUCT<status_code: INT, error_message: STRING, result: STRING>",
            "audit_level STRING",  # ACCOUNT_LEVEL | WORKSPACE_LEVEL
            "event_id STRING",
            "identity_metadata STRUCT<run_by: STRING, run_as: STRING, acting_resource: STRING,"
            " run_by_display_name: STRING, run_as_display_name: STRING>",
        ]
    ),
    "access.table_lineage": ", ".join(_TABLE_LINEAGE),
    # The same columns, and the column read and written ("The table lineage schema doesn't include
    # source_column_name and target_column_name").
    "access.column_lineage": ", ".join([*_TABLE_LINEAGE, "source_column_name STRING", "target_column_name STRING"]),
    # information_schema.column_tags (Databricks "COLUMN_TAGS"): the tags on every column the reader may see.
    "information_schema.column_tags": ", ".join(
        [
            "catalog_name STRING",
            "schema_name STRING",
            "table_name STRING",
            "column_name STRING",
            "tag_name STRING",
            "tag_value STRING",
        ]
    ),
    # data_classification.results: one row per column and detected class, updated by each scan.
    "data_classification.results": ", ".join(
        [
            "latest_detected_time TIMESTAMP",
            "first_detected_time TIMESTAMP",
            "catalog_id STRING",
            "table_id STRING",
            "catalog_name STRING",
            "schema_name STRING",
            "table_name STRING",
            "column_name STRING",
            "data_type STRING",
            "class_tag STRING",  # e.g. class.us_ssn
            "samples ARRAY<STRING>",  # up to five raw matching values
            "confidence STRING",  # HIGH | LOW
            "frequency FLOAT",  # share of matching rows in the sample, 0..1
        ]
    ),
}


def schema_of(table: str):
    """The documented schema of ``<schema>.<table>`` (e.g. ``"access.audit"``) as a StructType."""
    from pyspark.sql.types import StructType

    return StructType.fromDDL(SYSTEM_TABLE_DDL[table])


def local_system_catalog(spark, tables: Mapping[str, Iterable[Mapping[str, Any]]]):
    """A new session of ``spark`` in which ``system.<schema>.<table>`` resolves, filled with ``tables``.

    ``tables`` maps ``"access.audit"``-style names (keys of ``SYSTEM_TABLE_DDL``, others refused)
    to rows given as dicts of column -> value; missing columns are NULL. Every documented table is
    created, empty when not given, so a query reading one of them still analyses. Returns the new
    session; the caller drops the data with ``drop_local_system_catalog``.

    How: a catalog named ``system`` is registered as a catalog extension whose delegate is the
    session catalog, so ``system.access.audit`` reads the session catalog's ``access.audit``. The
    session also binds named parameter markers in the analyzer (legacy constant-only substitution):
    Spark 4.2 substitutes them while parsing, which the Delta session extension's parser does not
    pass through, leaving ``:name`` unbound. Both settings belong to the new session only.
    """
    unknown = sorted(set(tables) - set(SYSTEM_TABLE_DDL))
    if unknown:
        raise ValueError(f"no documented schema for system table(s) {unknown}; known: {sorted(SYSTEM_TABLE_DDL)}")
    session = spark.newSession()
    session.conf.set("spark.sql.legacy.parameterSubstitution.constantsOnly", "true")
    session.conf.set("spark.sql.catalog.system", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
    # The catalog manager reads the active session's configuration: make the new session active
    # while the catalog is loaded, then give the active session back.
    jvm_sessions = session._jvm.org.apache.spark.sql.SparkSession
    previous = jvm_sessions.getActiveSession()
    jvm_sessions.setActiveSession(session._jsparkSession)
    try:
        manager = session._jsparkSession.sessionState().catalogManager()
        manager.catalog("system").setDelegateCatalog(manager.v2SessionCatalog())
    finally:
        if previous.isDefined():
            jvm_sessions.setActiveSession(previous.get())
        else:
            jvm_sessions.clearActiveSession()
    for name in SYSTEM_TABLE_DDL:
        schema_name, table_name = name.split(".")
        session.sql(f"CREATE SCHEMA IF NOT EXISTS spark_catalog.{schema_name}")
        schema = schema_of(name)
        given = list(tables.get(name, []))  # read once: a generator would be empty the second time
        rows = [tuple(row.get(field.name) for field in schema.fields) for row in given]
        extra = {key for row in given for key in row} - set(schema.fieldNames())
        if extra:
            raise ValueError(f"{name}: columns {sorted(extra)} are not in the documented schema")
        frame = session.createDataFrame(rows, schema)
        frame.write.mode("overwrite").format("parquet").saveAsTable(f"spark_catalog.{schema_name}.{table_name}")
    return session


def drop_local_system_catalog(session) -> None:
    """Drop what ``local_system_catalog`` created (its tables and their schemas)."""
    for schema_name in sorted({name.split(".")[0] for name in SYSTEM_TABLE_DDL}):
        session.sql(f"DROP SCHEMA IF EXISTS spark_catalog.{schema_name} CASCADE")
