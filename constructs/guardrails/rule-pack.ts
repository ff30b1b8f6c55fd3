import type { GuardrailRule } from "./model";
import { autoterminationRequired, clusterPolicyRequired, isolatedAccessMode } from "./rules/compute";
import { storageEncrypted, storageNotPublic, storageVersioned } from "./rules/storage";
import { keysRotated } from "./rules/keys";
import { noWildcardActions } from "./rules/iam";
import { policyArgumentFormats } from "./rules/policy-arguments";
import { grantPropagation } from "./rules/propagation";
import { noLiteralSecrets } from "./rules/secrets";
import { adminOnlyManage } from "./rules/grants";
import { prodDeletionProtection } from "./rules/deletion";
import { requiredTags } from "./rules/tags";
import { privateEgressOnly } from "./rules/network";

/** The rules on by default, in the order their findings are reported. */
export const RULE_PACK: readonly GuardrailRule[] = [
  clusterPolicyRequired,
  autoterminationRequired,
  isolatedAccessMode,
  storageEncrypted,
  storageVersioned,
  storageNotPublic,
  privateEgressOnly,
  keysRotated,
  noWildcardActions,
  policyArgumentFormats,
  grantPropagation,
  noLiteralSecrets,
  adminOnlyManage,
  prodDeletionProtection,
  requiredTags,
];
