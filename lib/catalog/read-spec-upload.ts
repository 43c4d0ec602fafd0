// Reads a spec from an HTTP request: a multipart form with a `spec` file
// (the admin UI) or the raw YAML/JSON body (CI with curl --data-binary).
// The declared length is checked before the body is read, so an oversized
// upload is refused without buffering it.
import { config } from "@/lib/config";
import { PorticoError } from "@/lib/errors";
import { assertSpecSize } from "./parse-spec-document";

/** Multipart framing around the file; generous, it only guards memory. */
const MULTIPART_SLACK = 64 * 1024;

export async function readSpecUpload(request: Request): Promise<{ text: string; filename?: string }> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared)) assertSpecSize(Math.max(0, declared - MULTIPART_SLACK));
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    const form = await request.formData().catch(() => {
      throw new PorticoError("bad_request", "The upload could not be read");
    });
    const file = form.get("spec");
    if (!file || typeof file === "string") throw new PorticoError("bad_request", "Choose a spec file (YAML or JSON)", { violations: [{ pointer: "/spec", message: "no file" }] });
    assertSpecSize(file.size);
    return { text: await file.text(), filename: file.name };
  }
  if (/^(application\/(json|yaml|x-yaml|vnd\.oai\.openapi(\+json)?)|text\/(yaml|x-yaml|plain))/.test(type)) {
    const text = await request.text();
    assertSpecSize(Buffer.byteLength(text, "utf8"), config.maxSpecBytes);
    return { text, filename: type.includes("json") ? "spec.json" : "spec.yaml" };
  }
  throw new PorticoError("unsupported_media_type", "Send the spec as application/yaml, application/json or a multipart form field named spec");
}
