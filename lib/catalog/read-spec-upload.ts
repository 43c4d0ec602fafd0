// Reads a spec from an HTTP request: a multipart form with a `spec` file and
// optionally the version's `overlay` (a file or a text field: spec-overlay.ts)
// (the admin UI, or CI with curl -F), or the raw YAML/JSON body (CI with
// curl --data-binary).
// The declared length is checked before the body is read, and the body is
// counted while it streams in (lib/errors/read-limited-body.ts), so an
// oversized upload is refused without buffering it.
import { MULTIPART_SLACK_BYTES } from "@/lib/auth/body-limits";
import { config } from "@/lib/config";
import { PorticoError } from "@/lib/errors";
import { readLimitedFormData, readLimitedText } from "@/lib/errors/read-limited-body";
import { assertSpecSize } from "./parse-spec-document";

export async function readSpecUpload(request: Request): Promise<{ text: string; filename?: string; overlay?: string }> {
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
    const overlay = form.get("overlay");
    return { text: await file.text(), filename: file.name, ...(overlay === null ? {} : { overlay: typeof overlay === "string" ? overlay : await overlay.text() }) };
  }
  if (/^(application\/(json|yaml|x-yaml|vnd\.oai\.openapi(\+json)?)|text\/(yaml|x-yaml|plain))/.test(type)) {
    const text = await readLimitedText(request, config.maxSpecBytes).catch((error) => {
      // Say it the spec's way, naming PORTICO_MAX_SPEC_BYTES.
      if (error instanceof PorticoError && error.code === "payload_too_large") assertSpecSize(config.maxSpecBytes + 1);
      throw error;
    });
    return { text, filename: type.includes("json") ? "spec.json" : "spec.yaml" };
  }
  throw new PorticoError("unsupported_media_type", "Send the spec as application/yaml, application/json or a multipart form field named spec");
}
