// A multi-file spec (a root file whose $refs name other files by relative
// path) bundled into one document, whose references are all internal
// ("#/…"), as publishing stores it. Security-critical: references resolve
// only to files of the bundle — never the file system, never a URL — through
// a resolver that reads the in-memory files and nothing else; every file is
// parsed by parseSpecDocument (size, YAML alias and expansion limits).
import SwaggerParser from "@apidevtools/swagger-parser";
import { PorticoError, type Violation } from "@/lib/errors";
import { parseSpecDocument } from "./parse-spec-document";

/** Where the bundle's files seem to live, for the reference parser: a root that names no real folder. */
const BASE = "/portico-bundle/";

function refuse(message: string, violations: Violation[]): PorticoError {
  return new PorticoError("validation_failed", message, { violations });
}

/** The root: the one file with an `openapi` or `swagger` field, preferring one at the top of the bundle. */
function findRoot(files: Map<string, string>): string {
  const roots: string[] = [];
  for (const [name, text] of files) {
    // Cheap test first; the root is parsed (and checked) again by the bundler.
    if (!/(^|\n)\s*["']?(openapi|swagger)["']?\s*:/.test(text)) continue;
    try {
      const doc = parseSpecDocument({ text, filename: name });
      if (typeof doc.openapi === "string" || typeof doc.swagger === "string") roots.push(name);
    } catch {
      // Not a document; if a root refers to it, the bundler says why.
    }
  }
  const top = roots.filter((r) => !r.includes("/"));
  if (roots.length === 1) return roots[0]!;
  if (top.length === 1) return top[0]!;
  if (!roots.length) throw refuse("The bundle has no OpenAPI document", [{ message: "one file must have an openapi (or swagger) field: the root" }]);
  throw refuse("The bundle has more than one OpenAPI document", [{ message: `put exactly one root at the top of the bundle (found ${roots.slice(0, 5).join(", ")})` }]);
}

/** `root` names the root file; without it, the one OpenAPI document of the bundle is. */
export async function bundleSpecFiles({ files, root: named }: { files: Map<string, string>; root?: string }): Promise<{ document: Record<string, unknown>; root: string }> {
  const root = named ?? findRoot(files);
  // The reference parser wraps what its plug-ins throw: keep our own refusal to throw it as it is.
  let refusal: PorticoError | undefined;
  const fileOf = (url: string): string => {
    const name = decodeURIComponent(url.replace(/^file:\/\//, ""));
    if (!name.startsWith(BASE) || !files.has(name.slice(BASE.length))) {
      refusal ??= refuse("The spec refers to a file outside the bundle", [
        { message: `"${name.startsWith(BASE) ? name.slice(BASE.length) : url}" is not a file of the bundle: references resolve only to the bundle's own files` },
      ]);
      throw refusal;
    }
    return name.slice(BASE.length);
  };
  const options = {
    resolve: {
      external: true,
      file: false,
      http: false,
      bundle: { order: 1, canRead: true, read: (file: { url: string }) => files.get(fileOf(file.url))! },
    },
    parse: {
      json: false,
      yaml: false,
      text: false,
      binary: false,
      bundle: {
        order: 1,
        canParse: true,
        parse: (file: { url: string; data: string | Buffer }) => {
          try {
            return parseSpecDocument({ text: String(file.data), filename: fileOf(file.url) });
          } catch (error) {
            if (error instanceof PorticoError) refusal ??= new PorticoError(error.code, `${fileOf(file.url)}: ${error.message}`, { violations: error.violations });
            throw error;
          }
        },
      },
    },
  };
  try {
    const document = (await new SwaggerParser().bundle(BASE + root, options as never)) as unknown as Record<string, unknown>;
    return { document, root };
  } catch (error) {
    if (refusal) throw refusal;
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0]!.replaceAll(BASE, "");
    throw refuse("The bundle's references do not resolve", [{ message }]);
  }
}
