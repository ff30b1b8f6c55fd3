-- title: Admin group membership changed
-- catches: a principal added to or removed from an admin group (the workspace `admins` group or the account group given ADMIN), or given or stripped of the admin role, by anyone but the deployment pipeline
-- why: admin rights open every other control (IP access lists, tokens, settings, all data); a change made outside the reviewed pipeline is privilege escalation or an exception nobody approved
-- severity: high
-- parameters: lookback_minutes, deployer_principals, admin_groups
-- reference: https://docs.databricks.com/aws/en/admin/account-settings/audit-logs (service accounts: addPrincipalToGroup, removePrincipalFromGroup with targetGroupName/targetUserName; setAdmin, removeAdmin)
SELECT
  event_time,
  user_identity.email AS actor,
  format_string(
    '%s %s %s %s',
    coalesce(user_identity.email, 'unknown'),
    CASE
      WHEN action_name = 'addPrincipalToGroup' THEN 'added'
      WHEN action_name = 'removePrincipalFromGroup' THEN 'removed'
      WHEN action_name = 'setAdmin' THEN 'made admin:'
      ELSE 'revoked admin of'
    END,
    coalesce(request_params['targetUserName'], request_params['targetUserId'], 'a principal'),
    CASE
      WHEN action_name = 'addPrincipalToGroup' THEN 'to admin group ' || request_params['targetGroupName']
      WHEN action_name = 'removePrincipalFromGroup' THEN 'from admin group ' || request_params['targetGroupName']
      ELSE ''
    END
  ) AS finding,
  event_id,
  workspace_id,
  source_ip_address,
  service_name,
  action_name,
  response.status_code AS status_code
FROM system.access.audit
WHERE event_date >= to_date(timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp()))
  AND event_time >= timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp())
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
