"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { listFromSearch, listToSearch, withFilter, type ListSpec, type ListState } from "./list-state";
import { SEARCH_DEBOUNCE_MS } from "./query-config";
import { useDebouncedValue } from "./use-debounced-value";

/**
 * A list's state, held in the URL (lib/client/list-state.ts). The filter box is typed into locally
 * and reaches the URL once it settles, so typing stays responsive and the history is not flooded.
 * Components using this need a Suspense boundary above them (useSearchParams).
 */
export function useListState<S extends string>(spec: ListSpec<S>) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams()?.toString() ?? "";
  const state = useMemo(() => listFromSearch(spec, new URLSearchParams(search)), [spec, search]);
  const setState = (next: ListState<S>) => {
    const query = listToSearch(spec, next, search);
    router.replace(query ? `${pathname}?${query}` : (pathname ?? "/"), { scroll: false });
  };
  const [text, setText] = useState(state.q);
  const settled = useDebouncedValue(text.trim(), SEARCH_DEBOUNCE_MS);
  // The URL's q changed to something the box did not send (Clear filters, back button): show it.
  useEffect(() => {
    if (state.q !== settled) setText(state.q);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reacts to the URL only
  }, [state.q]);
  useEffect(() => {
    if (settled !== state.q) setState(withFilter(state, { q: settled }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a settled filter goes to the URL
  }, [settled]);
  return { state, setState, text, setText };
}
