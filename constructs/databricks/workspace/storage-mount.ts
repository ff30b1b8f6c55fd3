import { InstanceProfile } from "@cdktn/provider-databricks/lib/instance-profile";
import { Mount } from "@cdktn/provider-databricks/lib/mount";
import type { TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import type { LakehouseStorage } from "../../lakehouse-storage";

export interface StorageMountProps {
  readonly provider: TerraformProvider;
  readonly name: string;
  readonly mount: NonNullable<LakehouseStorage["mount"]>;
  /** Azure: the service principal and where its secret lives. */
  readonly servicePrincipal?: { readonly clientId: string; readonly secretScope: string; readonly secretKey: string };
}

/**
 * The seed's DBFS mounts, for teams that still depend on /mnt paths: S3 through an instance profile
 * registered in the workspace, ADLS through a service principal whose secret is read from a secret
 * scope at mount time. Databricks deprecates mounts; Unity Catalog volumes are the default here.
 */
export class StorageMount extends Construct {
  readonly mountResource: Mount;

  constructor(scope: Construct, id: string, props: StorageMountProps) {
    super(scope, id);
    const provider = props.provider;
    if (props.mount.kind === "s3") {
      const profile = new InstanceProfile(this, "instance-profile", { provider, instanceProfileArn: props.mount.instanceProfileArn });
      this.mountResource = new Mount(this, "mount", {
        provider,
        name: props.name,
        s3: { bucketName: props.mount.bucket, instanceProfile: profile.id },
      });
      return;
    }
    if (!props.servicePrincipal)
      throw new Error(`${this.node.path}: an ADLS mount needs servicePrincipal (client id, secret scope and key)`);
    this.mountResource = new Mount(this, "mount", {
      provider,
      name: props.name,
      abfs: {
        storageAccountName: props.mount.storageAccountName,
        containerName: props.mount.container,
        tenantId: props.mount.tenantId,
        clientId: props.servicePrincipal.clientId,
        clientSecretScope: props.servicePrincipal.secretScope,
        clientSecretKey: props.servicePrincipal.secretKey,
        initializeFileSystem: false,
      },
    });
  }
}
