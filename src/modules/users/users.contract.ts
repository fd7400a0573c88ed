import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import { changeRoleBody, invitationParams, invitationView, inviteBody, memberOrganisationParams, memberParams, memberView, myInvitationView, orgInvitationParams } from './users.schema';

const tags = ['users'];

export const listMembers = defineRoute({
  method: 'GET',
  path: '/api/v1/organisations/:id/members',
  summary: 'Members of an organisation',
  tags,
  params: memberOrganisationParams,
  responses: { 200: z.object({ items: z.array(memberView) }) },
});

/**
 * Invites a person by username (and, with a display name and password, creates the account when
 * the username is free). 202 with the same answer whether or not the username exists.
 */
export const inviteMember = defineRoute({
  method: 'POST',
  path: '/api/v1/organisations/:id/members',
  summary: 'Invite a person into the organisation by username (they accept); the answer never tells whether the username exists',
  tags,
  params: memberOrganisationParams,
  body: inviteBody,
  responses: { 202: invitationView },
});

export const listInvitations = defineRoute({
  method: 'GET',
  path: '/api/v1/organisations/:id/invitations',
  summary: 'Open invitations of an organisation (its admins)',
  tags,
  params: memberOrganisationParams,
  responses: { 200: z.object({ items: z.array(invitationView) }) },
});

export const revokeInvitation = defineRoute({
  method: 'DELETE',
  path: '/api/v1/organisations/:id/invitations/:invitationId',
  summary: 'Revoke an open invitation',
  tags,
  params: orgInvitationParams,
  responses: { 204: z.null() },
});

export const myInvitations = defineRoute({
  method: 'GET',
  path: '/api/v1/invitations',
  summary: 'The logged-in person’s pending invitations',
  tags,
  responses: { 200: z.object({ items: z.array(myInvitationView) }) },
});

export const acceptInvitation = defineRoute({
  method: 'POST',
  path: '/api/v1/invitations/:id/accept',
  summary: 'Accept an invitation: become a member of the organisation',
  tags,
  params: invitationParams,
  responses: { 200: z.object({ organisationId: z.uuid(), role: z.string() }) },
});

export const declineInvitation = defineRoute({
  method: 'POST',
  path: '/api/v1/invitations/:id/decline',
  summary: 'Decline an invitation',
  tags,
  params: invitationParams,
  responses: { 204: z.null() },
});

export const changeMemberRole = defineRoute({
  method: 'PATCH',
  path: '/api/v1/organisations/:id/members/:userId',
  summary: 'Change a member’s role',
  tags,
  params: memberParams,
  body: changeRoleBody,
  responses: { 204: z.null() },
});

export const removeMember = defineRoute({
  method: 'DELETE',
  path: '/api/v1/organisations/:id/members/:userId',
  summary: 'Remove a member',
  tags,
  params: memberParams,
  responses: { 204: z.null() },
});
