// Request logs for tests, stored the way the gateway's writer stores them:
// through the request-log store (lib/logs/request-log-store.ts), so the usage
// rollups are written with them in the same transaction. A test that writes
// RequestLog rows with Prisma gets logs without usage.
import { randomUUID } from "node:crypto";
import { requestLogStoreConfig } from "@/lib/logs/record-request-log";
import { openRequestLogStore, type RequestLogStore } from "@/lib/logs/request-log-store";
import type { StoredRequestLog } from "@/lib/logs/redact-log-entry";

let store: RequestLogStore | undefined;

export type TestLog = Partial<StoredRequestLog> & Pick<StoredRequestLog, "at" | "status" | "latencyMs">;

/** Stores the rows as one batch (a fresh batch id unless given); answers whether they were stored. */
export async function storeRequestLogs(rows: TestLog[], batchId: string = randomUUID()): Promise<boolean> {
  store ??= openRequestLogStore(requestLogStoreConfig());
  return store.write(
    batchId,
    rows.map((r) => ({
      appId: null,
      organisationId: null,
      apiSlug: null,
      apiVersion: null,
      operationId: null,
      method: "GET",
      path: "/sandbox/x/1.0.0/accounts",
      errorCode: null,
      detail: "{}",
      sourceIp: null,
      ...r,
    })),
  );
}
