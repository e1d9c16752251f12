// A tiny validator for the JSON a server sends. Every response shape is declared once with these
// combinators and read through them only, so an unexpected shape is a failed parse (a finding),
// never a TypeError, and a key such as `constructor` or `__proto__` is never looked up on
// Object.prototype: fields are read as own properties only, and results are fresh objects.

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

export type Schema<T> = (value: unknown) => Parsed<T>;

/** A field that may be absent (or present but unusable): it is then left out of the result. */
export type OptionalSchema<T> = Schema<T | undefined> & { readonly optional: true };

export type Infer<S> = S extends Schema<infer T> ? T : never;

type Shape = Readonly<Record<string, Schema<unknown>>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = Exclude<keyof S, RequiredKeys<S>>;
export type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined> };

const FAIL: Parsed<never> = { ok: false };
const pass = <T>(value: T): Parsed<T> => ({ ok: true, value });

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property only: `__proto__`, `constructor` and the like are never found on the prototype. */
function ownField(record: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

export const string: Schema<string> = (value) => (typeof value === 'string' ? pass(value) : FAIL);
export const nonEmptyString: Schema<string> = (value) => (typeof value === 'string' && value !== '' ? pass(value) : FAIL);
export const boolean: Schema<boolean> = (value) => (typeof value === 'boolean' ? pass(value) : FAIL);
export const finiteNumber: Schema<number> = (value) => (typeof value === 'number' && Number.isFinite(value) ? pass(value) : FAIL);

/** Converts what passed `schema`. */
export function map<T, U>(schema: Schema<T>, convert: (value: T) => U): Schema<U> {
  return (value) => {
    const parsed = schema(value);
    return parsed.ok ? pass(convert(parsed.value)) : FAIL;
  };
}

/** The first alternative that accepts the value. */
export function oneOf<S extends ReadonlyArray<Schema<unknown>>>(...schemas: S): Schema<Infer<S[number]>> {
  return (value) => {
    for (const schema of schemas) {
      const parsed = schema(value);
      if (parsed.ok) return parsed as Parsed<Infer<S[number]>>;
    }
    return FAIL;
  };
}

/** An array whose every item passes: one bad item and the whole list is not the expected shape. */
export function arrayOf<T>(item: Schema<T>): Schema<T[]> {
  return (value) => {
    if (!Array.isArray(value)) return FAIL;
    const out: T[] = [];
    for (const element of value) {
      const parsed = item(element);
      if (!parsed.ok) return FAIL;
      out.push(parsed.value);
    }
    return pass(out);
  };
}

export function optional<T>(schema: Schema<T>): OptionalSchema<T> {
  const read: Schema<T | undefined> = (value) => {
    const parsed = schema(value);
    return parsed.ok ? parsed : pass(undefined);
  };
  return Object.assign(read, { optional: true as const });
}

/** An object with these own fields; other fields are ignored. */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  const fields = Object.entries(shape);
  return (value) => {
    if (!isRecord(value)) return FAIL;
    const out: Record<string, unknown> = {};
    for (const [name, schema] of fields) {
      const parsed = schema(ownField(value, name));
      if (!parsed.ok) return FAIL;
      if (parsed.value !== undefined) out[name] = parsed.value;
    }
    return pass(out as ObjectOf<S>);
  };
}
