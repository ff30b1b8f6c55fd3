// Secrets pasted into config: found wherever they can hide (any field, known or not, any depth),
// refused, and never printed. Config files are committed to Git and their values are synthesized into
// cdktf.out/; secrets reach Terraform as sensitive variables (TF_VAR_*), through the secret scope
// (Key Vault on Azure) or as the providers' environment credentials (docs/deploying.md, "Credentials").

/** A secret found in the raw config. */
export interface SecretFinding {
  /** Where: the environment's index, then the keys down to the value. */
  readonly path: readonly PropertyKey[];
  /** The value as it may be shown: every secret part replaced by MASK. */
  readonly shown: string;
  /** What was found, the reason and the way to pass it instead, ending with "Fix: ...". */
  readonly message: string;
  /** The raw secret parts, so that no other message can print them either. */
  readonly secrets: readonly string[];
}

export const MASK = "****";

interface Span {
  readonly start: number;
  readonly end: number;
  readonly what: string;
}

type Detector = (text: string) => Span[];

/** Spans of `group` of every match of `pattern`; with `keepPrefix`, of what follows group 1 (a token's public prefix). */
function matches(pattern: RegExp, what: string | ((m: RegExpExecArray) => string), group = 0, keepPrefix = false): Detector {
  const regex = new RegExp(pattern.source, [...new Set([...pattern.flags, "g", "d"])].join(""));
  return (text) =>
    [...text.matchAll(regex)].flatMap((m) => {
      const indices = m.indices;
      const range = keepPrefix ? indices && [indices[1][1], indices[0][1]] : indices?.[group];
      if (!range || range[0] === range[1]) return [];
      return [{ start: range[0], end: range[1], what: typeof what === "string" ? what : what(m as RegExpExecArray) }];
    });
}

