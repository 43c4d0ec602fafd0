// Long work on the event loop that the portal, the token endpoint and the
// sandbox share is done in slices: between slices, waiting requests run.
// An `await` of a query is not enough on SQLite: better-sqlite3 answers
// synchronously, so the promise settles in the same turn and no request
// gets in. Inside a Prisma transaction this is safe: the client's own mutex
// holds other queries until it commits.

/** Resolves after the requests already waiting have had their turn. */
export const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Work in slices of about this long. */
export const SLICE_MS = 4;
