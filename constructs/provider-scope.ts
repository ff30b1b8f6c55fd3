import { TerraformDataSource, type TerraformProvider, TerraformResource } from "cdktn";
import type { IConstruct } from "constructs";

/**
 * Makes every resource and data source under `scope` that names no provider use `provider`: for
 * constructs written for a stack's default provider (SecureBucket, say) placed in a stack that holds
 * one provider per cloud account (the bootstrap stack). Call it after building `scope`'s children.
 */
export function useProviderWithin(scope: IConstruct, provider: TerraformProvider): void {
  for (const child of scope.node.findAll()) {
    if ((child instanceof TerraformResource || child instanceof TerraformDataSource) && child.provider === undefined)
      child.provider = provider;
  }
}
