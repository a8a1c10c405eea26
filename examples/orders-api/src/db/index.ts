export { MIGRATIONS, migrate } from './migrations.js';
export { seed } from './seed.js';
