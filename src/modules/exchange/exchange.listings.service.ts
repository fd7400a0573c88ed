import type { Executor, Trx } from '../../db/database';
import { regionPrefix } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { errors, type FieldIssue } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext, systemServiceContext, type Viewer } from '../../platform/viewer';
import { getStream, toEngineStream } from '../byproducts';
import { classifyStream, monthlyQuantities } from '../byproducts/engine';
import { actingFor, grantorsFor } from '../delegations';
import { findOrganisation, findOrganisationByCode, findPark, findParkByCode } from '../organisations';
import { gradeLot } from './engine/grading';
import { availableForListing, chinaDate, windowDays } from './engine/listing';
import { supersedePendingOfListings } from './exchange.deals.repository';
import type { Job } from '../../platform/jobs';
import { currentStandard } from './exchange.grading.service';
import type { z } from 'zod';
import type { CreateListingBody, grantorList, ListingsQuery, ListingView, UpdateListingBody } from './exchange.market.schema';
import { MAX_WINDOW_DAYS } from './exchange.market.schema';
import { exchangePolicy, type MarketOwnerRef } from './exchange.policy';
import { presentListing, presentStandard } from './exchange.presenter';
import * as repo from './exchange.repository';
import { withCreditGrades } from './exchange.grades';

/** Listings (供): a stream or a lot of it offered to the market. */

const ownerOfRow = (row: { organisation_id: string; region_code: string; park_id: string | null }): MarketOwnerRef => ({ organisationId: row.organisation_id, regionCode: row.region_code, parkId: row.park_id });

export type Stream = Awaited<ReturnType<typeof getStream>>;

/** The classes a stream's listings may name (its classification, override included). */
export function streamClasses(stream: Stream): string[] {
  return classifyStream(toEngineStream(stream)).classes.map((c) => c.class);
}

export function windowIssues(start: string, end: string): FieldIssue[] {
  if (end < start) return [{ field: 'windowEnd', message: 'must not be before windowStart', code: 'exchange.windowEmpty' }];
  if (windowDays(start, end) > MAX_WINDOW_DAYS) return [{ field: 'windowEnd', message: `a window is at most ${MAX_WINDOW_DAYS} days`, code: 'exchange.windowTooLong' }];
  return [];
}

/** What the stream has left for a listing over the window, other listings of it taken off. */
async function availableFor(db: Executor, stream: Stream, kind: 'one-off' | 'monthly', start: string, end: string, exceptListing: string | null) {
  const others = await repo.otherListingsOfStream(db, stream.id, exceptListing);
  return availableForListing(
    monthlyQuantities(toEngineStream(stream)),
    kind,
    start,
    end,
    others.map((o) => ({ kind: o.quantity_kind, tonnes: Number(o.tonnes), start: o.window_start, end: o.window_end })),
  );
}

/** Assays of the lot: the stream's stored assays and moisture, overridden by the listing's own. */
export function lotAssays(stream: Stream, own: Record<string, number> | undefined): Record<string, number> {
  const base: Record<string, number> = {};
  for (const [k, v] of Object.entries(stream.assays ?? {})) if (typeof v === 'number' && Number.isFinite(v)) base[k] = v;
  if (stream.moisture !== null) base.moisture = Number(stream.moisture);
  return { ...base, ...(own ?? {}) };
}

export async function previewListing(
  db: Executor,
  ctx: ServiceContext,
  body: { stream: string; class?: string; quantityKind: 'one-off' | 'monthly'; windowStart: string; windowEnd: string; assays?: Record<string, number>; excludeListing?: string },
) {
  permit(ctx.viewer, exchangePolicy.browse(ctx.viewer));
  const stream = await getStream(db, ctx, body.stream, 'confidential');
  const classes = streamClasses(stream);
  const cls = body.class ?? classes[0];
  if (cls === undefined) throw errors.validation('The stream has no composition class.', [{ field: 'stream', message: 'has no composition class to list it under', code: 'exchange.noClass' }]);
  const issues = windowIssues(body.windowStart, body.windowEnd);
  if (issues.length) throw errors.validation('The window is not valid.', issues);
  const current = await currentStandard(db, cls);
  const grading = current ? gradeLot(current.standard, lotAssays(stream, body.assays)) : null;
  const available = await availableFor(db, stream, body.quantityKind, body.windowStart, body.windowEnd, body.excludeListing ?? null);
  return { class: cls as ListingView['class'], classes: classes as ListingView['class'][], grading, standard: current ? presentStandard(current.row) : null, available };
}


