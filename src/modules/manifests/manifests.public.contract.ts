import { defineRoute } from '../../shared/contract';
import { labelParams, labelPdfQuery, publicManifestView, publicTokenParams } from './manifests.public.schema';

/** The load label (the manifest's parties) and the public page its QR code opens (no login). */
const tags = ['manifests'];

/** An SVG image, not JSON. */
export const labelSvg = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests/:id/label.svg',
  summary: "The QR code of the load's public page as SVG (the manifest's parties)",
  tags,
  params: labelParams,
  responses: {},
});

/** A PNG image, not JSON. */
export const labelPng = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests/:id/label.png',
  summary: "The QR code of the load's public page as PNG (the manifest's parties)",
  tags,
  params: labelParams,
  responses: {},
});

/** A PDF, not JSON. */
export const labelPdf = defineRoute({
  method: 'GET',
  path: '/api/v1/manifests/:id/label.pdf',
  summary: "The load's printable A6 label with its QR code, in Chinese (or English for foreign partners; the manifest's parties); a hazardous load's label carries the hazardous-waste label content",
  tags,
  params: labelParams,
  query: labelPdfQuery,
  responses: {},
});

export const publicManifest = defineRoute({
  method: 'GET',
  path: '/api/v1/public/manifests/:token',
  summary: "A load's public page (no login, from its label's QR code): status, custody steps, verification of the trail, waste class and quantity band; no confidential details",
  tags,
  params: publicTokenParams,
  responses: { 200: publicManifestView },
});
