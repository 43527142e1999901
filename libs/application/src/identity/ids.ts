import { v5 as uuidv5 } from 'uuid';

/** Namespace for ids the ledger derives (RFC 4122 name-based): the same input always gives the same id. */
const LEDGER_NAMESPACE = '6f1c1f63-1d0a-4d4e-9a4b-6a1b5d0e7c21';

/**
 * Event ids are derived from the command that caused them, so a retried command can never
 * write its events twice: the store refuses a second copy of an event id.
 */
export function eventIdFor(tenantId: string, commandId: string, index: number): string {
  return uuidv5(`${tenantId}/${commandId}/${index}`, LEDGER_NAMESPACE);
}

/** A journey started without a client-chosen id takes one derived from its first command. */
export function journeyIdFor(tenantId: string, commandId: string): string {
  return uuidv5(`${tenantId}/journey/${commandId}`, LEDGER_NAMESPACE);
}
