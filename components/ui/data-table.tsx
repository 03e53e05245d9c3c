"use client";
import { Fragment, type ReactNode } from "react";
import { ariaSortOf, SortableHeader } from "./sortable-header";

export interface Column<T> {
  id: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  align?: "left" | "right" | "center";
  /** Extra cell classes: "mono", "nowrap", "wrap"... */
  className?: string;
  width?: string;
  sortable?: boolean;
  /** Tooltip for the header. */
  title?: string;
}

export interface TableSort {
  id: string;
  direction: "asc" | "desc";
}

export interface DataTableProps<T> {
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  sort?: TableSort;
  onSort?: (columnId: string) => void;
  /** Rows whose key is here show `renderExpanded` beneath them. */
  expanded?: ReadonlySet<string>;
  renderExpanded?: (row: T) => ReactNode;
  onRowClick?: (row: T) => void;
  rowClassName?: (row: T) => string | undefined;
  /** Shown inside the table body when there are no rows. */
  empty?: ReactNode;
  label?: string;
  dense?: boolean;
  /** Fixed layout: columns without a width share what is left, long cells ellipsize instead of widening. */
  fixed?: boolean;
}

/** A plain, dense table: sortable headers and optional expandable rows. Cells are React nodes, never HTML. */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  sort,
  onSort,
  expanded,
  renderExpanded,
  onRowClick,
  rowClassName,
  empty,
  label,
  dense = false,
  fixed = false,
}: DataTableProps<T>) {
  return (
    <div className="table-wrap">
      <table className={["table", dense ? "table-dense" : "", fixed ? "table-fixed" : ""].filter(Boolean).join(" ")} aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => {
              const active = sort?.id === column.id;
              return (
                <th
                  key={column.id}
                  scope="col"
                  style={column.width ? { width: column.width } : undefined}
                  className={`align-${column.align ?? "left"}`}
                  aria-sort={ariaSortOf(active, sort?.direction)}
                  title={column.title}
                >
                  {column.sortable && onSort ? (
                    <SortableHeader active={active} direction={sort?.direction} onSort={() => onSort(column.id)}>
                      {column.header}
                    </SortableHeader>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty ? (
            <tr>
              <td colSpan={columns.length} className="table-empty">
                {empty}
              </td>
            </tr>
          ) : null}
          {rows.map((row) => {
            const key = rowKey(row);
            const isExpanded = expanded?.has(key) ?? false;
            const classes = [onRowClick ? "row-clickable" : "", isExpanded ? "row-expanded" : "", rowClassName?.(row) ?? ""]
              .filter(Boolean)
              .join(" ");
            return (
              <Fragment key={key}>
                <tr
                  className={classes || undefined}
                  onClick={onRowClick ? () => onRowClick(row) : undefined}
                  aria-expanded={renderExpanded ? isExpanded : undefined}
                >
                  {columns.map((column) => (
                    <td key={column.id} className={[`align-${column.align ?? "left"}`, column.className ?? ""].filter(Boolean).join(" ")}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
                {isExpanded && renderExpanded ? (
                  <tr className="row-detail">
                    <td colSpan={columns.length}>{renderExpanded(row)}</td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
