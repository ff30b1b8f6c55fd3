"""Local SparkSession with Delta Lake and the PostgreSQL JDBC driver.

On Databricks none of this is used: the cluster's session already has Delta and the
drivers. Locally, jars are resolved once from Maven Central into an Ivy cache outside the
repository (``~/.cache/lakehouse-blueprint/ivy`` unless ``LAKEHOUSE_CACHE_DIR`` says
otherwise) and reused by every later session.
"""

from __future__ import annotations

import os
from pathlib import Path

POSTGRES_JDBC = "org.postgresql:postgresql:42.7.14"
MAVEN_CENTRAL = "https://repo1.maven.org/maven2/"


def cache_dir() -> Path:
    base = os.environ.get("LAKEHOUSE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "lakehouse-blueprint"
    )
    return Path(base)


def ivy_settings_file() -> Path:
    """Ivy settings that resolve from Maven Central only.

    Spark's default chain also tries repos.spark-packages.org, which is slow or unreachable
    behind restrictive egress; pinning one repository keeps resolution fast and predictable.
    ``LAKEHOUSE_MAVEN_REPO`` points it at a mirror.
    """
    repo = os.environ.get("LAKEHOUSE_MAVEN_REPO", MAVEN_CENTRAL)
    path = cache_dir() / "ivysettings.xml"
    text = (
        "<ivysettings>\n"
        '  <settings defaultResolver="central"/>\n'
        "  <resolvers>\n"
        f'    <ibiblio name="central" m2compatible="true" root="{repo}"/>\n'
        "  </resolvers>\n"
        "</ivysettings>\n"
    )
    if not path.exists() or path.read_text() != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return path


def local_session(
    app_name: str = "lakehouse-local",
    *,
    master: str | None = None,
    warehouse_dir: str | None = None,
    shuffle_partitions: int = 4,
    extra_conf: dict[str, str] | None = None,
):
    """Build (or return the already running) local SparkSession with Delta Lake."""
    from delta import configure_spark_with_delta_pip
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active

    ivy_dir = cache_dir() / "ivy"
    warehouse = warehouse_dir or str(cache_dir() / "local" / "warehouse")
    builder = (
        SparkSession.builder.master(master or os.environ.get("LAKEHOUSE_SPARK_MASTER", "local[2]"))
        .appName(app_name)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.jars.ivy", str(ivy_dir))
        .config("spark.jars.ivySettings", str(ivy_settings_file()))
        .config("spark.sql.warehouse.dir", warehouse)
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.default.parallelism", str(shuffle_partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", os.environ.get("LAKEHOUSE_DRIVER_MEMORY", "3g"))
        # Small local tables: keep Delta's log replay and stats collection cheap.
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.sql.streaming.stopTimeout", "30s")
    )
    for key, value in (extra_conf or {}).items():
        builder = builder.config(key, value)
    spark = configure_spark_with_delta_pip(builder, extra_packages=[POSTGRES_JDBC]).getOrCreate()
    spark.sparkContext.setLogLevel(os.environ.get("LAKEHOUSE_SPARK_LOG_LEVEL", "ERROR"))
    return spark


def attach_local_tables(spark, warehouse_dir: str, catalog: str = "spark_catalog") -> list[str]:
    """Re-register Delta tables found under a local warehouse directory.

    A local session keeps its catalog in memory, so tables written by one process are not
    known to the next. Layout ``<warehouse>/<schema>.db/<table>/_delta_log`` is registered
    back as ``<catalog>.<schema>.<table>``; returns the names attached.
    """
    attached: list[str] = []
    root = Path(warehouse_dir)
    if not root.is_dir():
        return attached
    for schema_dir in sorted(root.glob("*.db")):
        schema = schema_dir.name[: -len(".db")]
        spark.sql(f"CREATE SCHEMA IF NOT EXISTS {catalog}.{schema}")
        for table_dir in sorted(p for p in schema_dir.iterdir() if (p / "_delta_log").is_dir()):
            name = f"{catalog}.{schema}.{table_dir.name}"
            if not spark.catalog.tableExists(name):
                spark.sql(f"CREATE TABLE {name} USING DELTA LOCATION '{table_dir.resolve().as_posix()}'")
                attached.append(name)
    return attached


def required_jars() -> list[str]:
    """File names Ivy gives the jars the local session needs (in ``<cache>/ivy/jars``)."""
    from importlib.metadata import version

    import pyspark

    spark_mm = ".".join(pyspark.__version__.split(".")[:2])
    group, artifact, pg_version = POSTGRES_JDBC.split(":")
    return [
        f"io.delta_delta-spark_{spark_mm}_2.13-{version('delta-spark')}.jar",
        f"{group}_{artifact}-{pg_version}.jar",
    ]


def missing_jars() -> list[str]:
    jars = cache_dir() / "ivy" / "jars"
    return [name for name in required_jars() if not (jars / name).exists()]


def prefetch_jars() -> None:
    """Start (and stop) a throw-away session so Ivy downloads every jar into the cache."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="lakehouse-prefetch-") as tmp:
        spark = local_session("lakehouse-prefetch", warehouse_dir=tmp)
        try:
            spark.range(1).count()
        finally:
            spark.stop()
