import type { Metadata } from "next";
import { ApiVersionView } from "@/components/catalog/api-version-view";
import { requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { sandboxBaseUrl } from "@/lib/catalog/docs-spec";
import { loadVersionOr404 } from "../load-version";

export const dynamic = "force-dynamic";
// Titles would leak names to anyone who could render the page; only signed-in viewers get here.
export const metadata: Metadata = { title: "API" };

/** The API with its default version: newest not retired. */
export default async function ApiPage({ params }: { params: Promise<{ slug: string }> }) {
  const user = await requirePageUser();
  const { slug } = await params;
  const detail = await loadVersionOr404(actorOf(user), slug);
  return <ApiVersionView detail={detail} sandboxUrl={sandboxBaseUrl(detail.api.slug, detail.version.version)} />;
}
