import { exampleEnvironments } from "../examples";
import type { EnvironmentInput } from "../schema";

/**
 * The estate: the environments `npm run synth` (main.ts), the scan and the deploy pipeline build. It is
 * the team's own list. It ships holding the blueprint's examples (../examples) so that a fresh clone
 * synthesizes something; replace them with your environments, kept in files beside this one, or start
 * from an empty list: `export const environments: EnvironmentInput[] = [];` (docs/adding-an-environment.md).
 * The tests never read this list, so emptying it changes no test.
 */
export const environments: EnvironmentInput[] = [...exampleEnvironments];
