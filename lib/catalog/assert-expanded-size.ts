// The size a parsed spec has once every YAML alias and every dereferenced
// $ref is written out in full, which is what the database stores and what
// every download serialises. A 50 KB YAML file whose anchors are aliased a
// few hundred times each expands to tens of megabytes ("billion laughs"), so
// the upload's byte size alone says nothing. Security-critical: counted on
// the in-memory value, where aliased nodes are shared references, and
// stopped as soon as the budget is spent, so a hostile document costs at
// most `limit` steps and never a serialised copy.
import { config } from "@/lib/config";
import { PorticoError } from "@/lib/errors";

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;

/**
 * Throws 413 when `value` written as JSON would pass `limit` bytes (an upper
 * estimate: string lengths in UTF-16 units plus quotes and separators).
 */
export function assertExpandedSize(value: unknown, options: { limit?: number; what?: string } = {}): void {
  const limit = options.limit ?? config.maxSpecBytes;
  let size = 0;
  const onPath = new Set<object>();
  const add = (n: number) => {
    size += n;
    if (size > limit) {
      throw new PorticoError(
        "payload_too_large",
        `The ${options.what ?? "spec"} expands to more than ${mb(limit)} once its YAML aliases and references are written out; the largest spec Portico accepts is ${mb(limit)} (PORTICO_MAX_SPEC_BYTES).`,
      );
    }
  };
  const walk = (node: unknown): void => {
    if (typeof node === "string") return add(node.length + 2);
    if (node === null || typeof node !== "object") return add(String(node).length + 1);
    if (onPath.has(node)) return add(16); // a cycle is stored as a reference, not expanded
    onPath.add(node);
    add(2);
    if (Array.isArray(node)) {
      for (const item of node) {
        add(1);
        walk(item);
      }
    } else {
      for (const [key, item] of Object.entries(node)) {
        add(key.length + 4);
        walk(item);
      }
    }
    onPath.delete(node);
  };
  walk(value);
}
