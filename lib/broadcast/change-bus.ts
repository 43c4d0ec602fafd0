// Tells every process that something it may have cached has changed:
// a token, an app (status, grant, secrets, certificates), an organisation or
// its developers, the catalogue, the bank settings. Security-critical: the
// gateway caches token checks and must drop them the moment access is
// revoked, so every revoking function publishes here *after* its database
// transaction commits.
//
// Delivery: in-process listeners always (the portal and the gateway share a
// process under `npm start`, and the bus lives on globalThis so the Next.js
// bundle and the gateway see the same one); across processes through Redis
// pub/sub when REDIS_URL is set.
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { config } from "@/lib/config";

export type ChangeEvent =
  | { kind: "token"; tokenHash: string }
  | { kind: "app"; appId: string }
  | { kind: "organisation"; organisationId: string }
  | { kind: "catalog" }
  | { kind: "settings" };

const CHANNEL = "portico:changes";

type Redis = import("ioredis").Redis;
type BusState = {
  instanceId: string;
  emitter: EventEmitter;
  /** Bumped on every event; a cache filled across a bump must not keep what it read. */
  generation: number;
  redis?: { pub: Redis; sub: Redis; ready: Promise<void> };
};

const key = Symbol.for("portico.change-bus");

function state(): BusState {
  const g = globalThis as { [key]?: BusState };
  if (!g[key]) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    g[key] = { instanceId: randomUUID(), emitter, generation: 0 };
  }
  return g[key];
}

function deliver(event: ChangeEvent) {
  const s = state();
  s.generation++;
  s.emitter.emit("change", event);
}

async function connectRedis(s: BusState): Promise<NonNullable<BusState["redis"]>> {
  if (s.redis) return s.redis;
  const { Redis } = await import("ioredis");
  const pub = new Redis(config.redisUrl!, { lazyConnect: false, maxRetriesPerRequest: 2 });
  const sub = new Redis(config.redisUrl!, { lazyConnect: false });
  sub.on("message", (_channel: string, message: string) => {
    try {
      const { from, event } = JSON.parse(message) as { from: string; event: ChangeEvent };
      if (from !== s.instanceId) deliver(event);
    } catch {
      /* not ours */
    }
  });
  const ready = sub.subscribe(CHANNEL).then(() => undefined);
  s.redis = { pub, sub, ready };
  return s.redis;
}

/**
 * Starts listening to other instances (when Redis is configured). The gateway
 * awaits this at start so no revocation published after it is missed.
 */
export async function startChangeBus(): Promise<void> {
  if (!config.redisUrl) return;
  await (await connectRedis(state())).ready;
}

/** Publishes to this process at once and to every other instance through Redis. */
export async function publishChange(event: ChangeEvent): Promise<void> {
  const s = state();
  deliver(event);
  if (config.redisUrl) {
    const { pub } = await connectRedis(s);
    await pub.publish(CHANNEL, JSON.stringify({ from: s.instanceId, event }));
  }
}

export function onChange(listener: (event: ChangeEvent) => void): () => void {
  const { emitter } = state();
  emitter.on("change", listener);
  return () => emitter.off("change", listener);
}

/** Read before a database lookup; if it differs afterwards, do not cache the result. */
export function changeGeneration(): number {
  return state().generation;
}

export async function stopChangeBus(): Promise<void> {
  const s = state();
  if (s.redis) {
    const { pub, sub } = s.redis;
    s.redis = undefined;
    await Promise.allSettled([pub.quit(), sub.quit()]);
  }
}
