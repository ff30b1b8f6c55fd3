-- title: Admin group membership changed
-- catches: a principal added to or removed from an admin group (the workspace `admins` group or the account group given ADMIN on the workspace), or given or stripped of the admin role, by anyone but the deployment pipeline
-- why: admin rights open every other control (IP access lists, tokens, settings, all data); a change made outside the reviewed pipeline is privilege escalation or an exception nobody approved
-- severity: high
-- parameters: lookback_minutes, watched_workspace_ids, deployer_principals, admin_groups
-- reference: https://docs.databricks.com/aws/en/admin/account-settings/audit-logs (service accounts: addPrincipalToGroup and removePrincipalFromGroup with targetGroupName, targetUserName; setAdmin, removeAdmin)
-- account group changes made in the account console carry workspace_id 0: the environment whose watched_workspace_ids lists 0 reports them
SELECT
  event_time,
  user_identity.email AS actor,
  concat_ws(
    ' ',
    coalesce(user_identity.email, 'unknown'),
    CASE action_name
      WHEN 'addPrincipalToGroup' THEN 'added'
      WHEN 'removePrincipalFromGroup' THEN 'removed'
      WHEN 'setAdmin' THEN 'gave the admin role to'
      ELSE 'took the admin role from'
    END,
    coalesce(request_params['targetUserName'], request_params['targetUserId'], 'a principal'),
    CASE action_name
      WHEN 'addPrincipalToGroup' THEN 'to admin group ' || request_params['targetGroupName']
      WHEN 'removePrincipalFromGroup' THEN 'from admin group ' || request_params['targetGroupName']
    END,
    'in workspace ' || workspace_id
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
  AND service_name = 'accounts'
  AND (
    (
      action_name IN ('addPrincipalToGroup', 'removePrincipalFromGroup')
      AND array_contains(
        transform(split(:admin_groups, ','), g -> lower(trim(g))),
        lower(coalesce(request_params['targetGroupName'], ''))
      )
    )
    OR action_name IN ('setAdmin', 'removeAdmin')
  )
  AND response.status_code = 200
  AND NOT array_contains(
    transform(split(:deployer_principals, ','), p -> lower(trim(p))),
    lower(coalesce(user_identity.email, ''))
  )
