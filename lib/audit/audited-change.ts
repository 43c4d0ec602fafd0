// The one way an action changes state (or makes a read that must be on the
// record): check who is acting, run the change in one transaction, write its
// audit record(s) in that same transaction, and tell every process what
// changed only after the commit. Security-critical:
// - the role check comes first and from the action's own list, which the
//   route handler reuses (withUser(action.roles, …)), so the two cannot drift;
// - neither the change nor its audit record exists without the other;
// - caches (the gateway's access cache, search, route table) hear about a
//   change only once it is committed, and never about one that rolled back,
//   so no instance can re-read and cache the old state after the event.
import type { Actor } from "@/lib/authz/actor";
import { assertAllowed, type ActorRole, type AllowedActor } from "@/lib/authz/require-role";
import { publishChange, type ChangeEvent } from "@/lib/broadcast/change-bus";
import { getDb, type Db, type Tx } from "@/lib/db";
import { recordAuditEvent, type AuditInput } from "./record-audit-event";

/** One audit record of a change; the actor defaults to the one running the change. */
export type AuditEntry = Omit<AuditInput, "actor"> & { actor?: Actor };

/** What a change hands back: its result, what to record, and what to publish after commit. */
export type Change<T> = { result: T; audit: AuditEntry[]; publish?: ChangeEvent[] };

type TransactionOptions = { timeout?: number; maxWait?: number };

type Common<T, A> = {
  change: (tx: Tx, actor: A) => Promise<Change<T>>;
  /** Defaults to getDb(); the gateway passes the client it was started with. */
  db?: Db;
  transaction?: TransactionOptions;
};

/**
 * Runs `change` for an actor whose role is in `roles`. The audit entries it
 * returns are appended after its own writes, still inside its transaction
 * (so a change that reads the trail, like two-party reinstatement, sees only
 * earlier records); its `publish` events go out once the transaction has
 * committed.
 */
export function auditedChange<R extends ActorRole, T>(options: Common<T, AllowedActor<R>> & { actor: Actor; roles: readonly R[] }): Promise<T>;
/**
 * Self-service before anyone is signed in (sign-up, sign-in): no role to
 * check, and every audit entry names its own actor.
 */
export function auditedChange<T>(options: Common<T, undefined> & { actor?: undefined; roles: "anyone" }): Promise<T>;
export async function auditedChange<T>(
  options: Common<T, never> & { actor?: Actor; roles: readonly ActorRole[] | "anyone" },
): Promise<T> {
  const { actor, roles } = options;
  if (roles !== "anyone") {
    if (!actor) throw new Error("auditedChange: an actor is required unless the action is open to anyone");
    assertAllowed(actor, roles);
  }
  const db = options.db ?? getDb();
  const { result, publish } = await db.$transaction(async (tx) => {
    // assertAllowed above narrowed the actor to what the overload promised.
    const done = await (options.change as (tx: Tx, actor: Actor | undefined) => Promise<Change<T>>)(tx, actor);
    for (const entry of done.audit) {
      const by = entry.actor ?? actor;
      if (!by) throw new Error(`auditedChange: the ${entry.action} record names no actor`);
      await recordAuditEvent(tx, { ...entry, actor: by });
    }
    return done;
  }, options.transaction);
  // After the commit, never inside the transaction: a listener that re-reads
  // at once must see the new state, and a rollback publishes nothing.
  if (publish?.length) await Promise.all(publish.map((event) => publishChange(event)));
  return result;
}
