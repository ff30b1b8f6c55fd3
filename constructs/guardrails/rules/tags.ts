import type { Finding, GuardrailRule, StackView, SynthesizedBlock } from "../model";

// Some schemas keep tags as a map, others (MLflow experiments, budget policies) as a list of
// { key, value }, and SQL warehouses as a block holding that list (tags { custom_tags { ... } }).
const asMap = (tags: unknown): Record<string, unknown> => {
  if (Array.isArray(tags)) return Object.fromEntries(tags.map((t: { key: string; value: unknown }) => [t.key, t.value]));
  const nested = (tags as { custom_tags?: unknown } | undefined)?.custom_tags;
  if (Array.isArray(nested)) return asMap(nested);
  return (tags as Record<string, unknown>) ?? {};
};

function effectiveTags(view: StackView, block: SynthesizedBlock): Record<string, unknown> {
  const own = { ...asMap(block.attrs.tags), ...asMap(block.attrs.custom_tags) };
  if (!block.type.startsWith("aws_")) return own;
  // The AWS provider's default_tags apply to every taggable AWS resource of that provider.
  const providerName = String(block.attrs.provider ?? "aws");
  const alias = providerName.includes(".") ? providerName.split(".")[1] : undefined;
  const provider = (view.providers.aws ?? []).find((p) => p.alias === alias) ?? {};
  const defaults = Object.assign({}, ...(provider.default_tags ?? []).map((d: any) => d.tags ?? {})) as Record<string, unknown>;
  return { ...defaults, ...own };
}

export const requiredTags: GuardrailRule = {
  id: "LH-TAGS",
  summary: "every taggable resource carries the owner, environment and cost-center tags",
  check(view) {
    const findings: Finding[] = [];
    for (const block of view.blocks.filter((b) => b.kind === "resource" && view.taggablePaths.has(b.path))) {
      const tags = effectiveTags(view, block);
      const missing = view.options.requiredTags.filter((tag) => tags[tag] === undefined || tags[tag] === "");
      if (missing.length > 0) {
        findings.push({
          path: block.path,
          message: `is missing the tag(s) ${missing.join(", ")}. Fix: pass costTags(...) as its tags (AWS: the provider's default_tags cover it)`,
        });
      }
    }
    return findings;
  },
};