interface ListingDraft {
  cls: string;
  kind: 'one-off' | 'monthly';
  tonnes: number;
  start: string;
  end: string;
  assays: Record<string, number> | undefined;
  override: { grade: 'A' | 'B' | 'C'; attachmentId: string } | null;
}

/**
 * Checks a listing's quantity against the stream and grades it. Throws a validation error naming
 * the field: the window, the tonnes above what the stream has left, an ungradable lot.
 */
async function settle(trx: Trx, stream: Stream, organisationId: string, draft: ListingDraft, exceptListing: string | null) {
  const classes = streamClasses(stream);
  if (!classes.includes(draft.cls)) {
    throw errors.validation('The class is not one of the stream’s.', [{ field: 'class', message: `the stream's classes are ${classes.join(', ') || 'none'}`, code: 'exchange.classNotOfStream', params: { classes: classes.join(', ') } }]);
  }
  const issues = windowIssues(draft.start, draft.end);
  if (issues.length) throw errors.validation('The window is not valid.', issues);
  const available = await availableFor(trx, stream, draft.kind, draft.start, draft.end, exceptListing);
  // A listing equal to what is left must pass although the sums were made in floating point.
  if (draft.tonnes > available.tonnes * (1 + 1e-9) + 1e-9) {
    const unit = draft.kind === 'monthly' ? 't per month' : 't';
    throw errors.validation('The quantity is more than the stream generates in the window.', [
      {
        field: 'tonnes',
        message: `at most ${round3(available.tonnes)} ${unit}: the stream generates ${round3(available.generated)} ${unit} in the window and its other listings take ${round3(available.listed)}`,
        code: draft.kind === 'monthly' ? 'exchange.overStreamMonthly' : 'exchange.overStream',
        params: { available: round3(available.tonnes), generated: round3(available.generated), listed: round3(available.listed) },
      },
    ]);
  }
  const current = await currentStandard(trx, draft.cls);
  const assays = lotAssays(stream, draft.assays);
  const grading = current ? gradeLot(current.standard, assays) : null;
  if (draft.override) {
    const file = await repo.findAttachmentMeta(trx, draft.override.attachmentId);
    if (!file || file.organisation_id !== organisationId || file.kind !== 'assay' || (file.listing_id !== null && file.listing_id !== exceptListing)) {
      throw errors.validation('A grade override needs an assay report of the firm.', [
        { field: 'gradeOverride.attachmentId', message: 'must be an assay report uploaded by the listing firm and not attached to another listing', code: 'exchange.overrideNeedsAssay' },
      ]);
    }
    return { grade: draft.override.grade, source: 'override' as const, grading, assays, version: current?.row.version ?? null, attachment: file.id };
  }
  if (!current) throw errors.validation('No grading standard exists for the class.', [{ field: 'class', message: 'has no grading standard; state a grade with an assay report', code: 'exchange.noStandard' }]);
  if (grading === null || grading.grade === null) {
    const message =
      grading && grading.grade === null && grading.reason === 'missing-assays'
        ? `the grade needs the assays ${grading.missing.join(', ')} (or a grade override with an assay report)`
        : 'the lot is below grade C of the standard (or state a grade with an assay report)';
    throw errors.validation('The lot cannot be graded.', [{ field: 'assays', message, code: grading?.grade === null && grading.reason === 'missing-assays' ? 'exchange.missingAssays' : 'exchange.belowGradeC' }]);
  }
  return { grade: grading.grade, source: 'computed' as const, grading, assays, version: current.row.version, attachment: null };
}

/** How a stream's residue travels unless the listing says otherwise. */
export const loadTypeOf = (stream: Stream): 'bulk' | 'liquid' | 'hazardous' => (stream.hazardous ? 'hazardous' : stream.state === 'liquid' ? 'liquid' : 'bulk');

const round3 = (v: number) => Math.round(v * 1000) / 1000;

async function checkAttachments(trx: Trx, organisationId: string, ids: readonly string[], listingId: string | null): Promise<void> {
  for (const [k, id] of ids.entries()) {
    const file = await repo.findAttachmentMeta(trx, id);
    if (!file || file.organisation_id !== organisationId || (file.listing_id !== null && file.listing_id !== listingId)) {
      throw errors.validation('An attachment is not the firm’s.', [{ field: `attachmentIds[${k}]`, message: 'must be a file uploaded for the listing firm and not attached to another listing', code: 'exchange.attachmentNotOwn' }]);
    }
  }
}

