import { Readable } from 'node:stream';
import { stream as excelStream } from 'exceljs';
import { cellText, CellValue } from './annex-a-cells';
import { ANNEX_A_LISTS, AnnexAList, headerKey, listOfHeader, ListSpec, mapHeader } from './annex-a-lists';

export type AnnexAFileErrorCode = 'NotAWorkbook' | 'NotAnnexA' | 'TooLarge';

/** The file as a whole cannot be read as Annex A. The message never quotes the file's bytes. */
export class AnnexAFileError extends Error {
  constructor(
    readonly code: AnnexAFileErrorCode,
    message: string,
    /** The archive was a zip but its reading failed or found nothing: a reading from the start may succeed. */
    readonly readerFailure = false,
  ) {
    super(message);
    this.name = 'AnnexAFileError';
  }
}

export type AnnexAItem =
  | { readonly kind: 'sheet'; readonly list: AnnexAList; readonly sheet: string; readonly headerRow: number; readonly missing: readonly string[] }
  | { readonly kind: 'row'; readonly list: AnnexAList; readonly sheet: string; readonly row: number; readonly cells: Readonly<Record<string, CellValue>> };

/** Rows looked at for a title ("List 3: Referrals") and the header below it. */
const HEADER_SEARCH_ROWS = 6;
const CHILD_HEADERS = new Set(ANNEX_A_LISTS[1].fields.child.map(headerKey));

/** `List_3`, `List 3`, `List3 - referrals`, `L3`… */
function listFromName(text: string): AnnexAList | undefined {
  const m = /^\s*(?:list|l)[\s_-]*(\d{1,2})\b/i.exec(text);
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= 8 ? (n as AnnexAList) : undefined;
}

const rowTexts = (values: unknown): string[] => {
  const v = Array.isArray(values) ? values : [];
  const out: string[] = [];
  for (let i = 1; i < v.length; i++) out[i - 1] = cellText(v[i]);
  return out;
};

const NOT_A_WORKBOOK = 'the file is not an Excel workbook (.xlsx) that can be read: save the Annex A lists as an .xlsx workbook';

/**
 * The input, once its first bytes show a zip archive (every .xlsx is one). Anything else (a CSV or
 * HTML page renamed .xlsx, an old binary .xls, an empty file) is refused before the workbook
 * reader sees it: it would fail on it in ways that are hard to report, or wait for ever on an empty one.
 */
async function zipOnly(input: Readable): Promise<Readable> {
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  let head = Buffer.alloc(0);
  const taken: Buffer[] = [];
  while (head.length < 4) {
    const next = await chunks.next();
    if (next.done) break;
    const b = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    taken.push(b);
    head = Buffer.concat([head, b]);
  }
  if (head.length < 4 || head.readUInt32LE(0) !== 0x04034b50) {
    input.destroy();
    throw new AnnexAFileError('NotAWorkbook', head.length === 0 ? 'the file is empty' : NOT_A_WORKBOOK);
  }
  return Readable.from(
    (async function* () {
      yield* taken;
      for (let n = await chunks.next(); !n.done; n = await chunks.next()) yield n.value;
    })(),
  );
}

export interface ReadAnnexAOptions {
  /** Rows read across the workbook before it is refused as too large. */
  readonly maxRows?: number;
}

/**
 * Streams an Annex A workbook sheet by sheet with exceljs's streaming reader (the workbook is never
 * loaded whole). A sheet is a list when its name says so (`List_3`, `List 3`), in the older
 * layout when a title row above the header does (`List 3: Referral`), else when its header holds
 * a list's columns; the header is the row that starts with "Child Unique ID". Other sheets (front sheet, guidance, code lists, Lists 9–11) are
 * skipped. A file that is not a workbook, or a workbook with no list, is an `AnnexAFileError`.
 */
