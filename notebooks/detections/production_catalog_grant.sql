-- title: Permission granted on a production catalog
-- catches: a privilege granted (GRANT, or a permissions change that adds a privilege) on a production catalog or anything inside it, by anyone but the deployment pipeline; revocations do not fire
-- why: grants on production data are meant to come from the reviewed access matrix; an out-of-band grant widens who can read or change production data and is how access quietly outlives its review
-- severity: high
-- parameters: lookback_minutes, deployer_principals, production_catalogs
-- reference: https://docs.databricks.com/aws/en/admin/account-settings/audit-logs (service unityCatalog: updatePermissions with securable_type, securable_full_name, changes)
-- not limited to watched workspaces: a grant on a production catalog made from any workspace of the metastore, or from the account console (workspace_id 0), concerns prod; only prod names production catalogs, so it fires in one environment
WITH permission_changes AS (
  SELECT
    event_time,
    event_id,
    workspace_id,
    source_ip_address,
    service_name,
    action_name,
    user_identity.email AS actor,
    request_params['securable_type'] AS securable_type,
    request_params['securable_full_name'] AS securable_full_name,
    filter(
      from_json(
        request_params['changes'],
        'ARRAY<STRUCT<principal: STRING, add: ARRAY<STRING>, remove: ARRAY<STRING>>>'
      ),
      c -> coalesce(size(c.add), 0) > 0
    ) AS grants
  FROM system.access.audit
  WHERE event_date >= to_date(timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp()))
    AND event_time >= timestampadd(MINUTE, -CAST(:lookback_minutes AS INT), current_timestamp())
    AND service_name = 'unityCatalog'
    AND action_name = 'updatePermissions'
    AND response.status_code = 200
    AND array_contains(
      transform(split(:production_catalogs, ','), c -> lower(trim(c))),
      lower(replace(split_part(coalesce(request_params['securable_full_name'], ''), '.', 1), '`', ''))
    )
    AND NOT array_contains(
      transform(split(:deployer_principals, ','), p -> lower(trim(p))),
      lower(coalesce(user_identity.email, ''))
    )
)
SELECT
  event_time,
  actor,
  concat(
    coalesce(actor, 'unknown'), ' granted ',
    array_join(transform(grants, g -> concat(array_join(g.add, ', '), ' to ', g.principal)), '; '),
    ' on ', coalesce(securable_type, 'securable'), ' ', securable_full_name
  ) AS finding,
  event_id,
  workspace_id,
  source_ip_address,
  service_name,
  action_name,
  securable_full_name
FROM permission_changes
WHERE size(grants) > 0
