import {
  DataTerraformRemoteStateAzurerm,
  DataTerraformRemoteStateLocal,
  DataTerraformRemoteStateS3,
  type TerraformRemoteState,
  type TerraformStack,
} from "cdktn";
import type { Environment } from "../config/schema";
import { stackNames } from "./stack-names";

/**
 * The numeric workspace id of another environment (`reader`), read by `stack` from the state of the
 * reader's workspace stack (its `workspace_id` output), wherever config says that state lives: the
 * same backend settings useStateBackend gives the reader, so it needs no other stack of this run (a
 * synth of the prod environment alone writes the same stack). The reader's workspace is deployed
 * before any prod environment (stacks/estate-stacks.ts, inDeployOrder). Throws for a reader that
 * brings its own workspace: config refuses it (config/rules/prod-catalog-readers.ts).
 */
export function readerWorkspaceId(stack: TerraformStack, reader: Environment): number {
  if (reader.databricks.existingWorkspaceHost !== undefined) {
    throw new Error(
      `Environment "${reader.name}" brings its own workspace, so no workspace stack of the blueprint holds its id. Fix: remove unityCatalog.readsProdCatalogOf from it`,
    );
  }
  const name = stackNames(reader).workspace;
  const id = `workspace-of-${reader.name}`;
  const state = reader.state;
  let remote: TerraformRemoteState;
  switch (state.backend) {
    case "local":
      remote = new DataTerraformRemoteStateLocal(stack, id, { path: `../../../terraform.${name}.tfstate` });
      break;
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
