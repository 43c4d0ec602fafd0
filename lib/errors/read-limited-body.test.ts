import { describe, expect, it } from "vitest";
import { readLimitedBody, readLimitedFormData, readLimitedText } from "./read-limited-body";

/** An endless chunked body (no Content-Length) that counts what the reader pulled and sees the cancel. */
function endlessBody(chunkBytes = 64 * 1024) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        seen.pulled += chunkBytes;
        controller.enqueue(new Uint8Array(chunkBytes).fill(120));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  const request = new Request("http://portal.test/api/signup", { method: "POST", body: stream, headers: { "content-type": "application/json" }, duplex: "half" } as RequestInit);
  return { request, seen };
}

describe("reading a body under a limit", () => {
  it("refuses a chunked body without Content-Length with 413 as soon as it passes the limit, and stops reading it", async () => {
    const { request, seen } = endlessBody();
    await expect(readLimitedBody(request, 100 * 1024)).rejects.toMatchObject({ status: 413, code: "payload_too_large", message: "The request body exceeds 102400 bytes" });
    expect(seen.cancelled).toBe(true);
    // It read up to the chunk that passed the limit (plus at most one chunk the stream had queued), no further.
    expect(seen.pulled).toBeLessThanOrEqual(100 * 1024 + 2 * 64 * 1024);
  });

  it("refuses a declared Content-Length over the limit without reading anything", async () => {
    const { request, seen } = endlessBody();
    const declared = new Request(request.url, { method: "POST", body: request.body, headers: { "content-length": String(300 * 1024 * 1024) }, duplex: "half" } as RequestInit);
    await expect(readLimitedBody(declared, 16 * 1024)).rejects.toMatchObject({ status: 413 });
    expect(seen.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it("reads bodies within the limit whole: bytes, text, forms; no body is empty", async () => {
    expect(await readLimitedText(new Request("http://x/", { method: "POST", body: "héllo" }), 6)).toBe("héllo");
    await expect(readLimitedText(new Request("http://x/", { method: "POST", body: "héllo" }), 5)).rejects.toMatchObject({ status: 413 });
    const form = new FormData();
    form.set("spec", new File(["openapi: 3.1.0\n"], "a.yaml"));
    expect(((await readLimitedFormData(new Request("http://x/", { method: "POST", body: form }), 4096)).get("spec") as File).name).toBe("a.yaml");
    expect((await readLimitedBody(new Request("http://x/"), 10)).byteLength).toBe(0);
  });
});
