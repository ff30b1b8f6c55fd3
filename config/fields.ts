import type { z } from "zod";

// The field names a schema accepts at a path of the input, to suggest the nearest one for an unknown
// key. zod's unrecognized_keys issue names the unknown keys but not the known ones, so the schema is
// walked along the issue's path (its definitions are zod 4's documented `_zod.def`).

type Schema = z.core.$ZodType;
type Def = {
  type: string;
  innerType?: Schema;
  in?: Schema;
  options?: Schema[];
  element?: Schema;
  shape?: Record<string, Schema>;
  values?: unknown[];
};

const defOf = (schema: Schema) => schema._zod.def as unknown as Def;

/** The schemas that may actually parse a value: wrappers (optional, default, pipe...) and unions opened. */
function alternatives(schema: Schema): Schema[] {
  const def = defOf(schema);
  if (def.innerType) return alternatives(def.innerType);
  if (def.type === "pipe" && def.in) return alternatives(def.in);
  if (def.type === "union" && def.options) return def.options.flatMap(alternatives);
  return [schema];
}

/** Keeps the object schemas whose literal fields (discriminators: cloud, backend) agree with `value`. */
function matching(objects: Schema[], value: unknown): Schema[] {
  const record = value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
  const agreeing = objects.filter((schema) =>
    Object.entries(defOf(schema).shape ?? {}).every(([key, field]) => {
      const fieldDef = defOf(field);
      return fieldDef.type !== "literal" || !(key in record) || (fieldDef.values ?? []).includes(record[key]);
    }),
  );
  return agreeing.length > 0 ? agreeing : objects;
}

function objectsAt(schema: Schema, path: readonly PropertyKey[], value: unknown): Schema[] {
  const candidates = alternatives(schema);
  const objects = matching(
    candidates.filter((c) => defOf(c).type === "object"),
    value,
  );
  if (path.length === 0) return objects;
  const [head, ...rest] = path;
  const child = (value as Record<PropertyKey, unknown> | undefined)?.[head];
  return [
    ...candidates
      .filter((c) => defOf(c).type === "array" && typeof head === "number")
      .flatMap((c) => objectsAt(defOf(c).element as Schema, rest, child)),
    ...objects.flatMap((c) => {
      const field = defOf(c).shape?.[String(head)];
      return field ? objectsAt(field, rest, child) : [];
    }),
  ];
}

/**
 * The field names `schema` accepts for the object at `path` of `input` (discriminated unions resolved
 * by the input's discriminator); empty when the path leads to no object.
 */
export function knownFields(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): string[] {
  return [...new Set(objectsAt(schema, path, input).flatMap((object) => Object.keys(defOf(object).shape ?? {})))];
}

/** True when the field at `path` has a default in `schema` (a `.default(...)` among its wrappers). */
export function hasDefault(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): boolean {
  if (path.length === 0) return false;
  const key = String(path[path.length - 1]);
  return objectsAt(schema, path.slice(0, -1), input).some((object) => {
    let field: Schema | undefined = defOf(object).shape?.[key];
    while (field) {
      const def = defOf(field);
      if (def.type === "default" || def.type === "prefault") return true;
      field = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
    }
    return false;
  });
}
