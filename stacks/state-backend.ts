import { AzurermBackend, LocalBackend, S3Backend, type TerraformStack } from "cdktn";
import type { StateConfig } from "../config/schema";

/**
 * Gives a stack its state backend from config: one state file per stack, named after it.
 *
 * - local (default, for trying it out): beside the repository, git-ignored; the path is relative to
 *   the stack's working directory (cdktf.out/stacks/NAME) so output carries no machine path.
 * - s3: encrypted (optionally with a customer key) and locked with S3's native lockfile; cdktf 0.21's
 *   S3Backend predates `use_lockfile`, so it is set through an override.
 * - azurerm: a blob per stack, locked by blob leases, reached with Entra ID rather than account keys.
 */
export function useStateBackend(stack: TerraformStack, state: StateConfig = { backend: "local" }): void {
  const name = stack.node.id;
  switch (state.backend) {
    case "local":
      new LocalBackend(stack, { path: `../../../terraform.${name}.tfstate` });
      return;
    case "s3":
      new S3Backend(stack, {
        bucket: state.bucket,
        key: `${state.keyPrefix}/${name}.tfstate`,
        region: state.region,
        encrypt: true,
        kmsKeyId: state.kmsKeyArn,
      });
      stack.addOverride("terraform.backend.s3.use_lockfile", true);
      return;
    case "azurerm":
      new AzurermBackend(stack, {
        resourceGroupName: state.resourceGroupName,
        storageAccountName: state.storageAccountName,
        containerName: state.containerName,
        key: `${state.keyPrefix}/${name}.tfstate`,
        useAzureadAuth: true,
      });
      return;
  }
}
