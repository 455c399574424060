// A small frontend of the Cities Cluster, written against the types generated from
// /api/v2/schema/ (generated/api.d.ts) and type-checked under `tsc --strict` by
// tests/frontend/test_generated_types.py. No hand-written type guards: narrowing comes from the
// top-level `type` the document declares, required fields from the listings of one type.
import type { components, paths } from "../generated/api";

type Schemas = components["schemas"];
type Json<P extends keyof paths> = paths[P]["get"] extends {
  responses: { 200: { content: { "application/json": infer Body } } };
}
  ? Body
  : never;

type PagesListing = Json<"/api/v2/pages/">;
type PageDetail = Json<"/api/v2/pages/{id}/">;
type CitiesListing = Json<"/api/v2/cities/">;
type NewsListing = Json<"/api/v2/news/">;

// A pages item narrows to its page type by comparing `item.type`.
export function describePage(page: PageDetail): string {
  switch (page.type) {
    case "cluster.CityPage":
      return `${page.title} (${page.country}): ${page.summary}; ${page.facts.length} facts`;
    case "cluster.OrganisationPage":
      return `${page.title}: ${page.meta.html_url ?? "no page"}`;
    case "cluster.ClusterPage":
      return `${page.title}: ${page.themes.map((theme) => theme.title).join(", ")}`;
    case "home.HomePage":
      return page.title;
  }
}

export function cityNames(listing: PagesListing): string[] {
  return listing.items.flatMap((item) => (item.type === "cluster.CityPage" ? [item.title] : []));
}

// @ts-expect-error: without narrowing, a pages item has no `country`.
export const unnarrowed = (item: PagesListing["items"][number]) => item.country;

// A listing of one type serves every listing field: each is required, none is `undefined`.
export function cityCards(listing: CitiesListing): { title: string; summary: string; hero: string | null }[] {
  return listing.items.map((city) => ({
    title: city.title,
    summary: city.summary.slice(0, 120),
    hero: city.hero_image?.renditions.card?.url ?? null,
  }));
}

export function cityLanguages(city: Schemas["CityPageListingItem"]): string[] {
  return city.meta.translations.map((version) => `${version.locale}: ${version.html_path}`);
}

export function newsDates(listing: NewsListing): string[] {
  return listing.items.map((news) => `${news.date} ${news.title} (${news.kind})`);
}

export function fallbackNotice(page: PageDetail): string | null {
  return page.meta.is_fallback ? `Shown in ${page.meta.served_locale}` : null;
}
