export { STORE_KINDS } from '@journey-ledger/testing';
export type { StoreFixture } from '@journey-ledger/testing';
