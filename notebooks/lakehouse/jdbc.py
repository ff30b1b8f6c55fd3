"""Relational source -> bronze, read in parallel over a numeric/date partition column.

Spark splits ``[lowerBound, upperBound]`` of ``partitionColumn`` into ``numPartitions``
strides and runs one query per stride (rows outside the bounds still land, in the first
and last partitions). Bounds not given are looked up with one ``MIN/MAX`` query first.
Credentials are passed in by the caller, who takes them from a secret scope; they are
never logged (see :func:`redacted`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

DRIVERS = {
    "postgresql": "org.postgresql.Driver",
    "mysql": "com.mysql.cj.jdbc.Driver",
    "mariadb": "org.mariadb.jdbc.Driver",
    "sqlserver": "com.microsoft.sqlserver.jdbc.SQLServerDriver",
    "oracle": "oracle.jdbc.OracleDriver",
}


@dataclass
class JdbcSource:
    url: str
    table: str
    user: str = field(repr=False)
    password: str = field(repr=False)
    partition_column: str | None = None
    lower_bound: str | int | None = None
    upper_bound: str | int | None = None
    num_partitions: int = 8
    fetchsize: int = 10_000
    driver: str | None = None

    def driver_class(self) -> str:
        if self.driver:
            return self.driver
        match = re.match(r"jdbc:([a-z0-9]+):", self.url)
        if not match or match.group(1) not in DRIVERS:
            raise ValueError(f"cannot infer a JDBC driver from {redacted(self.url)}; set driver")
        return DRIVERS[match.group(1)]


def redacted(url: str) -> str:
    """A JDBC URL safe to print: password-like parameters masked."""
    return re.sub(r"(?i)(password|pwd|secret|token)=([^&;]*)", r"\1=***", url)


def _connection_options(src: JdbcSource) -> dict[str, str]:
    return {
        "url": src.url,
        "user": src.user,
        "password": src.password,
        "driver": src.driver_class(),
        "fetchsize": str(src.fetchsize),
    }


def discover_bounds(spark: SparkSession, src: JdbcSource) -> tuple[object, object]:
    """``MIN``/``MAX`` of the partition column, computed by the database."""
    col = src.partition_column
    query = f"SELECT MIN({col}) AS lo, MAX({col}) AS hi FROM {src.table}"
    row = spark.read.format("jdbc").options(**_connection_options(src)).option("query", query).load().first()
    return row["lo"], row["hi"]


def jdbc_read_options(src: JdbcSource, lower=None, upper=None) -> dict[str, str]:
    opts = _connection_options(src) | {"dbtable": src.table}
    if src.partition_column:
        if lower is None or upper is None:
            raise ValueError("partitioned read needs lower and upper bounds")
        opts |= {
            "partitionColumn": src.partition_column,
            "lowerBound": str(lower),
            "upperBound": str(upper),
            "numPartitions": str(src.num_partitions),
        }
    return opts


def read_jdbc(spark: SparkSession, src: JdbcSource) -> DataFrame:
    """Parallel read of the source table (single query when no partition column)."""
    lower, upper = src.lower_bound, src.upper_bound
    if src.partition_column and (lower in (None, "") or upper in (None, "")):
        lo, hi = discover_bounds(spark, src)
        lower = lo if lower in (None, "") else lower
        upper = hi if upper in (None, "") else upper
        if lower is None:  # empty table: any bounds do
            lower, upper = 0, 0
    return spark.read.format("jdbc").options(**jdbc_read_options(src, lower, upper)).load()


def land_jdbc_to_bronze(spark: SparkSession, src: JdbcSource, target_table: str, mode: str = "overwrite") -> int:
    """Snapshot the source table into a bronze Delta table; returns the rows written."""
    df = (
        read_jdbc(spark, src)
        .withColumn("_ingested_at", F.current_timestamp())
        .withColumn("_source", F.lit(f"{redacted(src.url)}#{src.table}"))
    )
    df.write.format("delta").mode(mode).option("overwriteSchema", "true").saveAsTable(target_table)
    return spark.table(target_table).count() if mode == "overwrite" else df.count()
