import { useMemo, useState } from 'react';
import { getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState } from '@tanstack/react-table';
import type { Cell } from '../logic/figures';
import { tableToCsv } from '../logic/csv';
import { ariaSortOf, sortKeyOf } from '../logic/sorting';

type Row = readonly (Cell | string)[];

interface Props {
  readonly caption: string;
  readonly head: readonly string[];
  readonly rows: readonly Row[];
  /** File name for the CSV download; none when omitted. */
  readonly csvName?: string;
  /** Columns (by index) holding figures: right-aligned as GOV.UK tables do. */
  readonly numeric?: readonly number[];
  readonly id?: string;
}

export function CellView({ cell }: { cell: Cell | string }) {
  if (typeof cell === 'string') return <>{cell}</>;
  if (cell.suppressed) {
    return (
      <span className="app-suppressed" tabIndex={0} title={cell.reason} aria-label={`suppressed. ${cell.reason}`} data-suppressed="true">
        suppressed
      </span>
    );
  }
  if (cell.href !== undefined) {
    return (
      <a className="govuk-link" href={cell.href}>
        {cell.text}
      </a>
    );
  }
  return <>{cell.text}</>;
}

/**
 * A GOV.UK table with a caption; the CSV holds exactly the cells shown, in the order shown. Each
 * column sorts from its header button (the sortable table pattern of the GOV.UK community: one
 * button per header, `aria-sort` on the sorted column); figures sort by their number, withheld
 * ones last, and the rows keep their own order until a header is chosen.
 */
export function DataTable({ caption, head, rows, csvName, numeric = [], id }: Props) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const columns = useMemo<ColumnDef<Row>[]>(
    () =>
      head.map((_, i) => ({
        id: String(i),
        accessorFn: (row: Row) => sortKeyOf(row[i], numeric.includes(i)),
        sortingFn: numeric.includes(i) ? 'basic' : 'alphanumeric',
        sortUndefined: 'last',
        // Figures are most often wanted largest first.
        sortDescFirst: numeric.includes(i),
      })),
    [head.join('\u0000'), numeric.join(',')],
  );
  const table = useReactTable<Row>({
    data: rows as Row[],
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    enableSortingRemoval: false,
  });
  const shown = table.getRowModel().rows;
  const download = () => {
    const blob = new Blob(
      [
        tableToCsv(
          head,
          shown.map((r) => r.original),
        ),
      ],
      { type: 'text/csv;charset=utf-8' },
    );
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = csvName as string;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div>
      <table className="govuk-table" id={id}>
        <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {table.getFlatHeaders().map((header, i) => {
              const sorted = header.column.getIsSorted();
              return (
                <th
                  key={header.id}
                  scope="col"
                  aria-sort={ariaSortOf(sorted)}
                  className={`govuk-table__header${numeric.includes(i) ? ' govuk-table__header--numeric' : ''}`}
                >
                  <button type="button" className="app-sort-button" onClick={header.column.getToggleSortingHandler()}>
                    {head[i]}
                    <span className="app-sort-button__arrow" aria-hidden="true">
                      {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ' ⇅'}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {shown.map((row) => (
            <tr key={row.id} className="govuk-table__row">
              {row.original.map((c, ci) =>
                ci === 0 ? (
                  <th key={ci} scope="row" className="govuk-table__header">
                    <CellView cell={c} />
                  </th>
                ) : (
                  <td key={ci} className={`govuk-table__cell${numeric.includes(ci) ? ' govuk-table__cell--numeric' : ''}`}>
                    <CellView cell={c} />
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {csvName !== undefined && (
        <button type="button" className="govuk-button govuk-button--secondary" onClick={download}>
          Download CSV<span className="govuk-visually-hidden"> of {caption}</span>
        </button>
      )}
    </div>
  );
}
