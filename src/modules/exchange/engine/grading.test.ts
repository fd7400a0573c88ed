import { describe, expect, it } from 'vitest';
import { type GradingStandard, gradeLot, INITIAL_GRADING_STANDARDS, standardProblems } from './grading';

const cellulose = INITIAL_GRADING_STANDARDS.find((s) => s.class === 'cellulose-rich')!;

describe('grading of by-product lots', () => {
  it('gives the best grade every criterion meets, and names the criterion that kept it from the next one', () => {
    expect(gradeLot(cellulose, { moisture: 12, crudeFibre: 45, ash: 6 })).toEqual({ grade: 'A', limitedBy: null, standardVersion: 1 });
    expect(gradeLot(cellulose, { moisture: 22, crudeFibre: 45, ash: 6 })).toEqual({
      grade: 'B',
      limitedBy: { assay: 'moisture', value: 22, bound: 'max', limit: 15, grade: 'A' },
      standardVersion: 1,
    });
    expect(gradeLot(cellulose, { moisture: 12, crudeFibre: 25, ash: 6 })).toMatchObject({ grade: 'C', limitedBy: { assay: 'crudeFibre', bound: 'min', limit: 30, grade: 'B' } });
  });

  it('does not grade a lot with an assay missing, nor one below grade C', () => {
    expect(gradeLot(cellulose, { moisture: 12 })).toEqual({ grade: null, reason: 'missing-assays', missing: ['crudeFibre', 'ash'], standardVersion: 1 });
    expect(gradeLot(cellulose, { moisture: 70, crudeFibre: 45, ash: 30 })).toEqual({
      grade: null,
      reason: 'below-grade-c',
      failed: [
        { assay: 'moisture', value: 70, bound: 'max', limit: 60 },
        { assay: 'ash', value: 30, bound: 'max', limit: 20 },
      ],
      standardVersion: 1,
    });
  });

  it('accepts the initial standards and refuses one whose limits run the wrong way', () => {
    for (const s of INITIAL_GRADING_STANDARDS) expect(standardProblems(s), s.class).toEqual([]);
    const wrong: GradingStandard = { class: 'lipid-rich', version: 2, criteria: [{ assay: 'crudeFat', unit: '% DM', bound: 'min', limits: { A: 3, B: 8, C: 15 } }] };
    expect(standardProblems(wrong)).toEqual(['criteria[0].limits: grade A must be the strictest and C the loosest (A ≥ B ≥ C)']);
    expect(standardProblems({ ...wrong, criteria: [] })).toEqual(['a standard needs at least one criterion']);
  });
});
