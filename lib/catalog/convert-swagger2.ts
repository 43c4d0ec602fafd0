// Swagger 2.0 (OpenAPI 2.0) becomes OpenAPI 3.0 before anything else reads
// it, so the docs, the sandbox and try-it see one shape. swagger2openapi does
// the conversion; swagger-parser has already validated the 2.0 document, and
// every $ref was checked to be internal, so the converter never resolves
// anything outside the document (resolve: false: no files, no URLs).
import { convertObj } from "swagger2openapi";
import { PorticoError } from "@/lib/errors";

type Json = Record<string, unknown>;

export async function convertSwagger2({ document }: { document: Json }): Promise<Json> {
  try {
    // patch: fix small, well-known 2.0 mistakes the converter recognises, instead of refusing.
    const { openapi } = await convertObj(structuredClone(document) as never, { patch: true, warnOnly: true, resolve: false, direct: false } as never);
    return openapi as unknown as Json;
  } catch (error) {
    throw new PorticoError("validation_failed", "The Swagger 2.0 spec could not be converted to OpenAPI 3", {
      violations: [{ pointer: "/swagger", message: error instanceof Error ? error.message.split("\n")[0]! : String(error) }],
    });
  }
}
