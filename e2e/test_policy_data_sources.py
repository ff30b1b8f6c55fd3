"""The Databricks provider's policy data sources, run by the real engine and provider, against the
policy check the emulator test applies to every document (e2e/policy_documents.py).

The provider builds ARNs from its arguments without checking them: the Unity Catalog policy's
`kms_name` is documented as the key's ARN, and a key id there yields `arn:aws:kms:<key id>`, a
Resource AWS never matches (every read and write through Unity Catalog is then denied). The check
must catch that, and the value the blueprint passes must pass it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import TOFU, engine_env, pinned_version
from policy_documents import document_problems

ACCOUNT = "111111111111"
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
KEY_ARN = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/{KEY_ID}"


def _read_data_sources(directory: Path, data: dict) -> dict[str, str]:
    """Applies a configuration holding only `data` (no resources) and returns each document by address."""
    config = {
        "terraform": {
            "required_providers": {"databricks": {"source": "databricks/databricks", "version": pinned_version("databricks")}}
        },
        "provider": {
            "databricks": {"host": "https://accounts.cloud.databricks.com", "account_id": "00000000-0000-4000-8000-000000000000"}
        },
        "data": data,
        "output": {
            f"{kind}__{name}": {"value": f"${{data.{kind}.{name}.json}}"} for kind, by_name in data.items() for name in by_name
        },
    }
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "main.tf.json").write_text(json.dumps(config))
    env = engine_env()
    for args in (["init", "-input=false"], ["apply", "-input=false", "-auto-approve"]):
        subprocess.run([TOFU, *args, "-no-color"], cwd=directory, env=env, check=True, capture_output=True, text=True)
    outputs = json.loads(
        subprocess.run([TOFU, "output", "-json"], cwd=directory, env=env, check=True, capture_output=True, text=True).stdout
    )
    return {f"data.{key.replace('__', '.')}": value["value"] for key, value in outputs.items()}


def test_unity_catalog_policy_with_a_key_id_is_caught_and_with_the_arn_passes(tmp_path: Path) -> None:
    common = {
        "aws_account_id": ACCOUNT,
        "bucket_name": "dev-lakehouse-data-111111111111",
        "role_name": "dev-lakehouse-unity-catalog",
    }
    documents = _read_data_sources(
        tmp_path,
        {
            "databricks_aws_unity_catalog_policy": {
                "key_id": {**common, "kms_name": KEY_ID},
                "key_arn": {**common, "kms_name": KEY_ARN},
            }
        },
    )
    wrong = document_problems(documents["data.databricks_aws_unity_catalog_policy.key_id"])
    assert any(f"arn:aws:kms:{KEY_ID}" in problem for problem in wrong), wrong
    assert document_problems(documents["data.databricks_aws_unity_catalog_policy.key_arn"]) == []
    granted = json.loads(documents["data.databricks_aws_unity_catalog_policy.key_arn"])["Statement"]
    assert any(statement.get("Resource") == [KEY_ARN] or statement.get("Resource") == KEY_ARN for statement in granted)


def test_every_other_databricks_policy_document_passes_the_check(tmp_path: Path) -> None:
    documents = _read_data_sources(
        tmp_path,
        {
            "databricks_aws_assume_role_policy": {"cross_account": {"external_id": "00000000-0000-4000-8000-000000000000"}},
            "databricks_aws_bucket_policy": {"root": {"bucket": "dev-lakehouse-root-111111111111"}},
            "databricks_aws_crossaccount_policy": {
                "restricted": {
                    "policy_type": "restricted",
                    "aws_account_id": ACCOUNT,
                    "region": "eu-west-1",
                    "vpc_id": "vpc-0123456789abcdef0",
                    "security_group_id": "sg-0123456789abcdef0",
                    "pass_roles": [f"arn:aws:iam::{ACCOUNT}:role/dev-lakehouse-s3-mount"],
                }
            },
            "databricks_aws_unity_catalog_assume_role_policy": {
                "unity_catalog": {"aws_account_id": ACCOUNT, "role_name": "dev-lakehouse-unity-catalog", "external_id": "x"}
            },
        },
    )
    assert len(documents) == 4
    problems = {address: document_problems(document) for address, document in documents.items()}
    assert all(found == [] for found in problems.values()), problems
