/**
 * CSV formula injection (OWASP "CSV Injection"): a spreadsheet opening a CSV runs any cell that
 * starts with `=`, `+`, `-` or `@` as a formula, and a leading tab or carriage return can hide
 * one. Every text cell we write that starts with one of them is prefixed with a single quote,
 * which the spreadsheet shows as text and does not run.
 *
 * Numbers are written as numbers and never prefixed: a JavaScript number cannot hold a formula,
 * and a negative figure must stay a figure an analyst can sum. So the rule is by type, not by
 * content: cells that are numbers in the report are numeric columns; everything else is text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** csv-stringify's `cast` for a writer whose numbers stay numbers and whose text is safe to open. */
export const SAFE_CSV_CAST = {
  string: (value: string) => neutraliseFormula(value),
  number: (value: number) => String(value),
  boolean: (value: boolean) => String(value),
} as const;
