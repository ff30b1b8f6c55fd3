-- title: Secret read by an unexpected principal
-- catches: a secret read (dbutils.secrets.get or the Secrets API) by an identity that is not one of the job principals expected to read secrets, whether the read succeeded or was refused
-- why: secret scopes hold the credentials of source systems and storage; a person reading them, or a refused attempt, is how credentials leave the platform
-- severity: high
-- parameters: lookback_minutes, watched_workspace_ids, allowed_secret_readers
-- reference: https://docs.databricks.com/aws/en/admin/account-settings/audit-logs (service secrets: getSecret with scope, key)
SELECT
  event_time,
  user_identity.email AS actor,
  format_string(
    '%s read secret %s/%s (HTTP %s)',
    coalesce(user_identity.email, 'unknown'),
    coalesce(request_params['scope'], '?'),
    coalesce(request_params['key'], '?'),
    coalesce(CAST(response.status_code AS STRING), '?')
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
  -- only this environment's workspace (and account-level events, workspace_id 0, where listed)
  AND array_contains(transform(split(:watched_workspace_ids, ','), w -> trim(w)), workspace_id)
  AND service_name = 'secrets'
  AND action_name = 'getSecret'
  AND NOT array_contains(
    transform(split(:allowed_secret_readers, ','), p -> lower(trim(p))),
    lower(coalesce(user_identity.email, ''))
  )
