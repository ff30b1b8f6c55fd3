// Databricks Runtime long-term-support lines. Clusters pin one of these so a runtime upgrade is a
// reviewed config change, never a surprise.
export const LTS_RUNTIMES = ["13.3", "14.3", "15.4", "16.4", "17.3"] as const;

const RUNTIME_PATTERN = /^(\d+)\.(\d+)\.x-(cpu-ml-|gpu-ml-)?scala(2\.1[23])$/;

/**
 * The Scala builds of a runtime line: 16.4 LTS ships a 2.12 and a 2.13 image, Databricks Runtime 17
 * (Spark 4) only 2.13, earlier lines only 2.12 (Databricks release notes, "Databricks Runtime 16.4 LTS").
 */
function scalaBuilds(major: number, minor: number): string[] {
  if (major >= 17) return ["2.13"];
  if (major === 16 && minor >= 4) return ["2.12", "2.13"];
  return ["2.12"];
}

/**
 * Takes a Databricks Runtime key (`spark_version`) and the kind of cluster it is for; gives undefined
 * when Databricks offers that runtime as an LTS line of that kind, otherwise the reason and the fix.
 * Refuses non-LTS lines, ML keys on general clusters and the reverse, and Scala builds a line lacks.
 */
export function runtimeProblem(sparkVersion: string, kind: "standard" | "ml"): string | undefined {
  const match = RUNTIME_PATTERN.exec(sparkVersion);
  const example = kind === "ml" ? "16.4.x-cpu-ml-scala2.12" : "16.4.x-scala2.12";
  if (!match) return `is not a Databricks Runtime key. Fix: use a key such as "${example}"`;
  const [, major, minor, ml, scala] = match;
  const line = `${major}.${minor}`;
  if (!(LTS_RUNTIMES as readonly string[]).includes(line)) {
    return `is not a long-term-support runtime. Fix: pin one of the LTS lines ${LTS_RUNTIMES.join(", ")}, e.g. "${example}"`;
  }
  const builds = scalaBuilds(Number(major), Number(minor));
  const key = (variant: string, build: string) => `${line}.x-${variant}scala${build}`;
  const build = builds.includes(scala) ? scala : builds[builds.length - 1];
  if (kind === "ml" && !ml) return `is not an ML runtime. Fix: use "${key("cpu-ml-", build)}"`;
  if (kind === "standard" && ml) return `is an ML runtime; general clusters use the standard one. Fix: use "${key("", build)}"`;
  if (!builds.includes(scala)) {
    return `names a Scala ${scala} build, but Databricks Runtime ${line} is built for Scala ${builds.join(" and ")} only. Fix: use "${key(ml ?? "", build)}"`;
  }
  return undefined;
}
