// Everything publishing decides before it writes, worked out in the analysis
// thread (analyse-upload.ts): shared by publishSpec and previewSpec, so the
// review screen shows exactly what a publish would store. Writes nothing.
import type { SpecFiles, UploadAnalysis } from "./analyse-upload";
import { runAnalysis } from "./run-analysis";

export type PreparedSpec = UploadAnalysis;

export function prepareSpec(options: { unverifiedSpec: string | Uint8Array | SpecFiles; filename?: string; unverifiedOverlay?: string }): Promise<PreparedSpec> {
  const { unverifiedSpec, filename, unverifiedOverlay } = options;
  const overlay = unverifiedOverlay === undefined ? {} : { overlay: unverifiedOverlay };
  return runAnalysis(
    "analyse-upload",
    typeof unverifiedSpec === "string" ? { text: unverifiedSpec, filename, ...overlay } : unverifiedSpec instanceof Uint8Array ? { zip: unverifiedSpec, ...overlay } : { bundle: unverifiedSpec, ...overlay },
  );
}
