"""Applies the AWS foundation of the example environments to the emulator with the real engine and
checks what was built, that it is stable, that dev goes away cleanly and that prod refuses to."""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import pytest
from conftest import ROOT, Stack
from policy_documents import databricks_admissions, databricks_binding_problems, document_problems

DEV_ACCOUNT = "111111111111"
PROD_ACCOUNT = "222222222222"
DATABRICKS_CONTROL_PLANE = "arn:aws:iam::414351767826:root"  # named in the blueprint's own key policies
DATABRICKS_ACCOUNT = "00000000-0000-4000-8000-000000000000"  # the examples' Databricks account
# Databricks' eu-west-1 PrivateLink services (config/databricks-endpoint-services.ts): workspace and relay.
WORKSPACE_SERVICE = "com.amazonaws.vpce.eu-west-1.vpce-svc-0da6ebf1461278016"
RELAY_SERVICE = "com.amazonaws.vpce.eu-west-1.vpce-svc-09b4eb2bc775f4e8c"


def databricks_statements(policy: dict) -> list[dict]:
    return [s for s in policy["Statement"] if DATABRICKS_CONTROL_PLANE in json.dumps(s.get("Principal", {}))]


def account_tag_values(statement: dict) -> list[str]:
    """The Databricks accounts a statement's aws:PrincipalTag/DatabricksAccountId condition admits."""
    values = statement.get("Condition", {}).get("StringEquals", {}).get("aws:PrincipalTag/DatabricksAccountId", [])
    return [values] if isinstance(values, str) else values


