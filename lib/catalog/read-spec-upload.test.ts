import { describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { readSpecUpload } from "./read-spec-upload";

const url = "http://portal.test/api/admin/catalog/specs";

describe("reading a spec upload", () => {
  it("reads a multipart file with its name, or a raw YAML/JSON body", async () => {
    const form = new FormData();
    form.set("spec", new File(["openapi: 3.0.3\n"], "payments.yaml", { type: "application/yaml" }));
    expect(await readSpecUpload(new Request(url, { method: "POST", body: form }))).toEqual({ unverifiedSpec: "openapi: 3.0.3\n", filename: "payments.yaml" });
    expect(await readSpecUpload(new Request(url, { method: "POST", body: '{"openapi":"3.1.0"}', headers: { "content-type": "application/json" } }))).toEqual({ unverifiedSpec: '{"openapi":"3.1.0"}', filename: "spec.json" });
  });

  it("reads the version's overlay beside the spec, as a file or a text field", async () => {
    // (A text field travels with CRLF line ends: HTML forms normalise them; YAML reads both.)
    for (const overlay of [new File(["noAccountScoping: true"], "payments.portico.yaml"), "noAccountScoping: true"]) {
      const form = new FormData();
      form.set("spec", new File(["openapi: 3.0.3\n"], "payments.yaml"));
      form.set("overlay", overlay);
      expect(await readSpecUpload(new Request(url, { method: "POST", body: form }))).toEqual({ unverifiedSpec: "openapi: 3.0.3\n", filename: "payments.yaml", overlay: "noAccountScoping: true" });
    }
  });

  it("refuses an oversized upload by its declared length, before reading it", async () => {
    const request = new Request(url, { method: "POST", body: "x", headers: { "content-type": "application/yaml", "content-length": String(config.maxSpecBytes + 10 * 1024 * 1024) } });
    await expect(readSpecUpload(request)).rejects.toMatchObject({ code: "payload_too_large", status: 413, message: expect.stringContaining("PORTICO_MAX_SPEC_BYTES") });
    expect(request.bodyUsed).toBe(false);
  });

  it("refuses an undeclared (chunked) upload past the limit while it streams, raw or multipart", async () => {
    for (const type of ["application/yaml", "multipart/form-data; boundary=x"]) {
      let pulled = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulled >= 4 * config.maxSpecBytes) return controller.close();
          pulled += 1024 * 1024;
          controller.enqueue(new Uint8Array(1024 * 1024).fill(35));
        },
      }, { highWaterMark: 0 });
      await expect(readSpecUpload(new Request(url, { method: "POST", body, headers: { "content-type": type }, duplex: "half" } as RequestInit))).rejects.toMatchObject({ code: "payload_too_large", status: 413 });
      expect(pulled, type).toBeLessThanOrEqual(config.maxSpecBytes + 3 * 1024 * 1024);
    }
  });

  it("refuses an oversized file in a form, a form without a file, and other media types", async () => {
    const big = new FormData();
    big.set("spec", new File(["a".repeat(config.maxSpecBytes + 1)], "big.yaml"));
    await expect(readSpecUpload(new Request(url, { method: "POST", body: big }))).rejects.toMatchObject({ code: "payload_too_large" });
    const empty = new FormData();
    empty.set("other", "x");
    await expect(readSpecUpload(new Request(url, { method: "POST", body: empty }))).rejects.toMatchObject({ code: "bad_request", violations: [{ pointer: "/spec" }] });
    await expect(readSpecUpload(new Request(url, { method: "POST", body: "x", headers: { "content-type": "image/png" } }))).rejects.toMatchObject({ code: "unsupported_media_type", status: 415 });
  });
});
