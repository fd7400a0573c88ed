/** A manifest's links through transfer stations, for its page (read by manifests.service.ts). */
import type { Executor } from '../../db/database';
import * as grepo from './manifests.genealogy.repository';
import type { ManifestGenealogyView } from './manifests.genealogy.schema';

/** A manifest's parents (the loads that went into it) and children (the loads it went into). */
export async function genealogyLinks(db: Executor, manifestId: string): Promise<ManifestGenealogyView> {
  const ops = await grepo.operationsOf(db, [manifestId]);
  const parents: ManifestGenealogyView['parents'] = [];
  const children: ManifestGenealogyView['children'] = [];
  for (const { operation, lines } of ops) {
    const mine = lines.filter((l) => l.manifest_id === manifestId);
    const asOutput = mine.some((l) => l.side === 'output');
    const other = lines.filter((l) => l.side === (asOutput ? 'input' : 'output'));
    const seen = new Set<string>();
    for (const l of other) {
      if (seen.has(l.manifest_id)) continue;
      seen.add(l.manifest_id);
      (asOutput ? parents : children).push({ manifestId: l.manifest_id, number: l.number, operationId: operation.id, kind: operation.kind, at: operation.at.toISOString() });
    }
  }
  return { parents, children };
}