async function act(trx: Trx, viewer: Viewer, owner: MarketOwnerRef, scope: 'exchange.list' | 'exchange.trade', refused: string) {
  const acting = await actingFor(trx, viewer, { organisationId: owner.organisationId, scope });
  permit(viewer, exchangePolicy.act(viewer, owner, { delegated: acting.delegationId !== null }), refused);
  return acting;
}

export async function createListing(trx: Trx, ctx: ServiceContext, body: CreateListingBody, now = new Date()): Promise<ListingView> {
  permit(ctx.viewer, exchangePolicy.browse(ctx.viewer));
  const stream = await getStream(trx, ctx, body.stream, 'internal');
  const owner = ownerOfRow(stream);
  const acting = await act(trx, ctx.viewer, owner, 'exchange.list', 'Only the firm (or whom it delegates) lists its by-products.');
  const cls = body.class ?? streamClasses(stream)[0] ?? '';
  const settled = await settle(trx, stream, owner.organisationId, { cls, kind: body.quantityKind, tonnes: body.tonnes, start: body.windowStart, end: body.windowEnd, assays: body.assays, override: body.gradeOverride ?? null }, null);
  const attachmentIds = [...new Set([...(body.attachmentIds ?? []), ...(settled.attachment ? [settled.attachment] : [])])];
  await checkAttachments(trx, owner.organisationId, attachmentIds, null);
  const today = chinaDate(now);
  const code = `GY-${today.slice(0, 4)}-${String(await repo.nextNumber(trx, 'listing', Number(today.slice(0, 4)))).padStart(5, '0')}`;
  const id = await repo.insertListing(trx, {
    code,
    organisation_id: owner.organisationId,
    site_id: stream.site_id,
    stream_id: stream.id,
    class: cls,
    title: body.title ?? stream.name,
    quantity_kind: body.quantityKind,
    tonnes: body.tonnes,
    window_start: body.windowStart,
    window_end: body.windowEnd,
    grade: settled.grade,
    grade_source: settled.source,
    assays: JSON.stringify(settled.assays),
    grading_version: settled.version,
    grading: settled.grading ? JSON.stringify(settled.grading) : null,
    reserve_price: body.reservePrice,
    delivery_terms: body.deliveryTerms,
    load_type: body.loadType ?? loadTypeOf(stream),
    visibility: body.visibility,
    note: body.note ?? null,
    delegation_id: acting.delegationId,
    override_attachment_id: settled.attachment,
    created_by: actorOf(ctx.viewer)?.userId ?? null,
    created_at: now,
    updated_at: now,
  });
  await repo.linkAttachments(trx, id, attachmentIds);
  const row = (await repo.findListing(trx, id))!;
  await recordAudit(trx, ctx, { action: 'exchange_listing.create', entityType: 'exchange_listings', entityId: id, organisationId: owner.organisationId, after: { ...row } });
  return presentListing(row, { revealed: true, confidential: true, mine: true }, await repo.attachmentsOf(trx, [id]));
}

