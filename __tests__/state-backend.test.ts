import { TerraformStack, Testing } from "cdktn";
import { useStateBackend } from "../stacks/state-backend";

function backendOf(state: Parameters<typeof useStateBackend>[1]) {
  const stack = new TerraformStack(Testing.app(), "dev-aws-workspace");
  useStateBackend(stack, state);
  return JSON.parse(Testing.synth(stack)).terraform.backend;
}

describe("state backends", () => {
  it("keeps state locally by default, with a path relative to the stack directory", () => {
    expect(backendOf(undefined)).toEqual({ local: { path: "../../../terraform.dev-aws-workspace.tfstate" } });
  });

  it("encrypts S3 state and locks it with the native lockfile", () => {
    expect(
      backendOf({
        backend: "s3",
        bucket: "acme-state",
        region: "eu-west-1",
        keyPrefix: "lakehouse/dev",
        kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/k",
      }),
    ).toEqual({
      s3: {
        bucket: "acme-state",
        key: "lakehouse/dev/dev-aws-workspace.tfstate",
        region: "eu-west-1",
        encrypt: true,
        kms_key_id: "arn:aws:kms:eu-west-1:111111111111:key/k",
        use_lockfile: true,
      },
    });
  });

  it("reaches Azure state with Entra ID, one blob per stack", () => {
    expect(
      backendOf({
        backend: "azurerm",
        resourceGroupName: "rg",
        storageAccountName: "sttf",
        containerName: "tfstate",
        keyPrefix: "lakehouse",
      }),
    ).toEqual({
      azurerm: {
        resource_group_name: "rg",
        storage_account_name: "sttf",
        container_name: "tfstate",
        key: "lakehouse/dev-aws-workspace.tfstate",
        use_azuread_auth: true,
      },
    });
  });
});
