// Writes audit checkpoints on a schedule: at start, every `intervalSeconds`
// when the head moved, and once more on a clean shutdown. Exactly ONE process
// per deployment runs it — `npm start` (the portal process, scripts/start.ts),
// never the extra gateway instances of `npm run gateway` — so the file has one
// writer. A failed write is reported and retried at the next tick; it never
// stops the portal.
import type { AuditCheckpointConfig } from "@/lib/config";
import { loadOrCreateCheckpointKey } from "./checkpoint-key";
import { writeAuditCheckpoint, type CheckpointSink } from "./write-audit-checkpoint";

export type AuditCheckpointSchedule = {
  /** Writes a checkpoint now if the head moved (tests, shutdown). */
  tick(): Promise<void>;
  /** Stops the timer and writes a final checkpoint. */
  stop(): Promise<void>;
};

export async function startAuditCheckpoints(options: {
  settings: AuditCheckpointConfig;
  sinks?: CheckpointSink[];
  onError?: (error: unknown) => void;
}): Promise<AuditCheckpointSchedule> {
  const { settings } = options;
  const key = loadOrCreateCheckpointKey(settings);
  const onError = options.onError ?? ((error) => console.error("audit checkpoint not written:", error instanceof Error ? error.message : error));
  let previous: { seq: number; hash: string } | null = null;
  // One write at a time: a slow disk must not interleave two lines.
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(async () => {
      try {
        const written = await writeAuditCheckpoint({ file: settings.file, key, sinks: options.sinks, previous });
        if (written) previous = { seq: written.seq, hash: written.hash };
      } catch (error) {
        onError(error);
      }
    });
    return running;
  };
  await tick();
  const timer = settings.intervalSeconds > 0 ? setInterval(() => void tick(), settings.intervalSeconds * 1000) : undefined;
  timer?.unref();
  return {
    tick,
    async stop() {
      if (timer) clearInterval(timer);
      await tick();
    },
  };
}