export async function updateListing(trx: Trx, ctx: ServiceContext, idOrCode: string, body: UpdateListingBody): Promise<ListingView> {
  const before = await repo.findListing(trx, idOrCode);
  if (!before) throw errors.notFound('Listing', idOrCode);
  const owner = ownerOfRow(before);
  if (!exchangePolicy.oversee(ctx.viewer, owner)) {
    permit(ctx.viewer, exchangePolicy.seeListing(ctx.viewer, owner, before.visibility));
  }
  await repo.lockListing(trx, before.id);
  const acting = await act(trx, ctx.viewer, owner, 'exchange.list', 'Only the firm (or whom it delegates) changes its listings.');
  if (await repo.hasAcceptedProposals(trx, before.id)) {
    throw errors.conflict('The listing has accepted proposals: it can no longer be changed.', [{ field: 'id', message: 'has accepted proposals', code: 'exchange.listingCommitted' }]);
  }
  const stream = await getStream(trx, ctx, before.stream_id, 'internal');
  const quantityChanges = ['quantityKind', 'tonnes', 'windowStart', 'windowEnd', 'assays', 'gradeOverride'].some((k) => (body as Record<string, unknown>)[k] !== undefined);
  const patch: Parameters<typeof repo.updateListing>[2] = {};
  if (quantityChanges && body.status !== 'withdrawn') {
    const override =
      body.gradeOverride === undefined ? (before.grade_source === 'override' && before.override_attachment_id ? { grade: before.grade!, attachmentId: before.override_attachment_id } : null) : body.gradeOverride;
    const draft: ListingDraft = {
      cls: before.class,
      kind: body.quantityKind ?? before.quantity_kind,
      tonnes: body.tonnes ?? Number(before.tonnes),
      start: body.windowStart ?? before.window_start,
      end: body.windowEnd ?? before.window_end,
      assays: body.assays ?? before.assays,
      override,
    };
    const settled = await settle(trx, stream, owner.organisationId, draft, before.id);
    Object.assign(patch, {
      quantity_kind: draft.kind,
      tonnes: draft.tonnes,
      window_start: draft.start,
      window_end: draft.end,
      grade: settled.grade,
      grade_source: settled.source,
      assays: JSON.stringify(settled.assays),
      grading_version: settled.version,
      grading: settled.grading ? JSON.stringify(settled.grading) : null,
      override_attachment_id: settled.attachment,
    });
    if (settled.attachment) await repo.linkAttachments(trx, before.id, [settled.attachment]);
  }
  if (body.attachmentIds) {
    await checkAttachments(trx, owner.organisationId, body.attachmentIds, before.id);
    await repo.linkAttachments(trx, before.id, body.attachmentIds);
  }
  if (body.title !== undefined) patch.title = body.title;
  if (body.reservePrice !== undefined) patch.reserve_price = body.reservePrice;
  if (body.deliveryTerms !== undefined) patch.delivery_terms = body.deliveryTerms;
  if (body.loadType !== undefined) patch.load_type = body.loadType;
  if (body.visibility !== undefined) patch.visibility = body.visibility;
  if (body.note !== undefined) patch.note = body.note;
  if (body.status !== undefined) patch.status = body.status;
  patch.delegation_id = acting.delegationId;
  await repo.updateListing(trx, before.id, patch);
  const after = (await repo.findListing(trx, before.id))!;
  await recordAudit(trx, ctx, { action: 'exchange_listing.update', entityType: 'exchange_listings', entityId: before.id, organisationId: owner.organisationId, before: { ...before }, after: { ...after } });
  return presentListing(after, { revealed: true, confidential: true, mine: true }, await repo.attachmentsOf(trx, [before.id]));
}

/** Whom the viewer may act for in the exchange under a delegation in force (the park administration: its firms that granted it). */
export async function actingOptions(db: Executor, ctx: ServiceContext, scope: 'exchange.list' | 'exchange.trade'): Promise<z.infer<typeof grantorList>> {
  permit(ctx.viewer, exchangePolicy.browse(ctx.viewer));
  return { items: (await grantorsFor(db, ctx.viewer, scope)).map((d) => ({ delegationId: d.id, organisation: d.grantor })) };
}

/** How a viewer sees each listing: the firm revealed, the confidential part, its own. */
async function accessFor(db: Executor, viewer: Viewer, rows: readonly repo.ListingWithOwner[]): Promise<Map<string, { revealed: boolean; confidential: boolean; mine: boolean }>> {
  const actor = actorOf(viewer);
  const agreed = await repo.agreedBuyers(
    db,
    rows.filter((r) => r.visibility === 'anonymised').map((r) => r.id),
  );
  return new Map(
    rows.map((r) => {
      const confidential = exchangePolicy.oversee(viewer, ownerOfRow(r));
      const revealed = confidential || r.visibility !== 'anonymised' || (actor !== null && (agreed.get(r.id)?.has(actor.organisationId) ?? false));
      return [r.id, { revealed, confidential, mine: actor?.organisationId === r.organisation_id }];
    }),
  );
}

export async function presentListings(db: Executor, viewer: Viewer, rows: readonly repo.ListingWithOwner[]): Promise<ListingView[]> {
  const access = await accessFor(db, viewer, rows);
  const files = await repo.attachmentsOf(
    db,
    rows.filter((r) => access.get(r.id)!.confidential).map((r) => r.id),
  );
  return withCreditGrades(
    db,
    viewer,
    rows.map((r) => presentListing(r, access.get(r.id)!, files.filter((f) => f.listing_id === r.id))),
  );
}

export async function getListing(db: Executor, ctx: ServiceContext, idOrCode: string): Promise<ListingView> {
  permit(ctx.viewer, exchangePolicy.browse(ctx.viewer));
  const row = await repo.findListing(db, idOrCode);
  if (!row || !exchangePolicy.seeListing(ctx.viewer, ownerOfRow(row), row.visibility)) throw errors.notFound('Listing', idOrCode);
  return (await presentListings(db, ctx.viewer, [row]))[0]!;
}

