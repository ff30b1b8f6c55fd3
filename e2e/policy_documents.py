"""Checks that an IAM, KMS or bucket policy document names only things AWS can match.

AWS stores a policy whose Resource is a malformed ARN or whose condition key is misspelled, and
then never matches it: the grant silently does nothing (or the deny never applies). So every
Resource and Principal must be `*` or a well-formed ARN of its service, and every condition key one
that AWS documents. Sources: "Amazon Resource Names (ARNs)" and "IAM JSON policy elements" in the
IAM User Guide, "AWS global condition context keys", and the Service Authorization Reference pages
of IAM, STS, KMS, S3 and EC2 for the service keys below.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

PARTITIONS = ("aws", "aws-us-gov", "aws-cn")
REGION = re.compile(r"^([a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d|\*)$")
ACCOUNT = re.compile(r"^(\d{12}|\*)$")
BUCKET = re.compile(r"^(\*|[a-z0-9*][a-z0-9.*-]{1,61}[a-z0-9*])$")

# Per service: (region, account, resource pattern). region/account: "none" (must be empty),
# "required" (a region / 12-digit account, or *). Resource patterns follow each service's resource types.
SERVICES: dict[str, tuple[str, str, re.Pattern[str]]] = {
    "iam": ("none", "iam", re.compile(r"^(root|(role|user|group|policy|instance-profile|oidc-provider|saml-provider)/.+)$")),
    "sts": ("none", "required", re.compile(r"^(assumed-role|federated-user|self)/.+$")),
    "s3": ("none", "none", re.compile(r"^[^/]+(/.*)?$")),
    "kms": ("required", "required", re.compile(r"^(key|alias)/[A-Za-z0-9/_*+=.@-]+$")),
    "ec2": ("required", "required_or_empty", re.compile(r"^[a-z-]+(/.+)?$|^\*$")),
    "logs": ("required", "required", re.compile(r"^log-group:.+$")),
    "sqs": ("required", "required", re.compile(r"^[A-Za-z0-9_*-]+(\.fifo)?$")),
    "sns": ("required", "required", re.compile(r"^[A-Za-z0-9_*-]+(\.fifo)?$")),
    "kinesis": ("required", "required", re.compile(r"^stream/.+$")),
    "cloudtrail": ("required", "required", re.compile(r"^trail/.+$")),
}

GLOBAL_KEYS = {
    key.lower()
    for key in [
        "aws:CalledVia",
        "aws:CalledViaFirst",
        "aws:CalledViaLast",
        "aws:CurrentTime",
        "aws:EpochTime",
        "aws:FederatedProvider",
        "aws:MultiFactorAuthAge",
        "aws:MultiFactorAuthPresent",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "aws:PrincipalIsAWSService",
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalServiceName",
        "aws:PrincipalServiceNamesList",
        "aws:PrincipalType",
        "aws:referer",
        "aws:RequestedRegion",
        "aws:ResourceAccount",
        "aws:ResourceOrgID",
        "aws:ResourceOrgPaths",
        "aws:SecureTransport",
        "aws:SourceAccount",
        "aws:SourceArn",
        "aws:SourceIdentity",
        "aws:SourceIp",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:SourceVpc",
        "aws:SourceVpcArn",
        "aws:SourceVpce",
        "aws:TagKeys",
        "aws:TokenIssueTime",
        "aws:UserAgent",
        "aws:userid",
        "aws:username",
        "aws:ViaAWSService",
        "aws:VpcSourceIp",
        "aws:VpceAccount",
        "aws:VpceOrgID",
        "aws:VpceOrgPaths",
        "aws:Ec2InstanceSourceVpc",
        "aws:Ec2InstanceSourcePrivateIPv4",
    ]
}
# Keys that take a tag key or context key after the slash or colon.
KEY_PREFIXES = (
    "aws:principaltag/",
    "aws:requesttag/",
    "aws:resourcetag/",
    "ec2:resourcetag/",
    "kms:encryptioncontext:",
)
SERVICE_KEYS = {
    key.lower()
    for key in [
        "sts:ExternalId",
        "sts:RoleSessionName",
        "sts:SourceIdentity",
        "sts:TransitiveTagKeys",
        "iam:PassedToService",
        "iam:AssociatedResourceArn",
        "iam:AWSServiceName",
        "iam:PermissionsBoundary",
        "kms:CallerAccount",
        "kms:ViaService",
        "kms:GrantIsForAWSResource",
        "kms:GrantOperations",
        "kms:EncryptionContextKeys",
        "kms:KeySpec",
        "kms:KeyUsage",
        "kms:KeyOrigin",
        "kms:EncryptionAlgorithm",
        "s3:x-amz-acl",
        "s3:x-amz-server-side-encryption",
        "s3:x-amz-server-side-encryption-aws-kms-key-id",
        "s3:TlsVersion",
        "s3:prefix",
        "s3:authType",
        "s3:ResourceAccount",
        "s3:DataAccessPointArn",
        "s3:DataAccessPointAccount",
        "ec2:vpc",
        "ec2:Vpc",
        "ec2:Region",
        "ec2:Subnet",
        "ec2:CreateAction",
        "ec2:InstanceProfile",
        "ec2:Attribute",
        "ec2:ResourceTag",
        "ec2:Tenancy",
        "ec2:VolumeType",
        "ec2:IsLaunchTemplateResource",
        "ec2:LaunchTemplate",
        "ec2:SourceInstanceARN",
        "logs:LogGroupName",
    ]
}
PRINCIPAL_KINDS = {"AWS", "Service", "Federated", "CanonicalUser"}


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else [value]


def arn_problem(arn: str) -> str | None:
    """Why `arn` is not a well-formed ARN of its service, or None when it is (or is `*`)."""
    if arn == "*":
        return None
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        return f"'{arn}' is not an ARN (arn:partition:service:region:account:resource)"
    _, partition, service, region, account, resource = parts
    if partition not in PARTITIONS:
        return f"'{arn}' has partition '{partition}', not one of {', '.join(PARTITIONS)}"
    rule = SERVICES.get(service)
    if rule is None:
        return f"'{arn}' names service '{service}', which this check does not know (add it to SERVICES)"
    region_rule, account_rule, resource_pattern = rule
    if region_rule == "none" and region:
        return f"'{arn}': {service} ARNs have no region, but '{region}' is given"
    if region_rule == "required" and not REGION.match(region):
        return f"'{arn}': '{region}' is not a region"
    if account_rule == "none" and account:
        return f"'{arn}': {service} ARNs have no account, but '{account}' is given"
    if account_rule == "iam" and not (ACCOUNT.match(account) or account == "aws"):
        return f"'{arn}': '{account}' is not a 12-digit account id"
    if account_rule == "required" and not ACCOUNT.match(account):
        return f"'{arn}': '{account}' is not a 12-digit account id"
    if account_rule == "required_or_empty" and account and not ACCOUNT.match(account):
        return f"'{arn}': '{account}' is not a 12-digit account id"
    if not resource_pattern.match(resource):
        return f"'{arn}': '{resource}' is not a {service} resource"
    if service == "s3" and not BUCKET.match(resource.split("/", 1)[0]):
        return f"'{arn}': '{resource.split('/', 1)[0]}' is not a bucket name"
    return None


def principal_problems(principal: object) -> Iterable[str]:
    if principal == "*":
        return
    if not isinstance(principal, dict):
        yield f"Principal {principal!r} is neither * nor a map of principal kinds"
        return
    for kind, values in principal.items():
        if kind not in PRINCIPAL_KINDS:
            yield f"Principal kind '{kind}' is not one of {', '.join(sorted(PRINCIPAL_KINDS))}"
            continue
        for value in _as_list(values):
            if kind == "AWS" and not (value == "*" or re.fullmatch(r"\d{12}", value)):
                problem = arn_problem(value)
                if problem is None and value.split(":")[2] not in ("iam", "sts"):
                    problem = f"'{value}' is not an IAM or STS principal"
                if problem:
                    yield f"Principal {problem}"
            if kind == "Service" and not re.fullmatch(r"[a-z0-9.-]+\.amazonaws\.com(\.cn)?", value):
                yield f"Principal Service '{value}' is not a service principal (NAME.amazonaws.com)"


def condition_key_known(key: str) -> bool:
    lowered = key.lower()
    return (
        lowered in GLOBAL_KEYS
        or lowered in SERVICE_KEYS
        or any(lowered.startswith(p) and len(lowered) > len(p) for p in KEY_PREFIXES)
    )


def document_problems(document: str | dict) -> list[str]:
    """Every Resource, Principal and condition key of the document that AWS could not match."""
    doc = json.loads(document) if isinstance(document, str) else document
    problems: list[str] = []
    for index, statement in enumerate(_as_list(doc.get("Statement", []))):
        where = f"statement {statement.get('Sid') or index}"
        for element in ("Resource", "NotResource"):
            for resource in _as_list(statement.get(element, [])):
                problem = arn_problem(resource)
                if problem:
                    problems.append(f"{where}: {element} {problem}")
        for element in ("Principal", "NotPrincipal"):
            if element in statement:
                problems += [f"{where}: {p}" for p in principal_problems(statement[element])]
        for operator, keys in (statement.get("Condition") or {}).items():
            for key in keys:
                if not condition_key_known(key):
                    problems.append(f"{where}: condition key '{key}' (under {operator}) is not one AWS documents")
    return problems


# Databricks' AWS account (commercial partition): its principals serve every Databricks customer.
DATABRICKS_AWS_ACCOUNT = "414351767826"


def _names_databricks(principal: object) -> bool:
    values = principal.values() if isinstance(principal, dict) else [principal]
    return any(
        name == DATABRICKS_AWS_ACCOUNT or f"::{DATABRICKS_AWS_ACCOUNT}:" in name
        for value in values
        for name in map(str, _as_list(value))
    )


def databricks_admissions(document: str | dict) -> list[dict]:
    """The Allow statements of the document whose Principal names Databricks' AWS account."""
    doc = json.loads(document) if isinstance(document, str) else document
    return [
        s
        for s in _as_list(doc.get("Statement", []))
        if s.get("Effect", "Allow") == "Allow" and "Principal" in s and _names_databricks(s["Principal"])
    ]


