import type { Actor } from "@/lib/authz/actor";
import { PorticoError } from "@/lib/errors";
import { auditedChange } from "./audited-change";
import { auditWhere } from "./audit-filter";

const COLUMNS = ["seq", "at", "actorId", "actorRole", "actorLabel", "action", "targetType", "targetId", "reason", "sourceIp", "details", "prevHash", "hash"] as const;
/** A spreadsheet is not a database: stop before it becomes one. */
export const MAX_EXPORT_ROWS = 100_000;

/**
 * RFC 4180 CSV. Cells a spreadsheet would run as a formula (=, +, -, @, tab,
 * CR) get a leading apostrophe: reasons and labels are typed by people, and
 * an export must not become a way to run code on a compliance officer's PC.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The filtered trail as CSV, oldest first, with each record's hashes so the
 * export can be checked against the chain. The export is itself audited as
 * `audit.export`, in the same transaction that reads the rows.
 */
export async function exportAuditEventsCsv(options: { actor: Actor; unverifiedFilter: unknown }): Promise<{ csv: string; rows: number }> {
  const { where, filter } = auditWhere(options.unverifiedFilter);
  return auditedChange({
    actor: options.actor,
    roles: exportAuditEventsCsv.roles,
    change: async (tx) => {
      const count = await tx.auditEvent.count({ where });
      if (count > MAX_EXPORT_ROWS) throw new PorticoError("payload_too_large", `The export would hold ${count} records; narrow the filters to at most ${MAX_EXPORT_ROWS}`);
      const rows = await tx.auditEvent.findMany({ where, orderBy: { seq: "asc" } });
      // details as its JSON text: the very text the record's hash covers (hash.ts).
      const lines = [COLUMNS.join(","), ...rows.map((r) => COLUMNS.map((c) => csvCell(c === "details" ? JSON.stringify(r.details) : r[c])).join(","))];
      return {
        result: { csv: `${lines.join("\r\n")}\r\n`, rows: rows.length },
        audit: [{ action: "audit.export", details: { filter, rows: rows.length } }],
      };
    },
    transaction: { timeout: 60_000 },
  });
}
exportAuditEventsCsv.roles = ["compliance", "admin"] as const;
