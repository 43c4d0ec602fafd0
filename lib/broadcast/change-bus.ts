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
// pub/sub when REDIS_URL is set, and otherwise through the database they
// share: each event is also written to the ChangeEvent table, which every
// process that started the bus reads about once a second (a spec imported by
// `npm run catalog:import`, a revocation made by another process, reach a
// running gateway and portal within a couple of seconds, without Redis).
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { storedChangeEvent } from "@/lib/db/json-columns";
import { logServerError } from "@/lib/errors/redact";

export type ChangeEvent =
  | { kind: "token"; tokenHash: string }
  | { kind: "app"; appId: string }
  | { kind: "organisation"; organisationId: string }
  | { kind: "catalog" }
  | { kind: "settings" };

const CHANNEL = "portico:changes";
/** Without Redis: how often each process reads the events other processes wrote. */
const POLL_MS = 1000;
/**
 * Ids read again behind the last one seen: on PostgreSQL two inserts can
 * commit out of id order, so a row can appear below one already read.
 */
const OVERLAP = 100;
/** Events are deleted after this long: every running process has read them by then. */
const KEEP_MS = 10 * 60_000;

type Redis = import("ioredis").Redis;
type BusState = {
  instanceId: string;
  emitter: EventEmitter;
  /** Bumped on every event; a cache filled across a bump must not keep what it read. */
  generation: number;
  redis?: { pub: Redis; sub: Redis; ready: Promise<void> };
  outbox?: Outbox;
};
type Outbox = {
  timer: NodeJS.Timeout;
  /** The newest id when this process started reading: older events were before its time. */
  floor: number;
  /** The newest id seen, and the ids above `newest - OVERLAP` already delivered. */
  newest: number;
  delivered: Set<number>;
  polling: boolean;
  polls: number;
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

const KNOWN: Record<ChangeEvent["kind"], string | undefined> = { token: "tokenHash", app: "appId", organisation: "organisationId", catalog: undefined, settings: undefined };

/** An event another process wrote, if it is one this bus knows. */
function readEvent(value: Parameters<typeof storedChangeEvent>[0]): ChangeEvent | undefined {
  const event = storedChangeEvent(value);
  if (!event || !Object.hasOwn(KNOWN, event.kind ?? "")) return undefined;
  const field = KNOWN[event.kind as ChangeEvent["kind"]];
  if (field && typeof event[field] !== "string") return undefined;
  return (field ? { kind: event.kind, [field]: event[field] } : { kind: event.kind }) as ChangeEvent;
}

async function pollOutbox(s: BusState, outbox: Outbox): Promise<void> {
  if (outbox.polling) return;
  outbox.polling = true;
  try {
    const db = getDb();
    const rows = await db.changeEvent.findMany({ where: { id: { gt: Math.max(outbox.floor, outbox.newest - OVERLAP) } }, orderBy: { id: "asc" }, take: 1000 });
    for (const row of rows) {
      if (outbox.delivered.has(row.id)) continue;
      outbox.delivered.add(row.id);
      outbox.newest = Math.max(outbox.newest, row.id);
      const event = row.origin === s.instanceId ? undefined : readEvent(row.event);
      if (event) deliver(event);
    }
    for (const id of outbox.delivered) if (id <= outbox.newest - OVERLAP) outbox.delivered.delete(id);
    if (++outbox.polls % 60 === 0) await db.changeEvent.deleteMany({ where: { at: { lt: new Date(Date.now() - KEEP_MS) } } });
  } catch (error) {
    logServerError("change bus: reading other processes' events failed:", error instanceof Error ? error.message : error);
  } finally {
    outbox.polling = false;
  }
}

async function startOutbox(s: BusState): Promise<void> {
  if (s.outbox) return;
  const newest = (await getDb().changeEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
  if (s.outbox) return;
  const outbox: Outbox = { floor: newest, newest, delivered: new Set(), polling: false, polls: 0, timer: setInterval(() => void pollOutbox(s, outbox), POLL_MS) };
  outbox.timer.unref();
  s.outbox = outbox;
}

/**
 * Starts listening to other instances: Redis when configured, else the
 * ChangeEvent table. The gateway awaits this at start so no revocation
 * published after it is missed.
 */
export async function startChangeBus(): Promise<void> {
  const s = state();
  if (!config.redisUrl) return startOutbox(s);
  await (await connectRedis(s)).ready;
}

/** Publishes to this process at once and to every other instance (Redis, or the ChangeEvent table). */
export async function publishChange(event: ChangeEvent): Promise<void> {
  const s = state();
  deliver(event);
  if (config.redisUrl) {
    const { pub } = await connectRedis(s);
    await pub.publish(CHANNEL, JSON.stringify({ from: s.instanceId, event }));
    return;
  }
  try {
    await getDb().changeEvent.create({ data: { origin: s.instanceId, event } });
  } catch (error) {
    // The change itself has committed; other processes catch up when their caches expire.
    logServerError("change bus: writing the event for other processes failed:", error instanceof Error ? error.message : error);
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
  if (s.outbox) {
    clearInterval(s.outbox.timer);
    s.outbox = undefined;
  }
  if (s.redis) {
    const { pub, sub } = s.redis;
    s.redis = undefined;
    await Promise.allSettled([pub.quit(), sub.quit()]);
  }
}
