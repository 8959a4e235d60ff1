// The table beside a chart: the same figures in a collapsible, scrollable table (for keyboard and screen-reader
// use, and for reading exact values). The first cell of each row is its header.
import type { ReactNode } from "react";

export interface TableColumn {
  label: string;
  /** right-aligned number column */
  num?: boolean;
}

export interface TableRow {
  key: string;
  cells: ReactNode[];
}

export function TableDetails({ summary, caption, columns, rows, testId }: {
  summary: string;
  caption: string;
  columns: TableColumn[];
  rows: TableRow[];
  testId?: string;
}) {
  const cls = (i: number) => (columns[i]?.num ? "num" : undefined);
  return (
    <details>
      <summary>{summary}</summary>
      <div className="table-scroll small" tabIndex={0}>
        <table className="data" data-testid={testId}>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c, i) => (
                <th key={c.label} scope="col" className={cls(i)}>{c.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.cells[0]}</th>
                {r.cells.slice(1).map((c, i) => (
                  <td key={i} className={cls(i + 1)}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
