import type { GuardrailOptions, StackView, SynthesizedBlock } from "./model";

/** A stack's Terraform JSON as cdk.tf.json holds it (the parts the rules read). */
export type TerraformJson = {
  resource?: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  provider?: Record<string, any[]>;
};

function blocksOf(json: TerraformJson, kind: "resource" | "data"): SynthesizedBlock[] {
  return Object.entries(json[kind] ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, attrs]) => ({ kind, type, name, path: attrs?.["//"]?.metadata?.path ?? `${type}.${name}`, attrs })),
  );
}

export function buildStackView(json: TerraformJson, options: GuardrailOptions, taggablePaths: ReadonlySet<string>): StackView {
  const blocks = [...blocksOf(json, "resource"), ...blocksOf(json, "data")];
  const byAddress = new Map(blocks.filter((b) => b.kind === "resource").map((b) => [`${b.type}.${b.name}`, b]));
  const view: StackView = {
    options,
    blocks,
    providers: json.provider ?? {},
    taggablePaths,
    resources: (type) => blocks.filter((b) => b.kind === "resource" && b.type === type),
    data: (type) => blocks.filter((b) => b.kind === "data" && b.type === type),
    literal(value) {
      const match = typeof value === "string" ? /^\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z0-9_]+)\}$/.exec(value) : null;
      if (!match) return value;
      const target = byAddress.get(`${match[1]}.${match[2]}`);
      return target && target.attrs[match[3]] !== undefined ? view.literal(target.attrs[match[3]]) : value;
    },
    referencedBy(type, attribute, target, targetNameAttr) {
      const prefix = `\${${target.type}.${target.name}.`;
      const literalName = targetNameAttr ? target.attrs[targetNameAttr] : undefined;
      return view.resources(type).filter((r) => {
        const value = r.attrs[attribute];
        return (typeof value === "string" && value.startsWith(prefix)) || (literalName !== undefined && value === literalName);
      });
    },
  };
  return view;
}
