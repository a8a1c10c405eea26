export { yaml } from './load-yaml.js';
