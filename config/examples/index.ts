import type { EnvironmentInput } from "../schema";
import { awsDev } from "./aws-dev";
import { awsProd } from "./aws-prod";
import { awsSandbox } from "./aws-sandbox";
import { azureDev } from "./azure-dev";
import { azureProd } from "./azure-prod";

/**
 * The blueprint's example estate: the documented, tested reference (the tests import these files, never
 * the team's estate in ../environments). Every value that names an account, a tenant, a principal, a
 * network or a mailbox is made up; each environment carries `example: true`, which lets config accept
 * those made-up values here and nowhere else (../example-values, ../placeholders).
 */
export const exampleEnvironments: EnvironmentInput[] = [awsDev, awsProd, azureDev, azureProd, awsSandbox];

export { awsDev, awsProd, awsSandbox, azureDev, azureProd };
