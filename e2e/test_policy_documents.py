"""The policy-document check itself, on documents whose faults are known."""

from __future__ import annotations

import pytest
from policy_documents import arn_problem, databricks_admissions, databricks_binding_problems, document_problems


@pytest.mark.parametrize(
    "arn",
    [
        "*",
        "arn:aws:iam::111111111111:root",
        "arn:aws:iam::111111111111:role/dev-lakehouse-unity-catalog",
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
        "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:s3:::dev-lakehouse-data-111111111111/*",
        "arn:aws:ec2:eu-west-1:111111111111:vpc/vpc-0abc",
        "arn:aws:sqs:*:111111111111:csms-*",
        "arn:aws:logs:eu-west-1:111111111111:log-group:/vpc/dev/flow-logs:*",
    ],
)
def test_well_formed_arns_pass(arn: str) -> None:
    assert arn_problem(arn) is None


@pytest.mark.parametrize(
    ("arn", "fragment"),
    [
        ("arn:aws:kms:1234abcd-12ab-34cd-56ef-1234567890ab", "is not an ARN"),
        ("arn:aws:kms:eu-west-1:111111111111:1234abcd", "is not a kms resource"),
        ("arn:aws:s3:eu-west-1::bucket", "s3 ARNs have no region"),
        ("arn:aws:iam::1111:role/x", "is not a 12-digit account id"),
        ("arn:aws:kms:mars:111111111111:key/k", "'mars' is not a region"),
        ("arn:aws:s3:::Bad_Bucket", "is not a bucket name"),
        ("dev-lakehouse-data", "is not an ARN"),
    ],
)
def test_malformed_arns_are_named(arn: str, fragment: str) -> None:
    problem = arn_problem(arn)
    assert problem is not None and fragment in problem


def test_principals_and_condition_keys() -> None:
    document = {
        "Statement": [
            {
                "Sid": "Ok",
                "Effect": "Allow",
                "Principal": {"Service": "logs.amazonaws.com"},
                "Action": "kms:Decrypt",
                "Resource": "*",
                "Condition": {
                    "ArnLike": {"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:111111111111:log-group:*"}
                },
            },
            {"Sid": "BadPrincipal", "Effect": "Allow", "Principal": {"AWS": "dev-role"}, "Action": "sts:AssumeRole"},
            {
                "Sid": "BadKey",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": "*",
                "Condition": {"Bool": {"aws:SecureTransports": "false"}},
            },
        ]
    }
    assert document_problems(document) == [
        "statement BadPrincipal: Principal 'dev-role' is not an ARN (arn:partition:service:region:account:resource)",
        "statement BadKey: condition key 'aws:SecureTransports' (under Bool) is not one AWS documents",
    ]


ACCOUNT = "00000000-0000-4000-8000-000000000000"
CONTROL_PLANE = "arn:aws:iam::414351767826:root"


def _statement(principal: object, action: object, condition: dict | None = None, effect: str = "Allow") -> dict:
    statement = {"Effect": effect, "Principal": principal, "Action": action, "Resource": "*"}
    if condition is not None:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [statement]}


@pytest.mark.parametrize(
    "document",
    [
        _statement({"AWS": CONTROL_PLANE}, ["kms:Encrypt"], {"StringEquals": {"aws:PrincipalTag/DatabricksAccountId": ACCOUNT}}),
        _statement({"AWS": CONTROL_PLANE}, "sts:AssumeRole", {"StringEquals": {"sts:ExternalId": ACCOUNT}}),
        _statement(
            {"AWS": ["arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL"]},
            "sts:AssumeRole",
            {"StringEquals": {"sts:ExternalId": "credential-external-id"}},
        ),
        _statement({"AWS": "arn:aws:iam::111111111111:root"}, "kms:*"),
        _statement({"AWS": CONTROL_PLANE}, "s3:*", effect="Deny"),
    ],
)
def test_bound_or_other_principals_pass(document: dict) -> None:
    assert databricks_binding_problems(document, ACCOUNT, ["credential-external-id"]) == []


@pytest.mark.parametrize(
    "document",
    [
        _statement({"AWS": CONTROL_PLANE}, ["s3:GetObject"]),
        _statement(
            {"AWS": "414351767826"}, ["kms:Decrypt"], {"StringEquals": {"aws:PrincipalTag/DatabricksAccountId": "another"}}
        ),
        _statement(
            {"AWS": CONTROL_PLANE},
            ["kms:Decrypt"],
            {"StringEquals": {"aws:PrincipalTag/DatabricksAccountId": [ACCOUNT, "another"]}},
        ),
        # The external id binds a trust only: on a bucket or key statement it is never present in the request.
        _statement({"AWS": CONTROL_PLANE}, ["s3:GetObject"], {"StringEquals": {"sts:ExternalId": ACCOUNT}}),
        _statement({"AWS": CONTROL_PLANE}, "sts:AssumeRole", {"StringEquals": {"sts:ExternalId": "not-this-account"}}),
    ],
)
def test_unbound_databricks_statements_are_found(document: dict) -> None:
    assert len(databricks_admissions(document)) == 1
    assert [p.split(":")[0] for p in databricks_binding_problems(document, ACCOUNT, ["credential-external-id"])] == [
        "statement 0"
    ]
