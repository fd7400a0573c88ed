/** Public entry point of the users module (see docs/architecture.md, "Module boundaries"). */
export { findUserByUsername, listMembershipsOfUser, type UserMembership } from './users.repository';
export { userRoutes } from './users.routes';
