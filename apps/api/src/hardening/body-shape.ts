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

export function bodyDepthGuard(req: any, res: any, next: () => void): void {
  if (req.body !== undefined && exceedsDepth(req.body)) {
    res.status(400).json({ statusCode: 400, error: 'Bad Request', message: `the body is nested more than ${MAX_BODY_DEPTH} levels deep` });
    return;
  }
  next();
}
