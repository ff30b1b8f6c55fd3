import type { GuardrailRule } from "./model";
import { autoterminationRequired, clusterPolicyRequired, isolatedAccessMode } from "./rules/compute";
import { prodDeletionProtection } from "./rules/deletion";
import { egressThroughFirewall } from "./rules/egress";
import { adminOnlyManage } from "./rules/grants";
import { noWildcardActions } from "./rules/iam";
import { keysRotated } from "./rules/keys";
import { privateEgressOnly } from "./rules/network";
import { policyArgumentFormats } from "./rules/policy-arguments";
import { grantPropagation } from "./rules/propagation";
import { noLiteralSecrets } from "./rules/secrets";
import { prodServerlessEgressRestricted } from "./rules/serverless-egress";
import { storageEncrypted, storageNotPublic, storageVersioned } from "./rules/storage";
import { requiredTags } from "./rules/tags";

/** The rules on by default, in the order their findings are reported. */
export const RULE_PACK: readonly GuardrailRule[] = [
  clusterPolicyRequired,
  autoterminationRequired,
  isolatedAccessMode,
  storageEncrypted,
  storageVersioned,
  storageNotPublic,
  privateEgressOnly,
  egressThroughFirewall,
  prodServerlessEgressRestricted,
  keysRotated,
  noWildcardActions,
  policyArgumentFormats,
  grantPropagation,
  noLiteralSecrets,
  adminOnlyManage,
  prodDeletionProtection,
  requiredTags,
];
