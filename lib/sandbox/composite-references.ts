// References between the steps of a composite sandbox request
// (gateway/composite-route.ts): a later step names a value of an earlier
// step's answer as `{{<id>.<where>}}`, in its path, its header values or any
// string in its body. <where> is `status`, `headers.<name>` or `body` followed
// by a dotted path of object keys and array indexes, e.g.
// `{{s1.body.paymentId}}`, `{{s2.body.data.0.accountId}}`,
// `{{s1.headers.location}}`. A body string that is exactly one reference
// becomes the referenced JSON value (a number stays a number); anywhere else
// the value is written into the text (in a path, percent-encoded as one
// segment). A reference to no earlier step, or to nothing in its answer, is
// refused (422) with its pointer, before the step runs.
import { SandboxProblem } from "./errors";

/** What a completed step answered, as later steps can see it. */
export type StepAnswer = { status: number; headers: Record<string, string>; body: unknown };

/** Anything between double braces is meant as a reference, and must be one. */
const BRACED = /\{\{([^{}]*)\}\}/g;
const REFERENCE = /^\s*([A-Za-z][A-Za-z0-9_-]{0,31})\.([A-Za-z0-9_.~-]+)\s*$/;
const WHOLE = /^\{\{([^{}]*)\}\}$/;

function unknownReference(text: string, pointer: string, why: string) {
  return new SandboxProblem("validation_failed", "unknown_reference", `Unknown reference ${text}: ${why}`, { violations: [{ pointer, message: `${text} ${why}` }] });
}

function lookUp(earlier: ReadonlyMap<string, StepAnswer>, inner: string, text: string, pointer: string): unknown {
  const parts = REFERENCE.exec(inner);
  if (!parts) throw unknownReference(text, pointer, "is not of the form {{id.status}}, {{id.headers.<name>}} or {{id.body.<path>}}");
  const [, id, where] = parts as unknown as [string, string, string];
  const answer = earlier.get(id);
  if (!answer) throw unknownReference(text, pointer, `names no earlier step "${id}"`);
  const [head, ...rest] = where.split(".");
  let value: unknown;
  if (head === "status" && rest.length === 0) value = answer.status;
  else if (head === "headers" && rest.length === 1) value = answer.headers[rest[0]!.toLowerCase()];
  else if (head === "body") {
    value = answer.body;
    for (const key of rest) {
      if (Array.isArray(value) && /^(0|[1-9][0-9]{0,5})$/.test(key)) value = value[Number(key)];
      else if (value && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, key)) value = (value as Record<string, unknown>)[key];
      else value = undefined;
      if (value === undefined) break;
    }
  } else throw unknownReference(text, pointer, "must be {{id.status}}, {{id.headers.<name>}} or {{id.body.<path>}}");
  if (value === undefined || value === null) throw unknownReference(text, pointer, `is not in the answer of step "${id}"`);
  return value;
}

const asText = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** The text with every reference replaced by its value; `encode` is applied to each value (a path segment is percent-encoded). */
export function substituteInText(text: string, earlier: ReadonlyMap<string, StepAnswer>, pointer: string, encode: (value: string) => string = (v) => v): string {
  if (!text.includes("{{")) return text;
  return text.replace(BRACED, (whole, inner: string) => encode(asText(lookUp(earlier, inner, whole, pointer))));
}

/** A JSON body with its references resolved (a fresh value; the input is not changed). */
export function substituteInBody(body: unknown, earlier: ReadonlyMap<string, StepAnswer>, pointer: string): unknown {
  if (typeof body === "string") {
    const whole = WHOLE.exec(body);
    if (whole) return lookUp(earlier, whole[1]!, body, pointer);
    return substituteInText(body, earlier, pointer);
  }
  if (Array.isArray(body)) return body.map((item, i) => substituteInBody(item, earlier, `${pointer}/${i}`));
  if (body && typeof body === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) {
      Object.defineProperty(out, key, { value: substituteInBody(value, earlier, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return body;
}
