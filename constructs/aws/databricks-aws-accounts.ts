// AWS principals of the Databricks control plane (commercial partition). Key policies name them
// directly because KMS grants cannot be expressed through Databricks' policy data sources.
export const DATABRICKS_CONTROL_PLANE_ACCOUNT = "414351767826";
export const databricksControlPlaneRoot = `arn:aws:iam::${DATABRICKS_CONTROL_PLANE_ACCOUNT}:root`;
