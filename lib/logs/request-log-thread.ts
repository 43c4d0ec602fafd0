// The request-log thread: the program record-request-log.ts runs in a worker
// thread (bundled at start, so it needs no TypeScript loader in any host).
// Everything per entry that costs CPU happens here, off the gateway's event
// loop: redaction (redact-log-entry.ts), row ids, SQL values, the rollups and
// the insert. Each batch is written in ONE transaction (request-log-store.ts:
// the logs and their usage rollups), then acknowledged; on failure nothing of
// the batch is kept and the main thread sends the same batch, with the same
// id, again, so a batch is stored whole or not at all, once, and never lost
// while the process lives.
import { parentPort, workerData } from "node:worker_threads";
import { redactLogEntry, type RequestLogEntry } from "./redact-log-entry";
import { openRequestLogStore, type RequestLogStoreConfig } from "./request-log-store";

export type RequestLogThreadConfig = RequestLogStoreConfig;
/** `batchId` stays the same when a batch is sent again; `id` names one attempt. */
export type BatchMessage = { id: number; batchId: string; entries: RequestLogEntry[] };
export type BatchReply = { id: number; error?: string };

if (parentPort) {
  const port = parentPort;
  const store = openRequestLogStore(workerData as RequestLogThreadConfig);
  // The main thread sends one batch at a time and waits for its reply.
  port.on("message", async ({ id, batchId, entries }: BatchMessage) => {
    try {
      await store.write(batchId, entries.map(redactLogEntry));
      port.postMessage({ id } satisfies BatchReply);
    } catch (error) {
      port.postMessage({ id, error: String((error as Error)?.message ?? error) } satisfies BatchReply);
    }
  });
}
