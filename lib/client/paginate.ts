// Client-side pagination of an in-memory list.

export interface PageSlice<T> {
  items: T[];
  /** 1-based page actually shown (clamped into range). */
  page: number;
  pageCount: number;
  total: number;
  /** 1-based index of the first and last item shown; 0 and 0 when empty. */
  first: number;
  last: number;
}

export function paginate<T>(items: readonly T[], page: number, pageSize: number): PageSlice<T> {
  const size = Math.max(1, Math.floor(pageSize));
  const total = items.length;
  const pageCount = Math.max(1, Math.ceil(total / size));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const start = (current - 1) * size;
  const slice = items.slice(start, start + size);
  return {
    items: slice,
    page: current,
    pageCount,
    total,
    first: total === 0 ? 0 : start + 1,
    last: start + slice.length,
  };
}
