import { open } from "node:fs/promises";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { getDb, type Db } from "@/lib/db";
import { signCheckpoint, type AuditCheckpoint } from "./audit-checkpoint";
import type { CheckpointSigningKey } from "./checkpoint-key";

/** Somewhere else a checkpoint line is appended to (a Redis stream, a WORM bucket…). */
export type CheckpointSink = (line: string, checkpoint: AuditCheckpoint) => Promise<void>;

/** Appends one line and flushes it to disk before returning: a checkpoint that was reported written is written. */
async function appendLine(file: string, line: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  const handle = await open(file, "a", 0o644);
  try {
    await handle.appendFile(line);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * Signs the current chain head and appends it to the checkpoint file (and
 * every sink). Returns null, writing nothing, when the trail is empty or its
 * head is still the one `previous` names.
 *
 * Reading the head and then counting up to it needs no transaction: the
 * trail is append-only and appenders are serialised (record-audit-event.ts),
 * so the records up to a committed head never change.
 */
export async function writeAuditCheckpoint(options: {
  file: string;
  key: CheckpointSigningKey;
  sinks?: CheckpointSink[];
  previous?: { seq: number; hash: string } | null;
  db?: Db;
  now?: Date;
}): Promise<AuditCheckpoint | null> {
  const db = options.db ?? getDb();
  const head = await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  if (!head) return null;
  if (options.previous && options.previous.seq === head.seq && options.previous.hash === head.hash) return null;
  const count = await db.auditEvent.count({ where: { seq: { lte: head.seq } } });
  const checkpoint = signCheckpoint({ seq: head.seq, hash: head.hash, count }, options.key, options.now);
  const line = JSON.stringify(checkpoint);
  await appendLine(options.file, `${line}\n`);
  for (const sink of options.sinks ?? []) await sink(line, checkpoint);
  return checkpoint;
}
