"""The audit detections of ``notebooks/detections`` run unchanged against the documented system tables.

One set of events feeds every detection: for each, events it must flag and benign neighbours it
must not (the same change by the deployment pipeline, a dev catalog, three failed logins instead of
ten, a refused request, an event older than the window). Every detection runs on all of them, so
the exact set of flagged ``event_id``s also proves it ignores the other detections' events.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pyspark.errors import AnalysisException

from lakehouse import detections
from lakehouse.system_tables import SYSTEM_TABLE_DDL, drop_local_system_catalog, local_system_catalog, schema_of

REPO_ROOT = Path(__file__).resolve().parents[2]

ACCOUNT = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
WS_PROD = "1111111111111111"
WS_DEV = "2222222222222222"
WS_READER = "4444444444444444"  # a dev workspace the production catalog is bound to read-only
ACCOUNT_LEVEL = "0"  # the workspace_id of account-level events (account console sign-ins, account groups)
DEPLOYER = "7f3c2a10-5b7e-4c1e-9a8d-2f6b1c0d9e41"  # the CI/CD service principal's application id
JOB_SP = "c0ffee00-1234-4abc-8def-0123456789ab"  # the ingestion job's service principal
ALICE = "alice@example.com"
BOB = "bob@example.com"

# One environment's values, written the way a person would (spaces, other case) to prove that
# list items are trimmed and compared case-insensitively.
PARAMETERS = {
    "lookback_minutes": "60",
    "watched_workspace_ids": f" {WS_PROD} ",
    "deployer_principals": f" {DEPLOYER.upper()} , release-bot@example.com",
    "admin_groups": "admins, Lakehouse-Prod-Admins",
    "production_catalogs": "prod, prod_gold",
    "bound_workspace_ids": f"{WS_PROD}, 3333333333333333",
    "read_only_workspace_ids": f" {WS_READER} ",
    "untagged_schemas": " Bronze ,landing",
    "pii_columns": "customer_id, Customer_City",
    "pii_readers": f" {JOB_SP.upper()} ",
    "allowed_secret_readers": JOB_SP,
    "classified_catalogs": " Prod ",
}

# The same environment where it owns the metastore's system tables: it also reports account-level events.
OWNER_PARAMETERS = {**PARAMETERS, "watched_workspace_ids": f"{WS_PROD}, {ACCOUNT_LEVEL}"}
# Another environment's view of the same table: its own workspace only.
DEV_PARAMETERS = {**PARAMETERS, "watched_workspace_ids": WS_DEV}

STALE_MINUTES = 180  # outside the 60-minute window

# detection id -> the exact event_ids it must return
EXPECTED: dict[str, set[str]] = {
    "failed_login_burst": {"login-burst-10"},
    "admin_group_membership_changed": {"admin-added", "admin-role-given"},
    "token_created_or_lifetime_changed": {"token-created", "token-lifetime-unlimited", "tokens-enabled"},
    "ip_access_list_changed": {"ipacl-updated", "ipacl-enforcement-off"},
    "workspace_setting_changed": {"setting-verbose-audit-off", "setting-api-changed"},
    "cluster_policy_changed": {"policy-edited", "policy-acl-changed"},
    "secret_read_by_unexpected_principal": {"secret-read-by-person", "secret-read-refused"},
    "production_catalog_grant": {"grant-prod-schema", "grant-prod-gold-catalog"},
    "results_downloaded_or_notebook_exported": {"download-preview", "download-sql-result", "export-notebook"},
    "catalog_read_from_unbound_workspace": {"lineage-prod-from-dev", "gettable-prod-from-dev-refused"},
    "prod_results_downloaded_in_dev": {"download-prod-in-reader", "export-prod-in-reader"},
    "unmasked_pii_column_read": {"pii-untagged-read-by-alice", "pii-untagged-read-in-reader"},
    "classified_personal_column_untagged": {
        "t-customers/customer_city/class.location",
        "t-order-facts-gold/buyer_email/class.email",
    },
}

# Detections that look at every workspace on purpose (each file's header says why): they are scoped
# by production_catalogs instead, which only prod names.
UNSCOPED = {
    "production_catalog_grant",
    "catalog_read_from_unbound_workspace",
    "prod_results_downloaded_in_dev",
    "unmasked_pii_column_read",
    "classified_personal_column_untagged",
}

# detection id -> the account-level (workspace_id 0) events it flags where 0 is watched, and only there
ACCOUNT_LEVEL_EXPECTED: dict[str, set[str]] = {
    "failed_login_burst": {"login-account-burst-10"},
    "admin_group_membership_changed": {"account-admin-added"},
    "workspace_setting_changed": {"account-setting-changed"},
}


def _in_dev(event_id: str) -> str:
    """The id of a firing event's copy in the dev workspace (the benign neighbour of the prod view)."""
    return event_id + "-in-dev"


