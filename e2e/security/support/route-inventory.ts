// The attack surface, listed at test time from the code itself: every
// app/api/**/route.ts with the HTTP methods it exports, and every gateway
// route from the list the gateway dispatches on (gateway/server.ts). The
// access matrix (access-cases.ts) must have a row for each of these keys.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { GATEWAY_ROUTES, SANDBOX_PREFIX } from "../../../gateway/server";

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** Route files below a folder, as route paths ("app/api/apps/[appId]/route.ts" → "/api/apps/[appId]"). */
function routeFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...routeFiles(full));
    else if (entry.name === "route.ts" || entry.name === "route.tsx") found.push(full);
  }
  return found;
}

/**
 * The methods a route module exports: `export const GET =`, `export async
 * function POST(`, `export { handler as GET, handler as POST }`. Next.js
 * answers exactly these (plus HEAD for GET and OPTIONS, which it synthesises).
 */
export function exportedMethods(source: string): string[] {
  const methods = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:const|let|var|async\s+function|function)\s+([A-Z]+)\b/g)) methods.add(m[1]!);
  for (const block of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of block[1]!.split(",")) {
      const name = part.trim().split(/\s+as\s+/).pop()!.trim();
      if (name) methods.add(name);
    }
  }
  return HTTP_METHODS.filter((m) => methods.has(m));
}

export type InventoryEntry = { key: string; method: string; path: string; file: string };

/** Every portal route and method, as "METHOD /api/…" keys. */
export function portalRoutes(root = process.cwd()): InventoryEntry[] {
  const appDir = path.join(root, "app");
  return routeFiles(path.join(appDir, "api"))
    .sort()
    .flatMap((file) => {
      const routePath = "/" + path.relative(appDir, path.dirname(file)).split(path.sep).join("/");
      return exportedMethods(readFileSync(file, "utf8")).map((method) => ({ key: `${method} ${routePath}`, method, path: routePath, file: path.relative(root, file) }));
    });
}

/** The sandbox is one prefix route answering any method; its key names the prefix. */
export const SANDBOX_KEY = `* ${SANDBOX_PREFIX}{api}/{version}/{operation path}`;

/** Every gateway route and method, from the gateway's own list. */
export function gatewayRoutes(): InventoryEntry[] {
  const fixed = Object.entries(GATEWAY_ROUTES).flatMap(([routePath, methods]) =>
    methods.map((method) => ({ key: `${method} ${routePath}`, method, path: routePath, file: "gateway/server.ts" })),
  );
  return [...fixed, { key: SANDBOX_KEY, method: "*", path: SANDBOX_PREFIX, file: "gateway/sandbox-route.ts" }];
}
