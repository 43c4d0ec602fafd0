// The analysis thread gives what the same analysis gives in-process, and its
// refusals arrive as the PorticoErrors they were (code, message, violations).
import { describe, expect, it } from "vitest";
import { PorticoError } from "@/lib/errors";
import { analyseUpload } from "./analyse-upload";
import { generateSpec } from "./generate-spec";
import { runAnalysis } from "./run-analysis";

describe("runAnalysis", () => {
  it("analyses an upload in the thread exactly as in-process", async () => {
    const text = JSON.stringify(generateSpec({ operations: 12 }));
    const [threaded, inline] = await Promise.all([runAnalysis("analyse-upload", { text, filename: "spec.json" }), analyseUpload({ text, filename: "spec.json" })]);
    expect(threaded).toEqual(inline);
    expect(JSON.parse(threaded.resolvedJson)).not.toHaveProperty("components.schemas.Item0.$ref");
  });

  it("refuses with the thread's PorticoError: code, message and pointers", async () => {
    const spec = generateSpec({ operations: 2 }) as { paths: Record<string, Record<string, { "x-portico-sandbox"?: unknown }>> };
    const [path, item] = Object.entries(spec.paths)[0]!;
    // A sandbox binding that does not decode breaks one of Portico's own rules.
    Object.values(item)[0]!["x-portico-sandbox"] = { resource: "no-such-resource" };
    const error = await runAnalysis("analyse-upload", { text: JSON.stringify(spec) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PorticoError);
    expect(error).toMatchObject({ code: "validation_failed", status: 422, message: "The spec breaks Portico's publishing rules" });
    expect((error as PorticoError).violations).toContainEqual(expect.objectContaining({ pointer: expect.stringContaining(path.replace(/~/g, "~0").replace(/\//g, "~1")) }));
  });

  it("refuses a task past its time limit, replaces the thread, and asks the jobs queued behind it to send again", async () => {
    const text = JSON.stringify(generateSpec({ operations: 400 }));
    const [slow, queued] = await Promise.all([
      runAnalysis("analyse-upload", { text }, { timeLimitMs: 1 }).catch((e: unknown) => e),
      runAnalysis("analyse-upload", { text }).catch((e: unknown) => e),
    ]);
    expect(slow).toMatchObject({ code: "validation_failed", status: 422, message: "The spec took more than 1 ms to analyse; Portico does not accept it" });
    expect(queued).toMatchObject({ code: "unavailable", status: 503, headers: { "retry-after": "1" } });
    // A new thread answers the next job.
    expect((await runAnalysis("analyse-upload", { text })).spec.operations).toHaveLength(400);
  });

  it("answers jobs sent together, each with its own result", async () => {
    const texts = [1, 2, 3].map((n) => JSON.stringify(generateSpec({ operations: n, slug: `together-${n}` })));
    const results = await Promise.all([...texts.map((text) => runAnalysis("analyse-upload", { text })), runAnalysis("analyse-upload", { text: "not: [valid" }).catch((e: unknown) => e)]);
    expect(results.slice(0, 3).map((r) => (r as { spec: { slug: string; operations: unknown[] } }).spec)).toEqual([1, 2, 3].map((n) => expect.objectContaining({ slug: `together-${n}`, operations: expect.any(Array) })));
    expect(results[3]).toMatchObject({ code: "validation_failed", message: "The spec is not valid YAML" });
  });
});
