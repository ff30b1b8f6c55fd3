import { AzurermProvider } from "@cdktn/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktn/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktn/provider-azurerm/lib/role-assignment";
import { Construct } from "constructs";
import type { CiSettings } from "../../config/ci";
import type { AzureEnvironment, Environment } from "../../config/schema";
import { AzureCiRoles } from "../../constructs/azure/ci-roles";
import { CI_RESOURCE_GROUP, cicdIdentityName, GitHubIdentity } from "../../constructs/azure/github-identity";
import { TerraformStateStorage } from "../../constructs/azure/terraform-state-storage";
import { costTags } from "../../constructs/cost-tags";
import { type StateUse, stateReadsOf, stateUsesOf, storeId, storeOwner } from "./state-uses";

export interface AzureCiAccessProps {
  readonly subscriptionId: string;
  /** The environments of this Databricks account in this subscription. */
  readonly environments: readonly AzureEnvironment[];
  readonly all: readonly Environment[];
  readonly ci: CiSettings;
  /** The state storages of the whole bootstrap stack, by store id (shared by its subscriptions). */
  readonly storages: Map<string, TerraformStateStorage>;
}

/**
 * Everything CI needs in one Azure subscription, in the resource group rg-lakehouse-ci: the plan and
 * deploy identities of its environments with their subscription roles (AzureCiRoles), each
 * environment's CI/CD identity (the Entra identity its CI/CD principal is, since Key Vault-backed
 * secret scopes accept only Entra ID callers), their access to the state containers their pipelines
 * use, and the state storage whose owning environment lives here.
 */
