/**
 * True while the user has text selected on the page: a click that ends a selection (to copy part of
 * a row) must not also open or close the row.
 */
export function isSelectingText(): boolean {
  return typeof window !== "undefined" && (window.getSelection()?.toString() ?? "") !== "";
}
