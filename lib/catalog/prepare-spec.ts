// Everything publishing decides before it writes, worked out in the analysis
// thread (analyse-upload.ts): shared by publishSpec and previewSpec, so the
// review screen shows exactly what a publish would store. Writes nothing.
import type { SpecFiles, UploadAnalysis } from "./analyse-upload";
import { runAnalysis } from "./run-analysis";

export type PreparedSpec = UploadAnalysis;

export function prepareSpec(options: { unverifiedSpec: string | Uint8Array | SpecFiles; filename?: string; unverifiedOverlay?: string; lint?: boolean }): Promise<PreparedSpec> {
  const { unverifiedSpec, filename, unverifiedOverlay } = options;
  const extra = { ...(unverifiedOverlay === undefined ? {} : { overlay: unverifiedOverlay }), ...(options.lint === false ? { lint: false } : {}) };
  return runAnalysis(
    "analyse-upload",
    typeof unverifiedSpec === "string" ? { text: unverifiedSpec, filename, ...extra } : unverifiedSpec instanceof Uint8Array ? { zip: unverifiedSpec, ...extra } : { bundle: unverifiedSpec, ...extra },
  );
}
