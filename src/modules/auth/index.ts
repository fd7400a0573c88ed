/** Public entry point of the auth module (see docs/architecture.md, "Module boundaries"). */
export { rowToActor, type ActorRow } from './auth.repository';
export { authRoutes } from './auth.routes';
