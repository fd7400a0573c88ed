import type { Actor } from '../../platform/actor';
import type { ClassificationLevel } from '../../platform/classification';
import { canOverseeOrganisation, canWriteOwnData, isHuman, isPlatformAdmin, isWriter, type OwnerRef, rule } from '../../platform/policy-rules';
import { actorViewer, type Viewer } from '../../platform/viewer';
import type { FiguresQuery } from './byproducts.schema';

/**
 * By-product streams (issue 4). A stream belongs to a manufacturer (`owner`) in a park
 * (`parkId`, possibly null). Its volumes, assays and handling are confidential: seen by the
 * firm, regulators of its region, the administration of its park and platform admins. Written by
 * the firm's admins and members (and its member API tokens), by the park administration on
 * behalf of firms in its park, and by platform admins. Other firms see the internal fields only
 * (kind of residue, stage, state); park and region figures are aggregates and public. The
 * pathway knowledge base is edited by platform admins (people, not tokens). The system viewer
 * (CLI, demo loader) does all of it.
 */
export interface StreamOwnerRef extends OwnerRef {
  parkId: string | null;
}

const isParkAdminOf = (a: Actor, owner: StreamOwnerRef) => a.organisationType === 'park-admin' && owner.parkId !== null && a.parkId === owner.parkId;
const readsStream = (a: Actor, owner: StreamOwnerRef) => canOverseeOrganisation(a, owner) || isParkAdminOf(a, owner);

/** Park and region figures are aggregates: public. The others reveal one firm's volumes. */
const publicScope = (scope: FiguresQuery['scope']) => scope === 'park' || scope === 'region';

export const byproductsPolicy = {
  /** The confidential fields of a stream (volumes, assays, handling), its records and a firm's inputs. */
  read: rule<[StreamOwnerRef]>({ system: true, actor: readsStream }),
  write: rule<[StreamOwnerRef]>({
    system: true,
    actor: (a, owner) => canWriteOwnData(a, owner) || (isParkAdminOf(a, owner) && (a.role === 'admin' || a.role === 'member')) || (isPlatformAdmin(a) && isHuman(a)),
  }),
  /**
   * Sending a stream or records file at all: whoever `write` allows for some firm (writers of a
   * manufacturer or a park administration, human platform admins). Each row's firm is checked
   * by `write` afterwards; this only keeps everyone else from costing a byte of reading.
   */
  importFiles: rule<[]>({
    system: true,
    actor: (a) => (isWriter(a) && (a.organisationType === 'manufacturer' || a.organisationType === 'park-admin')) || (isPlatformAdmin(a) && isHuman(a)),
  }),
  /** Lists of streams, their internal fields, classes and advice: every logged-in user. */
  browse: rule<[]>({ system: true, actor: () => true }),
  /** Figures of a scope: park and region also for anonymous callers. */
  figures: rule<[FiguresQuery['scope']]>({ system: true, anonymous: publicScope, actor: () => true }),
  editPathways: rule<[]>({ system: true, actor: (a) => isPlatformAdmin(a) && isHuman(a) }),
};

/** The classification level a viewer is cleared for on a stream of `owner`. */
export function streamClearance(viewer: Viewer, owner: StreamOwnerRef): ClassificationLevel {
  switch (viewer.kind) {
    case 'system':
      return 'confidential';
    case 'anonymous':
      return 'public';
    case 'actor':
      return readsStream(viewer.actor, owner) ? 'confidential' : 'internal';
  }
}

/** The import routes' gate, checked from the caller alone before the file is read. */
export function mayImportByproductFiles(actor: Actor): boolean {
  return byproductsPolicy.importFiles(actorViewer(actor));
}
