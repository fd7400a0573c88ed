/**
 * Counterparties' credit grades in the exchange's views (issue 13): every organisation reference
 * of a view (`orgRef`: listings' sellers, demands' buyers, proposals', contracts' and deliveries'
 * parties) gets its current grade from the ratings module. Grades only, and only for signed-in
 * viewers: grades are public inside the platform, reasons stay private.
 */
import type { Executor } from '../../db/database';
import { actorOf, type Viewer } from '../../platform/viewer';
import { currentGrades } from '../ratings';
import type { OrgRefView } from './exchange.market.schema';

function isOrgRef(o: object): o is OrgRefView {
  return 'id' in o && 'code' in o && 'nameZh' in o && 'nameEn' in o && 'creditGrade' in o;
}

/** The organisation references anywhere in a view (views are plain data: objects and arrays). */
function collect(value: unknown, out: OrgRefView[]): void {
  if (Array.isArray(value)) {
    for (const v of value) collect(v, out);
    return;
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return;
  if (isOrgRef(value)) {
    out.push(value);
    return;
  }
  for (const v of Object.values(value)) collect(v, out);
}

/** Fills the current credit grade of each organisation in `view` (in place) for a signed-in viewer; returns the view. */
export async function withCreditGrades<T>(db: Executor, viewer: Viewer, view: T): Promise<T> {
  if (!actorOf(viewer)) return view;
  const refs: OrgRefView[] = [];
  collect(view, refs);
  if (refs.length === 0) return view;
  const grades = await currentGrades(
    db,
    refs.map((r) => r.id),
  );
  for (const r of refs) r.creditGrade = grades.get(r.id) ?? null;
  return view;
}
