// Request validation against the spec with validators compiled once per
// operation (Ajv), instead of Prism's per-request validation: the gateway's
// hot path only runs the compiled functions.
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020";
import type AjvCore from "ajv/dist/core";
import addFormats from "ajv-formats";
import { toValidationSchema, type SchemaDialect } from "@/lib/openapi/schema-dialect";
import type { Violation } from "@/lib/errors";
import { logServerError } from "@/lib/errors/redact";

type Schema = Record<string, unknown>;

type Validators = { params: AjvCore; body: AjvCore };
const shared: Partial<Record<SchemaDialect, Validators>> = {};

/** OpenAPI's integer and number formats (3.0.3 §4.7.24 Data Types) that JSON Schema leaves undefined. */
function addOpenApiFormats(instance: AjvCore) {
  addFormats(instance);
  instance.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n <= 2 ** 31 - 1 });
  instance.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  instance.addFormat("float", { type: "number", validate: () => true });
  instance.addFormat("double", { type: "number", validate: () => true });
  instance.addFormat("byte", /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  for (const name of ["binary", "password"]) instance.addFormat(name, true);
  return instance;
}

/** One pair of validators per dialect: draft-07 for translated 3.0 schemas, 2020-12 for 3.1. */
function ajv(dialect: SchemaDialect): Validators {
  let pair = shared[dialect];
  if (!pair) {
    const Kind = dialect === "3.0" ? Ajv : Ajv2020;
    // Unknown formats and keywords of a published spec are ignored, not logged on every compile.
    const common = { strict: false, allErrors: true, validateFormats: true, logger: false as const };
    // Parameters arrive as strings: coerce to the declared types ("array" wraps single values).
    pair = { params: addOpenApiFormats(new Kind({ ...common, coerceTypes: "array" })), body: addOpenApiFormats(new Kind(common)) };
    shared[dialect] = pair;
  }
  return pair;
}

export type ParameterSpec = { in: "path" | "query" | "header"; name: string; required: boolean; schema?: Schema };

export type CompiledValidator = {
  /** Coerces `values` in place; returns every violation of the parameters. */
  parameters(values: { path: Record<string, string>; query: Record<string, string | string[]>; header: Record<string, string> }): Violation[];
  body(value: unknown): Violation[];
};

// How far into the data an error points (a missing property counts as its own level).
const depth = (e: ErrorObject) => (e.instancePath ? e.instancePath.split("/").length : 0) + (e.keyword === "required" ? 1 : 0);

// Ajv collects every error (allErrors); a caller needs the first ones, and the
// collapse below must stay cheap whatever a hostile body makes fail.
const MAX_ERRORS = 100;

const isCombinator = (e: ErrorObject) => e.keyword === "oneOf" || e.keyword === "anyOf";
/** An error raised inside `combinator`: below it in the schema and in the data (one oneOf under `items` fails per element). */
const within = (e: ErrorObject, combinator: ErrorObject) =>
  e !== combinator &&
  e.schemaPath.startsWith(`${combinator.schemaPath}/`) &&
  (e.instancePath === combinator.instancePath || e.instancePath.startsWith(`${combinator.instancePath}/`));

/**
 * Ajv reports every failed branch of a oneOf/anyOf and then the combinator
 * itself. Keep one account of it: the branch that got furthest into the data
 * (deepest error, then fewest errors), or, when no branch stands out, the
 * combinator's own error. Nested combinators are collapsed the same way,
 * outermost first.
 */
