/**
 * Long lists a page at a time, with GOV.UK pagination (govukPagination's parameters). The page
 * number comes from `?page=`; anything else, or a page past the end, gives the nearest real page.
 */
export const PAGE_SIZE = 50;

const whole = new Intl.NumberFormat('en-GB');

export interface Paged<T> {
  items: T[];
  /** Parameters for govukPagination; undefined when everything fits on one page. */
  pagination:
    { previous?: { href: string }; next?: { href: string }; items: ({ number: number; href: string; current?: boolean } | { ellipsis: true })[] } | undefined;
  /** "Showing 51 to 100 of 130", "Showing 1,151 to 1,200 of 1,201". */
  showing: string;
}

export function paged<T>(all: readonly T[], page: unknown, href: (page: number) => string, size = PAGE_SIZE): Paged<T> {
  const pages = Math.max(1, Math.ceil(all.length / size));
  const asked = typeof page === 'string' && /^\d{1,6}$/.test(page) ? Number(page) : 1;
  const current = Math.min(Math.max(asked, 1), pages);
  const items = all.slice((current - 1) * size, current * size);
  const showing =
    all.length === 0
      ? 'None'
      : `Showing ${whole.format((current - 1) * size + 1)} to ${whole.format((current - 1) * size + items.length)} of ${whole.format(all.length)}`;
  if (pages === 1) return { items, pagination: undefined, showing };
  // First, last, and the pages either side of the current one; an ellipsis for each gap.
  const shown = [...new Set([1, current - 1, current, current + 1, pages])].filter((number) => number >= 1 && number <= pages).sort((a, b) => a - b);
  const links: NonNullable<Paged<T>['pagination']>['items'] = [];
  shown.forEach((number, index) => {
    if (index > 0 && number - shown[index - 1]! > 1) links.push({ ellipsis: true });
    links.push({ number, href: href(number), ...(number === current ? { current: true } : {}) });
  });
  return {
    items,
    showing,
    pagination: {
      ...(current > 1 ? { previous: { href: href(current - 1) } } : {}),
      ...(current < pages ? { next: { href: href(current + 1) } } : {}),
      items: links,
    },
  };
}

/** The URL of `path` with its query, `page` set to the given number. */
export function pageHref(path: string, query: Record<string, unknown>, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (key !== 'page' && typeof value === 'string' && value !== '') params.set(key, value);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
