/**
 * - recorder: records what happened (issues commands);
 * - designer: replays journeys and runs scenarios;
 * - analyst: aggregate measures only, small counts suppressed;
 * - auditor: full history and the access log, read-only;
 * - admin: tenants, team maps and keys.
 */
export const ROLES = ['recorder', 'designer', 'analyst', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