# detection id -> what it flags in dev's view of the same table: the dev copies of its findings only
DEV_EXPECTED: dict[str, set[str]] = {
    detection_id: (expected if detection_id in UNSCOPED else {_in_dev(e) for e in expected})
    for detection_id, expected in EXPECTED.items()
}


def _audit(event_id, service, action, *, ago=10, email=ALICE, params=None, status=200, workspace=WS_PROD, ip="198.51.100.7"):
    """One ``system.access.audit`` row, ``ago`` minutes before now."""
    t = datetime.now(UTC) - timedelta(minutes=ago)
    return {
        "account_id": ACCOUNT,
        "workspace_id": workspace,
        "version": "2.0",
        "event_time": t,
        "event_date": t.date(),
        "source_ip_address": ip,
        "user_agent": "Mozilla/5.0",
        "session_id": f"session-{event_id}",
        "user_identity": {"email": email, "subject_name": None},
        "service_name": service,
        "action_name": action,
        "request_id": f"request-{event_id}",
        "request_params": params or {},
        "response": {"status_code": status, "error_message": None if status == 200 else "refused", "result": None},
        "audit_level": "ACCOUNT_LEVEL" if workspace == "0" else "WORKSPACE_LEVEL",
        "event_id": event_id,
        "identity_metadata": {
            "run_by": email,
            "run_as": email,
            "acting_resource": None,
            "run_by_display_name": None,
            "run_as_display_name": None,
        },
    }


def _lineage(record_id, catalog, workspace, *, ago=10, created_by=ALICE):
    """One ``system.access.table_lineage`` row: ``created_by`` read ``<catalog>.sales.orders``."""
    t = datetime.now(UTC) - timedelta(minutes=ago)
    return {
        "account_id": ACCOUNT,
        "metastore_id": "0a1b2c3d-0000-4000-8000-000000000001",
        "workspace_id": workspace,
        "entity_type": "NOTEBOOK",
        "entity_id": "4242",
        "entity_run_id": f"run-{record_id}",
        "source_table_full_name": f"{catalog}.sales.orders",
        "source_table_catalog": catalog,
        "source_table_schema": "sales",
        "source_table_name": "orders",
        "source_type": "TABLE",
        "created_by": created_by,
        "event_time": t,
        "event_date": t.date(),
        "record_id": record_id,
        "event_id": f"lineage-event-{record_id}",
        "entity_metadata": {"notebook_id": "4242"},
        "direct_access": True,
    }


def _grant(principal, *privileges):
    return json.dumps([{"principal": principal, "add": list(privileges)}])


