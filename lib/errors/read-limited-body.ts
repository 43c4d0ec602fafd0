// The one way a portal route handler reads a request body: counted while it
// streams in, refused (413 problem+json) as soon as it passes the route's
// limit, and never buffered past it. `request.json()`, `.text()`,
// `.formData()` and `.arrayBuffer()` read everything first and check after,
// which let three unauthenticated 300 MB bodies take the process from 0.6 to
// 2.3 GB. Security-critical: every route handler that reads a body goes
// through here, with a limit of its own (small for JSON forms, the spec limit
// for spec uploads).
import { PorticoError } from "./index";

export const bodyTooLarge = (limit: number) => new PorticoError("payload_too_large", `The request body exceeds ${limit} bytes`, { headers: { connection: "close" } });

/**
 * Reads a body stream up to `max` bytes and stops there: `complete` is false
 * when more was coming, and the rest of the stream is cancelled unread. The
 * one streaming reader: request bodies (below) and try-it's upstream answers
 * (lib/try-it) both go through it.
 */
export async function readStreamUpTo(stream: ReadableStream<Uint8Array> | null, max: number): Promise<{ bytes: Uint8Array<ArrayBuffer>; complete: boolean }> {
  if (!stream) return { bytes: new Uint8Array(0), complete: true };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let complete = true;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > max) {
      chunks.push(value.subarray(0, max - size));
      size = max;
      complete = false;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, complete };
}

/**
 * The body's bytes, at most `limit` of them. A declared Content-Length over
 * the limit is refused before reading; a chunked body is refused at the
 * first chunk that passes it, and the rest of the stream is cancelled
 * (RFC 9110 §15.5.14: 413 Content Too Large).
 */
export async function readLimitedBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) {
    await request.body?.cancel().catch(() => undefined);
    throw bodyTooLarge(limit);
  }
  const { bytes, complete } = await readStreamUpTo(request.body, limit);
  if (!complete) throw bodyTooLarge(limit);
  return bytes;
}

/** The body as UTF-8 text, at most `limit` bytes of it. */
export async function readLimitedText(request: Request, limit: number): Promise<string> {
  return new TextDecoder().decode(await readLimitedBody(request, limit));
}

/** A multipart or urlencoded form, at most `limit` bytes of it, parsed only once it is all in. */
export async function readLimitedFormData(request: Request, limit: number): Promise<FormData> {
  const bytes = await readLimitedBody(request, limit);
  return new Response(bytes, { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
}
