/**
 * What may be logged about an error: its class and its code (PostgreSQL's SQLSTATE, SQLite's
 * result code, Node's `ERR_…`, a rule code), never its message, which can quote the values of
 * the request (a name in a constraint violation, a row in a parse error).
 */
export interface ErrorDescription {
  readonly errorClass: string;
  readonly code?: string;
}

export function describeError(e: unknown): ErrorDescription {
  if (e === null || typeof e !== 'object') return { errorClass: typeof e };
  const err = e as { name?: unknown; code?: unknown; constructor?: { name?: unknown } };
  const ctorName = typeof err.constructor?.name === 'string' ? err.constructor.name : undefined;
  const errorClass = ctorName && ctorName !== 'Object' ? ctorName : typeof err.name === 'string' ? err.name : 'Object';
  const code = typeof err.code === 'string' || typeof err.code === 'number' ? String(err.code) : undefined;
  return code === undefined ? { errorClass } : { errorClass, code };
}
