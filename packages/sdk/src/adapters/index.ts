export { sightlineExpress, sightlineExpressErrors } from './express.js';
export { sightlineFastify } from './fastify.js';
export { type NodeHandler, sightlineHandler } from './node.js';
