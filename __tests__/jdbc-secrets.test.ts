import { loadEnvironments } from "../config/load";
import { examples, resourcesOf, standalone, synthBlueprint, variant } from "./helpers";

// The JDBC credentials are variables (TF_VAR_jdbc_user, TF_VAR_jdbc_password) and secrets only where
// the ingestion reads a database (jobs.jdbc); a deploy without them must not ask for them.
describe("JDBC credentials", () => {
  const configStack = (env: typeof examples.dev) => {
    const [loaded] = loadEnvironments([standalone(env)]);
    return synthBlueprint([loaded])["dev-workspace-config"];
  };

  it("are neither variables nor secrets when jobs.jdbc is not set", () => {
    const out = configStack(variant(examples.dev, (e) => delete e.jobs.jdbc));
    expect(Object.keys(JSON.parse(out).variable ?? {}).filter((name) => name.startsWith("jdbc"))).toEqual([]);
    expect(resourcesOf(out, "databricks_secret").map((secret) => secret.key)).not.toContain("jdbc-user");
  });

  it("are sensitive variables written into the secret scope when jobs.jdbc is set", () => {
    const out = configStack(examples.dev);
    expect(JSON.parse(out).variable).toMatchObject({ jdbc_user: { sensitive: true }, jdbc_password: { sensitive: true } });
    expect(resourcesOf(out, "databricks_secret").map((secret) => secret.key)).toEqual(
      expect.arrayContaining(["jdbc-user", "jdbc-password"]),
    );
  });
});