def _audit_events() -> list[dict]:
    # fmt: off
    events = []
    # failed_login_burst: ten refused sign-ins for one name from one address fire (the latest is
    # the finding's event); three for another user, five and five from two addresses, twelve
    # successful token logins and an old burst do not.
    for i in range(1, 11):
        events.append(_audit(f"login-burst-{i:02d}", "accounts", "login", ago=21 - i, email=None, params={"user": "mallory@example.com"}, status=401, ip="203.0.113.9"))
    for i in range(3):
        events.append(_audit(f"login-typo-{i}", "accounts", "aadBrowserLogin", email=None, params={"user": BOB}, status=401))
    for i in range(10):
        ip = "203.0.113.20" if i % 2 else "203.0.113.21"
        events.append(_audit(f"login-split-{i}", "accounts", "samlLogin", email=None, params={"user": "dave@example.com"}, status=401, ip=ip))
    for i in range(12):
        events.append(_audit(f"login-ok-{i}", "accounts", "tokenLogin", email="carol@example.com", params={"user": "carol@example.com"}))
    for i in range(10):
        events.append(_audit(f"login-burst-old-{i}", "accounts", "login", ago=STALE_MINUTES, email=None, params={"user": "mallory@example.com"}, status=401, ip="203.0.113.9"))
    # the same burst in the dev workspace, and one at the account console (workspace_id 0)
    for i in range(1, 11):
        events.append(_audit(_in_dev(f"login-burst-{i:02d}"), "accounts", "login", ago=21 - i, email=None, params={"user": "mallory@example.com"}, status=401, ip="203.0.113.9", workspace=WS_DEV))
        events.append(_audit(f"login-account-burst-{i:02d}", "accounts", "login", ago=21 - i, email=None, params={"user": "oscar@example.com"}, status=401, ip="203.0.113.50", workspace=ACCOUNT_LEVEL))

    group_change = {"targetGroupName": "lakehouse-prod-admins", "targetUserName": "eve@example.com", "targetUserId": "42", "targetGroupId": "7"}
    events += [
        _audit("admin-added", "accounts", "addPrincipalToGroup", params=group_change),
        _audit("admin-role-given", "accounts", "setAdmin", params={"targetUserName": "eve@example.com"}),
        _audit("admin-added-by-deployer", "accounts", "addPrincipalToGroup", email=DEPLOYER, params=group_change),
        _audit("group-added-analysts", "accounts", "addPrincipalToGroup", params={**group_change, "targetGroupName": "analysts"}),
        _audit("admin-add-refused", "accounts", "addPrincipalToGroup", params=group_change, status=403),
        # the account group given ADMIN, changed in the account console: account-level
        _audit("account-admin-added", "accounts", "addPrincipalToGroup", params=group_change, workspace=ACCOUNT_LEVEL),
    ]
    events.append(_audit("account-setting-changed", "settings", "setSetting", params={"settingName": "restrict_workspace_admins", "settingKeyName": "default", "settingValueForAudit": "ALLOW_ALL"}, workspace=ACCOUNT_LEVEL))
    events += [
        _audit("token-created", "accounts", "generateDbToken", params={"tokenExpirationTime": "1767225600000"}),
        _audit("token-lifetime-unlimited", "workspace", "workspaceConfEdit", params={"workspaceConfKeys": "maxTokenLifetimeDays", "workspaceConfValues": "0"}),
        _audit("tokens-enabled", "workspace", "workspaceConfEdit", params={"workspaceConfKeys": "enableTokensConfig", "workspaceConfValues": "true"}),
        _audit("token-lifetime-by-deployer", "workspace", "workspaceConfEdit", email=DEPLOYER, params={"workspaceConfKeys": "maxTokenLifetimeDays", "workspaceConfValues": "90"}),
        _audit("token-revoked", "accounts", "revokeDbToken", params={"tokenId": "abc"}),
        _audit("token-create-refused", "accounts", "generateDbToken", email=BOB, status=403),
    ]
    events += [
        _audit("ipacl-updated", "accounts", "updateIpAccessList", params={"ipAccessListId": "list-1", "userId": "42"}),
        _audit("ipacl-enforcement-off", "workspace", "workspaceConfEdit", params={"workspaceConfKeys": "enableIpAccessLists", "workspaceConfValues": "false"}),
        _audit("ipacl-created-by-deployer", "accounts", "createIpAccessList", email=DEPLOYER, params={"ipAccessListId": "list-2", "userId": "1"}),
        _audit("ipacl-denied", "accounts", "IpAccessDenied", email=BOB, params={"path": "/api/2.0/clusters/list", "user": BOB}, status=403),
    ]
    events += [
        _audit("setting-verbose-audit-off", "workspace", "workspaceConfEdit", params={"workspaceConfKeys": "enableVerboseAuditLogs", "workspaceConfValues": "false"}),
        _audit("setting-api-changed", "settings", "setSetting", params={"settingName": "restrict_workspace_admins", "settingKeyName": "default", "settingValueForAudit": "ALLOW_ALL"}),
        _audit("setting-by-deployer", "workspace", "workspaceConfEdit", email=DEPLOYER, params={"workspaceConfKeys": "enableExportNotebook", "workspaceConfValues": "false"}),
        _audit("setting-refused", "workspace", "workspaceConfEdit", email=BOB, params={"workspaceConfKeys": "enableDbfsFileBrowser", "workspaceConfValues": "true"}, status=403),
    ]
    events += [
        _audit("policy-edited", "clusterPolicies", "edit", params={"policyId": "ABC123", "name": "jobs"}),
        _audit("policy-acl-changed", "clusterPolicies", "changeClusterPolicyAcl", params={"shardName": "s", "targetUserId": "42", "resourceId": "ABC123", "aclPermissionSet": "CAN_USE"}),
        _audit("policy-created-by-deployer", "clusterPolicies", "create", email=DEPLOYER, params={"name": "analysts"}),
        _audit("cluster-created", "clusters", "create", params={"cluster_name": "scratch", "policy_id": "ABC123"}),
    ]
    events += [
        _audit("secret-read-by-person", "secrets", "getSecret", params={"scope": "lakehouse-jdbc", "key": "password"}),
        _audit("secret-read-refused", "secrets", "getSecret", email=BOB, params={"scope": "lakehouse-jdbc", "key": "password"}, status=403),
        _audit("secret-read-by-job", "secrets", "getSecret", email=JOB_SP, params={"scope": "lakehouse-jdbc", "key": "password"}),
        _audit("secret-listed", "secrets", "listSecrets", params={"scope": "lakehouse-jdbc"}),
    ]
    permissions = "updatePermissions"
    events += [
        _audit("grant-prod-schema", "unityCatalog", permissions, params={"securable_type": "schema", "securable_full_name": "prod.sales", "changes": _grant("analysts", "SELECT", "USE_SCHEMA")}),
        _audit("grant-prod-gold-catalog", "unityCatalog", permissions, params={"securable_type": "catalog", "securable_full_name": "PROD_GOLD", "changes": _grant("eve@example.com", "ALL_PRIVILEGES")}),
        _audit("grant-dev-catalog", "unityCatalog", permissions, params={"securable_type": "schema", "securable_full_name": "dev.sales", "changes": _grant("analysts", "SELECT")}),
        _audit("grant-lookalike-catalog", "unityCatalog", permissions, params={"securable_type": "catalog", "securable_full_name": "prod_copy", "changes": _grant("analysts", "SELECT")}),
        _audit("revoke-prod", "unityCatalog", permissions, params={"securable_type": "table", "securable_full_name": "prod.sales.orders", "changes": json.dumps([{"principal": "analysts", "remove": ["SELECT"]}])}),
        _audit("grant-prod-by-deployer", "unityCatalog", permissions, email=DEPLOYER, params={"securable_type": "schema", "securable_full_name": "prod.sales", "changes": _grant("engineers", "MODIFY")}),
    ]
    events += [
        _audit("download-preview", "notebook", "downloadPreviewResults", params={"notebookId": "4242", "notebookFullPath": "/Users/alice@example.com/scratch"}),
        _audit("download-sql-result", "databrickssql", "downloadQueryResult", params={"queryResultId": "result-1", "fileType": "csv"}),
        _audit("export-notebook", "workspace", "workspaceExport", params={"notebookFullPath": "/Shared/pipeline", "workspaceExportFormat": "SOURCE"}),
        _audit("download-refused", "notebook", "downloadLargeResults", email=BOB, params={"notebookId": "4242"}, status=403),
        _audit("notebook-command", "notebook", "runCommand", params={"notebookId": "4242", "status": "finished"}),
    ]
    events += [
        _audit("gettable-prod-from-dev-refused", "unityCatalog", "getTable", workspace=WS_DEV, params={"full_name_arg": "prod.sales.orders", "workspace_id": WS_DEV}, status=403),
        _audit("gettable-prod-from-prod", "unityCatalog", "getTable", params={"full_name_arg": "prod.sales.orders", "workspace_id": WS_PROD}),
        _audit("gettable-dev-from-dev", "unityCatalog", "getTable", workspace=WS_DEV, params={"full_name_arg": "dev.sales.orders", "workspace_id": WS_DEV}),
        # the read-only binding: looking up prod's tables from the dev workspace bound read-only is expected
        _audit("gettable-prod-from-reader", "unityCatalog", "getTable", workspace=WS_READER, params={"full_name_arg": "prod.sales.orders", "workspace_id": WS_READER}),
    ]
    # prod_results_downloaded_in_dev: alice read prod in the read-only dev workspace, then downloaded
    # and exported there; bob downloaded there without reading prod; carol read prod there and
    # downloaded in another workspace; alice's refused download
    events += [
        _audit("download-prod-in-reader", "notebook", "downloadPreviewResults", workspace=WS_READER, params={"notebookId": "77", "notebookFullPath": "/Users/alice@example.com/explore"}),
        _audit("export-prod-in-reader", "workspace", "workspaceExport", email=ALICE.upper(), workspace=WS_READER, params={"notebookFullPath": "/Users/alice@example.com/explore", "workspaceExportFormat": "HTML"}),
        _audit("download-in-reader-without-prod-read", "databrickssql", "downloadQueryResult", email=BOB, workspace=WS_READER, params={"queryResultId": "r-9", "fileType": "csv"}),
        _audit("download-elsewhere-after-prod-read", "databrickssql", "downloadQueryResult", email="carol@example.com", workspace="5555555555555555", params={"queryResultId": "r-10"}),
        _audit("download-prod-in-reader-refused", "notebook", "downloadLargeResults", workspace=WS_READER, params={"notebookId": "77"}, status=403),
    ]
    # fmt: on
    # every event that fires where its workspace is watched, again in the dev workspace: the benign
    # neighbour of the prod view, and dev's own finding (the burst's copies are written out above)
    scoped_firing = set().union(*(EXPECTED[d] for d in EXPECTED if d not in UNSCOPED))
    events += [
        {**event, "event_id": _in_dev(event["event_id"]), "workspace_id": WS_DEV}
        for event in events
        if event["event_id"] in scoped_firing and not event["event_id"].startswith("login-burst")
    ]
    # every event that fires, again three hours ago: outside the window, it must not fire
    firing = set().union(*EXPECTED.values())
    stale = []
    for event in events:
        if event["event_id"] in firing and not event["event_id"].startswith("login-burst"):
            t = event["event_time"] - timedelta(minutes=STALE_MINUTES)
            stale.append({**event, "event_id": event["event_id"] + "-old", "event_time": t, "event_date": t.date()})
    return events + stale


