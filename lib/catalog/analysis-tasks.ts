// The work the analysis thread does, by name: each task takes structured-
// cloneable input and returns a structured-cloneable result, and throws a
// PorticoError for input it refuses. runAnalysis (run-analysis.ts) calls them
// by name from any thread; analysis-thread.ts runs them off the event loop.
import { analyseUpload } from "./analyse-upload";
import { diffVersions } from "./diff-versions";
import { lintSpec } from "./lint-spec";

/** The changelog between two versions' dereferenced documents, given as stored JSON text. */
async function diffVersionTexts(input: { olderVersion: string; olderResolvedJson: string; newerResolvedJson: string }) {
  return diffVersions({ version: input.olderVersion, document: JSON.parse(input.olderResolvedJson) as Record<string, unknown> }, { document: JSON.parse(input.newerResolvedJson) as Record<string, unknown> });
}

/** The scorecard of a stored document, given as its JSON text (ApiVersion.specSource). */
async function lintSpecText(input: { sourceJson: string }) {
  return lintSpec(JSON.parse(input.sourceJson) as Record<string, unknown>);
}

export const ANALYSIS_TASKS = {
  "analyse-upload": analyseUpload,
  "diff-versions": diffVersionTexts,
  "lint-spec": lintSpecText,
} as const;

export type AnalysisTask = keyof typeof ANALYSIS_TASKS;
export type AnalysisInput<T extends AnalysisTask> = Parameters<(typeof ANALYSIS_TASKS)[T]>[0];
export type AnalysisResult<T extends AnalysisTask> = Awaited<ReturnType<(typeof ANALYSIS_TASKS)[T]>>;

/** A task's outcome as it crosses between threads: errors as plain data, since classes do not survive structured cloning. */
export type AnalysisReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code?: string; message: string; violations?: unknown; headers?: Record<string, string> } };
export type AnalysisRequest = { id: number; task: AnalysisTask; input: unknown };
