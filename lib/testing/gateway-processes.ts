// Starts separate gateway processes (`tsx gateway/main.ts`) on one database
// and one Redis, as scale-out runs them, for the cross-instance revocation
// test and benchmark. Each process is stopped by its own pid.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

export type GatewayProcess = { url: string; port: number; child: ChildProcess; stop: () => Promise<void> };

/** A free TCP port on loopback (optionally from a range), for a child to bind. */
export async function freePort(range?: { from: number; to: number }): Promise<number> {
  const attempt = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(null));
      server.listen(port, "127.0.0.1", () => {
        const { port: bound } = server.address() as net.AddressInfo;
        server.close(() => resolve(bound));
      });
    });
  if (!range) return (await attempt(0))!;
  for (let port = range.from; port <= range.to; port++) {
    const got = await attempt(port);
    if (got) return got;
  }
  throw new Error(`no free port in ${range.from}-${range.to}`);
}

export async function startGatewayProcess(options: { port: number; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<GatewayProcess> {
  const root = process.cwd();
  const child = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), path.join(root, "gateway", "main.ts")], {
    cwd: root,
    env: { ...options.env, GATEWAY_PORT: String(options.port), HOST: "127.0.0.1", GATEWAY_URL: `http://127.0.0.1:${options.port}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${options.port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  // Readiness: the process prints its address once listening (after the change bus subscribed).
  while (!/gateway listening/.test(output)) {
    if (child.exitCode !== null) throw new Error(`gateway on ${options.port} exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`gateway on ${options.port} did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, port: options.port, child, stop };
}

/**
 * Sends `request` back to back until `refused(status)` holds. Returns when,
 * after `sinceMs` (performance.now()), the first refused request was SENT —
 * every request sent before it was still accepted, so this bounds how long
 * the revocation took to be enforced — and when its response arrived.
 */
export async function pollUntilRefused(options: { request: () => Promise<number>; refused: (status: number) => boolean; sinceMs: number; timeoutMs?: number }) {
  const limit = options.timeoutMs ?? 5000;
  let attempts = 0;
  for (;;) {
    attempts++;
    const sent = performance.now();
    const status = await options.request();
    const answered = performance.now();
    if (options.refused(status)) return { sentAfterMs: Math.max(0, sent - options.sinceMs), answeredAfterMs: answered - options.sinceMs, attempts, status };
    if (answered - options.sinceMs > limit) throw new Error(`still accepted after ${Math.round(answered - options.sinceMs)} ms (${attempts} attempts, last status ${status})`);
  }
}
