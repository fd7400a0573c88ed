import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import { addMemberBody, changeRoleBody, memberOrganisationParams, memberParams, memberView } from './users.schema';

const tags = ['users'];

export const listMembers = defineRoute({
  method: 'GET',
  path: '/api/v1/organisations/:id/members',
  summary: 'Members of an organisation',
  tags,
  params: memberOrganisationParams,
  responses: { 200: z.object({ items: z.array(memberView) }) },
});

export const addMember = defineRoute({
  method: 'POST',
  path: '/api/v1/organisations/:id/members',
  summary: 'Create a user in the organisation, or add an existing user',
  tags,
  params: memberOrganisationParams,
  body: addMemberBody,
  responses: { 201: memberView.extend({ created: z.boolean() }) },
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
