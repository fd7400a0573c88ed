/** Public entry point of the users module (see docs/architecture.md, "Module boundaries"). */
export { findUserByUsername, findUserProfile, listMembershipsOfUser, listUsers, type UserMembership } from './users.repository';
export { userRoutes } from './users.routes';
export { addMember, listMembers, verifyUserPassword } from './users.service';
export { acceptAccountInvitations } from './users.invitations.service';
export { memberPolicy } from './users.policy';
