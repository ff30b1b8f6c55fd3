-- title: Burst of failed logins
-- catches: ten or more failed sign-ins (browser, SSO, token or password) for one user name from one source address within the window
-- why: a burst of failures is password guessing, a leaked token being tried, or a credential-stuffing run; one user from one address keeps a mistyped password (a few failures) from firing
-- severity: medium
-- parameters: lookback_minutes, watched_workspace_ids
-- reference: https://docs.databricks.com/aws/en/admin/account-settings/audit-logs (service accounts, authentication events: aadBrowserLogin, aadTokenLogin, certLogin, jwtLogin, login, oidcBrowserLogin, oidcTokenAuthorization, passwordVerifyAuthentication, samlLogin, tokenLogin; request parameter user; response.status_code)
-- account console sign-ins carry workspace_id 0: the environment whose watched_workspace_ids lists 0 reports them
WITH failures AS (
  SELECT
    event_time,
    event_id,
    workspace_id,
    source_ip_address,
    action_name,
    -- a refused sign-in often has no identity yet: the user name tried is a request parameter
    coalesce(request_params['user'], user_identity.email) AS user_name
  FROM system.access.audit
  WHERE event_date >= to_date(timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp()))
    AND event_time >= timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp())
    -- only this environment's workspace (and account-level events, workspace_id 0, where listed)
    AND array_contains(transform(split(:watched_workspace_ids, ','), w -> trim(w)), workspace_id)
    AND service_name = 'accounts'
    AND action_name IN (
      'aadBrowserLogin', 'aadTokenLogin', 'certLogin', 'jwtLogin', 'login', 'oidcBrowserLogin',
      'oidcTokenAuthorization', 'passwordVerifyAuthentication', 'samlLogin', 'tokenLogin'
    )
    AND response.status_code >= 400
)
SELECT
  max(event_time) AS event_time,
  user_name AS actor,
  format_string(
    '%d failed sign-ins for %s from %s between %s and %s (%s)',
    count(*),
    coalesce(user_name, 'an unknown user'),
    coalesce(source_ip_address, 'an unknown address'),
    CAST(min(event_time) AS STRING),
    CAST(max(event_time) AS STRING),
    array_join(array_sort(collect_set(action_name)), ', ')
  ) AS finding,
  max_by(event_id, event_time) AS event_id,
  max_by(workspace_id, event_time) AS workspace_id,
  source_ip_address,
  count(*) AS failures
FROM failures
GROUP BY user_name, source_ip_address
HAVING count(*) >= 10
