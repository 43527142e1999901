export * from './bulk/bulk-writer';
export * from './csv/dates';
export * from './csv/lists';
export * from './csv/records';
export * from './csv/import-csv';
