/** The PostgreSQL store: `createPostgresStorage(url, options)` opens (and migrates) a database. */
export { createPostgresStorage, redactUrl } from './storage.js';