def _lineage_events() -> list[dict]:
    return [
        _lineage("lineage-prod-from-dev", "prod", WS_DEV),
        _lineage("lineage-prod-from-prod", "prod", WS_PROD),
        _lineage("lineage-dev-from-dev", "dev", WS_DEV),
        _lineage("lineage-prod-from-dev-old", "prod", WS_DEV, ago=STALE_MINUTES),
        # the read-only binding: masked reads by developers in the dev workspace bound read-only
        _lineage("lineage-prod-from-reader", "prod", WS_READER),
        _lineage("lineage-prod-from-reader-by-carol", "prod", WS_READER, created_by="carol@example.com"),
        _lineage("lineage-dev-from-reader-by-bob", "dev", WS_READER, created_by=BOB),
    ]


def _column_read(record_id, table, column, *, catalog="prod", workspace=WS_PROD, ago=10, created_by=ALICE, schema="silver"):
    """One ``system.access.column_lineage`` row: ``created_by`` read ``<catalog>.<schema>.<table>.<column>``."""
    return {
        **_lineage(record_id, catalog, workspace, ago=ago, created_by=created_by),
        "source_table_full_name": f"{catalog}.{schema}.{table}",
        "source_table_schema": schema,
        "source_table_name": table,
        "source_column_name": column,
    }


