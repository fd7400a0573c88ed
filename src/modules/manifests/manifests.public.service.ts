/**
 * The load label and the public page its QR code opens (issue 13). The label (QR as SVG or PNG,
 * the printable A6 PDF) is for the manifest's parties; its QR code carries
 * `<label base URL>/m/<token>`, the manifest's random public token, never its id. The public
 * page answers anyone holding the token with what may be known without confidential details
 * (manifests.public.schema.ts), and the trail verified now.
 */
import type { Executor } from '../../db/database';
import { errors } from '../../platform/errors';
import { readFont } from '../../platform/pdf-document';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { findOrganisation, findRegion } from '../organisations';
import { cityCodes, quantityBand } from './engine/public';
import type { HazardousLabelContent, LoadLabel } from './engine/label';
import type { LabelLanguage } from './engine/label.texts';
import { manifestsPolicy, type ManifestParties } from './manifests.policy';
import { tonnesOf } from './manifests.presenter';
import * as publicRepo from './manifests.public.repository';
import type { PublicManifestView } from './manifests.public.schema';
import * as repo from './manifests.repository';
import { mayRead, partiesOf } from './manifests.service';
import type { ManifestLineRow, ManifestRow } from './manifests.tables';
import { verifyHeads } from './manifests.verify.service';

