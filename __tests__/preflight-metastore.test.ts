import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadEnvironments } from "../config/load";
import type { EnvironmentInput } from "../config/schema";
import { checkStatements, type MetastoreListing, metastoreStatements } from "../scripts/preflight/metastores";
import { examples, variant } from "./helpers";

// The metastore preflight against a recorded listing of the examples' AWS Databricks account (the
// response of GET /api/2.0/accounts/{account_id}/metastores): the account got a metastore in eu-west-1
// with its first workspace there (created by "System user"), and has one in us-east-1.
const listing = JSON.parse(readFileSync(join(__dirname, "fixtures", "account-metastores.json"), "utf8")) as MetastoreListing;
const EU_WEST_1 = "5b0e9d2c-7a41-4f3e-9c6d-2e8f1a7b3c90";
const US_EAST_1 = "c41f7a3e-2d8b-4e69-a0b5-97d3e6f1c2a8";

const awsExamples = (edit: (env: any) => void = () => undefined): EnvironmentInput[] => [
  variant(examples.dev, edit),
  variant(examples.prod, edit),
];
const check = (inputs: EnvironmentInput[]) => checkStatements(metastoreStatements(loadEnvironments(inputs)), listing);
// Serverless egress needs the blueprint's metastore stack; prod keeps it off, with its reason, when adopting.
const adopting = (id: string) => (e: any) => (
  (e.unityCatalog = { metastore: { mode: "adopt", id } }),
  e.stage === "prod" &&
    (e.security.serverlessEgress = {
      enabled: false,
      reason: "the region's metastore is adopted; its connectivity configuration is not ours",
    })
);

describe("metastore preflight", () => {
  it("refuses create where the region has a metastore, with the statement that fixes it", () => {
    const { ok, problems } = check(awsExamples());
    expect(ok).toEqual([]);
    expect(problems).toEqual([
      `dev, prod: unityCatalog.metastore = { mode: "create" } (Databricks account 00000000-0000-4000-8000-000000000000, aws eu-west-1): the account already has metastore "metastore_aws_eu_west_1" (${EU_WEST_1}) in eu-west-1, and Databricks allows one metastore per region per account, so the metastore stack's apply would fail. Fix: set unityCatalog.metastore: { mode: "adopt", id: "${EU_WEST_1}" } in dev, prod`,
    ]);
  });

  it("accepts adopting the region's metastore", () => {
    const { ok, problems } = check(awsExamples(adopting(EU_WEST_1.toUpperCase())));
    expect(problems).toEqual([]);
    expect(ok).toEqual([expect.stringContaining(`adopts "metastore_aws_eu_west_1" (${EU_WEST_1}), the account's metastore in eu-west-1`)]);
  });

  it("accepts create in a region where the account has none", () => {
    const west2 = (e: any) => (
      (e.aws.region = "us-west-2"),
      (e.aws.network.availabilityZones = ["us-west-2a", "us-west-2b", "us-west-2c"].slice(0, e.aws.network.availabilityZones.length))
    );
    const { ok, problems } = check(awsExamples(west2));
    expect(problems).toEqual([]);
    expect(ok).toEqual([expect.stringContaining("the account has no metastore in us-west-2; the blueprint's metastore stack creates it")]);
  });

  it("refuses adopting an id the account does not have, naming the one it has in the region", () => {
    const { problems } = check(awsExamples(adopting("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")));
    expect(problems).toEqual([
      expect.stringContaining(
        `the account has no metastore 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d (it has: "metastore_aws_eu_west_1" (${EU_WEST_1}) in eu-west-1, "analytics-us-east-1" (${US_EAST_1}) in us-east-1), so the workspaces' metastore assignment would fail. Fix: set unityCatalog.metastore: { mode: "adopt", id: "${EU_WEST_1}" } (the metastore of eu-west-1) in dev, prod`,
      ),
    ]);
  });

  it("refuses adopting a metastore of another region", () => {
    const { problems } = check(awsExamples(adopting(US_EAST_1)));
    expect(problems).toEqual([
      expect.stringContaining(
        `metastore "analytics-us-east-1" (${US_EAST_1}) is in us-east-1, not eu-west-1; a workspace can only be assigned a metastore of its own region. Fix: set unityCatalog.metastore: { mode: "adopt", id: "${EU_WEST_1}" }`,
      ),
    ]);
  });

  it("reads an account without metastores, and a plain list of them", () => {
    const statements = metastoreStatements(loadEnvironments(awsExamples()));
    expect(checkStatements(statements, {}).problems).toEqual([]);
    expect(checkStatements(statements, listing.metastores ?? []).problems).toHaveLength(1);
    const none = checkStatements(metastoreStatements(loadEnvironments(awsExamples(adopting(EU_WEST_1)))), { metastores: [] }).problems;
    expect(none).toEqual([
      expect.stringContaining(
        '(it has: none), so the workspaces\' metastore assignment would fail. Fix: set unityCatalog.metastore: { mode: "create" } (the account has no metastore in eu-west-1)',
      ),
    ]);
  });
});
