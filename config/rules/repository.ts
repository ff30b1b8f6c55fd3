import type { AddProblem } from "./problem";

// The Git provider Databricks uses for a repository (Git folders, job Git sources) decides the API and
// the credentials it reaches the host with (Databricks Repos API: provider). Hosted services have one
// host each; the self-hosted editions (gitHubEnterprise, gitLabEnterpriseEdition, bitbucketServer) run
// on the team's own host.

const HOSTED: ReadonlyArray<[string, RegExp, string]> = [
  ["gitHub", /^github\.com$/, "github.com"],
  ["gitLab", /^gitlab\.com$/, "gitlab.com"],
  ["bitbucketCloud", /^bitbucket\.org$/, "bitbucket.org"],
  ["azureDevOpsServices", /^(dev\.azure\.com|[a-z0-9-]+\.visualstudio\.com)$/, "dev.azure.com"],
  ["awsCodeCommit", /^git-codecommit\.[a-z0-9-]+\.amazonaws\.com$/, "git-codecommit.<region>.amazonaws.com"],
  // GitHub Enterprise Cloud with data residency: <enterprise>.ghe.com.
  ["gitHubEnterprise", /\.ghe\.com$/, "<enterprise>.ghe.com"],
];

// A hosted provider, and the self-hosted edition of it for a host of the team's own.
const SELF_HOSTED: Readonly<Record<string, string>> = {
  gitHub: "gitHubEnterprise",
  gitLab: "gitLabEnterpriseEdition",
  bitbucketCloud: "bitbucketServer",
};

/**
 * Takes a repository URL; gives the Git provider of the hosted service whose host it is on (github.com
 * gives "gitHub"), or undefined for another host or a text that is no URL.
 */
export function hostedProvider(url: string): string | undefined {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return HOSTED.find(([, pattern]) => pattern.test(host))?.[0];
  } catch {
    return undefined;
  }
}

/**
 * Takes an environment's repository; reports a URL whose host does not match repository.provider: a
 * hosted service's host named with another provider, or a provider of a hosted service given another
 * host (a self-hosted server takes the provider's enterprise or server edition).
 */
export function checkRepositoryHost(repository: { url: string; provider: string }, add: AddProblem): void {
  let host: string;
  try {
    host = new URL(repository.url).hostname.toLowerCase();
  } catch {
    return; // the schema reports a URL that is not one
  }
  const { provider } = repository;
  const hostedBy = HOSTED.find(([, pattern]) => pattern.test(host));
  if (hostedBy && hostedBy[0] !== provider && !(hostedBy[0] === "gitHubEnterprise" && provider === "gitHubEnterprise")) {
    add(
      ["repository", "url"],
      `is on ${host}, which is ${hostedBy[0]}'s host, while repository.provider is "${provider}"; Databricks would reach it with the wrong Git API and credentials. Fix: set provider: "${hostedBy[0]}", or give your ${provider} repository's URL`,
    );
    return;
  }
  const expected = HOSTED.find(([name]) => name === provider);
  if (!hostedBy && expected && provider !== "gitHubEnterprise") {
    const edition = SELF_HOSTED[provider];
    add(
      ["repository", "url"],
      `is on ${host}, but repository.provider "${provider}" is the service at ${expected[2]}. Fix: ${edition ? `for a server of your own set provider: "${edition}"` : `give the repository's ${expected[2]} URL`}, or correct the URL`,
    );
  }
}
