// Databricks Runtime long-term-support lines. Clusters pin one of these so a runtime upgrade is a
// reviewed config change, never a surprise.
export const LTS_RUNTIMES = ["13.3", "14.3", "15.4", "16.4", "17.3"] as const;

const RUNTIME_PATTERN = /^(\d+\.\d+)\.x-(cpu-ml-|gpu-ml-)?scala2\.1[23]$/;

export function runtimeProblem(sparkVersion: string, kind: "standard" | "ml"): string | undefined {
  const match = RUNTIME_PATTERN.exec(sparkVersion);
  const example = kind === "ml" ? "16.4.x-cpu-ml-scala2.12" : "16.4.x-scala2.12";
  if (!match) return `is not a Databricks Runtime key. Fix: use a key such as "${example}"`;
  if (!(LTS_RUNTIMES as readonly string[]).includes(match[1])) {
    return `is not a long-term-support runtime. Fix: pin one of the LTS lines ${LTS_RUNTIMES.join(", ")}, e.g. "${example}"`;
  }
  if (kind === "ml" && !match[2]) return `is not an ML runtime. Fix: use "${match[1]}.x-cpu-ml-scala2.12"`;
  if (kind === "standard" && match[2]) return `is an ML runtime; general clusters use the standard one. Fix: use "${match[1]}.x-scala2.12"`;
  return undefined;
}
