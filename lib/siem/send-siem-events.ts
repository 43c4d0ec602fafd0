// Sends one batch of events to the SIEM; resolves when the receiver has
// taken the whole batch, rejects otherwise (the batch stays in the outbox
// and is sent again).
//  - syslog over TLS (RFC 5425): one connection per batch; the frames are
//    written, then the connection is closed and the batch counts as taken
//    once the close completes without error. RFC 5425 has no
//    application-level acknowledgement, so a receiver that dies after the
//    TCP close but before it stored the batch loses it; a receiver that
//    refuses or drops the connection makes the batch fail and be resent.
//  - HTTP: one POST of JSON lines (application/x-ndjson) per batch; taken
//    on a 2xx answer.
// Both verify the receiver's certificate (SIEM_CA_FILE or the system CAs),
// TLS 1.2 at least.
import http from "node:http";
import https from "node:https";
import net from "node:net";
import tls from "node:tls";
import type { SiemOutboxEvent } from "./siem-event";
import type { SiemTarget } from "./siem-target";
import { syslogFrame } from "./syslog-frame";

/** Connect, hand-over and answer deadline for one batch. */
const TIMEOUT_MS = 15_000;

export async function sendSiemEvents(target: SiemTarget, events: SiemOutboxEvent[]): Promise<void> {
  if (!events.length) return;
  if (target.kind === "syslog") return sendSyslog(target, events);
  return postJsonLines(target, events);
}

function sendSyslog(target: Extract<SiemTarget, { kind: "syslog" }>, events: SiemOutboxEvent[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed: Error | undefined;
    const socket = tls.connect({ host: target.host, port: target.port, servername: net.isIP(target.host) ? undefined : target.host, ca: target.ca, minVersion: "TLSv1.2" });
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`syslog receiver ${target.label}: no progress in ${TIMEOUT_MS / 1000} s`)));
    socket.on("error", (error) => (failed ??= error));
    socket.once("secureConnect", () => {
      for (const event of events) socket.write(syslogFrame(event));
      socket.end();
    });
    // The receiver read our half-close and closed its side: everything written reached it.
    socket.on("close", () => (failed || !socket.readableEnded ? reject(failed ?? new Error(`syslog receiver ${target.label} dropped the connection`)) : resolve()));
    socket.resume(); // a receiver that writes (it should not) must not stall the close
  });
}

function postJsonLines(target: Extract<SiemTarget, { kind: "http" }>, events: SiemOutboxEvent[]): Promise<void> {
  const body = Buffer.from(events.map((e) => e.payload).join("\n") + "\n", "utf8");
  const client = target.url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target.url,
      {
        method: "POST",
        headers: {
          "content-type": "application/x-ndjson",
          "content-length": body.length,
          ...(target.authorization ? { authorization: target.authorization } : {}),
        },
        ...(target.url.protocol === "https:" ? { ca: target.ca, minVersion: "TLSv1.2" as const } : {}),
        agent: false,
        timeout: TIMEOUT_MS,
      },
      (response) => {
        response.resume();
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          // Only the status: a receiver's body could echo what it was sent.
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`HTTP receiver ${target.label} answered ${status}`));
        });
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`HTTP receiver ${target.label}: no answer in ${TIMEOUT_MS / 1000} s`)));
    request.on("error", reject);
    request.end(body);
  });
}
