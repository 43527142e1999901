// Characters XML 1.0 cannot carry at all (C0 controls but tab, newline, carriage return; lone surrogates; U+FFFE/F).
// eslint-disable-next-line no-control-regex -- removing the controls XML cannot carry is the point
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SPECIAL = /[&<>"]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
// Ids, codes and timestamps make up nearly every value exported: one test lets them through untouched.
// eslint-disable-next-line no-control-regex -- the same controls as above
const NEEDS_WORK = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF&<>"]/;

/** A value safe inside a double-quoted XML attribute. */
export function xmlAttribute(value: string): string {
  if (!NEEDS_WORK.test(value)) return value;
  return value.replace(INVALID, '\uFFFD').replace(SPECIAL, (c) => ENTITY[c]);
}
