-- title: Workspace setting changed
-- catches: a workspace setting (workspace configuration key or settings API value) changed by anyone but the deployment pipeline; the token and IP access list keys have their own detections
-- why: the workspace settings hold the hardening (verbose audit logs, download and export switches, DBFS browser, legacy features); switching one back outside the reviewed pipeline undoes a control silently, and turning off verbose audit logs blinds the other detections
-- severity: medium
-- parameters: lookback_minutes, watched_workspace_ids, deployer_principals
-- reference: https://docs.databricks.com/aws/en/admin/account-settings/audit-logs (service workspace: workspaceConfEdit with workspaceConfKeys, workspaceConfValues; setSetting and deleteSetting, matched by action name at any service, with settingName, settingKeyName, settingValueForAudit)
-- account settings changed in the account console carry workspace_id 0: the environment whose watched_workspace_ids lists 0 reports them
SELECT
  event_time,
  user_identity.email AS actor,
  CASE action_name
    WHEN 'workspaceConfEdit' THEN concat(
      coalesce(user_identity.email, 'unknown'), ' set ', coalesce(request_params['workspaceConfKeys'], '(no key)'),
      ' to ', coalesce(request_params['workspaceConfValues'], 'nothing'), ' in workspace ', workspace_id
    )
    ELSE concat(
      coalesce(user_identity.email, 'unknown'),
      CASE action_name WHEN 'setSetting' THEN ' set setting ' ELSE ' deleted setting ' END,
      coalesce(request_params['settingName'], request_params['settingKeyName'], '(no name)'),
      CASE WHEN action_name = 'setSetting' THEN ' to ' || coalesce(request_params['settingValueForAudit'], '(value not logged)') ELSE '' END,
      ' in workspace ', workspace_id
    )
  END AS finding,
  event_id,
  workspace_id,
  source_ip_address,
  service_name,
  action_name
FROM system.access.audit
WHERE event_date >= to_date(timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp()))
  AND event_time >= timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp())
  -- only this environment's workspace (and account-level events, workspace_id 0, where listed)
  AND array_contains(transform(split(:watched_workspace_ids, ','), w -> trim(w)), workspace_id)
  AND response.status_code = 200
  AND (
    (
      action_name = 'workspaceConfEdit'
      AND coalesce(request_params['workspaceConfKeys'], '') NOT IN ('maxTokenLifetimeDays', 'enableTokensConfig', 'enableIpAccessLists')
    )
    OR action_name IN ('setSetting', 'deleteSetting')
  )
  AND NOT array_contains(
    transform(split(:deployer_principals, ','), p -> lower(trim(p))),
    lower(coalesce(user_identity.email, ''))
  )
