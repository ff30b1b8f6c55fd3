// AWS principals of the Databricks control plane (commercial partition). Key policies name them
// directly because KMS grants cannot be expressed through Databricks' policy data sources. Every
// principal of this account is shared by all Databricks customers: each policy admitting one must
// hold only for the environment's Databricks account (__tests__/databricks-account-binding.test.ts).
export const DATABRICKS_CONTROL_PLANE_ACCOUNT = "414351767826";
export const databricksControlPlaneRoot = `arn:aws:iam::${DATABRICKS_CONTROL_PLANE_ACCOUNT}:root`;
