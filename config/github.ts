import type { CiInput } from "./ci";

// This estate on GitHub: the repository whose workflows plan and deploy it, and (only where they
// differ from "<environment>" and "<environment>-plan") the GitHub environments they run in. The
// bootstrap stacks trust exactly these names (docs/ci-and-bootstrap.md, "Bootstrap").
export const github: CiInput = {
  github: { repository: "example-org/lakehouse" },
};
