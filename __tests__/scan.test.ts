import { join } from "node:path";
import { exampleEnvironments as environments } from "../config/examples";
import { loadEnvironments } from "../config/load";
import { classify, type Finding, loadSkips } from "../scripts/scan/run-checkov";
import { stacksByMode } from "../scripts/scan/skip-modes";
import { examples, variant } from "./helpers";

// The real checkov run on a probe stack is in `npm run scan` (__tests__/tools/checkov/).
const skips = loadSkips(join(__dirname, "..", "scripts/scan/skips.json"));

describe("checkov skip list", () => {
  it("gives every skip a reason and covers only the resources it names", () => {
    expect(skips.every((s) => s.reason.length >= 20)).toBe(true);
    const keyPolicy: Finding = {
      check: "CKV_AWS_356",
      name: "n",
      stack: "dev-aws-workspace",
      resource: "data.storage-key_policy_27BD39BF",
    };
    const otherPolicy: Finding = {
      check: "CKV_AWS_356",
      name: "n",
      stack: "dev-aws-workspace",
      resource: "data.reporting_policy_0A1B2C3D",
    };
    const result = classify([keyPolicy, otherPolicy], skips);
    expect(result.skipped.map((s) => s.resource)).toEqual(["data.storage-key_policy_27BD39BF"]);
    expect(result.failed).toEqual([otherPolicy]);
  });

  it("keeps a mode's skip to the stacks of the environments in that mode: private-connectivity checks are skipped in azdev, never in azprod", () => {
    const modes = stacksByMode(loadEnvironments(environments), ["azure-storage-and-vault-public", "azure-storage-and-vault-private"]);
    expect([...(modes.get("azure-storage-and-vault-public") ?? [])]).toEqual(["azdev-azure-workspace"]);
    const finding = (stack: string): Finding => ({
      check: "CKV_AZURE_59",
      name: "n",
      stack,
      resource: "resource.lakehouse-storage_account_0FCD588E",
    });
    const result = classify([finding("azdev-azure-workspace"), finding("azprod-azure-workspace")], skips, modes);
    expect(result.skipped.map((s) => s.stack)).toEqual(["azdev-azure-workspace"]);
    expect(result.failed.map((f) => f.stack)).toEqual(["azprod-azure-workspace"]);
  });

  it("covers an environment added later in the same mode", () => {
    // A new environment copied from azdev, in the same (public) mode.
    const azqa = variant(examples.azdev, (e) => {
      e.name = "azqa";
      e.azure.network.vnetCidr = "10.61.0.0/22";
      e.azure.network.privateConnectivity = { endpointSubnetCidr: "10.61.2.0/26" };
      e.azure.storageAccountName = "stlakehouseazqa";
      e.azure.keyVaultName = "kv-lakehouse-azqa";
      e.mounts = { ...e.mounts, secretScope: "azqa-pipelines" };
    });
    const modes = stacksByMode(loadEnvironments([...environments, azqa]), ["azure-storage-and-vault-public"]);
    expect([...(modes.get("azure-storage-and-vault-public") ?? [])].sort()).toEqual(["azdev-azure-workspace", "azqa-azure-workspace"]);
  });

  it("refuses a skip naming a mode that does not exist, with the known ones", () => {
    expect(() => stacksByMode([], ["azure-storage-public"])).toThrow(/unknown mode "azure-storage-public".*azure-storage-and-vault-public/);
  });
});