def _only(equals: dict, key: str, allowed: set[str]) -> bool:
    """Whether the StringEquals condition on `key` admits exactly one value, and one of `allowed`."""
    values = [str(v) for v in _as_list(equals.get(key, []))]
    return len(values) == 1 and values[0] in allowed


def databricks_binding_problems(document: str | dict, databricks_account: str, external_ids: Iterable[str] = ()) -> list[str]:
    """Statements admitting Databricks that do not hold only for the environment's Databricks account.

    Bound, as Databricks documents per policy: aws:PrincipalTag/DatabricksAccountId equal to the
    account (root bucket, key policies), or, for a statement granting only sts:AssumeRole,
    sts:ExternalId equal to the account (cross-account and log delivery roles) or to one of
    `external_ids` (the external id Databricks issued for a Unity Catalog storage credential).
    """
    problems: list[str] = []
    for index, statement in enumerate(databricks_admissions(document)):
        equals = statement.get("Condition", {}).get("StringEquals", {})
        actions = [str(a) for a in _as_list(statement.get("Action", []))]
        assumes_only = bool(actions) and all(a == "sts:AssumeRole" for a in actions)
        tagged = _only(equals, "aws:PrincipalTag/DatabricksAccountId", {databricks_account})
        external = assumes_only and _only(equals, "sts:ExternalId", {databricks_account, *external_ids})
        if not (tagged or external):
            problems.append(
                f"statement {statement.get('Sid') or index}: admits Databricks' account {DATABRICKS_AWS_ACCOUNT} without "
                f"aws:PrincipalTag/DatabricksAccountId = {databricks_account} (or, for sts:AssumeRole, sts:ExternalId of this account)"
            )
    return problems