def _column_events() -> list[dict]:
    return [
        # customers.customer_city lost its tag: alice reads it in prod, and in the dev workspace bound read-only
        _column_read("pii-untagged-read-by-alice", "customers", "customer_city"),
        _column_read("pii-untagged-read-in-reader", "customers", "customer_city", workspace=WS_READER, created_by=BOB),
        # the same column read by the pipelines' principal, in a dev catalog, and three hours ago
        _column_read("pii-untagged-read-by-pipeline", "customers", "customer_city", created_by=JOB_SP),
        _column_read("pii-untagged-read-in-dev-catalog", "customers", "customer_city", catalog="dev", workspace=WS_DEV),
        _column_read("pii-untagged-read-old", "customers", "customer_city", ago=STALE_MINUTES),
        # tagged columns are masked for alice: orders.customer_id (pii_key), not a finding
        _column_read("pii-tagged-read", "orders", "customer_id"),
        # a column the contract does not call personal, untagged
        _column_read("internal-untagged-read", "orders", "order_status"),
        # bronze is raw and never tagged (no developer has a grant on it): a prod engineer's read is not a finding
        _column_read("pii-bronze-read-by-prod-engineer", "customers", "customer_city", schema="bronze"),
        _column_read("pii-bronze-read-of-a-key", "orders", "customer_id", schema="Bronze", created_by=BOB),
    ]


