import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import { manifestIdParams, manifestView } from './manifests.schema';
import { codeView, deviceParams, deviceView, fieldOpenBody, issueCodeBody, redeemCodeBody, redeemView, registerDeviceBody, syncBody, syncView } from './manifests.field.schema';

/** Signing in the field (issue 13): phones' device keys, drivers' one-time codes, offline events' sync. */
const tags = ['manifests'];

export const registerDevice = defineRoute({
  method: 'POST',
  path: '/api/v1/manifests/devices',
  summary: "Register this phone's public key (ECDSA P-256) to sign custody events offline (persons re-enter their password)",
  tags,
  body: registerDeviceBody,
  responses: { 201: deviceView },
});

export const listDevices = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests/devices',
  summary: "The viewer's registered device keys",
  tags,
  responses: { 200: z.object({ items: z.array(deviceView) }) },
});

export const revokeDevice = defineRoute({
  method: 'POST',
  path: '/api/v1/manifests/devices/:keyId/revoke',
  summary: 'Revoke a device key (what it signed stays valid; nothing it signs from now on is accepted)',
  tags,
  params: deviceParams,
  responses: { 200: deviceView },
});

export const issueDriverCode = defineRoute({
  method: 'POST',
  path: '/api/v1/manifests/:id/driver-codes',
  summary: "Issue a one-time code for a driver without an account (the transporter's staff; single use, short-lived)",
  tags,
  params: manifestIdParams,
  body: issueCodeBody,
  responses: { 201: codeView },
});

export const redeemDriverCode = defineRoute({
  method: 'POST',
  path: '/api/v1/manifests/field/redeem',
  summary: "Redeem a driver's one-time code: registers the phone's key for that manifest only (no account needed)",
  tags,
  body: redeemCodeBody,
  responses: { 201: redeemView },
});

export const openFieldManifest = defineRoute({
  method: 'POST',
  path: '/api/v1/manifests/:id/field',
  summary: "A manifest as the field signing page shows it (a session, or a code driver's grant in the body)",
  tags,
  params: manifestIdParams,
  body: fieldOpenBody,
  responses: { 200: manifestView },
});

export const syncFieldEvents = defineRoute({
  method: 'POST',
  path: '/api/v1/manifests/field/sync',
  summary: 'Sync custody events signed offline on a phone: each appended (countersigned), a duplicate, a conflict or refused',
  tags,
  body: syncBody,
  responses: { 200: syncView },
});
