// One SIEM event as a syslog message (RFC 5424) framed for TLS transport
// with octet counting (RFC 5425 §4.3: "MSG-LEN SP SYSLOG-MSG", the length in
// octets). The event id travels in structured data as well as in the JSON
// body, so a receiver can dedupe without parsing the message.
import os from "node:os";
import type { SiemEventKind } from "./siem-event";

/**
 * Structured-data id: `name@<private enterprise number>` (RFC 5424 §6.3.2).
 * 32473 is the number RFC 5612 reserves for documentation and examples;
 * Portico has none of its own.
 */
const SD_ID = "portico@32473";
/** RFC 5424 §6.2.1: facility 16 (local0); severity 6 (informational) for request logs, 5 (notice) for audit records. */
const PRI: Record<SiemEventKind, number> = { request: 16 * 8 + 6, audit: 16 * 8 + 5 };
/** HOSTNAME, APP-NAME and PROCID are PRINTUSASCII without spaces, at most 255/48/128 characters (§6.2.4–6.2.6). */
const token = (value: string, max: number) => value.replace(/[^\x21-\x7e]/g, "_").slice(0, max) || "-";
const HOSTNAME = token(os.hostname(), 255);
/** §6.3.3: inside PARAM-VALUE, '"', '\' and ']' are escaped with '\'. */
const paramValue = (value: string) => value.replace(/["\\\]]/g, (c) => `\\${c}`);

/** The octet-counted frame of one event: `<PRI>1 TIMESTAMP HOSTNAME portico PROCID MSGID [SD] BOM JSON`. */
export function syslogFrame(event: { eventId: string; kind: SiemEventKind; at: Date; payload: string }): Buffer {
  // §6.4: a UTF-8 MSG starts with the byte-order mark.
  const message = `<${PRI[event.kind]}>1 ${event.at.toISOString()} ${HOSTNAME} portico ${process.pid} ${event.kind} [${SD_ID} eventId="${paramValue(event.eventId)}"] \ufeff${event.payload}`;
  const bytes = Buffer.from(message, "utf8");
  return Buffer.concat([Buffer.from(`${bytes.length} `, "ascii"), bytes]);
}
