// Small HTTP helpers for the gateway: bounded body reading and the two
// response shapes (JSON, problem+json). No framework: the hot path stays a
// handful of function calls.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { PorticoError, toProblem } from "@/lib/errors";
import type { PresentedCertificate } from "@/lib/access/authenticate-client";
import { SandboxProblem } from "@/lib/sandbox/errors";

export const tooLarge = (limit: number) => new SandboxProblem("payload_too_large", "payload_too_large", `The request body exceeds ${limit} bytes`, { headers: { connection: "close" } });

/** Reads the whole body, refusing (413) as soon as it passes `limit`. Requests without a body cost nothing. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers["content-length"];
  if (declared === undefined && req.headers["transfer-encoding"] === undefined) return Promise.resolve(Buffer.alloc(0));
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** RFC 9457 problem+json through the one status table in lib/errors; internals never leave. */
export function sendProblem(res: ServerResponse, error: unknown): { status: number; code: string } {
  const problem = toProblem(error);
  const headers: Record<string, string> = { "content-type": "application/problem+json", "cache-control": "no-store" };
  if (error instanceof PorticoError && error.headers) Object.assign(headers, error.headers);
  const text = JSON.stringify(problem);
  headers["content-length"] = String(Buffer.byteLength(text));
  if (!res.headersSent) res.writeHead(problem.status, headers).end(text);
  return { status: problem.status, code: error instanceof SandboxProblem ? error.reason : problem.code };
}

const peerCertificates = new WeakMap<object, PresentedCertificate | null>();

/** The client certificate of a TLS connection (once per connection), if one was presented. */
export function presentedCertificate(req: IncomingMessage): PresentedCertificate | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== "function") return undefined;
  let cached = peerCertificates.get(socket);
  if (cached === undefined) {
    const cert = socket.getPeerCertificate();
    cached = cert && cert.raw ? { der: cert.raw, chainVerified: socket.authorized === true } : null;
    peerCertificates.set(socket, cached);
  }
  return cached ?? undefined;
}

/**
 * The query as name → value (or values, when repeated). Names are data:
 * `__proto__` or `constructor` become own properties, never a prototype.
 */
export function parseQuery(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!search) return out;
  for (const [k, v] of new URLSearchParams(search)) {
    const prev = Object.hasOwn(out, k) ? out[k] : undefined;
    Object.defineProperty(out, k, { value: prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v], enumerable: true, writable: true, configurable: true });
  }
  return out;
}
