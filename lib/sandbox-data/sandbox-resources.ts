// The resource store of an organisation's sandbox: what apps create through
// operations without a sandbox binding (lib/sandbox/resource-store), kept per
// organisation and API version, in collections named by their concrete path
// ("/owners/7/pets"), each resource's id unique in its collection.
// Security-critical: every query names the organisation in its `where`, so
// another organisation's ids find nothing.
// Limits and concurrency: every write first locks the organisation's usage
// row (SandboxResourceUsage, one conditional UPDATE), so an organisation's
// writes run one at a time on PostgreSQL as they do on SQLite (BEGIN
// IMMEDIATE): the counts checked against the limits are exact, and the next
// sequence number cannot be taken twice.
// Every function takes `db`, the client or a transaction's client, so a
// caller may run it inside a larger transaction (all-or-nothing composite
// requests); with the client it opens its own.
import type { Db, Tx } from "@/lib/db";
import { sqlParam, sqlTable } from "@/lib/db";
import { storedResourceBody } from "@/lib/db/json-columns";
import type { Prisma } from "@/lib/db";

export type ResourceStoreLimits = {
  /** Largest resource, bytes of its JSON text. */
  maxResourceBytes: number;
  /** Most resources an organisation keeps, over all its API versions. */
  maxResources: number;
  /** Most bytes an organisation keeps, over all its API versions. */
  maxBytes: number;
};

export type ResourceBody = Record<string, unknown>;
export type StoredResource = { resourceId: string; body: ResourceBody };

/** Where a collection is: the organisation, the API version and the collection's concrete path. */
export type CollectionRef = { organisationId: string; apiVersionId: string; collection: string };

export type ResourceWriteRefusal =
  | { outcome: "too_large"; bytes: number; limit: number }
  | { outcome: "store_full"; limit: "resources" | "bytes"; max: number };

/** Runs `work` in `db`'s transaction: a new one for the client, the caller's for a transaction client. */
function inTransaction<T>(db: Db | Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  return "$transaction" in db ? (db as Db).$transaction(work) : work(db as Tx);
}

/**
 * Makes the organisation's usage row if it has none and locks it, in one
 * statement (INSERT … ON CONFLICT DO UPDATE … RETURNING, on SQLite and
 * PostgreSQL alike; on PostgreSQL the row lock lasts to the commit, so a
 * racing first write neither fails nor aborts the transaction).
 */
async function lockUsage(tx: Tx, organisationId: string): Promise<{ resources: number; bytes: number }> {
  const table = sqlTable("SandboxResourceUsage");
  const [usage] = await tx.$queryRawUnsafe<{ resources: number | bigint; bytes: number | bigint }[]>(
    `INSERT INTO ${table} ("organisationId", "resources", "bytes") VALUES (${sqlParam(1)}, 0, 0) ON CONFLICT ("organisationId") DO UPDATE SET "resources" = ${table}."resources" RETURNING "resources", "bytes"`,
    organisationId,
  );
  return { resources: Number(usage!.resources), bytes: Number(usage!.bytes) };
}

/**
 * The body as it will be read back: Prisma writes a Json column's numbers
 * with 16 significant digits (0.1 + 0.2 is kept as 0.3, on SQLite and
 * PostgreSQL alike), so the answer to a write shows what a later read will.
 */
function asStored<T>(value: T): T {
  if (typeof value === "number") return (Number.isFinite(value) ? Number(value.toPrecision(16)) : value) as T;
  if (Array.isArray(value)) return value.map(asStored) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asStored(v)])) as T;
  return value;
}

const sizeOf = (body: ResourceBody) => Buffer.byteLength(JSON.stringify(body));

function checkLimits(limits: ResourceStoreLimits, usage: { resources: number; bytes: number }, bytes: number, added: { resources: number; bytes: number }): ResourceWriteRefusal | undefined {
  if (bytes > limits.maxResourceBytes) return { outcome: "too_large", bytes, limit: limits.maxResourceBytes };
  if (added.resources > 0 && usage.resources + added.resources > limits.maxResources) return { outcome: "store_full", limit: "resources", max: limits.maxResources };
  if (added.bytes > 0 && usage.bytes + added.bytes > limits.maxBytes) return { outcome: "store_full", limit: "bytes", max: limits.maxBytes };
  return undefined;
}

/**
 * Stores a new resource in the collection. `make` is given the collection's
 * next sequence number (1, 2, …; integer ids are taken from it) and returns
 * the resource; it may throw, which writes nothing.
 */
