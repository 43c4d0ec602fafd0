// The optional external, append-only copy of the checkpoints: a Redis stream
// (XADD only; Redis ACLs can deny the portal XDEL/XTRIM/DEL on the key). A
// bank that prefers a WORM bucket or a SIEM writes another CheckpointSink.
import type { CheckpointSink } from "./write-audit-checkpoint";

export async function redisCheckpointSink(options: { redisUrl: string; stream: string }): Promise<{ sink: CheckpointSink; close(): Promise<void> }> {
  const { Redis } = await import("ioredis");
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 2 });
  return {
    sink: async (line) => {
      await redis.xadd(options.stream, "*", "checkpoint", line);
    },
    async close() {
      await redis.quit().catch(() => undefined);
    },
  };
}