function collapseAlternatives(errors: ErrorObject[]): ErrorObject[] {
  let list = errors.slice(0, MAX_ERRORS);
  const settled = new Set<ErrorObject>();
  const open = (e: ErrorObject) => isCombinator(e) && !settled.has(e);
  // Each round settles or removes one combinator of the (capped) list: at most MAX_ERRORS rounds.
  for (;;) {
    const combinator = list.find((e) => open(e) && !list.some((o) => open(o) && within(e, o)));
    if (!combinator) return list;
    const prefix = `${combinator.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of list) {
      if (!within(e, combinator)) continue;
      const index = e.schemaPath.slice(prefix.length).split("/")[0]!;
      branches.set(index, [...(branches.get(index) ?? []), e]);
    }
    const rest = list.filter((e) => e !== combinator && !within(e, combinator));
    const score = (branch: ErrorObject[]) => [Math.max(...branch.map(depth)), -branch.length] as const;
    const ranked = [...branches.values()].sort((a, b) => score(b)[0] - score(a)[0] || score(b)[1] - score(a)[1]);
    const [best, second] = ranked;
    const standsOut = best && (!second || score(best)[0] !== score(second)[0] || score(best)[1] !== score(second)[1]);
    if (!standsOut) settled.add(combinator);
    list = [...rest, ...(standsOut ? best : [combinator])];
  }
}

const listValue = (v: unknown) => JSON.stringify(v) ?? String(v);

function messageOf(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  // Name the values a caller may send, rather than "must be equal to one of the allowed values".
  if (e.keyword === "enum") return `must be one of: ${(params.allowedValues as unknown[]).map(listValue).join(", ")}`;
  if (e.keyword === "const") return `must be ${listValue(params.allowedValue)}`;
  if (e.keyword === "additionalProperties") return `${e.message ?? "is invalid"} (${String(params.additionalProperty)})`;
  return e.message ?? "is invalid";
}

function violationsOf(errors: ErrorObject[] | null | undefined, base: string): Violation[] {
  const seen = new Set<string>();
  const out: Violation[] = [];
  // An if/then failure is reported by the "then" branch's own errors.
  for (const e of collapseAlternatives((errors ?? []).filter((e) => e.keyword !== "if"))) {
    const missing = e.keyword === "required" ? `/${(e.params as { missingProperty: string }).missingProperty}` : "";
    const violation = { pointer: `${base}${e.instancePath}${missing}`, message: messageOf(e) };
    const key = `${violation.pointer}\n${violation.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(violation);
  }
  return out;
}

/**
 * A schema Ajv cannot compile (an invalid `pattern`, a keyword it rejects) is
 * the publisher's mistake, not the caller's: that part goes unvalidated (the
 * mock still answers) and the reason is reported once, never a 500 per call.
 */
function compileOrSkip(instance: AjvCore, schema: Schema, onError: (message: string) => void): ValidateFunction | undefined {
  try {
    return instance.compile(schema);
  } catch (error) {
    onError(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

const reportCompileError = (message: string) => logServerError(`sandbox: a schema of this operation cannot be compiled and is not validated: ${message}`);

export function compileValidator(options: {
  parameters: ParameterSpec[];
  bodySchema: Schema | undefined;
  /** The document's schema dialect (lib/openapi/schema-dialect.ts). */
  dialect: SchemaDialect;
  onCompileError?: (message: string) => void;
}): CompiledValidator {
  const { dialect, onCompileError = reportCompileError } = options;
  const request = (schema: unknown) => toValidationSchema(schema, { dialect, direction: "request" });
  const groups = { path: [] as ParameterSpec[], query: [] as ParameterSpec[], header: [] as ParameterSpec[] };
  for (const p of options.parameters) groups[p.in].push(p);
  const compileGroup = (list: ParameterSpec[]): ValidateFunction | undefined => {
    if (!list.length) return undefined;
    return compileOrSkip(ajv(dialect).params, {
      type: "object",
      properties: Object.fromEntries(list.map((p) => [p.name, request(p.schema ?? {})])),
      required: list.filter((p) => p.required).map((p) => p.name),
    }, onCompileError);
  };
  const validators = { path: compileGroup(groups.path), query: compileGroup(groups.query), header: compileGroup(groups.header) };
  const bodyValidator = options.bodySchema ? compileOrSkip(ajv(dialect).body, request(options.bodySchema) as Schema, onCompileError) : undefined;

  return {
    parameters(values) {
      const out: Violation[] = [];
      for (const where of ["path", "query", "header"] as const) {
        const validate = validators[where];
        if (validate && !validate(values[where])) out.push(...violationsOf(validate.errors, `/${where}`));
      }
      return out;
    },
    body(value) {
      if (!bodyValidator || bodyValidator(value)) return [];
      return violationsOf(bodyValidator.errors, "/body");
    },
  };
}

/**
 * A response body's violations of its schema (writeOnly properties may be
 * missing), in the same dialect and wording as requests: for checking what
 * the mock answers. Throws when the schema cannot be compiled.
 */
export function compileResponseValidator(options: { schema: Schema; dialect: SchemaDialect }): (value: unknown) => Violation[] {
  const validate = ajv(options.dialect).body.compile(toValidationSchema(options.schema, { dialect: options.dialect, direction: "response" }) as Schema);
  return (value) => (validate(value) ? [] : violationsOf(validate.errors, "/body"));
}
