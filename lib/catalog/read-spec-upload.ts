// Reads a spec from an HTTP request: a multipart form with a `spec` file and
// optionally the version's `overlay` (a file or a text field: spec-overlay.ts)
// (the admin UI, or CI with curl -F), or the raw YAML/JSON body (CI with
// curl --data-binary); in either, a .zip (application/zip) of a multi-file
// spec, kept as bytes.
// The declared length is checked before the body is read, and the body is
// counted while it streams in (lib/errors/read-limited-body.ts), so an
// oversized upload is refused without buffering it.
import { MULTIPART_SLACK_BYTES } from "@/lib/auth/body-limits";
import { config } from "@/lib/config";
import { PorticoError } from "@/lib/errors";
import { readLimitedBody, readLimitedFormData, readLimitedText } from "@/lib/errors/read-limited-body";
import { assertSpecSize } from "./parse-spec-document";

const isZip = (type: string, filename = "") => /^application\/(zip|x-zip-compressed)/.test(type) || filename.toLowerCase().endsWith(".zip");

/** The spec as text (YAML/JSON) or a zip's bytes, and its overlay, ready for publishSpec. */
export async function readSpecUpload(request: Request): Promise<{ unverifiedSpec: string | Uint8Array; filename?: string; overlay?: string }> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared)) assertSpecSize(Math.max(0, declared - MULTIPART_SLACK_BYTES));
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    const form = await readLimitedFormData(request, config.maxSpecBytes + MULTIPART_SLACK_BYTES).catch((error) => {
      if (error instanceof PorticoError) throw error;
      throw new PorticoError("bad_request", "The upload could not be read");
    });
    const file = form.get("spec");
    if (!file || typeof file === "string") throw new PorticoError("bad_request", "Choose a spec file (YAML or JSON)", { violations: [{ pointer: "/spec", message: "no file" }] });
    assertSpecSize(file.size);
    const overlayField = form.get("overlay");
    const overlay = overlayField === null ? {} : { overlay: typeof overlayField === "string" ? overlayField : await overlayField.text() };
    if (isZip(file.type, file.name)) return { unverifiedSpec: new Uint8Array(await file.arrayBuffer()), filename: file.name, ...overlay };
    return { unverifiedSpec: await file.text(), filename: file.name, ...overlay };
  }
  if (/^(application\/(json|yaml|x-yaml|vnd\.oai\.openapi(\+json)?)|text\/(yaml|x-yaml|plain))/.test(type)) {
    const text = await readLimitedText(request, config.maxSpecBytes).catch((error) => {
      // Say it the spec's way, naming PORTICO_MAX_SPEC_BYTES.
      if (error instanceof PorticoError && error.code === "payload_too_large") assertSpecSize(config.maxSpecBytes + 1);
      throw error;
    });
    return { unverifiedSpec: text, filename: type.includes("json") ? "spec.json" : "spec.yaml" };
  }
  if (isZip(type)) {
    const bytes = await readLimitedBody(request, config.maxSpecBytes).catch((error) => {
      if (error instanceof PorticoError && error.code === "payload_too_large") assertSpecSize(config.maxSpecBytes + 1);
      throw error;
    });
    return { unverifiedSpec: bytes, filename: "spec.zip" };
  }
  throw new PorticoError("unsupported_media_type", "Send the spec as application/yaml, application/json, application/zip (a multi-file spec) or a multipart form field named spec");
}
