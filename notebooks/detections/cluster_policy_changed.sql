-- title: Cluster policy changed
-- catches: a cluster policy created, edited or deleted, or its permissions changed, by anyone but the deployment pipeline
-- why: cluster policies enforce access modes, instance profiles, autotermination and cost caps; an edited policy lets compute bypass the isolation and the data-access rules the blueprint relies on
-- severity: medium
-- parameters: lookback_minutes, watched_workspace_ids, deployer_principals
-- reference: https://docs.databricks.com/aws/en/admin/account-settings/audit-logs (service clusterPolicies: create, edit, delete with policyId, name; changeClusterPolicyAcl)
SELECT
  event_time,
  user_identity.email AS actor,
  concat(
    coalesce(user_identity.email, 'unknown'), ' ',
    CASE action_name
      WHEN 'create' THEN 'created'
      WHEN 'edit' THEN 'edited'
      WHEN 'delete' THEN 'deleted'
      ELSE 'changed the permissions of'
    END,
    ' cluster policy ',
    coalesce(request_params['name'], request_params['policyId'], request_params['policy_id'], '(unnamed)'),
    ' in workspace ', workspace_id
  ) AS finding,
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
  AND service_name = 'clusterPolicies'
  AND action_name IN ('create', 'edit', 'delete', 'changeClusterPolicyAcl')
  AND response.status_code = 200
  AND NOT array_contains(
    transform(split(:deployer_principals, ','), p -> lower(trim(p))),
    lower(coalesce(user_identity.email, ''))
  )