def plan_summary(plan_json: dict, path: Path) -> str:
    path.write_text(json.dumps(plan_json))
    result = subprocess.run(
        ["npm", "run", "--silent", "plan:summary", "--", str(path)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout


def must_read(summary: str) -> list[str]:
    return re.findall(r"^- `([^`]+)`", summary, flags=re.MULTILINE)


@pytest.fixture(scope="module")
def dev(foundation, work_dir: Path, measurements: dict) -> Stack:
    stack: Stack = foundation("dev", DEV_ACCOUNT)
    stack.tofu("plan", "-input=false", "-out=create.tfplan")
    (work_dir / "plan-dev-create.json").write_text(json.dumps(stack.show_json("create.tfplan")))
    started = time.monotonic()
    applied = stack.tofu("apply", "-input=false", "create.tfplan")
    measurements["dev_apply_seconds"] = round(time.monotonic() - started, 1)
    added = re.search(r"Resources: (\d+) added, (\d+) changed, (\d+) destroyed", applied.stdout)
    assert added, applied.stdout[-2000:]
    measurements["dev_resources_applied"] = int(added.group(1))
    return stack


class TestDevFoundation:
    def test_apply_creates_every_resource_of_the_stack(self, dev: Stack, measurements: dict) -> None:
        assert measurements["dev_resources_applied"] == dev.managed_resource_count()
        assert len(dev.managed_state_addresses()) == dev.managed_resource_count()

    def test_second_plan_has_no_changes(self, dev: Stack, measurements: dict) -> None:
        result = dev.tofu("plan", "-input=false", "-detailed-exitcode", check=False)
        measurements["dev_second_plan_exit"] = result.returncode
        assert result.returncode == 0, f"second plan is not empty:\n{result.stdout[-6000:]}"
        assert "No changes." in result.stdout

    def test_buckets_are_encrypted_versioned_private_and_tls_only(self, dev: Stack) -> None:
        s3 = dev.emulator.client("s3")
        kms = dev.emulator.client("kms")
        names = sorted(b["Name"] for b in s3.list_buckets()["Buckets"])
        access_logs = f"dev-lakehouse-access-logs-{DEV_ACCOUNT}"
        assert names == [access_logs, f"dev-lakehouse-data-{DEV_ACCOUNT}", f"dev-lakehouse-root-{DEV_ACCOUNT}"]
        for name in names:
            rule = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"][0]
            if name == access_logs:
                # S3 delivers server access logs only to SSE-S3 buckets; its own access is not logged.
                assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
                assert "LoggingEnabled" not in s3.get_bucket_logging(Bucket=name)
            else:
                assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
                assert rule["BucketKeyEnabled"] is True
                key = kms.describe_key(KeyId=rule["ApplyServerSideEncryptionByDefault"]["KMSMasterKeyID"])["KeyMetadata"]
                assert key["KeyManager"] == "CUSTOMER" and key["KeyState"] == "Enabled"
                # Object-level access is logged, each bucket under its own prefix of the access-log bucket.
                logging = s3.get_bucket_logging(Bucket=name)["LoggingEnabled"]
                assert logging["TargetBucket"] == access_logs
                assert logging["TargetPrefix"] == ("data/" if "-data-" in name else "root/")
            assert s3.get_bucket_versioning(Bucket=name)["Status"] == "Enabled"
            block = s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
            assert block == {
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            }
            assert s3.get_bucket_ownership_controls(Bucket=name)["OwnershipControls"]["Rules"] == [
                {"ObjectOwnership": "BucketOwnerEnforced"}
            ]
            policy = json.loads(s3.get_bucket_policy(Bucket=name)["Policy"])
            deny = [s for s in policy["Statement"] if s.get("Sid") == "DenyInsecureTransport"]
            assert deny and deny[0]["Effect"] == "Deny" and deny[0]["Condition"]["Bool"]["aws:SecureTransport"] == "false"
            lifecycle = s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"][0]
            assert lifecycle["NoncurrentVersionExpiration"]["NoncurrentDays"] == 30
            tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=name)["TagSet"]}
            assert tags["Environment"] == "dev" and tags["ManagedBy"] == "cdktf"
        # The root bucket's policy merges the Databricks provider's document with the TLS rule.
        root_policy = json.loads(s3.get_bucket_policy(Bucket=f"dev-lakehouse-root-{DEV_ACCOUNT}")["Policy"])
        assert "DenyInsecureTransport" in {s.get("Sid") for s in root_policy["Statement"]}
        databricks = databricks_statements(root_policy)
        assert len(databricks) == 1 and "s3:PutObject" in databricks[0]["Action"], root_policy
        # databricks_e2_account_id: the shared control-plane principal counts only for this account.
        assert account_tag_values(databricks[0]) == [DATABRICKS_ACCOUNT], root_policy

    def test_keys_rotate_and_grant_databricks_only_their_use(self, dev: Stack) -> None:
        kms = dev.emulator.client("kms")
        aliases = {
            a["AliasName"]: a["TargetKeyId"]
            for a in kms.list_aliases()["Aliases"]
            if "TargetKeyId" in a and a["AliasName"].startswith("alias/dev-")
        }
        assert set(aliases) >= {
            "alias/dev-lakehouse-databricks-managed-services",
            "alias/dev-lakehouse-databricks-workspace-storage",
        }
        for alias, key_id in aliases.items():
            rotation = kms.get_key_rotation_status(KeyId=key_id)
            assert rotation["KeyRotationEnabled"] is True, alias
            assert rotation["RotationPeriodInDays"] == 365, alias
        managed = json.loads(
            kms.get_key_policy(KeyId=aliases["alias/dev-lakehouse-databricks-managed-services"], PolicyName="default")["Policy"]
        )
        databricks = databricks_statements(managed)
        assert databricks and all(
            a.startswith("kms:") and a != "kms:*"
            for s in databricks
            for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
        )
        storage = json.loads(
            kms.get_key_policy(KeyId=aliases["alias/dev-lakehouse-databricks-workspace-storage"], PolicyName="default")["Policy"]
        )
        # Every statement naming Databricks' shared principal holds only for this Databricks account.
        for statement in databricks + databricks_statements(storage):
            assert account_tag_values(statement) == [DATABRICKS_ACCOUNT], statement
        assert len(databricks_statements(storage)) == 2

    def test_roles_carry_their_trust_and_inline_policies_only(self, dev: Stack) -> None:
        # The Databricks documents come from the Databricks provider's data sources, as in the
        # workspace stack. What is checked here is the wiring: each role got its trust and its own
        # inline policy, nothing managed; the documents themselves are checked just above.
        iam = dev.emulator.client("iam")
        roles = {r["RoleName"]: r for r in iam.list_roles()["Roles"] if r["RoleName"].startswith("dev-lakehouse")}
        assert set(roles) == {
            "dev-lakehouse-databricks-crossaccount",
            "dev-lakehouse-unity-catalog",
            "dev-lakehouse-vpc-flow-logs",
            "dev-lakehouse-s3-mount",
        }
        trust = roles["dev-lakehouse-databricks-crossaccount"]["AssumeRolePolicyDocument"]
        trust = trust if isinstance(trust, dict) else json.loads(trust)
        assert trust["Statement"][0]["Action"] == "sts:AssumeRole"
        for role in roles:
            assert iam.list_role_policies(RoleName=role)["PolicyNames"], f"{role} has no inline policy"
            assert iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"] == [], (
                f"{role} has a managed policy attached"
            )
        assert roles["dev-lakehouse-databricks-crossaccount"]["MaxSessionDuration"] == 3600
        # Unity Catalog's role trusts its storage credential's own external id (not the account id).
        outputs = json.loads(dev.tofu("output", "-json").stdout)
        uc_trust = roles["dev-lakehouse-unity-catalog"]["AssumeRolePolicyDocument"]
        uc_trust = uc_trust if isinstance(uc_trust, dict) else json.loads(uc_trust)
        external_ids = {
            s["Condition"]["StringEquals"]["sts:ExternalId"] for s in uc_trust["Statement"] if "sts:ExternalId" in json.dumps(s)
        }
        assert external_ids == {outputs["unity_catalog_credential_external_id"]["value"]}, uc_trust

    def test_every_policy_document_that_reached_aws_is_well_formed(self, dev: Stack, measurements: dict) -> None:
        # Read back from the emulator, so what is checked is what AWS would hold: the trust and inline
        # policies of every role, every key policy and every bucket policy, the Databricks ones
        # computed by the Databricks provider's own data sources. Each problem names the resource.
        state = dev.show_json_state()
        address = {
            (r["type"], r["values"].get("name") or r["values"].get("key_id") or r["values"].get("bucket")): r["address"]
            for r in state
        }
        iam, kms, s3 = (dev.emulator.client(s) for s in ("iam", "kms", "s3"))
        documents: dict[str, object] = {}
        for role in iam.list_roles()["Roles"]:
            name = role["RoleName"]
            documents[f"{address.get(('aws_iam_role', name), name)} (trust)"] = role["AssumeRolePolicyDocument"]
            for policy in iam.list_role_policies(RoleName=name)["PolicyNames"]:
                document = iam.get_role_policy(RoleName=name, PolicyName=policy)["PolicyDocument"]
                documents[f"{address.get(('aws_iam_role_policy', policy), policy)} (inline policy of {name})"] = document
        for key in kms.list_keys()["Keys"]:
            documents[address.get(("aws_kms_key", key["KeyId"]), key["KeyId"])] = kms.get_key_policy(
                KeyId=key["KeyId"], PolicyName="default"
            )["Policy"]
        for bucket in s3.list_buckets()["Buckets"]:
            documents[address.get(("aws_s3_bucket_policy", bucket["Name"]), bucket["Name"])] = s3.get_bucket_policy(
                Bucket=bucket["Name"]
            )["Policy"]
        measurements["dev_policy_documents_checked"] = len(documents)
        assert len(documents) >= 10, sorted(documents)
        problems = [f"{where}: {problem}" for where, document in documents.items() for problem in document_problems(document)]
        assert problems == [], "\n".join(problems)
        # Every statement admitting a principal of Databricks' AWS account holds only for this
        # Databricks account (account tag, or the external id of the account or of the storage credential).
        credential_external_id = json.loads(dev.tofu("output", "-json").stdout)["unity_catalog_credential_external_id"]["value"]
        unbound = [
            f"{where}: {problem}"
            for where, document in documents.items()
            for problem in databricks_binding_problems(document, DATABRICKS_ACCOUNT, [credential_external_id])
        ]
        assert unbound == [], "\n".join(unbound)
        admitted = sum(len(databricks_admissions(document)) for document in documents.values())
        measurements["dev_databricks_statements_bound"] = admitted
        # The cross-account and Unity Catalog trusts, the root bucket policy and three key statements.
        assert admitted >= 6, admitted

    def test_network_is_private_in_two_zones_with_endpoints_and_flow_logs(self, dev: Stack) -> None:
        ec2 = dev.emulator.client("ec2")
        vpcs = ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.20.0.0/16"]}])["Vpcs"]
        assert len(vpcs) == 1
        vpc_id = vpcs[0]["VpcId"]
        subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
        private = [s for s in subnets if any(t["Key"] == "Name" and "private" in t["Value"] for t in s.get("Tags", []))]
        assert len({s["AvailabilityZone"] for s in private}) == 2
        assert all(not s["MapPublicIpOnLaunch"] for s in private)
        assert len(ec2.describe_nat_gateways(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["NatGateways"]) == 1
        endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["VpcEndpoints"]
        by_service = {e["ServiceName"].rsplit(".", 1)[-1]: e["VpcEndpointType"] for e in endpoints}
        assert by_service == {"s3": "Gateway", "sts": "Interface", "kinesis-streams": "Interface"}
        flow_logs = ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [vpc_id]}])["FlowLogs"]
        assert len(flow_logs) == 1 and flow_logs[0]["TrafficType"] == "ALL"
        groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["SecurityGroups"]
        for group in groups:
            for rule in group["IpPermissions"]:
                assert all(r["CidrIp"] != "0.0.0.0/0" for r in rule.get("IpRanges", [])), (
                    f"{group['GroupName']} is open to the internet"
                )

    def test_plan_summaries_of_the_real_plans(self, dev: Stack, work_dir: Path) -> None:
        created = plan_summary(
            json.loads((work_dir / "plan-dev-create.json").read_text()), work_dir / "plan-dev-aws-foundation.json"
        )
        assert f"| dev-aws-foundation | {dev.managed_resource_count()} | 0 | 0 |" in created
        assert "**Identity and IAM**" in created and "aws_iam_role.cross-account_role" in created
        assert "Destroyed" not in created
        dev.tofu("plan", "-input=false", "-destroy", "-out=destroy.tfplan")
        destroyed = plan_summary(dev.show_json("destroy.tfplan"), work_dir / "plan-dev-aws-foundation.json")
        assert f"| dev-aws-foundation | 0 | 0 | {dev.managed_resource_count()} |" in destroyed
        first = must_read(destroyed)[0]
        assert first.startswith("aws_s3_bucket."), destroyed[:800]
        assert destroyed.index("aws_s3_bucket.root-bucket_") < destroyed.index("aws_iam_role.")

    def test_destroy_removes_everything(self, dev: Stack, measurements: dict) -> None:
        started = time.monotonic()
        dev.tofu("destroy", "-input=false", "-auto-approve")
        measurements["dev_destroy_seconds"] = round(time.monotonic() - started, 1)
        left = dev.managed_state_addresses()
        s3, ec2, iam, kms = (dev.emulator.client(s) for s in ("s3", "ec2", "iam", "kms"))
        left += [b["Name"] for b in s3.list_buckets()["Buckets"]]
        left += [v["VpcId"] for v in ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.20.0.0/16"]}])["Vpcs"]]
        left += [r["RoleName"] for r in iam.list_roles()["Roles"] if r["RoleName"].startswith("dev-")]
        # KMS never deletes at once: a destroyed key waits out its deletion window, as on AWS.
        keys = [kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"] for k in kms.list_keys()["Keys"]]
        left += [k["KeyId"] for k in keys if k["KeyManager"] == "CUSTOMER" and k["KeyState"] != "PendingDeletion"]
        measurements["dev_resources_left_after_destroy"] = len(left)
        assert left == []


@pytest.fixture(scope="module")
def prod(foundation, measurements: dict) -> Stack:
    stack: Stack = foundation("prod", PROD_ACCOUNT)
    started = time.monotonic()
    stack.tofu("apply", "-input=false", "-auto-approve")
    measurements["prod_apply_seconds"] = round(time.monotonic() - started, 1)
    measurements["prod_resources_applied"] = stack.managed_resource_count()
    return stack


def test_prod_back_end_private_link_applies_with_egress_kept_in_the_vpc(prod: Stack, measurements: dict) -> None:
    ec2, kms = prod.emulator.client("ec2"), prod.emulator.client("kms")
    vpc_id = ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.30.0.0/16"]}])["Vpcs"][0]["VpcId"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
    named = {t["Value"]: s for s in subnets for t in s.get("Tags", []) if t["Key"] == "Name"}
    endpoint_subnets = [s for name, s in named.items() if "-endpoints-" in name]
    assert sorted(s["AvailabilityZone"] for s in endpoint_subnets) == ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    # cidrsubnet as config/rules/networks.ts describes it: /27s in the upper /20 half (10.30.240.0/20) of the last /19 block (10.30.224.0/19).
    assert sorted(s["CidrBlock"] for s in endpoint_subnets) == ["10.30.240.0/27", "10.30.240.32/27", "10.30.240.64/27"]
    endpoints = {
        e["ServiceName"]: e for e in ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["VpcEndpoints"]
    }
    assert set(endpoints) == {
        "com.amazonaws.eu-west-1.s3",
        "com.amazonaws.eu-west-1.sts",
        "com.amazonaws.eu-west-1.kinesis-streams",
        WORKSPACE_SERVICE,
        RELAY_SERVICE,
    }
    for service in (WORKSPACE_SERVICE, RELAY_SERVICE):
        assert endpoints[service]["VpcEndpointType"] == "Interface"
        assert sorted(endpoints[service]["SubnetIds"]) == sorted(s["SubnetId"] for s in endpoint_subnets)
    # Endpoint policies, read back from the emulator: well formed, and scoped as the construct says.
    aws_services = ("com.amazonaws.eu-west-1.s3", "com.amazonaws.eu-west-1.sts", "com.amazonaws.eu-west-1.kinesis-streams")
    policies = {service: json.loads(endpoints[service]["PolicyDocument"]) for service in aws_services}
    problems = [f"{service}: {p}" for service, policy in policies.items() for p in document_problems(policy)]
    assert problems == [], "\n".join(problems)
    s3_policy = policies["com.amazonaws.eu-west-1.s3"]
    environment = next(st for st in s3_policy["Statement"] if st["Sid"] == "EnvironmentBuckets")
    assert sorted(environment["Resource"]) == sorted(
        f"arn:aws:s3:::prod-lakehouse-{kind}-{PROD_ACCOUNT}{suffix}" for kind in ("root", "data") for suffix in ("", "/*")
    )
    kinesis_policy = policies["com.amazonaws.eu-west-1.kinesis-streams"]
    assert [st["Resource"] for st in kinesis_policy["Statement"]] == ["arn:aws:kinesis:eu-west-1:414351767826:stream/*"]
    measurements["prod_endpoint_policies_checked"] = len(policies)
    # The workspace group's egress: the VPC range and the S3 prefix list, never the internet.
    group = ec2.describe_security_groups(
        Filters=[
            {"Name": "vpc-id", "Values": [vpc_id]},
            {"Name": "group-name", "Values": ["prod-lakehouse-databricks-workspace"]},
        ]
    )["SecurityGroups"][0]
    egress = group["IpPermissionsEgress"]
    # Besides the VPC, only the network config names (aws.network.privateConnectivity.allowedEgress: the orders database).
    assert sorted((r["CidrIp"], rule["FromPort"], rule["ToPort"]) for rule in egress for r in rule.get("IpRanges", [])) == [
        ("10.30.0.0/16", 443, 443),
        ("10.30.0.0/16", 2443, 2443),
        ("10.30.0.0/16", 6666, 6666),
        ("10.30.0.0/16", 8443, 8451),
        ("10.40.8.0/24", 5432, 5432),
    ], egress
    assert any(rule.get("PrefixListIds") for rule in egress), egress
    # Key policies: Databricks' statements hold only for the environment's Databricks account.
    aliases = {a["AliasName"]: a["TargetKeyId"] for a in kms.list_aliases()["Aliases"] if "TargetKeyId" in a}
    for alias in ("alias/prod-lakehouse-databricks-managed-services", "alias/prod-lakehouse-databricks-workspace-storage"):
        policy = json.loads(kms.get_key_policy(KeyId=aliases[alias], PolicyName="default")["Policy"])
        statements = databricks_statements(policy)
        assert statements and all(account_tag_values(st) == [DATABRICKS_ACCOUNT] for st in statements), policy
    # Every role trust and bucket policy of prod admitting Databricks is bound to its Databricks account too.
    iam, s3 = prod.emulator.client("iam"), prod.emulator.client("s3")
    credential_external_id = json.loads(prod.tofu("output", "-json").stdout)["unity_catalog_credential_external_id"]["value"]
    documents = {
        f"trust of {r['RoleName']}": r["AssumeRolePolicyDocument"]
        for r in iam.list_roles()["Roles"]
        if r["RoleName"].startswith("prod-")
    }
    documents |= {
        f"policy of {b['Name']}": s3.get_bucket_policy(Bucket=b["Name"])["Policy"]
        for b in s3.list_buckets()["Buckets"]
        if b["Name"].startswith("prod-")
    }
    unbound = [
        f"{where}: {p}"
        for where, doc in documents.items()
        for p in databricks_binding_problems(doc, DATABRICKS_ACCOUNT, [credential_external_id])
    ]
    assert unbound == [], "\n".join(unbound)
    measurements["prod_databricks_trust_and_bucket_statements_bound"] = sum(
        len(databricks_admissions(d)) for d in documents.values()
    )
    assert measurements["prod_databricks_trust_and_bucket_statements_bound"] >= 3
    second = prod.tofu("plan", "-input=false", "-detailed-exitcode", check=False)
    assert second.returncode == 0, f"second plan is not empty:\n{second.stdout[-6000:]}"


def test_prod_refuses_to_destroy_its_data_stores(prod: Stack) -> None:
    refused = prod.tofu("destroy", "-input=false", "-auto-approve", check=False)
    assert refused.returncode != 0
    assert "cannot be destroyed" in refused.stderr
    # OpenTofu: "Resource instance X has prevent_destroy set"; Terraform: "Resource X has lifecycle.prevent_destroy set".
    protected = sorted(
        set(re.findall(r"Resource\s+(?:instance\s+)?(\S+)\s+has\s+(?:lifecycle\.)?prevent_destroy\s+set", refused.stderr))
    )
    assert protected == [
        "aws_kms_key.flow-logs_key_26A6A883",
        "aws_kms_key.lakehouse-storage_key_BA21B752",
        "aws_kms_key.managed-services-key_622C0EC0",
        "aws_kms_key.storage-key_2BA13614",
        "aws_s3_bucket.access-logs_bucket_1581D030",
        "aws_s3_bucket.lakehouse-storage_bucket_BCFA945D",
        "aws_s3_bucket.root-bucket_FC144604",
    ], refused.stderr[-3000:]
    # Refused at plan time: nothing at all was destroyed.
    assert len(prod.managed_state_addresses()) == prod.managed_resource_count()
    s3 = prod.emulator.client("s3")
    assert sorted(b["Name"] for b in s3.list_buckets()["Buckets"]) == [
        f"prod-lakehouse-access-logs-{PROD_ACCOUNT}",
        f"prod-lakehouse-data-{PROD_ACCOUNT}",
        f"prod-lakehouse-root-{PROD_ACCOUNT}",
    ]


def test_dev_configuration_refuses_another_account(foundation) -> None:
    # allowed_account_ids is the guard that keeps a dev plan off prod: pointed at the prod
    # account's emulator, the dev configuration must stop before planning anything.
    stray: Stack = foundation("dev", PROD_ACCOUNT, label="dev-in-prod-account")
    refused = stray.tofu("plan", "-input=false", check=False)
    assert refused.returncode != 0
    assert PROD_ACCOUNT in refused.stderr and "not allowed" in refused.stderr, refused.stderr[-2000:]
