/** Injection tokens for the ledger's infrastructure (interfaces have no runtime class to inject by). */
export const EVENT_STORE = Symbol('EventStore');
export const SQL_DATABASE = Symbol('SqlDatabase');
export const LEDGER_OPTIONS = Symbol('LedgerOptions');
