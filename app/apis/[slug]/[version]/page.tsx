import type { Metadata } from "next";
import { ApiVersionView } from "@/components/catalog/api-version-view";
import { requirePageUser } from "@/lib/auth/current-user";
import { actorOf } from "@/lib/authz/load-session-user";
import { sandboxBaseUrl } from "@/lib/catalog/docs-spec";
import { loadVersionOr404 } from "../../load-version";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API version" };

export default async function ApiVersionPage({ params }: { params: Promise<{ slug: string; version: string }> }) {
  const user = await requirePageUser();
  const { slug, version } = await params;
  const detail = await loadVersionOr404(actorOf(user), slug, version);
  return <ApiVersionView detail={detail} sandboxUrl={sandboxBaseUrl(detail.api.slug, detail.version.version)} />;
}
