import type { EnvironmentInput } from "../schema";
import { awsDev } from "./aws-dev";
import { awsProd } from "./aws-prod";
import { azureDev } from "./azure-dev";
import { azureProd } from "./azure-prod";

/** The example estate. Add an environment by adding a file beside these and listing it here. */
export const environments: EnvironmentInput[] = [awsDev, awsProd, azureDev, azureProd];
