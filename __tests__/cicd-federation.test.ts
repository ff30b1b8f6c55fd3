import { loadEnvironments } from "../config/load";
import { dataSourcesOf, exampleEnvironments, examples, resourcesOf, synthBlueprint, synthBlueprintSelected, variant } from "./helpers";

const envs = exampleEnvironments();
const stacks = synthBlueprint(Object.values(envs));
const subject = (environment: string) => `repo:example-org/lakehouse:environment:${environment}`;

describe("each environment's CI/CD principal, which applies its workspace-config stack", () => {
  it.each(["dev", "prod"])("%s (AWS): has a federation policy for its own deploy and plan GitHub environments only", (name) => {
    const out = stacks[`${name}-aws-workspace`];
    const [cicd] = resourcesOf(out, "databricks_service_principal");
    expect(cicd.display_name).toBe(`${name}-cicd`);
    const policies = resourcesOf(out, "databricks_service_principal_federation_policy");
    expect(policies.map((p) => p.oidc_policy.subject).sort()).toEqual([subject(name), subject(`${name}-plan`)]);
    for (const policy of policies) {
      expect(policy.service_principal_id).toMatch(/^\$\{databricks_service_principal\.enrollment_identity_cicd_[0-9A-F]+\.id\}$/);
      expect(policy.oidc_policy).toMatchObject({
        issuer: "https://token.actions.githubusercontent.com",
        audiences: [envs[name].databricks.accountId],
      });
      expect(policy.provider).toBe("databricks.account");
    }
    expect(JSON.parse(out).output.cicd_application_id.value).toMatch(
      /databricks_service_principal\.enrollment_identity_cicd_[0-9A-F]+\.application_id/,
    );
  });

  it.each(["azdev", "azprod"])(
    "%s (Azure): is its Entra identity, federated in the bootstrap stack with its own GitHub environments",
    (name) => {
      const out = stacks[`${name}-azure-workspace`];
      const [lookup] = dataSourcesOf(out, "azurerm_user_assigned_identity");
      expect(lookup).toMatchObject({ name: `id-${name}-cicd`, resource_group_name: "rg-lakehouse-ci" });
      const [cicd] = resourcesOf(out, "databricks_service_principal");
      expect(cicd).toMatchObject({
        display_name: `${name}-cicd`,
        application_id: "${data.azurerm_user_assigned_identity.cicd-identity.client_id}",
      });
      // It creates the Key Vault-backed secret scope, after the grant has propagated.
      const [grant] = resourcesOf(out, "azurerm_role_assignment").filter((a) => a.role_definition_name === "Key Vault Contributor");
      expect(grant.principal_id).toBe("${data.azurerm_user_assigned_identity.cicd-identity.principal_id}");
      const bootstrap = stacks["bootstrap-azure-00000000"];
      const identity = Object.entries<any>(JSON.parse(bootstrap).resource.azurerm_user_assigned_identity).find(
        ([, i]) => i.name === `id-${name}-cicd`,
      )![0];
      const credentials = resourcesOf(bootstrap, "azurerm_federated_identity_credential").filter(
        (c) => c.user_assigned_identity_id === `\${azurerm_user_assigned_identity.${identity}.id}`,
      );
      expect(credentials.map((c) => c.subject).sort()).toEqual([subject(name), subject(`${name}-plan`)]);
    },
  );

  it("of an environment that brings its own workspace: federated by the bootstrap stack, which looks the principal up", () => {
    const byo = variant(examples.dev, (e) => {
      e.name = "byo";
      e.aws.network.vpcCidr = "10.70.0.0/16";
      e.databricks.existingWorkspaceHost = "https://dbc-1234abcd-5678.cloud.databricks.com";
      e.databricks.existingWorkspaceId = "1234567890123456";
      e.identity = { cicdServicePrincipal: "byo-deployer" };
    });
    const all = loadEnvironments([...Object.values(examples), byo]);
    const bootstrap = synthBlueprintSelected(all, all)["bootstrap-aws-00000000"];
    const [lookup] = dataSourcesOf(bootstrap, "databricks_service_principal");
    expect(lookup).toMatchObject({ display_name: "byo-deployer", provider: "databricks.account" });
    const policies = resourcesOf(bootstrap, "databricks_service_principal_federation_policy").filter((p) =>
      /data\.databricks_service_principal\./.test(p.service_principal_id),
    );
    expect(policies.map((p) => p.oidc_policy.subject).sort()).toEqual([subject("byo"), subject("byo-plan")]);
  });
});
