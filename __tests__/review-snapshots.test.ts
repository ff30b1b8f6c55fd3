// The reviewed snapshot of each stack of the example estate is its review view (review-view.ts): the
// sorted addresses and, per resource, the attributes that matter for security and cost. A pull request
// that changes what the estate holds shows here as a short diff; `npx jest -u` records it once read.
import { exampleEnvironments, synthBlueprint } from "./helpers";
import { reviewView } from "./review-view";

const stacks = synthBlueprint(Object.values(exampleEnvironments()));

describe("the example estate", () => {
  it("has a workspace and a workspace-config stack per environment, one metastore stack per cloud region, one bootstrap stack per Databricks account and one egress hub per Azure subscription and region with a firewall environment, and azdev's data path to azprod's private storage", () => {
    expect(Object.keys(stacks).sort()).toEqual([
      "azdev-azure-workspace",
      "azdev-prod-data-path",
      "azdev-workspace-config",
      "azprod-azure-workspace",
      "azprod-workspace-config",
      "bootstrap-aws-00000000",
      "bootstrap-azure-00000000",
      "dev-aws-workspace",
      "dev-workspace-config",
      "egress-hub-azure-westeurope-00000000-0000-4000-8000-00000000aa02",
      "metastore-aws-eu-west-1-00000000",
      "metastore-azure-westeurope-00000000",
      "prod-aws-workspace",
      "prod-workspace-config",
      "sandbox-aws-workspace",
      "sandbox-workspace-config",
    ]);
  });

  it.each(Object.keys(stacks).sort())("%s matches its reviewed view", (name) => {
    expect(reviewView(stacks[name])).toMatchSnapshot();
  });
});
