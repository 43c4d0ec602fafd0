import { json, withUser } from "@/lib/auth/route-handler";
import { searchCatalog } from "@/lib/catalog/search-catalog";

export const dynamic = "force-dynamic";

export const GET = withUser("any", async ({ actor, request }) => json(await searchCatalog({ actor, unverifiedQuery: new URL(request.url).searchParams.get("q") })));
