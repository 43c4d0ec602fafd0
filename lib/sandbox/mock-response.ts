// Mocked responses from @stoplight/prism-http, examples first, steered by
// the Prefer header (code=, example=, dynamic=) as Prism's own server does.
// Prism runs in-process on exactly the operation we routed to. Its answer is
// deterministic unless dynamic=true (same operation, Prefer and Accept →
// same response), so those answers are serialised once and reused.
import { createInstance, type IHttpConfig, type IHttpRequest } from "@stoplight/prism-http";
import type { HttpMethod } from "@stoplight/types";
import pino from "pino";
import { SandboxProblem } from "./errors";
import type { CompiledOperation } from "./compile-operation";

export type MockedResponse = { status: number; headers: Record<string, string>; body: Buffer };

type Preferences = { code?: number; exampleKey?: string; dynamic: boolean };

/** RFC 7240 Prefer, the way Prism's HTTP server reads it: `Prefer: code=404, example=savings, dynamic=true`. */
export function parsePrefer(header: string | undefined): Preferences {
  const out: Preferences = { dynamic: false };
  if (!header) return out;
  for (const part of header.split(/[,;]/)) {
    const [rawKey, ...rest] = part.split("=");
    const key = (rawKey ?? "").trim().toLowerCase();
    const value = rest.join("=").trim().replace(/^"|"$/g, "");
    if (key === "code" && /^[1-5][0-9][0-9]$/.test(value)) out.code = Number(value);
    else if (key === "example" && value) out.exampleKey = value;
    else if (key === "dynamic") out.dynamic = value === "true";
  }
  return out;
}

/** Prism logs through pino and calls a custom "success" level; we log the request ourselves. */
export function silentPrismLogger(): pino.Logger {
  return pino({ enabled: false, customLevels: { success: 11 } }) as unknown as pino.Logger;
}

const BASE_CONFIG = {
  checkSecurity: false, // the gateway already enforced OAuth
  validateRequest: false, // done by compiled validators before we get here
  validateResponse: false,
  errors: false,
  upstreamProxy: undefined,
  isProxy: false as const,
};

export class Mocker {
  private readonly prism = createInstance({ ...BASE_CONFIG, mock: { dynamic: false } } as IHttpConfig, { logger: silentPrismLogger() });
  private readonly cache = new WeakMap<CompiledOperation, Map<string, MockedResponse>>();

  private async produce(input: IHttpRequest, operation: CompiledOperation, prefs: Preferences) {
    // Prism writes the negotiated media types into the config: a fresh object each call.
    const config = { ...BASE_CONFIG, mock: { dynamic: prefs.dynamic, code: prefs.code, exampleKey: prefs.exampleKey } } as IHttpConfig;
    const result = await this.prism.request(input, [operation.prismOperation()], config)();
    if (result._tag === "Left") {
      const error = result.left as Error & { status?: number; detail?: string };
      // What Prism cannot produce is what the request asked for (an undefined code or example): the caller's to fix.
      throw new SandboxProblem("bad_request", "mock_unavailable", `The sandbox cannot produce this response: ${error.detail || error.message}`);
    }
    return result.right.output;
  }

  async respond(options: {
    operation: CompiledOperation;
    prefer: string | undefined;
    accept: string | undefined;
    path: string;
    query: Record<string, string | string[]>;
    headers: Record<string, string>;
    body: unknown;
  }): Promise<MockedResponse> {
    const { operation } = options;
    const prefs = parsePrefer(options.prefer);
    const key = `${options.prefer ?? ""}\n${options.accept ?? ""}`;
    if (!prefs.dynamic) {
      const hit = this.cache.get(operation)?.get(key);
      if (hit) return hit;
    }
    const input: IHttpRequest = {
      method: operation.method.toLowerCase() as HttpMethod,
      url: { path: options.path, query: options.query },
      headers: options.headers,
      body: options.body,
    };
    // Generated (dynamic) bodies come from a faker that does not honour every
    // keyword (OpenAPI 3.0's boolean exclusiveMinimum, for one): one that breaks
    // its own response schema is generated again, and after a few tries the
    // example-based answer is given instead.
    const attempts = prefs.dynamic ? [true, true, true, false] : [false];
    let output!: Awaited<ReturnType<typeof this.produce>>;
    for (const dynamic of attempts) {
      output = await this.produce(input, operation, { ...prefs, dynamic });
      const mediaType = Object.entries(output.headers ?? {}).find(([name]) => name.toLowerCase() === "content-type")?.[1] ?? "application/json";
      if (output.body === undefined || typeof output.body === "string") break;
      if (operation.conforms(output.statusCode, String(mediaType).split(";")[0]!.trim(), output.body)) break;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(output.headers ?? {})) headers[name.toLowerCase()] = String(value);
    const isJson = typeof output.body !== "string";
    const body = output.body === undefined ? Buffer.alloc(0) : Buffer.from(isJson ? JSON.stringify(output.body) : String(output.body));
    if (body.length && !headers["content-type"]) headers["content-type"] = isJson ? "application/json" : "text/plain";
    const response = { status: output.statusCode, headers, body };
    if (!prefs.dynamic) {
      let perOperation = this.cache.get(operation);
      if (!perOperation) this.cache.set(operation, (perOperation = new Map()));
      if (perOperation.size < 64) perOperation.set(key, response);
    }
    return response;
  }
}
