export * from './tenants/tenant-registry';
export * from './identity/ids';
export * from './commands/journey-stream';
export * from './commands/journey-command.service';
