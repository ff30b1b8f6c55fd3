// Values a tool that writes environments could not know (`npm run new-environment`: the team's account
// ids, mailboxes, ranges, globally unique names), written as "<your ...>" in the field's place. Each
// such field refuses the text by its own format (not a UUID, not a CIDR, not an e-mail address), so
// config refuses the file until every one is filled; ./errors says which were left by the tool.

const UNFILLED = /^<your [^<>]+>$/;

/** The placeholder written for a value the tool could not know: `"<your Databricks account id>"`. */
export const unfilled = (what: string): string => `<your ${what}>`;

/** True when `value` is such a placeholder, still to be filled. */
export const isUnfilled = (value: unknown): boolean => typeof value === "string" && UNFILLED.test(value);
