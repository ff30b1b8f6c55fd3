import {
  DataTerraformRemoteStateAzurerm,
  DataTerraformRemoteStateS3,
  Fn,
  type TerraformRemoteState,
  type TerraformStack,
  Token,
} from "cdktn";
import type { Environment } from "../config/schema";
import { stackNames } from "./stack-names";

/**
 * The numeric workspace id of another environment (`reader`), read by `stack` from the state of the
 * reader's workspace stack (its `workspace_id` output), wherever config says that state lives: the
 * same backend settings useStateBackend gives the reader, so it needs no other stack of this run (a
 * synth of the prod environment alone writes the same stack). That state is remote: config refuses a
 * reader with local state (config/rules/prod-catalog-readers.ts). The reader's workspace is deployed
 * before any prod environment (stacks/estate-stacks.ts, inDeployOrder). A reader that brings its
 * own workspace gives its id in config (databricks.existingWorkspaceId, required with the host),
 * converted by Terraform (`tonumber`), whose numbers hold all 19 digits a JavaScript number cannot.
 */
export function readerWorkspaceId(stack: TerraformStack, reader: Environment): number {
  const configured = reader.databricks.existingWorkspaceId;
  if (reader.databricks.existingWorkspaceHost !== undefined && configured !== undefined) return Token.asNumber(Fn.tonumber(configured));
  const name = stackNames(reader).workspace;
  const id = `workspace-of-${reader.name}`;
  const state = reader.state;
  let remote: TerraformRemoteState;
  switch (state.backend) {
    case "local":
      // Config refuses it (config/rules/prod-catalog-readers.ts): CI, which deploys prod, has no local file of dev's.
      throw new Error(
        `${reader.name} reads a prod catalog with local state, which config refuses; load environments through config/load.ts`,
      );
    case "s3":
      remote = new DataTerraformRemoteStateS3(stack, id, {
        bucket: state.bucket,
        key: `${state.keyPrefix}/${name}.tfstate`,
        region: state.region,
        encrypt: true,
      });
      break;
    case "azurerm":
      remote = new DataTerraformRemoteStateAzurerm(stack, id, {
        resourceGroupName: state.resourceGroupName,
        storageAccountName: state.storageAccountName,
        containerName: state.containerName,
        key: `${state.keyPrefix}/${name}.tfstate`,
        useAzureadAuth: true,
      });
      break;
  }
  return remote.getNumber("workspace_id");
}