/** The URL a label's QR code carries. */
export function publicPageUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/m/${token}`;
}

/** The manifest, if the viewer is one of its parties (others who may read it: 403; the rest: 404). */
async function forLabel(db: Executor, ctx: ServiceContext, id: string): Promise<{ m: ManifestRow; parties: ManifestParties }> {
  const m = await repo.findManifest(db, id);
  if (!m) throw errors.notFound('Manifest', id);
  const parties = await partiesOf(db, m);
  if (!(await mayRead(db, ctx, parties))) {
    permit(ctx.viewer, ctx.viewer.kind !== 'anonymous');
    throw errors.notFound('Manifest', id);
  }
  permit(ctx.viewer, manifestsPolicy.label(ctx.viewer, parties), "Only the manifest's parties print its label.");
  return { m, parties };
}

const lineTonnes = (l: Pick<ManifestLineRow, 'quantity' | 'unit'>) => tonnesOf([l]);

/** The day in China (UTC+8, no daylight saving), as printed on the label. */
const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * The hazardous-waste label's content from what the manifest records: its first hazardous line
 * (name, category, code, weight), the generator (producing unit, its telephone) and the day the
 * manifest was opened. Form, hazard characteristics, components, precautions, the digital
 * identification code and the contact person are not recorded on manifests: the label prints
 * them as blanks ("—") to be filled in by hand.
 */
function hazardousContent(line: ManifestLineRow, nameZh: string, producer: string, phone: string | null, producedOn: string): HazardousLabelContent {
  return {
    wasteName: nameZh || line.description,
    category: line.category,
    code: line.waste_code,
    form: '',
    characteristics: [],
    mainComponents: '',
    harmfulComponents: '',
    precautions: '',
    digitalId: '',
    producer,
    contact: '',
    phone: phone ?? '',
    producedOn,
    weight: lineTonnes(line),
  };
}

/** The label of a load as the engine renders it. */
export async function loadLabel(db: Executor, ctx: ServiceContext, id: string, baseUrl: string, language: LabelLanguage): Promise<LoadLabel> {
  const { m } = await forLabel(db, ctx, id);
  const lines = await repo.linesOf(db, [id]);
  const names = await repo.organisationNames(db, [m.generator_id, m.receiver_id]);
  const name = (orgId: string) => {
    const n = names.get(orgId);
    return (language === 'en' ? n?.name_en : n?.name_zh) ?? '';
  };
  const codes = await repo.codesByCode(db, lines.map((l) => l.waste_code));
  const hazardousLine = lines.find((l) => codes.get(l.waste_code)?.list === 'hazardous');
  const createdOn = chinaDay(m.created_at);
  let hazardous: HazardousLabelContent | null = null;
  if (hazardousLine) {
    const generator = await findOrganisation(db, m.generator_id);
    const code = codes.get(hazardousLine.waste_code);
    hazardous = hazardousContent(hazardousLine, (language === 'en' ? code?.name_en : code?.name_zh) ?? '', name(m.generator_id), generator?.contact_phone ?? null, createdOn);
  }
  return {
    manifestNumber: m.number,
    verifyUrl: publicPageUrl(baseUrl, m.public_token),
    generator: name(m.generator_id),
    receiver: name(m.receiver_id),
    createdOn,
    lines: lines.map((l) => ({ wasteCode: l.waste_code, description: l.description, quantity: lineTonnes(l), weighed: l.measure === 'weighed' })),
    hazardous,
  };
}

export type LabelFormat = 'svg' | 'png' | 'pdf';

/** The label in one format: its bytes (or SVG text), media type and file name. */
export async function renderLabel(db: Executor, ctx: ServiceContext, id: string, settings: { baseUrl: string; pdfFont: string | undefined }, format: LabelFormat, language: LabelLanguage = 'zh-CN'): Promise<{ body: Buffer | string; type: string; fileName: string }> {
  const label = await loadLabel(db, ctx, id, settings.baseUrl, language);
  // pdfkit and qrcode load only when a label is asked for (start-up stays light).
  const engine = await import('./engine/label');
  const fileName = `label-${label.manifestNumber}.${format}`;
  switch (format) {
    case 'svg':
      return { body: await engine.labelQrSvg(label.verifyUrl), type: 'image/svg+xml', fileName };
    case 'png':
      return { body: await engine.labelQrPng(label.verifyUrl), type: 'image/png', fileName };
    case 'pdf': {
      // The bulletins module resolves the deployment's CJK font; loaded here only (CLI start-up).
      const { resolvePdfFont } = await (await import('../bulletins')).loadBulletinPdf();
      const font = resolvePdfFont(settings.pdfFont);
      const pdf = await engine.renderLabelPdf(label, { bytes: readFont(font.path), ...(font.member ? { member: font.member } : {}) }, language);
      return { body: pdf, type: 'application/pdf', fileName };
    }
  }
}

/** The region's city (or province) by name; null when the region list does not know it. */
async function cityOf(db: Executor, regionCode: string): Promise<{ nameZh: string; nameEn: string } | null> {
  for (const code of cityCodes(regionCode)) {
    const r = await findRegion(db, code);
    if (r) return { nameZh: r.name_zh, nameEn: r.name_en };
  }
  return null;
}

/** The public page of the load whose label carries `token`; an unknown token is simply not found. */
export async function publicManifest(db: Executor, ctx: ServiceContext, token: string, now = new Date()): Promise<PublicManifestView> {
  permit(ctx.viewer, manifestsPolicy.readPublic(ctx.viewer));
  const m = /^[0-9a-f]{32}$/.test(token) ? await publicRepo.findByPublicToken(db, token) : undefined;
  if (!m) throw errors.notFound('Manifest', token);
  const [lines, events, parties, verification] = [await repo.linesOf(db, [m.id]), await repo.eventsOf(db, [m.id]), await partiesOf(db, m), await verifyHeads(db, [m], true)];
  const codes = await repo.codesByCode(db, lines.map((l) => l.waste_code));
  const classes = new Map<string, 'general' | 'hazardous'>();
  for (const l of lines) {
    const list = codes.get(l.waste_code)?.list ?? (l.category.startsWith('HW') ? 'hazardous' : 'general');
    classes.set(l.category, list);
  }
  const role = (orgId: string): PublicManifestView['steps'][number]['role'] =>
    orgId === m.generator_id ? 'generator' : orgId === m.receiver_id ? 'receiver' : parties.transporters.includes(orgId) ? 'transporter' : 'other';
  const broken = verification.broken[0];
  return {
    number: m.number,
    status: m.status,
    hazardous: [...classes.values()].includes('hazardous'),
    wasteClasses: [...classes].map(([category, list]) => ({ category, list })),
    quantityBand: quantityBand(tonnesOf(lines)),
    origin: await cityOf(db, m.region_code),
    destination: await cityOf(db, m.receiver_region_code),
    steps: events.map((e) => ({ seq: e.seq, kind: e.kind, at: e.at.toISOString(), role: role(e.signer_organisation_id) })),
    verification: { verified: broken === undefined, events: verification.events, broken: broken ? { seq: broken.seq, reason: broken.reason } : null, checkedAt: now.toISOString() },
  };
}
