import { PolicyInfo } from "@cdktn/provider-databricks/lib/policy-info";
import type { ITerraformDependable, TerraformProvider } from "cdktn";
import { Construct } from "constructs";
import { SENSITIVITY_TAG, type Sensitivity } from "./sensitivity-tag-policy";

export interface AbacPoliciesProps {
  readonly provider: TerraformProvider;
  /** The catalog the policies apply to: every table under it, now and later. */
  readonly catalogName: string;
  /** Principals that see the data unmasked and unfiltered: the pii-readers group, the pipelines' principals (application ids). */
  readonly exceptPrincipals: readonly string[];
  /** The functions (GovernanceFunctions) and the governed tag, when this stack creates it. */
  readonly dependsOn: ITerraformDependable[];
}

/** The policies this creates: which tag value, which function, which kind. */
export const POLICIES: ReadonlyArray<{
  readonly name: string;
  readonly kind: "POLICY_TYPE_COLUMN_MASK" | "POLICY_TYPE_ROW_FILTER";
  readonly sensitivity: Sensitivity;
  readonly functionName: string;
  readonly comment: string;
}> = [
  {
    name: "mask-pii-join-keys",
    kind: "POLICY_TYPE_COLUMN_MASK",
    sensitivity: "pii_key",
    functionName: "mask_join_key",
    comment: "pii join keys (customer ids) as a keyed SHA-256: joins still match, the ids do not show",
  },
  {
    name: "redact-pii",
    kind: "POLICY_TYPE_COLUMN_MASK",
    sensitivity: "pii",
    functionName: "redact",
    comment: "pii nobody joins on (zip prefix, city, review texts) redacted",
  },
  {
    name: "sample-confidential-rows",
    kind: "POLICY_TYPE_ROW_FILTER",
    sensitivity: "confidential",
    functionName: "keep_sample",
    comment: "a fixed 10 percent sample of rows with a confidential column (payment values)",
  },
];

/** Everyone in the account: the policies apply to all but the exceptions. */
const EVERYONE = "account users";

/**
 * Attribute-based access control on a catalog (`databricks_policy_info`, "Unity Catalog ABAC"): for
 * every table under it, columns tagged `sensitivity` = pii_key are masked by a keyed hash, = pii
 * redacted, and rows of tables with a confidential column sampled, for everyone (`account users`)
 * except `exceptPrincipals`. Policies follow the tags, not the tables: a new table is governed as
 * soon as its columns are tagged. The functions live in `<catalog>.governance` (GovernanceFunctions).
 */
export class AbacPolicies extends Construct {
  readonly policies: PolicyInfo[];

  constructor(scope: Construct, id: string, props: AbacPoliciesProps) {
    super(scope, id);
    this.policies = POLICIES.map((policy) => {
      const condition = `has_tag_value('${SENSITIVITY_TAG}', '${policy.sensitivity}')`;
      const functionName = `${props.catalogName}.governance.${policy.functionName}`;
      return new PolicyInfo(this, policy.name, {
        provider: props.provider,
        name: policy.name,
        comment: policy.comment,
        onSecurableType: "CATALOG",
        onSecurableFullname: props.catalogName,
        forSecurableType: "TABLE",
        policyType: policy.kind,
        toPrincipals: [EVERYONE],
        exceptPrincipals: [...props.exceptPrincipals],
        matchColumns: [{ condition, alias: "tagged" }],
        ...(policy.kind === "POLICY_TYPE_COLUMN_MASK"
          ? { columnMask: { functionName, onColumn: "tagged" } }
          : { rowFilter: { functionName, using: [{ alias: "tagged" }] } }),
        dependsOn: props.dependsOn,
      });
    });
  }
}
