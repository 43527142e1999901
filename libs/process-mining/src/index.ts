export * from './journey-log/journey-log';
export * from './journey-log/pseudonym';
export * from './xes-export/xes-writer';
export * from './ocel-export/ocel-writer';
export * from './xes-import/xes-reader';
export * from './xes-import/import-mapping';
export * from './xes-import/import-xes';
export * from './handover-measures/handover-measures';
