import { GitCredential } from "@cdktn/provider-databricks/lib/git-credential";
import { Repo } from "@cdktn/provider-databricks/lib/repo";
import { type TerraformProvider, TerraformVariable } from "cdktn";
import { Construct } from "constructs";
import { ObjectPermissions } from "./object-permissions";
import type { Principal } from "./principal";

export interface GitFoldersProps {
  readonly provider: TerraformProvider;
  readonly url: string;
  readonly gitProvider: string;
  readonly branch: string;
  readonly tag?: string;
  /** Workspace users who get a Git folder of their own to branch, commit and open pull requests from. */
  readonly developers: string[];
}

/**
 * Git folders (Repos) of the team repository: a shared, read-only checkout of the release branch
 * (or tag) that people run from, and one folder per developer where they branch, commit and open pull
 * requests, so notebooks are versioned and nobody exports production data to a laptop. The Git
 * token of the deploying principal comes from a sensitive variable.
 */
export class GitFolders extends Construct {
  readonly shared: Repo;
  readonly sharedPermissions: ObjectPermissions;
  readonly personal: Repo[];

  constructor(scope: Construct, id: string, props: GitFoldersProps) {
    super(scope, id);
    const provider = props.provider;
    const token = new TerraformVariable(this, "git_token", {
      type: "string",
      sensitive: true,
      nullable: false,
      description: "Git token of the CI/CD principal, used to clone the team repository",
    });
    token.overrideLogicalId("git_token");
    const credential = new GitCredential(this, "credential", {
      provider,
      gitProvider: props.gitProvider,
      personalAccessToken: token.stringValue,
      force: true,
    });

    this.shared = new Repo(this, "shared", {
      provider,
      url: props.url,
      gitProvider: props.gitProvider,
      path: "/Repos/shared/lakehouse",
      branch: props.tag ? undefined : props.branch,
      tag: props.tag,
      dependsOn: [credential],
    });
    this.sharedPermissions = new ObjectPermissions(this, "shared-access", {
      provider,
      target: { repoId: this.shared.id },
      levels: ["CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"],
    });

    this.personal = props.developers.map((user) => {
      const repo = new Repo(this, `dev-${user}`, {
        provider,
        url: props.url,
        gitProvider: props.gitProvider,
        path: `/Repos/${user}/lakehouse`,
        branch: props.branch,
        dependsOn: [credential],
      });
      // Developers edit (branch, commit, push) their own folder; managing it stays with admins.
      new ObjectPermissions(this, `dev-${user}-access`, { provider, target: { repoId: repo.id }, levels: ["CAN_EDIT"] }).grant(
        { kind: "user", userName: user },
        "CAN_EDIT",
      );
      return repo;
    });
  }

  /** Run notebooks from the shared folder (no edits: changes arrive through pull requests). */
  grantRun(principal: Principal): void {
    this.sharedPermissions.grant(principal, "CAN_RUN");
  }

  grantRead(principal: Principal): void {
    this.sharedPermissions.grant(principal, "CAN_READ");
  }

  grantManage(principal: Principal): void {
    this.sharedPermissions.grant(principal, "CAN_MANAGE");
  }
}
