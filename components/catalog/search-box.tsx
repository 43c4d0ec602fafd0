// A plain GET form: works without JavaScript and gives shareable URLs.
export function SearchBox({ defaultValue = "", autoFocus = false }: { defaultValue?: string; autoFocus?: boolean }) {
  return (
    <form action="/apis/search" method="get" role="search" className="flex w-full max-w-2xl gap-2">
      <label htmlFor="catalog-search" className="sr-only">Search APIs, operations and fields</label>
      <input
        id="catalog-search"
        name="q"
        type="search"
        defaultValue={defaultValue}
        autoFocus={autoFocus}
        maxLength={200}
        placeholder="Search APIs, operations, paths or field names — e.g. creditorIban"
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-500 focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600"
      />
      <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-800">Search</button>
    </form>
  );
}
