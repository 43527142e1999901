import type { Cell } from '../logic/figures';
import { tableToCsv } from '../logic/csv';

interface Props {
  readonly caption: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly (Cell | string)[])[];
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
  return <>{cell.text}</>;
}

/** A GOV.UK table with a caption; the CSV holds exactly the cells shown. */
export function DataTable({ caption, head, rows, csvName, numeric = [], id }: Props) {
  const download = () => {
    const blob = new Blob([tableToCsv(head, rows)], { type: 'text/csv;charset=utf-8' });
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
            {head.map((h, i) => (
              <th key={h} scope="col" className={`govuk-table__header${numeric.includes(i) ? ' govuk-table__header--numeric' : ''}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((r, ri) => (
            <tr key={ri} className="govuk-table__row">
              {r.map((c, ci) =>
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
