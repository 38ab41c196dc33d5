export * from './types';
export * from './install';
export * from './errors';
export * from './api';
export * from './events';
export * from './validate';
export * from './bridge';
export * from './connection-uri';
