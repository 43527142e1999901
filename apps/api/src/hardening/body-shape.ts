import type { Request, Response } from 'express';
/**
 * Request bodies deeper than this are refused before validation: the DTOs are at most three
 * levels deep, and the validation and transformation libraries recurse, so a body of thousands of
 * nested arrays (well under the size limit) would otherwise exhaust the stack and answer 500.
 */
export const MAX_BODY_DEPTH = 16;

/** The nesting depth of a parsed JSON value, found without recursion (it must not overflow either). */
export function exceedsDepth(value: unknown, max = MAX_BODY_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(v as object)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

export function bodyDepthGuard(req: Request, res: Response, next: () => void): void {
  if (req.body !== undefined && exceedsDepth(req.body)) {
    res.status(400).json({ statusCode: 400, error: 'Bad Request', message: `the body is nested more than ${MAX_BODY_DEPTH} levels deep` });
    return;
  }
  next();
}

/** Keys that reach an object's prototype in some library or other: never a field of ours. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** NUL (PostgreSQL cannot store it, SQLite can: the stores would disagree) and unpaired UTF-16 surrogates (not text). */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * The first field of a parsed body (or query) that no store can take the same way: a key that
 * names a prototype, or text with a NUL or a lone surrogate. Walked without recursion.
 */
export function findUnsafeField(value: unknown): FieldProblem | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop() as [unknown, string];
    const field = path || '(body)';
    if (typeof v === 'string') {
      if (UNSTORABLE_TEXT.test(v)) return { field, message: `${field} must be text without NUL characters or unpaired surrogates` };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    for (const key of Object.keys(v as object)) {
      const child = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) return { field: child, message: `${key} is not a field of any request` };
      if (UNSTORABLE_TEXT.test(key)) return { field: child, message: 'field names must be text without NUL characters or unpaired surrogates' };
      stack.push([(v as Record<string, unknown>)[key], child]);
    }
  }
  return undefined;
}

export function unsafeFieldGuard(req: Request, res: Response, next: () => void): void {
  const problem = findUnsafeField(req.body) ?? findUnsafeField(req.query);
  if (problem !== undefined) {
    res
      .status(400)
      .json({ statusCode: 400, error: 'Bad Request', message: 'the request is invalid', errors: [{ field: problem.field, messages: [problem.message] }] });
    return;
  }
  next();
}
