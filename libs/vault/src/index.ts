export * from './envelope';
export * from './personal-data-vault';
