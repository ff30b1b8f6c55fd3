"""Lakehouse blueprint: the logic behind the Databricks notebooks in this folder.

Every notebook is a thin shell that reads its widgets and calls into this package, so the
same code runs on a Databricks cluster and under pytest on a local SparkSession.
"""

__version__ = "0.1.0"