def _column_tags() -> list[dict]:
    tag = {"catalog_name": "prod", "schema_name": "silver", "tag_name": "sensitivity"}
    return [
        {**tag, "table_name": "orders", "column_name": "customer_id", "tag_value": "pii_key"},
        # the city carries the tag on another table, and another tag here: neither masks customers.customer_city
        {**tag, "table_name": "order_facts", "column_name": "customer_city", "tag_value": "pii"},
        {**tag, "table_name": "customers", "column_name": "customer_city", "tag_value": "internal"},
    ]


# Raw values a classification scan keeps in `samples`: none may reach a detection's result.
SAMPLES = {
    "t-customers": ["sao paulo", "campinas"],
    "t-order-facts-gold": ["ana.souza@example.com"],
}


def _classified(
    table_id, table, column, class_tag, *, catalog="prod", schema="silver", confidence="HIGH", ago=10, first_ago=4320
):
    """One ``system.data_classification.results`` row: the latest scan ``ago`` minutes before now."""
    now = datetime.now(UTC)
    return {
        "latest_detected_time": now - timedelta(minutes=ago),
        "first_detected_time": now - timedelta(minutes=max(ago, first_ago)),
        "catalog_id": f"catalog-{catalog}",
        "table_id": table_id,
        "catalog_name": catalog,
        "schema_name": schema,
        "table_name": table,
        "column_name": column,
        "data_type": "string",
        "class_tag": class_tag,
        "samples": SAMPLES.get(table_id, ["a raw value"]),
        "confidence": confidence,
        "frequency": 0.9,
    }


def _classification_results() -> list[dict]:
    return [
        # customers.customer_city carries sensitivity internal, not pii: found three days ago and again now
        _classified("t-customers", "customers", "customer_city", "class.location"),
        # a column the contract does not know, in gold
        _classified("t-order-facts-gold", "order_facts", "buyer_email", "class.email", schema="gold"),
        # tagged pii_key and pii: masked, not a finding (order_facts.customer_city is tagged in silver)
        _classified("t-orders", "orders", "customer_id", "class.name"),
        _classified("t-order-facts", "order_facts", "customer_city", "class.location"),
        # a LOW-confidence guess, a dev catalog, the untagged bronze schema, and a scan three hours ago
        _classified("t-customers", "customers", "customer_state", "class.location", confidence="LOW"),
        _classified("t-dev-customers", "customers", "customer_city", "class.location", catalog="dev"),
        _classified("t-bronze-customers", "customers", "customer_city", "class.location", schema="Bronze"),
        _classified("t-sellers", "sellers", "seller_city", "class.location", ago=STALE_MINUTES),
    ]


@pytest.fixture(scope="module")
def system_spark(spark):
    session = local_system_catalog(
        spark,
        {
            "access.audit": _audit_events(),
            "access.table_lineage": _lineage_events(),
            "access.column_lineage": _column_events(),
            "information_schema.column_tags": _column_tags(),
            "data_classification.results": _classification_results(),
        },
    )
    yield session
    drop_local_system_catalog(session)


ALL = detections.load()
BY_ID = {d.id: d for d in ALL}


