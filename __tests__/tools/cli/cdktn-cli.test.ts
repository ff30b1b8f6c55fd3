import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

// `npm run test:cli`: the cdktn CLI itself, run on this repository.
const root = join(__dirname, "..", "..", "..");

describe("cdktn synth through the CLI", () => {
  // The CLI lists cdktf.out/stacks before running the app and deletes, without `force`, the stacks the
  // new manifest lacks: a narrowed synth after a full one must still succeed, and leave only its stacks.
  it("narrows a full synth to one environment (LAKEHOUSE_ENVIRONMENTS=dev) and removes the other stacks", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "lakehouse-cli-")), "cdktf.out");
    const cli = (selection: string) =>
      spawnSync(join(root, "node_modules/.bin/cdktn"), ["synth", "--output", outdir], {
        cwd: root,
        env: { ...process.env, CHECKPOINT_DISABLE: "1", LAKEHOUSE_ESTATE: "examples", LAKEHOUSE_ENVIRONMENTS: selection },
        encoding: "utf8",
      });
    expect(cli("").status).toBe(0);
    expect(readdirSync(join(outdir, "stacks"))).toHaveLength(16);
    const narrowed = cli("dev");
    expect(narrowed.stderr + narrowed.stdout).not.toMatch(/ENOENT/);
    expect(narrowed.status).toBe(0);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual([
      "bootstrap-aws-00000000",
      "dev-aws-workspace",
      "dev-workspace-config",
      "metastore-aws-eu-west-1-00000000",
    ]);
    rmSync(dirname(outdir), { recursive: true, force: true });
  }, 180000);
});
