-- title: Results downloaded or notebook exported
-- catches: query or notebook results downloaded (notebook preview and full results, Databricks SQL results) or a notebook or folder exported, when the download or export succeeded
-- why: downloads and exports move data and code out of the governed platform to a laptop, past Unity Catalog's grants and audit; the blueprint switches them off, so a successful one means a switch was turned back on or a path was missed
-- severity: medium
-- parameters: lookback_minutes, watched_workspace_ids
-- reference: https://docs.databricks.com/aws/en/admin/account-settings/audit-logs (service notebook: downloadPreviewResults, downloadLargeResults with notebookId, notebookFullPath; service databrickssql: downloadQueryResult with queryResultId, fileType; service workspace: workspaceExport with notebookFullPath, workspaceExportFormat)
SELECT
  event_time,
  user_identity.email AS actor,
  concat(
    coalesce(user_identity.email, 'unknown'), ' ',
    CASE action_name
      WHEN 'downloadPreviewResults' THEN 'downloaded the preview results of notebook '
      WHEN 'downloadLargeResults' THEN 'downloaded the full results of notebook '
      WHEN 'downloadQueryResult' THEN 'downloaded the result of a Databricks SQL query '
      ELSE 'exported '
    END,
    coalesce(
      request_params['notebookFullPath'], request_params['path'], request_params['notebookId'],
      request_params['queryResultId'], request_params['queryId'], '(unnamed)'
    ),
    CASE
      WHEN request_params['workspaceExportFormat'] IS NOT NULL THEN ' as ' || request_params['workspaceExportFormat']
      WHEN request_params['fileType'] IS NOT NULL THEN ' as ' || request_params['fileType']
      ELSE ''
    END,
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
  AND response.status_code = 200
  AND (
    (service_name = 'notebook' AND action_name IN ('downloadPreviewResults', 'downloadLargeResults'))
    OR (service_name = 'databrickssql' AND action_name = 'downloadQueryResult')
    OR (service_name = 'workspace' AND action_name = 'workspaceExport')
  )
