import pytest

from lakehouse import runtime


def test_local_widgets_default_and_env_override(monkeypatch):
    monkeypatch.setenv("LAKEHOUSE_WIDGET_NUM_FOLDS", "5")
    widgets = runtime.LocalWidgets()
    widgets.text("catalog", "spark_catalog")
    widgets.text("num_folds", "3")
    widgets.dropdown("model_type", "gbt", ["gbt", "logistic_regression"])
    assert widgets.get("catalog") == "spark_catalog"
    assert widgets.get("num_folds") == "5"
    assert widgets.getAll() == {"catalog": "spark_catalog", "num_folds": "5", "model_type": "gbt"}
    monkeypatch.setenv("LAKEHOUSE_WIDGET_SOURCE", "kafka")
    with pytest.raises(ValueError):
        widgets.dropdown("source", "json", ["json", "cloudFiles"])
    with pytest.raises(ValueError):
        widgets.get("missing")


def test_local_secrets_from_environment(monkeypatch):
    monkeypatch.setenv("LAKEHOUSE_SECRET_LAKEHOUSE_JDBC_USERNAME", "reader")
    secrets = runtime.LocalSecrets()
    assert secrets.get("lakehouse-jdbc", "username") == "reader"
    with pytest.raises(KeyError, match="LAKEHOUSE_SECRET_LAKEHOUSE_JDBC_PASSWORD"):
        secrets.get("lakehouse-jdbc", "password")


def test_qualified_names_are_validated():
    assert runtime.qualified("main", "bronze", "orders") == "main.bronze.orders"
    with pytest.raises(ValueError):
        runtime.qualified("main", "bronze; DROP TABLE x", "orders")


def test_not_databricks_here(monkeypatch):
    monkeypatch.delenv("DATABRICKS_RUNTIME_VERSION", raising=False)
    assert not runtime.is_databricks()
    assert runtime.default_catalog() == "spark_catalog"
    monkeypatch.setenv("DATABRICKS_RUNTIME_VERSION", "17.3")
    assert runtime.default_catalog() == "main"
    assert runtime.default_path("landing").startswith("/Volumes/")


def test_cache_on_classic_spark_and_not_on_spark_connect(spark):
    """Classic sessions cache; a Spark Connect DataFrame (serverless) is returned as it is, never cache()d."""
    df = spark.range(3)
    cached = runtime.cache(df)
    assert cached.is_cached
    runtime.unpersist(cached)
    assert not cached.is_cached

    class ConnectFrame:  # what serverless compute hands out: pyspark.sql.connect.dataframe.DataFrame
        def cache(self):
            raise AssertionError("cache() is not called on Spark Connect")

        unpersist = cache

    ConnectFrame.__module__ = "pyspark.sql.connect.dataframe"
    frame = ConnectFrame()
    assert runtime.on_spark_connect(frame) and runtime.cache(frame) is frame
    runtime.unpersist(frame)


def test_the_job_code_caches_only_through_the_runtime_helper():
    """A bare .cache() or .persist() in the package or a job notebook would fail on serverless compute."""
    import re
    from pathlib import Path

    root = Path(runtime.__file__).resolve().parents[1]
    # runtime.py is the helper itself.
    files = [f for f in [*root.glob("lakehouse/*.py"), *root.glob("[0-9][0-9]_*.py")] if f.name != "runtime.py"]
    bare = [str(f.name) for f in files if re.search(r"\.(cache|persist)\(\)", f.read_text())]
    assert bare == []
