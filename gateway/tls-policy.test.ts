// The gateway's TLS policy as a client sees it (BCP 195 / RFC 9325 §4.2,
// FAPI 2.0 Security Profile §5.2.1): with an RSA certificate — the case in
// which static-RSA key exchange would even be possible — TLS 1.2 offers only
// ECDHE with AES-GCM or ChaCha20-Poly1305, key exchange on X25519/P-256/P-384,
// and HTTPS answers carry HSTS.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type Gateway } from "./server";

let dir: string;
let gateway: Gateway;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "portico-tls-policy-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa.key", "-out", "rsa.crt", "-days", "2", "-subj", "/CN=localhost"], { cwd: dir, stdio: "pipe" });
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: { key: path.join(dir, "rsa.key"), cert: path.join(dir, "rsa.crt") } });
  port = Number(new URL(gateway.url).port);
});

afterAll(async () => {
  await gateway?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Handshakes offering only `ciphers` (TLS 1.2) and `curves`; the negotiated suite, or the error code. */
function handshake(options: { ciphers?: string; curves?: string; maxVersion?: tls.SecureVersion }): Promise<{ cipher: string } | { error: string }> {
  return new Promise((resolve) => {
    const socket = tls.connect(
      {
        host: "127.0.0.1",
        port,
        servername: "localhost",
        rejectUnauthorized: false,
        maxVersion: options.maxVersion ?? "TLSv1.2",
        // SECLEVEL=0 lets *our client* offer weak suites, so a failure is the server's refusal.
        ...(options.ciphers ? { ciphers: `${options.ciphers}@SECLEVEL=0` } : {}),
        ...(options.curves ? { ecdhCurve: options.curves } : {}),
      },
      () => {
        resolve({ cipher: socket.getCipher().standardName });
        socket.end();
      },
    );
    socket.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

describe("gateway TLS policy", () => {
  it.each([
    ["static RSA with CBC", "AES128-SHA:AES256-SHA256"],
    ["static RSA with GCM (no forward secrecy)", "AES128-GCM-SHA256:AES256-GCM-SHA384"],
    ["ECDHE with CBC", "ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256"],
    ["finite-field DHE with GCM", "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384"],
  ])("refuses a TLS 1.2 client offering only %s", async (_name, ciphers) => {
    expect(await handshake({ ciphers })).toEqual({ error: "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE" });
  });

  it.each([
    ["ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"],
    ["ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"],
    ["ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"],
  ])("accepts a TLS 1.2 client offering %s", async (ciphers, standardName) => {
    expect(await handshake({ ciphers })).toEqual({ cipher: standardName });
  });

  it("prefers its own order, and takes key exchange only on X25519, P-256 or P-384", async () => {
    expect(await handshake({ ciphers: "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256" })).toEqual({ cipher: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" });
    expect(await handshake({ ciphers: "ECDHE-RSA-AES128-GCM-SHA256", curves: "X25519" })).toHaveProperty("cipher");
    expect(await handshake({ ciphers: "ECDHE-RSA-AES128-GCM-SHA256", curves: "P-384" })).toHaveProperty("cipher");
    expect(await handshake({ ciphers: "ECDHE-RSA-AES128-GCM-SHA256", curves: "P-521" })).toHaveProperty("error");
    expect(await handshake({ maxVersion: "TLSv1.3" })).toEqual({ cipher: "TLS_AES_128_GCM_SHA256" });
  });

  it("sends Strict-Transport-Security on HTTPS answers, errors included", async () => {
    for (const pathname of ["/healthz", "/nowhere"]) {
      const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
        https
          .get({ host: "127.0.0.1", port, path: pathname, servername: "localhost", rejectUnauthorized: false, agent: false }, (res) => {
            res.resume();
            resolve(res.headers);
          })
          .on("error", reject);
      });
      expect(headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    }
  });
});
