"""Predict a poor review (1-2 stars) from delivery, freight and basket features.

A pyspark.ml pipeline (index + one-hot the categoricals, assemble, scale, classifier) tuned
with a small CrossValidator grid, evaluated on a held-out split against a trivial baseline,
tracked in MLflow and registered as a Unity Catalog model ``catalog.schema.model``
(``mlflow.set_registry_uri("databricks-uc")``). Locally the same code logs to a
SQLite/file tracking store and registers into MLflow's local registry instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.classification import GBTClassifier, LogisticRegression
from pyspark.ml.evaluation import BinaryClassificationEvaluator, MulticlassClassificationEvaluator
from pyspark.ml.feature import OneHotEncoder, StandardScaler, StringIndexer, VectorAssembler
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from lakehouse import runtime

NUMERIC_FEATURES = [
    "delivery_days",
    "estimated_days",
    "delay_days",
    "items_price",
    "items_freight",
    "freight_ratio",
    "n_items",
    "n_sellers",
    "payment_installments",
    # engineered: lateness is a hinge, not a line, and freight ratios are heavy-tailed
    "is_late",
    "late_days",
    "log_freight_ratio",
]
DERIVED_FEATURES = {
    "is_late": lambda: F.col("is_late").cast("double"),
    "late_days": lambda: F.greatest(F.col("delay_days"), F.lit(0.0)),
    "log_freight_ratio": lambda: F.log1p(F.col("freight_ratio")),
}
CATEGORICAL_FEATURES = ["payment_type", "customer_state", "main_category"]
LABEL = "label"
# The gold table 03_silver_gold writes with training_frame and 04_train_model trains on.
FEATURE_TABLE = "review_features"
UC_REGISTRY = "databricks-uc"


def training_frame(facts: DataFrame, low_score_max: int = 2) -> DataFrame:
    """Delivered orders that have a review; ``label = 1.0`` for a poor review."""
    df = facts.where(
        (F.col("order_status") == "delivered")
        & F.col("order_delivered_customer_date").isNotNull()
        & F.col("review_score").isNotNull()
    )
    fills = {c: 0.0 for c in NUMERIC_FEATURES} | {c: "unknown" for c in CATEGORICAL_FEATURES}
    casts = [(DERIVED_FEATURES[c]() if c in DERIVED_FEATURES else F.col(c)).cast("double").alias(c) for c in NUMERIC_FEATURES]
    return df.select(
        "order_id", *casts, *CATEGORICAL_FEATURES, (F.col("review_score") <= low_score_max).cast("double").alias(LABEL)
    ).fillna(fills)


def feature_stages() -> list:
    """Index + one-hot the categoricals and assemble every feature into ``raw_features``."""
    indexers = [StringIndexer(inputCol=c, outputCol=f"{c}_idx", handleInvalid="keep") for c in CATEGORICAL_FEATURES]
    encoder = OneHotEncoder(
        inputCols=[f"{c}_idx" for c in CATEGORICAL_FEATURES],
        outputCols=[f"{c}_ohe" for c in CATEGORICAL_FEATURES],
        handleInvalid="keep",
    )
    assembler = VectorAssembler(
        inputCols=NUMERIC_FEATURES + [f"{c}_ohe" for c in CATEGORICAL_FEATURES], outputCol="raw_features", handleInvalid="keep"
    )
    return [*indexers, encoder, assembler]


def model_stages(model_type: str = "logistic_regression", seed: int = 7) -> tuple[list, object]:
    """Scaler + classifier (the part the grid tunes); returns the stages and the classifier."""
    scaler = StandardScaler(inputCol="raw_features", outputCol="features", withMean=False, withStd=True)
    if model_type == "logistic_regression":
        clf = LogisticRegression(featuresCol="features", labelCol=LABEL, maxIter=30)
    elif model_type == "gbt":
        clf = GBTClassifier(featuresCol="features", labelCol=LABEL, seed=seed, maxIter=20)
    else:
        raise ValueError(f"unknown model_type {model_type!r}")
    return [scaler, clf], clf


def param_grid(clf, model_type: str, small: bool = True):
    grid = ParamGridBuilder()
    if model_type == "logistic_regression":
        grid = grid.addGrid(clf.regParam, [0.001, 0.05] if small else [0.0, 0.001, 0.01, 0.1])
        if not small:
            grid = grid.addGrid(clf.elasticNetParam, [0.0, 0.5])
    else:
        grid = grid.addGrid(clf.maxDepth, [3, 5] if small else [3, 5, 7])
    return grid.build()


@dataclass
class TrainResult:
    model: PipelineModel
    metrics: dict[str, float]
    params: dict[str, object] = field(default_factory=dict)
    test: DataFrame | None = None


def train(
    data: DataFrame,
    *,
    model_type: str = "logistic_regression",
    num_folds: int = 3,
    seed: int = 7,
    test_fraction: float = 0.25,
    small_grid: bool = True,
    parallelism: int = 1,
) -> TrainResult:
    """Split, cross-validate the grid on the train part, evaluate on the test part."""
    train_df, test_df = data.randomSplit([1 - test_fraction, test_fraction], seed=seed)
    # Category vocabularies and vector assembly are fitted once on the training split (they
    # carry no label information); scaling and the classifier are refitted inside every fold.
    features = Pipeline(stages=feature_stages()).fit(train_df)
    # Cached for the folds on classic Spark; recomputed on serverless compute (lakehouse.runtime.cache).
    train_features = runtime.cache(features.transform(train_df).select("raw_features", LABEL))
    stages, clf = model_stages(model_type, seed)
    grid = param_grid(clf, model_type, small_grid)
    auc = BinaryClassificationEvaluator(labelCol=LABEL, rawPredictionCol="rawPrediction", metricName="areaUnderROC")
    cv = CrossValidator(
        estimator=Pipeline(stages=stages),
        estimatorParamMaps=grid,
        evaluator=auc,
        numFolds=num_folds,
        seed=seed,
        parallelism=parallelism,
    )
    cv_model = cv.fit(train_features)
    best = PipelineModel(stages=[*features.stages, *cv_model.bestModel.stages])
    metrics = evaluate(best, test_df)
    metrics["cv_best_auc"] = float(max(cv_model.avgMetrics))
    best_params = {p.name: v for p, v in cv_model.getEstimatorParamMaps()[_argmax(cv_model.avgMetrics)].items()}
    params = {
        "model_type": model_type,
        "num_folds": num_folds,
        "grid_size": len(grid),
        "train_rows": train_features.count(),
        "test_rows": int(metrics["test_rows"]),
        **{f"best_{k}": v for k, v in best_params.items()},
    }
    runtime.unpersist(train_features)
    return TrainResult(best, metrics, params, test_df)


def _argmax(values: list[float]) -> int:
    return max(range(len(values)), key=values.__getitem__)


def evaluate(model: PipelineModel, test_df: DataFrame) -> dict[str, float]:
    pred = runtime.cache(model.transform(test_df))
    auc = BinaryClassificationEvaluator(labelCol=LABEL, metricName="areaUnderROC").evaluate(pred)
    pr = BinaryClassificationEvaluator(labelCol=LABEL, metricName="areaUnderPR").evaluate(pred)
    acc = MulticlassClassificationEvaluator(labelCol=LABEL, metricName="accuracy").evaluate(pred)
    stats = pred.agg(F.count(F.lit(1)).alias("n"), F.avg(LABEL).alias("pos")).first()
    runtime.unpersist(pred)
    positive_rate = float(stats["pos"] or 0.0)
    return {
        "test_auc": float(auc),
        "test_pr_auc": float(pr),
        "test_accuracy": float(acc),
        "baseline_accuracy": max(positive_rate, 1 - positive_rate),  # always predict the majority class
        "baseline_auc": 0.5,
        "positive_rate": positive_rate,
        "test_rows": float(stats["n"]),
    }


# --------------------------------------------------------------------------------------
# MLflow


_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def uc_model_name(catalog: str, schema: str, model: str) -> str:
    """Three-level Unity Catalog model name, each part validated."""
    for part in (catalog, schema, model):
        if not _IDENT.match(part or ""):
            raise ValueError(f"invalid Unity Catalog identifier part: {part!r}")
    return f"{catalog}.{schema}.{model}"


def model_signature(input_df: DataFrame):
    """MLflow signature from the Spark schema (UC requires one for every model version)."""
    from mlflow.models.signature import ModelSignature
    from mlflow.types import ColSpec, Schema

    mapping = {
        "double": "double",
        "float": "float",
        "int": "integer",
        "bigint": "long",
        "string": "string",
        "boolean": "boolean",
        "timestamp": "datetime",
    }
    inputs = [ColSpec(mapping[f.dataType.simpleString()], f.name) for f in input_df.schema.fields]
    return ModelSignature(inputs=Schema(inputs), outputs=Schema([ColSpec("double", "prediction")]))


def pip_requirements() -> list[str]:
    """Pinned from the running interpreter, so MLflow skips its slow requirement inference."""
    from importlib.metadata import PackageNotFoundError, version

    reqs = [f"pyspark=={version('pyspark')}"]
    for dist in ("mlflow", "mlflow-skinny"):
        try:
            reqs.append(f"{dist}=={version(dist)}")
            break
        except PackageNotFoundError:
            continue
    return reqs


@dataclass
class LoggedModel:
    run_id: str
    model_uri: str
    registered_name: str | None
    version: str | None


def log_and_register(
    result: TrainResult,
    *,
    experiment: str,
    registered_name: str | None,
    tracking_uri: str | None = None,
    registry_uri: str | None = UC_REGISTRY,
    artifact_location: str | None = None,
    run_name: str = "review-model",
    tags: dict[str, str] | None = None,
    dfs_tmpdir: str | None = None,
) -> LoggedModel:
    """Log params, metrics and the Spark model; register it when ``registered_name`` is set.

    On Databricks leave ``tracking_uri`` as None (workspace tracking) and keep
    ``registry_uri="databricks-uc"``; locally pass ``sqlite:///...`` (or ``file:...``) for
    both. ``dfs_tmpdir`` is where Spark stages the model before upload; on Unity Catalog
    shared clusters it must be a volume path (``/Volumes/<catalog>/<schema>/<volume>/tmp``).
    """
    import mlflow
    import mlflow.spark

    if tracking_uri:
        mlflow.set_tracking_uri(tracking_uri)
    if registry_uri:
        mlflow.set_registry_uri(registry_uri)
    exp = mlflow.get_experiment_by_name(experiment)
    experiment_id = exp.experiment_id if exp else mlflow.create_experiment(experiment, artifact_location=artifact_location)

    features = result.test.select(*NUMERIC_FEATURES, *CATEGORICAL_FEATURES) if result.test is not None else None
    with mlflow.start_run(experiment_id=experiment_id, run_name=run_name) as run:
        mlflow.set_tags({"project": "lakehouse-blueprint", **(tags or {})})
        mlflow.log_params({k: str(v) for k, v in result.params.items()})
        mlflow.log_metrics(result.metrics)
        info = mlflow.spark.log_model(
            result.model,
            "model",
            signature=model_signature(features) if features is not None else None,
            registered_model_name=registered_name,
            pip_requirements=pip_requirements(),
            dfs_tmpdir=dfs_tmpdir,
        )
    version = getattr(info, "registered_model_version", None)
    return LoggedModel(run.info.run_id, info.model_uri, registered_name, None if version is None else str(version))
