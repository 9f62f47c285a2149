/** The PostgreSQL store: `createPostgresStorage(url, options)` opens (and migrates) a database. */
export { createPostgresStorage } from './storage.js';
