// zod's default messages are written for programmers ("Too small: expected
// string to have >=1 characters"); violations are read by people beside a
// form field. This error map words the common cases; a schema's own message
// ("Enter a name") always wins over it (zod applies the schema's first).
import type { z } from "zod";

type Issue = Parameters<z.core.$ZodErrorMap>[0];

const TYPE_WORDS: Record<string, string> = { string: "text", number: "a number", int: "a whole number", boolean: "yes or no", array: "a list", object: "an object" };
const plural = (n: number | bigint, one: string) => `${n} ${one}${Number(n) === 1 ? "" : "s"}`;

export function readableIssue(issue: Issue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "Required";
      return `Must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case "too_small": {
      const n = issue.minimum as number;
      if (issue.origin === "string") return n <= 1 ? "Required" : `At least ${plural(n, "character")}`;
      if (issue.origin === "array" || issue.origin === "set") return n <= 1 ? "Choose at least one" : `Choose at least ${n}`;
      return issue.inclusive ? `Must be at least ${n}` : `Must be more than ${n}`;
    }
    case "too_big": {
      const n = issue.maximum as number;
      if (issue.origin === "string") return `At most ${plural(n, "character")}`;
      if (issue.origin === "array" || issue.origin === "set") return `At most ${plural(n, "item")}`;
      return issue.inclusive ? `Must be at most ${n}` : `Must be less than ${n}`;
    }
    case "invalid_format":
      if (issue.format === "email") return "Enter a valid email address";
      if (issue.format === "url") return "Enter a full URL, such as https://example.com/path";
      return undefined;
    case "invalid_value":
      return issue.values.length <= 6 ? `Must be one of ${issue.values.map((v) => String(v)).join(", ")}` : "Not one of the allowed values";
    case "unrecognized_keys":
      return `Not accepted here: ${issue.keys.join(", ")}`;
    case "not_multiple_of":
      return `Must be a multiple of ${String(issue.divisor)}`;
    default:
      return undefined;
  }
}
