import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { DraftDecision } from "@/components/catalog/admin/draft-decision";
import { or404, requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { getSpecDraft } from "@/lib/catalog/get-spec-draft";

export const metadata = { title: "Draft spec" };
export const dynamic = "force-dynamic";

const SOURCE_LABEL = { admin_upload: "an admin's upload", management: "the management endpoint (CI)", cli: "npm run catalog:import" } as const;

export default async function SpecDraftPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("admin");
  const { id } = await params;
  const draft = await or404(getSpecDraft({ actor: actorOf(user), id }));
  return (
    <>
      <PageHeader title={`Draft: ${draft.name} ${draft.version}`} description="An import that needs decisions it did not give. Nothing of it is published or visible to developers until you decide and publish it." />
      <div className="space-y-6">
        <Card>
          <dl className="grid gap-3 text-sm sm:grid-cols-2">
            <div><dt className="text-slate-500">API</dt><dd className="font-mono">{draft.slug} {draft.version}</dd></div>
            <div><dt className="text-slate-500">Came from</dt><dd>{SOURCE_LABEL[draft.source]}</dd></div>
            <div><dt className="text-slate-500">Sent by</dt><dd className="break-all">{draft.savedBy}</dd></div>
            <div><dt className="text-slate-500">Saved</dt><dd>{draft.updatedAt.toISOString().replace("T", " ").slice(0, 16)} UTC{draft.updatedAt.getTime() !== draft.createdAt.getTime() ? " (replaced by a later import)" : ""}</dd></div>
          </dl>
          {draft.overlay ? (
            <details className="mt-3 text-sm">
              <summary className="cursor-pointer text-slate-700">The overlay it came with</summary>
              <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-2 text-xs">{draft.overlay}</pre>
            </details>
          ) : null}
          <details className="mt-3 text-sm">
            <summary className="cursor-pointer text-slate-700">The overlay that accepts the proposals (for the bank&apos;s repository)</summary>
            <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-2 text-xs">{draft.proposedOverlay}</pre>
          </details>
        </Card>
        <DraftDecision id={draft.id} preview={draft.review} />
        <p className="text-sm"><Link className="text-brand-700 underline" href="/admin/catalog">Back to the catalogue</Link></p>
      </div>
    </>
  );
}