export async function* readAnnexA(input: Readable, options: ReadAnnexAOptions = {}): AsyncGenerator<AnnexAItem> {
  const maxRows = options.maxRows ?? 2_000_000;
  const reader = new excelStream.xlsx.WorkbookReader(await zipOnly(input), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  // exceljs reads sheet names from workbook.xml; when a writer puts that entry after the sheets,
  // the names are not known yet (and exceljs would fail without a model): the lists are then
  // recognised by their title row or their header (and dates use the 1900 date system).
  const early = reader as unknown as { model?: object; properties?: object };
  early.model ??= { sheets: [] };
  early.properties ??= {};
  let lists = 0;
  let rows = 0;
  const seen = new Set<AnnexAList>();
  try {
    for await (const sheet of reader as AsyncIterable<AsyncIterable<{ number: number; values: unknown }> & { name?: string }>) {
      const name = String(sheet.name ?? '');
      let list = listFromName(name);
      let spec: ListSpec | undefined;
      let columns: Map<number, string> | undefined;
      let skip = false;
      for await (const row of sheet) {
        if (++rows > maxRows) throw new AnnexAFileError('TooLarge', `the workbook has more than ${maxRows} rows: split it, or import the lists as CSV`);
        if (skip) continue;
        if (columns === undefined) {
          const texts = rowTexts(row.values);
          const first = texts.find((t) => t !== '') ?? '';
          if (CHILD_HEADERS.has(headerKey(first))) {
            list ??= listOfHeader(texts);
            if (list === undefined || seen.has(list)) {
              skip = true;
              continue;
            }
            spec = ANNEX_A_LISTS[list];
            const mapped = mapHeader(spec, texts);
            seen.add(list);
            lists += 1;
            yield { kind: 'sheet', list, sheet: name, headerRow: row.number, missing: mapped.missing };
            if (mapped.missing.length > 0) skip = true;
            else columns = mapped.columns;
          } else if (row.number <= HEADER_SEARCH_ROWS) {
            // The older layout puts the list's title above the header.
            list ??= listFromName(first);
          } else skip = true;
          continue;
        }
        const v = Array.isArray(row.values) ? row.values : [];
        const cells: Record<string, CellValue> = {};
        let any = false;
        for (const [i, field] of columns) {
          const c = v[i + 1];
          if (c !== null && c !== undefined && cellText(c) !== '') any = true;
          cells[field] = c;
        }
        if (any) yield { kind: 'row', list: spec!.list, sheet: name, row: row.number, cells };
      }
    }
  } catch (e) {
    if (e instanceof AnnexAFileError) throw e;
    // exceljs and its unzip library fail in many ways on a file that is not a workbook; their
    // messages may quote the file's bytes, so none of them is passed on.
    throw new AnnexAFileError('NotAWorkbook', NOT_A_WORKBOOK, true);
  }
  if (lists === 0) {
    // Also worth a second reading: the streaming unzip has been seen to end early, without an error, on a sound workbook.
    throw new AnnexAFileError(
      'NotAnnexA',
      'the workbook holds no Annex A list: none of its sheets is named or titled "List 1" … "List 8" with a "Child Unique ID" header',
      true,
    );
  }
}

/**
 * Whether a file is an Annex A workbook, read only as far as its first list's header: what an
 * upload checks before it is accepted. Read again (up to five times) when the streaming unzip
 * stops early, as it now and then does on a sound file.
 */
export async function probeAnnexA(open: () => Readable): Promise<{ ok: true } | { ok: false; code: AnnexAFileErrorCode; message: string }> {
  let verdict: { ok: false; code: AnnexAFileErrorCode; message: string } | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const input = open();
    const items = readAnnexA(input);
    try {
      await items.next();
      return { ok: true };
    } catch (e) {
      if (!(e instanceof AnnexAFileError)) throw e;
      verdict = { ok: false, code: e.code, message: e.message };
      if (!e.readerFailure) break;
    } finally {
      input.destroy();
      await items.return(undefined).catch(() => undefined);
    }
  }
  return verdict!;
}