def test_every_detection_file_has_its_events_and_expectations():
    assert len(ALL) >= 10, f"only {len(ALL)} detections in {detections.DETECTIONS_DIR}"
    assert sorted(BY_ID) == sorted(EXPECTED), "a detection without events (or events for a missing file)"


@pytest.mark.parametrize("detection", ALL, ids=lambda d: d.id)
def test_file_follows_the_format(detection):
    assert detections.problems(detection) == []


@pytest.mark.parametrize("detection_id", sorted(EXPECTED))
def test_detection_flags_exactly_its_events(system_spark, detection_id):
    detection = BY_ID[detection_id]
    frame = detections.run(system_spark, detection, PARAMETERS)
    types = dict(frame.dtypes)
    for column, kind in detections.REQUIRED_COLUMNS.items():
        assert types.get(column) == kind, f"{detection_id}: column {column} is {types.get(column)}, not {kind}"
    rows = frame.collect()
    assert {r.event_id for r in rows} == EXPECTED[detection_id]
    assert len(rows) == len(EXPECTED[detection_id]), "one row per finding"
    for row in rows:
        assert row.finding and (row.actor is None or row.actor in row.finding), row


def test_scoped_detections_read_only_the_watched_workspaces():
    for detection in ALL:
        scoped = "watched_workspace_ids" in detection.parameters
        assert scoped != (detection.id in UNSCOPED), (
            f"{detection.id}: every detection limits itself to :watched_workspace_ids unless it is listed in UNSCOPED"
        )


@pytest.mark.parametrize("detection_id", sorted(EXPECTED))
def test_another_environment_sees_only_its_own_workspace(system_spark, detection_id):
    """Dev's copy of the alert, on the same account-wide table, flags dev's events and none of prod's."""
    rows = detections.run(system_spark, BY_ID[detection_id], DEV_PARAMETERS).collect()
    assert {r.event_id for r in rows} == DEV_EXPECTED[detection_id]
    if detection_id not in UNSCOPED:
        assert {r.workspace_id for r in rows} == {WS_DEV}


@pytest.mark.parametrize("detection_id", sorted(EXPECTED))
def test_account_level_events_fire_only_where_zero_is_watched(system_spark, detection_id):
    rows = detections.run(system_spark, BY_ID[detection_id], OWNER_PARAMETERS).collect()
    assert {r.event_id for r in rows} == EXPECTED[detection_id] | ACCOUNT_LEVEL_EXPECTED.get(detection_id, set())


def test_failed_login_burst_counts_only_the_burst(system_spark):
    [row] = detections.run(system_spark, BY_ID["failed_login_burst"], PARAMETERS).collect()
    assert (row.actor, row.source_ip_address, row.failures) == ("mallory@example.com", "203.0.113.9", 10)
    assert row.finding.startswith("10 failed sign-ins for mallory@example.com from 203.0.113.9")


def test_production_grant_names_what_was_granted_to_whom(system_spark):
    rows = detections.run(system_spark, BY_ID["production_catalog_grant"], PARAMETERS).collect()
    findings = {r.event_id: r.finding for r in rows}
    assert findings["grant-prod-schema"] == f"{ALICE} granted SELECT, USE_SCHEMA to analysts on schema prod.sales"


def test_token_lifetime_finding_says_zero_means_no_limit(system_spark):
    rows = detections.run(system_spark, BY_ID["token_created_or_lifetime_changed"], PARAMETERS).collect()
    findings = {r.event_id: r.finding for r in rows}
    assert findings["token-lifetime-unlimited"] == (
        f"{ALICE} set the maximum lifetime of new tokens in workspace {WS_PROD} to 0 (no limit)"
    )


def test_an_empty_allow_list_flags_every_secret_read(system_spark):
    rows = detections.run(
        system_spark, BY_ID["secret_read_by_unexpected_principal"], {**PARAMETERS, "allowed_secret_readers": ""}
    ).collect()
    assert {r.event_id for r in rows} == {"secret-read-by-person", "secret-read-refused", "secret-read-by-job"}


def test_local_system_tables_have_exactly_the_documented_columns(system_spark):
    for name in SYSTEM_TABLE_DDL:
        assert system_spark.table(f"system.{name}").schema == schema_of(name)