// Token shapes, from each issuer's documented prefixes (GitHub "About authentication", GitLab "Token
// overview", Databricks "Authentication for Databricks automation", AWS IAM "Access keys", Entra ID
// client secrets "xxxNQ~...", PEM per RFC 7468, JWT per RFC 7519).
const TOKEN_DETECTORS: Detector[] = [
  matches(/\b(gh[pousr]_)[A-Za-z0-9]{16,}/, "a GitHub token", 0, true),
  matches(/\b(github_pat_)[A-Za-z0-9_]{20,}/, "a GitHub fine-grained token", 0, true),
  matches(/\b(glpat-)[A-Za-z0-9_-]{20,}/, "a GitLab token", 0, true),
  matches(/\b(dapi)[0-9a-f]{32}(-\d+)?\b/, "a Databricks personal access token", 0, true),
  matches(/\b(dose)[0-9a-f]{32,}\b/, "a Databricks OAuth secret", 0, true),
  matches(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/, "an AWS access key id", 0, true),
  matches(/(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/, "an Entra ID client secret"),
  matches(/(-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)[\s\S]*/, "a private key (PEM block)", 0, true),
  matches(/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, "a JSON Web Token"),
  matches(/\b(xox[abprs]-)[A-Za-z0-9-]{10,}/, "a Slack token", 0, true),
];

// Credentials written into connection strings and URLs.
const CREDENTIAL_DETECTORS: Detector[] = [
  // scheme://user:password@host (JDBC, https, ...): the password.
  matches(/(?:[a-z][a-z0-9+.-]*:)+\/\/[^/\s?#;@:]*:([^/\s?#;]+)@/i, "a password in the URL", 1),
  // Oracle's thin driver: jdbc:oracle:thin:user/password@host.
  matches(/jdbc:oracle:[a-z]+:[^/@:\s]+\/([^@\s]+)@/i, "a password in the Oracle connect string", 1),
  // ?password=..., ;password=... (SQL Server), AccountKey=... (Azure connection strings), sig=... (SAS).
  matches(
    /(?:^|[?&;\s])(password|passwd|pwd|secret|client_?secret|token|access_?token|auth_?token|api_?key|sig|account_?key|shared_?access_?key|shared_?access_?signature)=([^&;#\s]+)/i,
    (m) => `a "${m[1]}" parameter`,
    2,
  ),
];

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  return [...counts.values()].reduce((sum, n) => sum - (n / text.length) * Math.log2(n / text.length), 0);
}

/** How often the character class (upper, lower, digit, other) changes from one character to the next, separators left out. */
function classChangeRate(full: string): number {
  const text = full.replace(/[._/-]/g, "");
  const classOf = (c: string) => (/[A-Z]/.test(c) ? 0 : /[a-z]/.test(c) ? 1 : /\d/.test(c) ? 2 : 3);
  let changes = 0;
  for (let i = 1; i < text.length; i++) if (classOf(text[i]) !== classOf(text[i - 1])) changes++;
  return changes / Math.max(1, text.length - 1);
}

/**
 * True for text that reads like generated key material: long, one word of mixed case and digits, with
 * high entropy and classes changing often (about 0.6 per character for random base62, under 0.2 for words).
 * Names and addresses (kebab, snake or camel case words), UUIDs (lowercase hex) and URLs do not.
 */
export function looksRandom(text: string, minLength = 32): boolean {
  return (
    text.length >= minLength &&
    /^[A-Za-z0-9+/=_~.!@#$%^&*-]+$/.test(text) &&
    /[A-Z]/.test(text) &&
    /[a-z]/.test(text) &&
    /\d/.test(text) &&
    entropy(text) >= (minLength >= 32 ? 4.2 : 3.8) &&
    classChangeRate(text) >= 0.35
  );
}

/** Token-shaped user names in URLs: https://ghp_...@github.com, https://<PAT>@dev.azure.com. */
const tokenAsUser: Detector = (text) =>
  [...text.matchAll(/(?:[a-z][a-z0-9+.-]*:)+\/\/([^/\s?#;@:]+)@/gi)].flatMap((m) => {
    const user = m[1];
    const start = (m.index ?? 0) + m[0].length - user.length - 1;
    const token = TOKEN_DETECTORS.some((detect) => detect(user).length > 0) || looksRandom(user, 20);
    return token ? [{ start, end: start + user.length, what: "a token in the URL" }] : [];
  });

/** Secret parts of a string value: credentials in URLs and connection strings, token shapes, random key material. */
function secretSpans(text: string): Span[] {
  const spans = [...CREDENTIAL_DETECTORS, tokenAsUser, ...TOKEN_DETECTORS].flatMap((detect) => detect(text));
  if (spans.length === 0 && looksRandom(text))
    return [{ start: 0, end: text.length, what: "a value that looks like generated key material (long, random)" }];
  // Overlapping spans (a token used as a URL's password): keep the widest, once.
  return spans
    .sort((a, b) => a.start - b.start || b.end - a.end)
    .filter((span, i, all) => !all.slice(0, i).some((other) => other.start <= span.start && span.end <= other.end));
}

function masked(text: string, spans: readonly Span[]): string {
  return [...spans].sort((a, b) => b.start - a.start).reduce((acc, span) => acc.slice(0, span.start) + MASK + acc.slice(span.end), text);
}

/** The value with every secret part replaced by MASK, and what those parts are; undefined when it holds none. */
export function secretInText(text: string): { shown: string; what: string[]; secrets: string[] } | undefined {
  const spans = secretSpans(text);
  if (spans.length === 0) return undefined;
  return {
    shown: masked(text, spans),
    what: [...new Set(spans.map((s) => s.what))],
    secrets: spans.map((s) => text.slice(s.start, s.end)),
  };
}

// Field names that hold secrets, compared without case, "-" or "_": exactly, or as the end of a longer
// name (jdbcPassword, gitToken, storageAccountKey).
const SECRET_NAMES = new Set([
  "pass",
  "pwd",
  "passphrase",
  "pat",
  "credential",
  "credentials",
  "sas",
  "privatekey",
  "accesskeyid",
  "accountkey",
  "sharedkey",
]);
const SECRET_ENDINGS = [
  "password",
  "passwd",
  "secret",
  "token",
  "apikey",
  "accesskey",
  "secretkey",
  "privatekey",
  "connectionstring",
  "accountkey",
  "clientcertificate",
  "sassignature",
];

/** True for a field name that says it holds a secret: password, token, secret, clientSecret, secretKey, accessKey... */
export function isSecretFieldName(key: string): boolean {
  const folded = key.toLowerCase().replace(/[-_]/g, "");
  return SECRET_NAMES.has(folded) || SECRET_ENDINGS.some((ending) => folded.endsWith(ending));
}

// Known fields whose names say "secret" but that hold a secret's NAME (a key in the secret scope).
const NAMES_OF_SECRETS = [["mounts", "secretKey"]];
const isNameOfSecret = (path: readonly PropertyKey[]) =>
  NAMES_OF_SECRETS.some((known) => known.length === path.length - 1 && known.every((key, i) => path[i + 1] === key));
// A secret-scope key name (Databricks: letters, digits, "-", "_" and ".", at most 128).
const SECRET_KEY_NAME = /^[A-Za-z0-9._-]{1,128}$/;

/** Where to put a secret instead, by the config section it was found in. */
function wayToPass(path: readonly PropertyKey[], cloud: unknown): string {
  const [section, sub] = path.slice(1).map(String);
  const jdbc =
    cloud === "azure"
      ? 'the Key Vault secrets "jdbc-user" and "jdbc-password" (az keyvault secret set --vault-name <azure.keyVaultName> -n jdbc-password --value ...)'
      : "the sensitive variables TF_VAR_jdbc_user and TF_VAR_jdbc_password, which the config stack writes into the secret scope";
  if (section === "jobs" && sub === "jdbc")
    return `remove it; the JDBC user and password come from the environment's secret scope: ${jdbc}`;
  if (section === "repository")
    return "remove it and use the clone URL without credentials; the Git token comes from the sensitive variable TF_VAR_git_token";
  if (section === "mounts")
    return "put the client secret in the environment's secret scope (on Azure its Key Vault: az keyvault secret set --vault-name <azure.keyVaultName> -n mount-client-secret --value ...) and set mounts.secretKey to that key's name, e.g. \"mount-client-secret\"";
  if (section === "databricks")
    return "remove it; the Databricks providers authenticate from the environment: DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET (OAuth machine-to-machine)";
  if (section === "aws")
    return "remove it; the AWS provider takes credentials from its chain: AWS_PROFILE, SSO, or a role assumed through OIDC in CI";
  if (section === "azure")
    return "remove it; azurerm authenticates from the environment: ARM_CLIENT_ID with OIDC (ARM_USE_OIDC=true) or the Azure CLI login";
  if (section === "state")
    return "remove it; the state backend authenticates as the provider does (the AWS credential chain; Entra ID on Azure)";
  return 'remove it; pass secrets as sensitive variables (TF_VAR_*), through the secret scope (Key Vault on Azure) or as the providers\' environment credentials (docs/deploying.md, "Credentials")';
}

const WHY = "config files are committed to Git and their values are synthesized into cdktf.out/";

/** Every string at or under `value`, with its path. */
function* strings(value: unknown, path: PropertyKey[], seen: Set<object>): Generator<[PropertyKey[], string, string | undefined]> {
  if (typeof value === "string") yield [path, value, undefined];
  if (value === null || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  for (const [key, child] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    const childPath = [...path, key];
    if (typeof key === "string" && isSecretFieldName(key) && !isNameOfSecret(childPath)) {
      yield [childPath, "", key];
      continue;
    }
    yield* strings(child, childPath, seen);
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined),
    input,
  );
}

/** Every secret in raw `inputs` (an array of environments), in fields known or not, at any depth. */
export function findSecrets(inputs: unknown): SecretFinding[] {
  if (!Array.isArray(inputs)) return [];
  const findings: SecretFinding[] = [];
  inputs.forEach((env, index) => {
    const cloud = valueAt(env, ["cloud"]);
    for (const [path, text, secretKey] of strings(env, [index], new Set())) {
      if (secretKey !== undefined) {
        const value = valueAt(inputs, path);
        const raw = typeof value === "string" ? [value] : [JSON.stringify(value) ?? ""];
        findings.push({
          path,
          shown: typeof value === "string" ? `"${MASK}"` : `(${typeof value}, ${MASK})`,
          message: `is a secret (the field "${secretKey}" names one); ${WHY}. Fix: ${wayToPass(path, cloud)}`,
          secrets: raw.filter((s) => s.length > 0),
        });
        continue;
      }
      let found = secretInText(text);
      if (!found && isNameOfSecret(path) && /^\S+$/.test(text) && (!SECRET_KEY_NAME.test(text) || looksRandom(text, 20))) {
        // A secret-scope key name is a short word; one "word" with other characters (Entra secrets hold
        // ~ [ ] : @ ? = / *) or random key material is most likely the secret itself. Words with spaces
        // are names written wrongly, and the schema says so.
        found = { shown: MASK, what: ["a value that is not a key name (it looks like the secret itself)"], secrets: [text] };
      }
      if (!found) continue;
      const holds = isNameOfSecret(path)
        ? `should name a key in the secret scope but holds ${found.what.join(" and ")}`
        : `holds ${found.what.join(" and ")}`;
      findings.push({
        path,
        shown: JSON.stringify(found.shown),
        message: `${holds}; ${WHY}. Fix: ${wayToPass(path, cloud)}`,
        secrets: found.secrets,
      });
    }
  });
  return findings;
}

/** `text` with every raw secret of `findings` replaced by MASK (so no message can print one). */
export function maskSecrets(text: string, findings: readonly SecretFinding[]): string {
  const secrets = findings
    .flatMap((f) => f.secrets)
    .filter((s) => s.length >= 3)
    .sort((a, b) => b.length - a.length);
  return secrets.reduce((acc, secret) => acc.split(secret).join(MASK).split(JSON.stringify(secret).slice(1, -1)).join(MASK), text);
}
