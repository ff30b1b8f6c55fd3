"""Where am I running? Databricks cluster or a local Python process.

Notebooks call :func:`get_spark` and :func:`get_dbutils` instead of relying on the globals a
Databricks notebook injects, so the very same notebook file also runs as a plain script
(``python notebooks/01_ingest_autoloader.py``) or under pytest. Locally, widgets take their
default unless ``LAKEHOUSE_WIDGET_<NAME>`` is set, and secrets come from
``LAKEHOUSE_SECRET_<SCOPE>_<KEY>`` environment variables.
"""

from __future__ import annotations

import os
import re
from pathlib import Path


def is_databricks() -> bool:
    return "DATABRICKS_RUNTIME_VERSION" in os.environ


def get_spark(app_name: str = "lakehouse-local"):
    """The cluster's session on Databricks; a local Delta-enabled session elsewhere."""
    if is_databricks():
        from pyspark.sql import SparkSession

        return SparkSession.builder.getOrCreate()
    from lakehouse.spark import attach_local_tables, local_session

    spark = local_session(app_name, warehouse_dir=str(local_dir() / "warehouse"))
    attach_local_tables(spark, spark.conf.get("spark.sql.warehouse.dir").removeprefix("file:"))
    return spark


def get_dbutils(spark=None):
    """The notebook's own ``dbutils`` on Databricks; a local stand-in elsewhere."""
    if is_databricks():
        try:  # the object Databricks injects into the notebook's namespace
            import IPython

            shell = IPython.get_ipython()
            if shell is not None and "dbutils" in shell.user_ns:
                return shell.user_ns["dbutils"]
        except ImportError:
            pass
        from pyspark.dbutils import DBUtils  # only importable on a Databricks cluster

        return DBUtils(spark)
    return LocalDBUtils()


def local_dir() -> Path:
    """Root of local runs' landing files, checkpoints, warehouse and MLflow store."""
    from lakehouse.spark import cache_dir

    return Path(os.environ.get("LAKEHOUSE_LOCAL_DIR") or cache_dir() / "local")


def default_catalog() -> str:
    return "main" if is_databricks() else "spark_catalog"


def default_path(kind: str) -> str:
    """Widget default for a storage location: a UC volume on Databricks, a local dir elsewhere."""
    volumes = {
        "landing": "/Volumes/main/lakehouse/landing/olist",
        "checkpoints": "/Volumes/main/lakehouse/checkpoints",
    }
    if is_databricks():
        return volumes[kind]
    return str(local_dir() / kind)


def _env_name(*parts: str) -> str:
    return "_".join(re.sub(r"[^A-Za-z0-9]", "_", p).upper() for p in parts)


class LocalWidgets:
    """The subset of ``dbutils.widgets`` the notebooks use."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    def _define(self, name: str, default: str) -> None:
        self._values[name] = os.environ.get(_env_name("LAKEHOUSE_WIDGET", name), default)

    def text(self, name: str, defaultValue: str = "", label: str | None = None) -> None:  # noqa: N803
        self._define(name, defaultValue)

    def dropdown(self, name: str, defaultValue: str, choices: list[str], label: str | None = None) -> None:  # noqa: N803
        self._define(name, defaultValue)
        if self._values[name] not in choices:
            raise ValueError(f"widget {name}: {self._values[name]!r} is not one of {choices}")

    def combobox(self, name: str, defaultValue: str, choices: list[str], label: str | None = None) -> None:  # noqa: N803
        self._define(name, defaultValue)

    def get(self, name: str) -> str:
        if name not in self._values:
            raise ValueError(f"widget {name!r} is not defined")
        return self._values[name]

    def getAll(self) -> dict[str, str]:  # noqa: N802
        return dict(self._values)

    def removeAll(self) -> None:  # noqa: N802
        self._values.clear()


class LocalSecrets:
    """``dbutils.secrets.get`` backed by environment variables."""

    def get(self, scope: str, key: str) -> str:
        var = _env_name("LAKEHOUSE_SECRET", scope, key)
        if var not in os.environ:
            raise KeyError(f"secret {scope}/{key} not found: set {var} for local runs")
        return os.environ[var]


class LocalNotebook:
    def exit(self, value: str) -> None:
        print(f"[notebook exit] {value}")


class LocalDBUtils:
    def __init__(self) -> None:
        self.widgets = LocalWidgets()
        self.secrets = LocalSecrets()
        self.notebook = LocalNotebook()


def qualified(catalog: str, schema: str, table: str) -> str:
    """``catalog.schema.table`` with each part checked (widgets end up in SQL text)."""
    for part in (catalog, schema, table):
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part or ""):
            raise ValueError(f"invalid identifier part: {part!r}")
    return f"{catalog}.{schema}.{table}"


def on_spark_connect(df) -> bool:
    """Whether ``df`` belongs to a Spark Connect session, as on Databricks serverless compute."""
    return type(df).__module__.startswith("pyspark.sql.connect.")


def cache(df):
    """``df.cache()`` on classic Spark; ``df`` itself on Spark Connect.

    Serverless compute caches DataFrames only as a preview, from serverless environment version 5, and
    not with the compliance security profile (Databricks docs, "Cache DataFrames on serverless compute",
    read 2026-12-06); elsewhere there ``cache()`` fails. A job notebook runs on the workspace's default
    environment version, so on serverless the DataFrame is recomputed instead of cached.
    """
    return df if on_spark_connect(df) else df.cache()


def unpersist(df) -> None:
    """Releases what :func:`cache` cached (nothing on Spark Connect)."""
    if not on_spark_connect(df):
        df.unpersist()
