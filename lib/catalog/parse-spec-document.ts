// Turns uploaded text into a plain object, YAML or JSON, and says where a
// syntax error is (line and column), so a publisher can fix it without
// guessing. Size is checked before anything is parsed.
import { parseDocument } from "yaml";
import { config } from "@/lib/config";
import { PorticoError } from "@/lib/errors";
import { assertExpandedSize } from "./assert-expanded-size";

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;

/** Refuses a spec larger than config.maxSpecBytes with a message that says both sizes. */
export function assertSpecSize(bytes: number, limit = config.maxSpecBytes): void {
  if (bytes > limit) {
    throw new PorticoError("payload_too_large", `The spec is ${mb(bytes)}; the largest spec Portico accepts is ${mb(limit)} (PORTICO_MAX_SPEC_BYTES).`);
  }
}

export function parseSpecDocument({ text, filename }: { text: string; filename?: string }): Record<string, unknown> {
  assertSpecSize(Buffer.byteLength(text, "utf8"));
  const trimmed = text.trimStart();
  if (!trimmed) throw new PorticoError("validation_failed", "The spec is empty", { violations: [{ message: "Upload an OpenAPI document in YAML or JSON" }] });
  const looksJson = filename?.toLowerCase().endsWith(".json") || trimmed.startsWith("{");
  let value: unknown;
  if (looksJson) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      // V8 says "… in JSON at position N"; turn N into a line and column.
      const message = error instanceof Error ? error.message : String(error);
      const position = /position (\d+)/.exec(message);
      const at = position ? lineColumn(text, Number(position[1])) : undefined;
      throw new PorticoError("validation_failed", "The spec is not valid JSON", {
        violations: [{ line: at?.line, message: at ? `${message.replace(/ in JSON at position \d+.*$/, "")} (line ${at.line}, column ${at.column})` : message }],
      });
    }
  } else {
    const doc = parseDocument(text, { prettyErrors: true });
    if (doc.errors.length) {
      throw new PorticoError("validation_failed", "The spec is not valid YAML", {
        violations: doc.errors.slice(0, 10).map((e) => {
          const at = e.linePos?.[0];
          // prettyErrors already says "at line N, column M:"; say it once, our way.
          const text = e.message.split("\n")[0]!.replace(/\s*at line \d+, column \d+:?\s*$/, "");
          return { line: at?.line, message: `${text}${at ? ` (line ${at.line}, column ${at.col})` : ""}` };
        }),
      });
    }
    // "Billion laughs": maxAliasCount bounds how often aliases are resolved
    // (the yaml library refuses more), and the expanded size is checked below,
    // because a few hundred aliases of a large node are enough to expand a
    // small upload past the limit. toJS shares aliased nodes, so nothing is
    // copied before the check.
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      if (error instanceof ReferenceError && /^Excessive alias count/.test(error.message)) {
        throw new PorticoError("payload_too_large", `The spec uses YAML aliases too often (more than 1000 alias expansions); the largest spec Portico accepts is ${mb(config.maxSpecBytes)} (PORTICO_MAX_SPEC_BYTES) once written out.`);
      }
      if (error instanceof ReferenceError) throw new PorticoError("validation_failed", "The spec is not valid YAML", { violations: [{ message: error.message }] });
      throw error;
    }
  }
  assertExpandedSize(value);
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new PorticoError("validation_failed", "The spec must be an OpenAPI object", { violations: [{ pointer: "", message: "The document's top level is not an object" }] });
  }
  return value as Record<string, unknown>;
}