@pytest.mark.parametrize(
    ("documented", "undocumented"),
    [
        ("user_identity.email AS actor", "user_identity.user_name AS actor"),  # a struct field the schema lacks
        ("  event_id,\n", "  request_parameters,\n"),  # a top-level column the schema lacks
    ],
)
def test_a_column_missing_from_the_documented_schema_fails(system_spark, tmp_path, documented, undocumented):
    original = BY_ID["secret_read_by_unexpected_principal"]
    text = original.path.read_text()
    assert documented in text
    broken_path = tmp_path / "broken_detection.sql"
    broken_path.write_text(text.replace(documented, undocumented, 1))
    broken = detections.parse(broken_path)
    assert detections.problems(broken) == []  # the format is fine: only the analyzer can tell
    with pytest.raises(AnalysisException, match=r"UNRESOLVED_COLUMN|FIELD_NOT_FOUND|NO_SUCH_STRUCT_FIELD"):
        detections.run(system_spark, broken, PARAMETERS).collect()


def test_format_problems_are_reported(tmp_path):
    path = tmp_path / "Bad-Name.sql"
    path.write_text("-- title: x\n-- severity: urgent\n-- parameters: lookback_minutes, unused\nSELECT :undeclared AS a;\n")
    found = detections.problems(detections.parse(path))
    text = "\n".join(found)
    for expected in (
        "not snake_case",
        "'catches'",
        "'why'",
        "'reference'",
        "urgent",
        "'undeclared'",
        "'unused'",
        "lookback_minutes",
        "';'",
    ):
        assert expected in text, f"{expected!r} not reported in:\n{text}"


def test_docs_list_every_detection_and_parameter():
    page = (REPO_ROOT / "docs" / "security-controls.md").read_text()
    table_rows = [line for line in page.splitlines() if line.startswith("| `")]
    for detection_id in BY_ID:
        assert any(row.startswith(f"| `{detection_id}`") for row in table_rows), (
            f"{detection_id} missing from the detections table of docs/security-controls.md"
        )
    contract = (detections.DETECTIONS_DIR / "README.md").read_text()
    for name in detections.PARAMETERS:
        assert f"| `{name}` |" in contract, f"parameter {name} not documented in notebooks/detections/README.md"


def test_classification_finding_names_the_column_and_class_and_never_a_sample(system_spark):
    rows = detections.run(system_spark, BY_ID["classified_personal_column_untagged"], PARAMETERS).collect()
    findings = {r.event_id: r.finding for r in rows}
    assert findings["t-customers/customer_city/class.location"].startswith(
        "data classification found class.location in prod.silver.customers.customer_city (HIGH confidence)"
    )
    assert "notebooks/lakehouse/classification.py" in findings["t-customers/customer_city/class.location"]
    values = [str(value).lower() for row in rows for value in row.asDict().values()]
    for sample in (sample for samples in SAMPLES.values() for sample in samples):
        assert not any(sample in value for value in values), f"a raw sample value {sample!r} reached the result"


def test_classification_detection_is_a_no_op_where_classification_is_off(system_spark):
    off = {**PARAMETERS, "classified_catalogs": ""}
    assert detections.run(system_spark, BY_ID["classified_personal_column_untagged"], off).collect() == []


@pytest.mark.parametrize(
    ("original", "planted", "reported"),
    [
        ("  r.class_tag\nFROM", "  r.class_tag,\n  r.samples\nFROM", "reads `samples`"),
        ("  r.class_tag\nFROM", "  r.class_tag,\n  element_at(r.SAMPLES, 1) AS example\nFROM", "reads `samples`"),
        ("  r.class_tag\nFROM", "  r.*\nFROM", "selects * from the data classification results"),
    ],
)
def test_a_detection_reading_raw_classification_samples_is_refused(tmp_path, original, planted, reported):
    """Every detection passes `problems` (test_file_follows_the_format); this one would not."""
    text = BY_ID["classified_personal_column_untagged"].path.read_text()
    assert original in text
    path = tmp_path / "leaky_detection.sql"
    path.write_text(text.replace(original, planted, 1))
    assert any(reported in problem for problem in detections.problems(detections.parse(path)))