export async function listListings(db: Executor, ctx: ServiceContext, query: ListingsQuery): Promise<{ items: ListingView[]; total: number }> {
  permit(ctx.viewer, exchangePolicy.browse(ctx.viewer));
  const actor = actorOf(ctx.viewer);
  const filter: repo.MarketFilter = { status: query.status === 'all' ? ['open', 'closed', 'withdrawn'] : [query.status] };
  if (query.class) filter.class = query.class;
  if (query.grade) filter.grade = query.grade;
  if (query.q) filter.q = query.q;
  if (query.region) filter.regionPrefix = regionPrefix(query.region);
  if (query.organisation) filter.organisationId = await organisationIdOf(db, ctx, query.organisation);
  if (query.park) filter.parkId = await parkIdOf(db, query.park);
  // Park-only offers: a firm sees those of its own park; overseers of all firms see all of them.
  if (actor && actor.organisationType !== 'platform-admin' && actor.organisationType !== 'regulator') {
    filter.viewerParkId = actor.parkId;
    filter.viewerOrganisationId = actor.organisationId;
  }
  const { rows, total } = await repo.listListings(db, filter, query.limit, query.offset);
  // A regulator outside a firm's region does not see its park-only offers.
  const visible = rows.filter((r) => exchangePolicy.seeListing(ctx.viewer, ownerOfRow(r), r.visibility));
  return { items: await presentListings(db, ctx.viewer, visible), total: total - (rows.length - visible.length) };
}

/** `mine` or an organisation id/code; an anonymised firm is never found by its code through this filter. */
export async function organisationIdOf(db: Executor, ctx: ServiceContext, ref: string): Promise<string> {
  const actor = actorOf(ctx.viewer);
  if (ref === 'mine') {
    if (!actor) throw errors.validation('The system has no organisation of its own.', [{ field: 'organisation', message: 'mine needs a logged-in organisation' }]);
    return actor.organisationId;
  }
  const org = repo.isUuid(ref) ? await findOrganisation(db, ref) : await findOrganisationByCode(db, ref);
  if (!org) throw errors.validation(`Unknown organisation ${ref}.`, [{ field: 'organisation', message: `unknown organisation ${ref}`, code: 'exchange.unknownOrganisation' }]);
  return org.id;
}

export async function parkIdOf(db: Executor, ref: string): Promise<string> {
  const park = repo.isUuid(ref) ? await findPark(db, ref) : await findParkByCode(db, ref);
  if (!park) throw errors.validation(`Unknown park ${ref}.`, [{ field: 'park', message: `unknown park ${ref}`, code: 'exchange.unknownPark' }]);
  return park.id;
}

/**
 * Closes the open listings whose window ended before `today` (China date): they leave the market
 * and the matching, and their pending proposals lapse. Run by the `exchange-listing-close` job
 * (once per slot in the cluster) and by the demo loader.
 */
export async function closeEndedListings(trx: Trx, ctx: ServiceContext, today: string): Promise<number> {
  permit(ctx.viewer, ctx.viewer.kind === 'system', 'Listings close by themselves at the end of their window.');
  const ids = await repo.closeListingsEndedBefore(trx, today);
  await supersedePendingOfListings(trx, ids);
  for (const id of ids) await recordAudit(trx, ctx, { action: 'exchange_listing.close', entityType: 'exchange_listings', entityId: id, organisationId: null, after: { status: 'closed', endedBefore: today } });
  return ids.length;
}

/** The scheduled close of ended listings (jobs.ts: each slot runs once in the cluster, in its transaction). */
export function listingCloseJob(everyMs: number): Job {
  return {
    name: 'exchange-listing-close',
    everyMs,
    async run(trx) {
      await closeEndedListings(trx, systemServiceContext('exchange-listing-close'), chinaDate(new Date()));
    },
  };
}

/**
 * After an auction sale: a listing whose tonnes are all taken (deals and auction sales) closes,
 * and its pending proposals lapse; one with tonnes left stays open with less to offer. True
 * when it closed.
 */
export async function closeIfSoldOut(trx: Trx, ctx: ServiceContext, listingId: string): Promise<boolean> {
  const row = await repo.findListing(trx, listingId);
  if (!row || row.status !== 'open') return false;
  const tonnes = Number(row.tonnes);
  if (Number(row.committed) < tonnes - 1e-9 * Math.max(1, tonnes)) return false;
  await repo.updateListing(trx, row.id, { status: 'closed' });
  await supersedePendingOfListings(trx, [row.id]);
  await recordAudit(trx, ctx, { action: 'exchange_listing.close', entityType: 'exchange_listings', entityId: row.id, organisationId: row.organisation_id, before: { status: 'open' }, after: { status: 'closed', soldOut: true } });
  return true;
}
