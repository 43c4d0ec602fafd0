// The gateway's request log. A bank cannot lose its request logs, so:
//  - recording is a push onto an in-memory queue (the hot path pays ~nothing)
//    and nothing queued is ever dropped: a batch that fails to write is sent
//    again until it is stored;
//  - the queue is bounded by admission, not by dropping: above the high-water
//    mark `admit()` says no and the gateway answers 503 with Retry-After
//    before doing the call (gateway/sandbox-route.ts), so it never answers a
//    call it will not record; those refusals are counted (`stats().refused`)
//    rather than logged, since logging them would grow the very queue that
//    is full;
//  - the writing happens in a worker thread (request-log-thread.ts):
//    redaction, ids, the insert and the usage rollups, one transaction per batch, batches as
//    large as the backlog (up to `maxBatch`) so the writer catches up faster
//    the further behind it is.
// Shutdown (`close`) writes what is queued.
import { randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import path from "node:path";
import { buildSync } from "esbuild";
import { config, databaseConfig } from "@/lib/config";
import type { RequestLogEntry } from "./redact-log-entry";
import type { BatchMessage, BatchReply, RequestLogThreadConfig } from "./request-log-thread";

export type { RequestLogEntry } from "./redact-log-entry";

export type RequestLogStats = {
  /** Entries recorded and not yet stored (queued or being written). */
  pending: number;
  /** Entries stored. */
  written: number;
  /** Calls refused by `admit()` (answered 503) since start. */
  refused: number;
  /** Batches that failed and were sent again. */
  retries: number;
};

export type RequestLogWriter = {
  /**
   * Whether the gateway may take on one more call: false while the backlog is
   * at the high-water mark (each false is counted as a refusal). Ask before
   * doing the call; `record` it after.
   */
  admit(): boolean;
  record(entry: RequestLogEntry): void;
  /** Writes what is queued now (tests and shutdown). */
  flush(): Promise<void>;
  stats(): RequestLogStats;
  close(): Promise<void>;
};

/** The thread's program, bundled once per process with its imports (redaction) so any host can run it without a loader. */
let threadSource: string | undefined;
function requestLogThreadSource(): string {
  return (threadSource ??= buildSync({
    entryPoints: [path.join(__dirname, "request-log-thread.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    write: false,
    logLevel: "silent",
  }).outputFiles[0]!.text);
}

type Thread = { write(batchId: string, entries: RequestLogEntry[]): Promise<void>; close(): Promise<void> };

/** Where the request-log store writes: this process's database, with the driver resolved here. */
export function requestLogStoreConfig(): RequestLogThreadConfig {
  const cfg = databaseConfig();
  const siem = config.siem !== undefined;
  return cfg.dialect === "sqlite"
    ? { dialect: "sqlite", file: cfg.file, driver: require.resolve("better-sqlite3"), siem }
    : { dialect: "postgres", url: cfg.url, schema: cfg.schema, driver: require.resolve("pg"), siem };
}

function startThread(): Thread {
  const workerData = requestLogStoreConfig();
  const worker = new Worker(requestLogThreadSource(), { eval: true, workerData });
  worker.unref();
  const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let next = 0;
  let failed: Error | undefined;
  worker.on("message", (m: BatchReply) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error) p?.reject(new Error(m.error));
    else p?.resolve();
  });
  const fail = (error: Error) => {
    failed = error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`request log thread exited (${code})`)));
  return {
    write(batchId, entries) {
      if (failed) return Promise.reject(failed);
      const id = ++next;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, batchId, entries } satisfies BatchMessage);
      });
    },
    close: () => worker.terminate().then(() => undefined),
  };
}

export function createRequestLogWriter(options: {
  /**
   * How long a recorded entry may wait before a write starts (default 0: the
   * next turn of the event loop). Entries recorded while a batch is being
   * written join the next batch, so batches grow with the load by themselves
   * (group commit). Waiting longer only lets entries age into V8's old
   * generation as garbage-to-be: with a 250 ms timer the soak's used heap
   * climbed ~120 MB between mark-compacts, with hand-over at once ~50 MB.
   */
  flushIntervalMs?: number;
  /** Largest batch per transaction; smaller batches when the backlog is small. */
  maxBatch?: number;
  /**
   * Backlog (queued + being written) at which `admit()` starts refusing.
   * This is the queue's memory bound: at most this many entries plus one per
   * call in flight (each admitted call records once).
   */
  highWaterMark?: number;
  onError?: (error: unknown) => void;
}): RequestLogWriter {
  const maxBatch = options.maxBatch ?? 1000;
  const highWaterMark = options.highWaterMark ?? 10_000;
  const flushIntervalMs = options.flushIntervalMs ?? 0;
  let queue: RequestLogEntry[] = [];
  let writingCount = 0;
  let written = 0;
  let refused = 0;
  let retries = 0;
  let closing = false;
  let writing: Promise<void> = Promise.resolve();
  let thread: Thread | undefined;

  // One batch at a time, taken from the front of the queue without copying
  // the rest of it (a slice per batch of a long queue is quadratic).
  const take = (): RequestLogEntry[] => {
    if (queue.length <= maxBatch) {
      const all = queue;
      queue = [];
      return all;
    }
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(maxBatch);
    return batch;
  };

  const drain = async () => {
    while (queue.length) {
      const batch = take();
      writingCount = batch.length;
      // One id per batch, kept across its retries: a batch whose commit's
      // acknowledgement was lost is not stored (or counted) twice.
      const batchId = randomUUID();
      for (let attempt = 1; ; attempt++) {
        try {
          await (thread ??= startThread()).write(batchId, batch);
          written += batch.length;
          break;
        } catch (error) {
          options.onError?.(error);
          retries++;
          if (thread) void thread.close();
          thread = undefined;
          // Shutting down with the database unreachable: say loudly what is lost.
          if (closing && attempt >= 3) {
            options.onError?.(new Error(`request log: ${batch.length + queue.length} entries not written at shutdown`));
            queue = [];
            break;
          }
          // Keep the batch and try again; meanwhile admit() pushes back.
          await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** attempt)));
        }
      }
      writingCount = 0;
    }
  };
  const flush = () => (writing = writing.then(drain));
  // A write is scheduled by the first entry recorded while none is under way;
  // entries recorded during a write are picked up by its loop.
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (timer || writingCount || closing) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, flushIntervalMs);
    timer.unref();
  };

  return {
    admit() {
      if (queue.length + writingCount < highWaterMark) return true;
      refused++;
      return false;
    },
    record(entry) {
      queue.push(entry);
      schedule();
    },
    flush,
    stats: () => ({ pending: queue.length + writingCount, written, refused, retries }),
    async close() {
      clearTimeout(timer);
      timer = undefined;
      closing = true;
      await flush();
      await thread?.close();
      thread = undefined;
    },
  };
}
