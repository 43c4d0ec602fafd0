// Swagger 2.0 (OpenAPI 2.0) becomes OpenAPI 3.0 before anything else reads
// it, so the docs, the sandbox and try-it see one shape. swagger2openapi does
// the conversion; swagger-parser has already validated the 2.0 document, and
// every $ref was checked to be internal, so the converter never resolves
// anything outside the document (resolve: false: no files, no URLs).
import { convertObj } from "swagger2openapi";
import { PorticoError } from "@/lib/errors";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A 2.0 spec without `produces` leaves response media types open; the
 * converter writes them as "*\/*". Swagger 2.0 bodies are JSON unless said
 * otherwise (its `schema` is JSON Schema), so the docs and the sandbox's mock
 * get application/json, as the converter already does for request bodies.
 */
function jsonForAnyMediaType(document: Json) {
  const paths = isObject(document.paths) ? document.paths : {};
  for (const item of Object.values(paths)) {
    if (!isObject(item)) continue;
    for (const operation of Object.values(item)) {
      if (!isObject(operation) || !isObject(operation.responses)) continue;
      for (const response of Object.values(operation.responses)) {
        if (!isObject(response) || !isObject(response.content)) continue;
        const keys = Object.keys(response.content);
        if (keys.length === 1 && keys[0] === "*/*") response.content = { "application/json": response.content["*/*"] };
      }
    }
  }
  return document;
}

export async function convertSwagger2({ document }: { document: Json }): Promise<Json> {
  try {
    // patch: fix small, well-known 2.0 mistakes the converter recognises, instead of refusing.
    const { openapi } = await convertObj(structuredClone(document) as never, { patch: true, warnOnly: true, resolve: false, direct: false } as never);
    return jsonForAnyMediaType(openapi as unknown as Json);
  } catch (error) {
    throw new PorticoError("validation_failed", "The Swagger 2.0 spec could not be converted to OpenAPI 3", {
      violations: [{ pointer: "/swagger", message: error instanceof Error ? error.message.split("\n")[0]! : String(error) }],
    });
  }
}
