"""The review-risk model learns the planted signal and goes through MLflow end to end."""

import pytest

from lakehouse.datagen import generate_dataframes
from lakehouse.ml import (
    CATEGORICAL_FEATURES,
    NUMERIC_FEATURES,
    UC_REGISTRY,
    log_and_register,
    train,
    training_frame,
    uc_model_name,
)
from lakehouse.transform import build_silver, order_facts


@pytest.fixture(scope="module")
def trained(spark):
    bronze = generate_dataframes(spark, 3000, seed=21)
    silver, _ = build_silver(bronze)
    data = training_frame(order_facts(silver)).cache()
    result = train(data, num_folds=2, seed=5)
    yield data, result
    data.unpersist()


def test_training_frame_has_features_and_binary_label(trained):
    data, _ = trained
    assert set(NUMERIC_FEATURES + CATEGORICAL_FEATURES + ["label"]) <= set(data.columns)
    labels = {r["label"] for r in data.select("label").distinct().collect()}
    assert labels == {0.0, 1.0}
    assert data.count() > 2500


def test_model_beats_trivial_baselines(trained):
    _, result = trained
    m = result.metrics
    assert m["test_auc"] > m["baseline_auc"] + 0.15, m
    assert m["test_accuracy"] >= m["baseline_accuracy"], m
    assert m["test_pr_auc"] > m["positive_rate"] * 1.5, m  # well above a random ranking's PR-AUC
    assert result.params["grid_size"] == 2 and result.params["num_folds"] == 2


def test_tracks_and_registers_locally(trained, tmp_path):
    import mlflow
    import mlflow.spark

    _, result = trained
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    name = uc_model_name("main", "ml", "review_risk")
    logged = log_and_register(
        result,
        experiment="/Shared/lakehouse-blueprint/review-risk",
        registered_name=name,
        tracking_uri=uri,
        registry_uri=uri,  # the local registry stands in for Unity Catalog
        artifact_location=(tmp_path / "artifacts").as_uri(),
    )
    assert logged.version == "1" and logged.registered_name == "main.ml.review_risk"
    run = mlflow.get_run(logged.run_id)
    assert run.data.metrics["test_auc"] == pytest.approx(result.metrics["test_auc"])
    assert run.data.params["model_type"] == "logistic_regression"
    model = mlflow.spark.load_model(f"models:/{name}/1")
    scored = model.transform(result.test.limit(20))
    assert scored.count() == 20 and "probability" in scored.columns


def test_unity_catalog_code_path_up_to_registration(trained, tmp_path, monkeypatch):
    """Registration in Unity Catalog needs a workspace; check everything up to that call."""
    import mlflow
    import mlflow.spark

    _, result = trained
    captured = {}

    class _Info:
        model_uri = "runs:/fake/model"
        registered_model_version = 7

    def fake_log_model(model, artifact_path, **kwargs):
        captured.update(kwargs, artifact_path=artifact_path, registry=mlflow.get_registry_uri())
        return _Info()

    monkeypatch.setattr(mlflow.spark, "log_model", fake_log_model)
    logged = log_and_register(
        result,
        experiment="uc-path",
        registered_name=uc_model_name("prod", "ml", "review_risk"),
        tracking_uri=f"sqlite:///{tmp_path / 'mlflow.db'}",
        registry_uri=UC_REGISTRY,
        artifact_location=(tmp_path / "a").as_uri(),
    )
    assert captured["registry"] == "databricks-uc"
    assert captured["registered_model_name"] == "prod.ml.review_risk"
    sig = captured["signature"]
    assert sig is not None and [c.name for c in sig.inputs.inputs] == NUMERIC_FEATURES + CATEGORICAL_FEATURES
    assert any(r.startswith("pyspark==") for r in captured["pip_requirements"])
    assert logged.version == "7"
    with pytest.raises(ValueError):
        uc_model_name("prod", "ml", "review-risk")  # hyphens are not valid UC identifiers
