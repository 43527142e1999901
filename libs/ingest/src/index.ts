export * from './bulk/bulk-writer';
