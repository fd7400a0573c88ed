import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import { createdWebhookView, inboxPage, inboxQuery, markedView, markReadBody, organisationParams, unreadView, webhookDeliveryView, webhookInput, webhookParams, webhookPatch, webhookView } from './notifications.schema';

const tags = ['notifications'];

export const listInbox = defineRoute({
  method: 'GET',
  path: '/api/v1/notifications',
  summary: "The signed-in user's notifications, newest first (cursor pages)",
  tags,
  query: inboxQuery,
  responses: { 200: inboxPage },
});

export const unreadCount = defineRoute({
  method: 'GET',
  path: '/api/v1/notifications/unread',
  summary: "How many of the signed-in user's notifications are unread (the web header polls it)",
  tags,
  responses: { 200: unreadView },
});

export const markRead = defineRoute({
  method: 'POST',
  path: '/api/v1/notifications/read',
  summary: 'Mark some of your notifications read',
  tags,
  body: markReadBody,
  responses: { 200: markedView },
});

export const markAllRead = defineRoute({
  method: 'POST',
  path: '/api/v1/notifications/read-all',
  summary: 'Mark all your notifications read',
  tags,
  body: z.object({}).strict().optional(),
  responses: { 200: markedView },
});

export const listWebhooks = defineRoute({
  method: 'GET',
  path: '/api/v1/organisations/:id/webhooks',
  summary: "An organisation's webhook subscriptions to the events addressed to it (never the secrets)",
  tags,
  params: organisationParams,
  responses: { 200: z.object({ items: z.array(webhookView) }) },
});

export const createWebhook = defineRoute({
  method: 'POST',
  path: '/api/v1/organisations/:id/webhooks',
  summary: 'Subscribe a URL to events addressed to the organisation; the signing secret is returned once',
  tags,
  params: organisationParams,
  body: webhookInput,
  responses: { 201: createdWebhookView },
});

export const updateWebhook = defineRoute({
  method: 'PATCH',
  path: '/api/v1/webhooks/:id',
  summary: "Rename, pause or change the events of one of the organisation's webhooks",
  tags,
  params: webhookParams,
  body: webhookPatch,
  responses: { 200: webhookView },
});

export const deleteWebhook = defineRoute({
  method: 'DELETE',
  path: '/api/v1/webhooks/:id',
  summary: "Delete one of the organisation's webhooks (its queued deliveries go with it)",
  tags,
  params: webhookParams,
  responses: { 204: z.null() },
});

export const listWebhookDeliveries = defineRoute({
  method: 'GET',
  path: '/api/v1/organisations/:id/webhooks/deliveries',
  summary: "The latest deliveries to the organisation's webhooks, with their status",
  tags,
  params: organisationParams,
  responses: { 200: z.object({ items: z.array(webhookDeliveryView) }) },
});
