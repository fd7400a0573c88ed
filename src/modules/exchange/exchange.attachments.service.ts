import { createHash } from 'node:crypto';
import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { actingFor } from '../delegations';
import { findOrganisation } from '../organisations';
import { organisationIdOf } from './exchange.listings.service';
import { MAX_ATTACHMENT_BYTES } from './exchange.market.schema';
import type { z } from 'zod';
import type { uploadAttachmentBody } from './exchange.market.schema';
import { exchangePolicy, type MarketOwnerRef } from './exchange.policy';
import { presentAttachment } from './exchange.presenter';
import * as repo from './exchange.repository';

/**
 * Attachments of listings: assay reports (PDF or an image of one) and photos. The declared media
 * type must match the file's first bytes, so a script cannot arrive labelled as a photo; the
 * download answers with the stored type and as an attachment, never rendered inline as HTML.
 */

const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};

/** A file name safe in a Content-Disposition header: no path, quotes or control characters. */
function safeFileName(name: string): string {
  return [...name].map((ch) => (ch.charCodeAt(0) < 0x20 || ch === '/' || ch === '\\' || ch === '"' ? '_' : ch)).join('');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export async function uploadAttachment(trx: Trx, ctx: ServiceContext, body: z.infer<typeof uploadAttachmentBody>, now = new Date()) {
  permit(ctx.viewer, exchangePolicy.browse(ctx.viewer));
  const orgId = body.organisation ? await organisationIdOf(trx, ctx, body.organisation) : actorOf(ctx.viewer)?.organisationId;
  if (!orgId) throw errors.validation('Give the organisation.', [{ field: 'organisation', message: 'is required' }]);
  const org = (await findOrganisation(trx, orgId))!;
  const owner: MarketOwnerRef = { organisationId: org.id, regionCode: org.region_code, parkId: org.park_id };
  const acting = await actingFor(trx, ctx.viewer, { organisationId: org.id, scope: 'exchange.list' });
  permit(ctx.viewer, exchangePolicy.act(ctx.viewer, owner, { delegated: acting.delegationId !== null }), 'Only the firm (or whom it delegates) uploads its files.');
  const text = body.contentBase64.replace(/\s+/g, '');
  if (!BASE64.test(text) || text.length % 4 !== 0) throw errors.validation('The file is not valid base64.', [{ field: 'contentBase64', message: 'is not base64', code: 'exchange.notBase64' }]);
  const content = Buffer.from(text, 'base64');
  if (content.length === 0) throw errors.validation('The file is empty.', [{ field: 'contentBase64', message: 'is empty', code: 'exchange.emptyFile' }]);
  if (content.length > MAX_ATTACHMENT_BYTES) throw errors.validation('The file is too large.', [{ field: 'contentBase64', message: `at most ${MAX_ATTACHMENT_BYTES} bytes`, code: 'exchange.fileTooLarge' }]);
  if (!SIGNATURES[body.mediaType]!(content)) {
    throw errors.validation('The file is not of its stated type.', [{ field: 'mediaType', message: `the content is not ${body.mediaType}`, code: 'exchange.fileTypeMismatch' }]);
  }
  if (body.kind === 'photo' && !body.mediaType.startsWith('image/')) throw errors.validation('A photo is an image.', [{ field: 'mediaType', message: 'a photo must be PNG, JPEG or WebP', code: 'exchange.photoNotImage' }]);
  const row = await repo.insertAttachment(trx, {
    organisation_id: org.id,
    kind: body.kind,
    file_name: safeFileName(body.fileName),
    media_type: body.mediaType,
    size_bytes: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    content,
    created_by: actorOf(ctx.viewer)?.userId ?? null,
    created_at: now,
  });
  await recordAudit(trx, ctx, { action: 'exchange_attachment.upload', entityType: 'exchange_attachments', entityId: row.id, organisationId: org.id, after: { ...row } });
  return presentAttachment(row);
}

export async function downloadAttachment(db: Executor, ctx: ServiceContext, id: string): Promise<{ fileName: string; mediaType: string; content: Uint8Array }> {
  permit(ctx.viewer, exchangePolicy.browse(ctx.viewer));
  const meta = await repo.findAttachmentMeta(db, id);
  if (!meta) throw errors.notFound('Attachment', id);
  const org = (await findOrganisation(db, meta.organisation_id))!;
  const owner: MarketOwnerRef = { organisationId: org.id, regionCode: org.region_code, parkId: org.park_id };
  const actor = actorOf(ctx.viewer);
  const counterparty = actor !== null && meta.listing_id !== null && (await repo.isCounterparty(db, meta.listing_id, actor.organisationId));
  if (!exchangePolicy.oversee(ctx.viewer, owner) && !counterparty) throw errors.notFound('Attachment', id);
  const content = (await repo.attachmentContent(db, id))!;
  return { fileName: meta.file_name, mediaType: meta.media_type, content };
}
