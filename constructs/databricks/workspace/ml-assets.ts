import { Directory } from "@cdktn/provider-databricks/lib/directory";
import { MlflowExperiment } from "@cdktn/provider-databricks/lib/mlflow-experiment";
import { RegisteredModel } from "@cdktn/provider-databricks/lib/registered-model";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { ObjectPermissions } from "./object-permissions";
import type { Principal } from "./principal";
import { SecurableGrants } from "./unity-catalog/securable-grants";

export interface MlAssetsProps {
  readonly provider: TerraformProvider;
  readonly environment: string;
  /** Workspace folder for the team's shared notebooks and experiments. */
  readonly folder: string;
  readonly experimentName: string;
  readonly catalogName: string;
  readonly schemaName: string;
  readonly modelName: string;
  /** The principal whose training job registers model versions; it owns the model. */
  readonly modelOwner: string;
  readonly tags: Record<string, string>;
}

/**
 * The shared workspace folder, the MLflow experiment the training job logs to, and the Unity
 * Catalog registered model it publishes, each with grants by persona.
 */
export class MlAssets extends Construct {
  readonly folder: Directory;
  readonly experiment: MlflowExperiment;
  readonly model: RegisteredModel;
  private readonly folderPermissions: ObjectPermissions;
  private readonly experimentPermissions: ObjectPermissions;
  private readonly modelGrants: SecurableGrants;

  constructor(scope: Construct, id: string, props: MlAssetsProps) {
    super(scope, id);
    const provider = props.provider;
    this.folder = new Directory(this, "folder", { provider, path: props.folder });
    this.folderPermissions = new ObjectPermissions(this, "folder-access", {
      provider,
      target: { directoryPath: this.folder.path },
      levels: ["CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"],
    });
    this.experiment = new MlflowExperiment(this, "experiment", {
      provider,
      name: `${this.folder.path}/${props.experimentName}`,
      // The provider deprecates `description`; MLflow shows the tag mlflow.note.content as the description.
      tags: [
        { key: "mlflow.note.content", value: `Training runs of ${props.modelName} in ${props.environment}` },
        ...Object.entries(props.tags).map(([key, value]) => ({ key, value })),
      ],
    });
    this.experimentPermissions = new ObjectPermissions(this, "experiment-access", {
      provider,
      target: { experimentId: this.experiment.id },
      levels: ["CAN_READ", "CAN_EDIT", "CAN_MANAGE"],
    });
    this.model = new RegisteredModel(this, "model", {
      provider,
      catalogName: props.catalogName,
      schemaName: props.schemaName,
      name: props.modelName,
      owner: props.modelOwner,
      comment: `Registered by the ${props.environment} training job`,
    });
    this.modelGrants = new SecurableGrants(this, "model-grants", { provider, securable: { model: this.model.id } });
  }

  grantFolder(principal: Principal, level: "CAN_READ" | "CAN_RUN" | "CAN_EDIT" | "CAN_MANAGE"): void {
    this.folderPermissions.grant(principal, level);
  }

  /** Log runs to the experiment. */
  grantExperimentEdit(principal: Principal): void {
    this.experimentPermissions.grant(principal, "CAN_EDIT");
  }

  grantExperimentRead(principal: Principal): void {
    this.experimentPermissions.grant(principal, "CAN_READ");
  }

  grantExperimentManage(principal: Principal): void {
    this.experimentPermissions.grant(principal, "CAN_MANAGE");
  }

  /** Load and score with the model's versions. */
  grantModelUse(principal: Principal): void {
    this.modelGrants.grant(principal, ["EXECUTE"]);
  }
}
