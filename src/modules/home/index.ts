/** Public entry point of the home module (see docs/architecture.md, "Module boundaries"). */
export { homeRoutes } from './home.routes';
export { homeFor } from './home.service';
export { homePolicy } from './home.policy';
