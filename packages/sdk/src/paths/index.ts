export { PathTable } from './path-table.js';