export async function createSandboxResource(options: {
  db: Db | Tx;
  at: CollectionRef;
  limits: ResourceStoreLimits;
  make: (seq: number) => StoredResource;
}): Promise<({ outcome: "created" } & StoredResource) | ResourceWriteRefusal | { outcome: "id_taken"; resourceId: string }> {
  const { at, limits } = options;
  return inTransaction(options.db, async (tx) => {
    const usage = await lockUsage(tx, at.organisationId);
    const last = await tx.sandboxResource.findFirst({ where: at, orderBy: { seq: "desc" }, select: { seq: true } });
    const made = options.make((last?.seq ?? 0) + 1);
    const resource = { ...made, body: asStored(made.body) };
    const bytes = sizeOf(resource.body);
    const refused = checkLimits(limits, usage, bytes, { resources: 1, bytes });
    if (refused) return refused;
    if (await tx.sandboxResource.findUnique({ where: { organisationId_apiVersionId_collection_resourceId: { ...at, resourceId: resource.resourceId } }, select: { id: true } })) {
      return { outcome: "id_taken", resourceId: resource.resourceId };
    }
    await tx.sandboxResource.create({ data: { ...at, resourceId: resource.resourceId, seq: (last?.seq ?? 0) + 1, body: resource.body as Prisma.InputJsonObject, sizeBytes: bytes } });
    await tx.sandboxResourceUsage.update({ where: { organisationId: at.organisationId }, data: { resources: { increment: 1 }, bytes: { increment: bytes } } });
    return { outcome: "created", ...resource };
  });
}

export async function findSandboxResource(options: { db: Db | Tx; at: CollectionRef; resourceId: string }): Promise<StoredResource | undefined> {
  const row = await options.db.sandboxResource.findUnique({
    where: { organisationId_apiVersionId_collection_resourceId: { ...options.at, resourceId: options.resourceId } },
    select: { resourceId: true, body: true },
  });
  return row ? { resourceId: row.resourceId, body: storedResourceBody(row.body) } : undefined;
}

/** The collection's resources in the order they were created (at most `take`). */
export async function listSandboxResources(options: { db: Db | Tx; at: CollectionRef; take: number }): Promise<StoredResource[]> {
  const rows = await options.db.sandboxResource.findMany({ where: options.at, orderBy: { seq: "asc" }, take: options.take, select: { resourceId: true, body: true } });
  return rows.map((r) => ({ resourceId: r.resourceId, body: storedResourceBody(r.body) }));
}

/**
 * Changes a stored resource: `change` is given its current body and returns
 * the new one (it may throw, which writes nothing). The id stays.
 */
export async function changeSandboxResource(options: {
  db: Db | Tx;
  at: CollectionRef;
  resourceId: string;
  limits: ResourceStoreLimits;
  change: (current: ResourceBody) => ResourceBody;
}): Promise<({ outcome: "changed" } & StoredResource) | ResourceWriteRefusal | { outcome: "not_found" }> {
  const { at, limits, resourceId } = options;
  return inTransaction(options.db, async (tx) => {
    const usage = await lockUsage(tx, at.organisationId);
    const where = { organisationId_apiVersionId_collection_resourceId: { ...at, resourceId } };
    const row = await tx.sandboxResource.findUnique({ where, select: { body: true, sizeBytes: true } });
    if (!row) return { outcome: "not_found" };
    const body = asStored(options.change(storedResourceBody(row.body)));
    const bytes = sizeOf(body);
    const refused = checkLimits(limits, usage, bytes, { resources: 0, bytes: bytes - row.sizeBytes });
    if (refused) return refused;
    await tx.sandboxResource.update({ where, data: { body: body as Prisma.InputJsonObject, sizeBytes: bytes } });
    await tx.sandboxResourceUsage.update({ where: { organisationId: at.organisationId }, data: { bytes: { increment: bytes - row.sizeBytes } } });
    return { outcome: "changed", resourceId, body };
  });
}

/**
 * Deletes a stored resource and every resource of the collections under it
 * ("/owners/7" takes "/owners/7/pets/…" with it). Returns the deleted resource.
 */
export async function deleteSandboxResource(options: { db: Db | Tx; at: CollectionRef; resourceId: string; itemPath: string }): Promise<StoredResource | undefined> {
  const { at, resourceId } = options;
  return inTransaction(options.db, async (tx) => {
    await lockUsage(tx, at.organisationId);
    const where = { organisationId_apiVersionId_collection_resourceId: { ...at, resourceId } };
    const row = await tx.sandboxResource.findUnique({ where, select: { id: true, body: true, sizeBytes: true } });
    if (!row) return undefined;
    // startsWith is a LIKE, whose _ and % match any character: the exact prefix is checked here.
    const prefix = `${options.itemPath}/`;
    const children = (
      await tx.sandboxResource.findMany({
        where: { organisationId: at.organisationId, apiVersionId: at.apiVersionId, collection: { startsWith: prefix } },
        select: { id: true, collection: true, sizeBytes: true },
      })
    ).filter((c) => c.collection.startsWith(prefix));
    const gone = [row, ...children];
    await tx.sandboxResource.deleteMany({ where: { id: { in: gone.map((r) => r.id) }, organisationId: at.organisationId } });
    await tx.sandboxResourceUsage.update({
      where: { organisationId: at.organisationId },
      data: { resources: { decrement: gone.length }, bytes: { decrement: gone.reduce((sum, r) => sum + r.sizeBytes, 0) } },
    });
    return { resourceId, body: storedResourceBody(row.body) };
  });
}

/** Empties the organisation's store (a reset of its sandbox); inside the caller's transaction. */
export async function clearSandboxResources(options: { tx: Tx; organisationId: string }): Promise<number> {
  const { count } = await options.tx.sandboxResource.deleteMany({ where: { organisationId: options.organisationId } });
  await options.tx.sandboxResourceUsage.deleteMany({ where: { organisationId: options.organisationId } });
  return count;
}
