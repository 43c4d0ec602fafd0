// lib/ is shared with the gateway, which runs outside Next.js, so it cannot
// use the "server-only" marker; nothing under components/ may import lib/db.
export { getDb, closeDb, dialect, type Db, type Tx } from "./client";
