-- title: IP access list changed
-- catches: an IP access list created, updated or deleted, or IP access list enforcement switched, by anyone but the deployment pipeline
-- why: the IP access list is the network perimeter of the workspace; widening or deleting it outside the reviewed pipeline opens the workspace to the internet, and it is a classic step before using stolen credentials
-- severity: high
-- parameters: lookback_minutes, watched_workspace_ids, deployer_principals
-- reference: https://docs.databricks.com/aws/en/admin/account-settings/audit-logs (service accounts: createIpAccessList, updateIpAccessList, deleteIpAccessList with ipAccessListId; service workspace: workspaceConfEdit with workspaceConfKeys enableIpAccessLists); https://docs.databricks.com/aws/en/security/network/front-end/ip-access-list-workspace
SELECT
  event_time,
  user_identity.email AS actor,
  CASE action_name
    WHEN 'workspaceConfEdit' THEN concat(
      coalesce(user_identity.email, 'unknown'), ' set IP access list enforcement of workspace ', workspace_id,
      ' to ', coalesce(request_params['workspaceConfValues'], 'nothing')
    )
    ELSE concat(
      coalesce(user_identity.email, 'unknown'), ' ',
      CASE action_name WHEN 'createIpAccessList' THEN 'created' WHEN 'updateIpAccessList' THEN 'updated' ELSE 'deleted' END,
      ' IP access list ', coalesce(request_params['ipAccessListId'], '(no id)'), ' of workspace ', workspace_id
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
    (service_name = 'accounts' AND action_name IN ('createIpAccessList', 'updateIpAccessList', 'deleteIpAccessList'))
    OR (
      service_name = 'workspace'
      AND action_name = 'workspaceConfEdit'
      AND request_params['workspaceConfKeys'] = 'enableIpAccessLists'
    )
  )
  AND NOT array_contains(
    transform(split(:deployer_principals, ','), p -> lower(trim(p))),
    lower(coalesce(user_identity.email, ''))
  )
