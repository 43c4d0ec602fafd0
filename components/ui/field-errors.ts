// Where a 422 validation_failed answer's violations go on a form: each
// violation's JSON pointer (lib/errors parseInput) names a field; its first
// segment is the form field ("/apis/0/scopes" belongs to "apis"). People see
// the message beside that field, and anything no field shows is listed above
// the form under the field's label, never as a pointer (RFC 6901 is for
// programs, not readers).
import type { Problem } from "./problem";

type Violation = NonNullable<Problem["violations"]>[number];

/** "/apis/0/scopes" → "apis"; "" or no pointer → undefined (the whole input). */
export function fieldOf(pointer: string | undefined): string | undefined {
  if (!pointer) return undefined;
  const first = pointer.split("/")[1];
  return first ? first.replace(/~1/g, "/").replace(/~0/g, "~") : undefined;
}

/** Every message per field, joined: a field with two problems shows both at once. */
export function fieldErrors(violations: readonly Violation[] | undefined): Record<string, string> {
  const byField: Record<string, string[]> = {};
  for (const v of violations ?? []) {
    const field = fieldOf(v.pointer);
    if (field === undefined) continue;
    const messages = (byField[field] ??= []);
    if (!messages.includes(v.message)) messages.push(v.message);
  }
  return Object.fromEntries(Object.entries(byField).map(([field, messages]) => [field, messages.join(". ")]));
}

/** "accountIds" → "Account ids", "0" → "item 1": a pointer segment read aloud. */
function segmentWords(segment: string): string {
  if (/^\d+$/.test(segment)) return `item ${Number(segment) + 1}`;
  const words = segment
    .replace(/~1/g, "/")
    .replace(/~0/g, "~")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A violation in words: "App name: At most 80 characters", "APIs, item 1,
 * scopes: …", "line 4: …". An uploaded document's violations (a spec) keep
 * their pointer: there it names a place in the author's own file, which they
 * look up, not a form field.
 */
export function describeViolation(v: Violation, labels: Readonly<Record<string, string>> = {}, inDocument = false): string {
  if (v.line !== undefined) return `line ${v.line}: ${v.message}`;
  if (inDocument) return v.pointer ? `at ${v.pointer}: ${v.message}` : v.message;
  const segments = (v.pointer ?? "").split("/").slice(1);
  if (!segments.length) return v.message;
  const [first, ...rest] = segments;
  const field = fieldOf(v.pointer)!;
  const where = [labels[field] ?? segmentWords(first!), ...rest.map((s) => segmentWords(s).toLowerCase())].join(", ");
  return `${where}: ${v.message}`;
}

/**
 * What the alert above the form still has to say: the problem without the
 * violations shown beside a field, or nothing once every field problem is
 * fixed and nothing else was wrong.
 */
export function unplacedProblem(problem: Problem | null, placed: (field: string) => boolean, fixed: ReadonlySet<string>): Problem | null {
  if (!problem) return null;
  if (!problem.violations?.length) return problem;
  const rest = problem.violations.filter((v) => {
    const field = fieldOf(v.pointer);
    return field === undefined || !placed(field);
  });
  const open = problem.violations.some((v) => {
    const field = fieldOf(v.pointer);
    return field !== undefined && placed(field) && !fixed.has(field);
  });
  if (!rest.length && !open) return null;
  return { ...problem, violations: rest };
}