export class AzureCiAccess extends Construct {
  readonly plan: GitHubIdentity;
  readonly deploy: GitHubIdentity;
  readonly cicd: Record<string, GitHubIdentity> = {};
  private readonly provider: AzurermProvider;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: AzureCiAccessProps,
  ) {
    super(scope, id);
    const { subscriptionId, environments, all, ci } = props;
    const first = environments[0];
    const provider = new AzurermProvider(this, "azurerm", {
      alias: `azurerm_${subscriptionId.replace(/-/g, "_")}`,
      subscriptionId,
      tenantId: first.azure.tenantId,
      storageUseAzuread: true,
      // Containers go through Resource Manager: the state account's firewall admits only the runners.
      features: [{ storage: [{ dataPlaneAvailable: false }] }],
    });
    const tags = costTags(first.tags, "ci");
    const group = new ResourceGroup(this, "resource-group", { provider, name: CI_RESOURCE_GROUP, location: first.azure.location, tags });
    const identity = (key: string, name: string, githubEnvironments: string[]) =>
      new GitHubIdentity(this, key, {
        provider,
        name,
        location: first.azure.location,
        resourceGroupName: group.name,
        repository: ci.repository,
        environments: githubEnvironments,
        tags,
      });
    const github = (env: Environment) => ci.githubEnvironments[env.name];
    this.plan = identity(
      "plan",
      "id-lakehouse-ci-plan",
      environments.map((env) => github(env).plan),
    );
    this.deploy = identity(
      "deploy",
      "id-lakehouse-ci-deploy",
      environments.map((env) => github(env).deploy),
    );
    for (const env of environments.filter((e) => e.databricks.existingWorkspaceHost === undefined)) {
      this.cicd[env.name] = identity(`${env.name}-cicd`, cicdIdentityName(env.name), [github(env).deploy, github(env).plan]);
    }
    new AzureCiRoles(this, "roles", {
      provider,
      subscriptionId,
      planPrincipalId: this.plan.principalId,
      deployPrincipalId: this.deploy.principalId,
      // The hub's firewall and the spokes' rule collection groups exist only where an environment routes egress through it.
      needs: { firewall: environments.some((env) => env.azure.network?.egress.mode === "firewall") },
    });

    // The state stores whose owning environment lives here; grantStateAccess comes once every
    // subscription's stores exist (a pipeline may use another subscription's store).
    for (const env of environments) {
      for (const use of stateUsesOf(env, all)) {
        if (
          use.store.backend !== "azurerm" ||
          props.storages.has(use.id) ||
          !environments.some((peer) => peer.name === storeOwner(use.id, all)?.name)
        )
          continue;
        // The runners of every pipeline that uses the store, or only reads state there.
        const ranges = all
          .filter((peer) => peer.cloud === "azure" && [...stateUsesOf(peer, all), ...stateReadsOf(peer, all)].some((u) => u.id === use.id))
          .flatMap((peer) => peer.security.deployerIpRanges);
        const storage = new TerraformStateStorage(this, `state-${use.store.storageAccountName}`, {
          provider,
          store: use.store,
          location: first.azure.location,
          allowedIpRanges: [...new Set(ranges)],
          tags,
        });
        props.storages.set(use.id, storage);
      }
    }
    this.provider = provider;
  }

  /**
   * Lets this subscription's identities (plan, deploy, each environment's CI/CD identity) use the
   * state containers of their pipelines: a store of this bootstrap stack through its grant, one
   * created elsewhere by its container's Resource Manager id. The identity that applies a config
   * stack (the CI/CD identity; the job's for a bring-your-own workspace) may also read the state its
   * stack only reads (stateReadsOf), read-only (readState).
   */
  grantState(): void {
    const { environments, all } = this.props;
    const reads = new Map<GitHubIdentity, StateUse[]>();
    for (const env of environments) {
      const cicd = this.cicd[env.name];
      const cicdStores = new Set(stateUsesOf(env, all, ["workspace", "config"]).map((use) => use.id));
      for (const use of stateUsesOf(env, all)) {
        if (use.store.backend !== "azurerm") continue;
        const principals = [this.plan, this.deploy, ...(cicd && cicdStores.has(use.id) ? [cicd] : [])];
        for (const principal of principals) {
          const key = `state-${principal.node.id}-${storeId(use.store).replace(/[^A-Za-z0-9]+/g, "-")}`;
          if (this.node.tryFindChild(key)) continue;
          new RoleAssignment(this, key, {
            provider: this.provider,
            scope: this.containerScope(use),
            roleDefinitionName: "Storage Blob Data Contributor",
            principalId: principal.principalId,
            principalType: "ServicePrincipal",
          });
        }
      }
      // scripts/ci/stacks.sh: a config stack runs as the CI/CD identity, or the job's without one.
      for (const principal of cicd ? [cicd] : [this.plan, this.deploy])
        reads.set(principal, [...(reads.get(principal) ?? []), ...stateReadsOf(env, all)]);
    }
    for (const [principal, uses] of reads) this.readState(principal, uses);
  }

  /**
   * Storage Blob Data Reader for `principal` on the container of each of `reads`, limited by a
   * condition to reading exactly their blobs (and listing no other name): a role assignment's
   * narrowest scope is the container, a condition on the blob path narrows it to the keys ("Actions
   * and attributes for Azure role assignment conditions for Azure Blob Storage": Read a blob, Blob
   * path; List blobs, Blob prefix). Skipped where the principal already writes that container.
   */
  private readState(principal: GitHubIdentity, reads: readonly StateUse[]): void {
    const byStore = new Map<string, { use: StateUse; keys: Set<string> }>();
    for (const use of reads) {
      const entry = byStore.get(use.id) ?? { use, keys: new Set<string>() };
      for (const key of use.keys) entry.keys.add(key);
      byStore.set(use.id, entry);
    }
    for (const { use, keys } of byStore.values()) {
      if (use.store.backend !== "azurerm") continue;
      const store = storeId(use.store).replace(/[^A-Za-z0-9]+/g, "-");
      if (this.node.tryFindChild(`state-${principal.node.id}-${store}`)) continue;
      new RoleAssignment(this, `state-read-${principal.node.id}-${store}`, {
        provider: this.provider,
        scope: this.containerScope(use),
        roleDefinitionName: "Storage Blob Data Reader",
        principalId: principal.principalId,
        principalType: "ServicePrincipal",
        conditionVersion: "2.0",
        condition: readOnlyCondition([...keys].sort()),
      });
    }
  }

  /** The container of `use`: this bootstrap stack's, or its Resource Manager id in the owner's subscription. */
  private containerScope(use: StateUse): string {
    if (use.store.backend !== "azurerm") throw new Error(`${use.id} is not an Azure state store`);
    const storage = this.props.storages.get(use.id);
    if (storage) return storage.container.id;
    const { resourceGroupName, storageAccountName, containerName } = use.store;
    const owner = storeOwner(use.id, this.props.all);
    const ownerSubscription = owner?.cloud === "azure" ? owner.azure.subscriptionId : this.props.subscriptionId;
    return `/subscriptions/${ownerSubscription}/resourceGroups/${resourceGroupName}/providers/Microsoft.Storage/storageAccounts/${storageAccountName}/blobServices/default/containers/${containerName}`;
  }

  /** The GitHub variables each environment's workflows need from this subscription. */
  githubVariables(): Record<string, Record<string, string>> {
    const variables: Record<string, Record<string, string>> = {};
    for (const env of this.props.environments) {
      const names = this.props.ci.githubEnvironments[env.name];
      variables[names.plan] = { AZURE_CLIENT_ID: this.plan.clientId };
      variables[names.deploy] = { AZURE_CLIENT_ID: this.deploy.clientId };
    }
    return variables;
  }
}

const BLOB_READ = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";

/**
 * A role assignment condition (version 2.0) that lets blob reads through for the blobs `keys` only,
 * and listings for those names only ("Azure role assignment condition format and syntax").
 */
export function readOnlyCondition(keys: readonly string[]): string {
  const anyOf = (attribute: string) => keys.map((key) => `${attribute} StringEquals '${key}'`).join(" OR ");
  return [
    `((!(ActionMatches{'${BLOB_READ}'} AND NOT SubOperationMatches{'Blob.List'})) OR (${anyOf("@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path]")}))`,
    `((!(ActionMatches{'${BLOB_READ}'} AND SubOperationMatches{'Blob.List'})) OR (${anyOf("@Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:prefix]")}))`,
  ].join(" AND ");
}
