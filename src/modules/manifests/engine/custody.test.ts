import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCustodyEvent, type CustodyEvent, type CustodyState, eventKinds, initialState, isFinal, organisationOf, replayCustody } from './custody';

function run(events: CustodyEvent[], transporters: number): CustodyState {
  let state = initialState;
  for (const e of events) {
    const next = applyCustodyEvent(state, e, transporters);
    if (!next.ok) throw new Error(`${e.kind} refused: ${next.refusal.code}`);
    state = next.state;
  }
  return state;
}

const happy = (n: number): CustodyEvent[] => [
  { kind: 'sealed' },
  { kind: 'picked-up' },
  ...Array.from({ length: n - 1 }, (_, i): CustodyEvent => ({ kind: 'handed-over', to: i + 2 })),
  { kind: 'delivered' },
  { kind: 'received', allRefused: false },
  { kind: 'processed' },
  { kind: 'closed' },
];

describe('custody state machine', () => {
  it('runs the full path with one, two and five transporters', () => {
    for (const n of [1, 2, 5]) expect(run(happy(n), n)).toEqual({ status: 'closed', holder: null, allRefused: false });
  });

  it('names the signer of every step: the transporter taking the load signs a handover, the last one the delivery', () => {
    const parties = { generator: 'g', transporters: ['t1', 't2'], receiver: 'r' };
    let state = initialState;
    const signers: string[] = [];
    for (const e of happy(2)) {
      const next = applyCustodyEvent(state, e, 2);
      if (!next.ok) throw new Error(next.refusal.code);
      signers.push(organisationOf(parties, next.signer)!);
      state = next.state;
    }
    expect(signers).toEqual(['g', 't1', 't2', 't2', 'r', 'r', 'r']);
  });

  it('refuses skipping a transporter, handing over past the last, and delivering by a middle transporter', () => {
    const inTransit: CustodyState = { status: 'in-transit', holder: 1, allRefused: false };
    expect(applyCustodyEvent(inTransit, { kind: 'handed-over', to: 3 }, 3)).toEqual({ ok: false, refusal: { code: 'wrong-handover', expected: 2, to: 3 } });
    expect(applyCustodyEvent({ ...inTransit, holder: 2 }, { kind: 'handed-over', to: 3 }, 2)).toEqual({ ok: false, refusal: { code: 'no-next-transporter', holder: 2 } });
    expect(applyCustodyEvent(inTransit, { kind: 'delivered' }, 2)).toEqual({ ok: false, refusal: { code: 'not-last-transporter', holder: 1, last: 2 } });
  });

  it('signs nothing twice: a second seal or pickup is an illegal transition', () => {
    const sealed = run([{ kind: 'sealed' }], 1);
    expect(applyCustodyEvent(sealed, { kind: 'sealed' }, 1)).toMatchObject({ ok: false, refusal: { code: 'illegal-transition', from: 'sealed' } });
    const picked = run([{ kind: 'sealed' }, { kind: 'picked-up' }], 1);
    expect(applyCustodyEvent(picked, { kind: 'picked-up' }, 1)).toMatchObject({ ok: false, refusal: { code: 'illegal-transition', from: 'in-transit' } });
  });

  it('returns a fully refused load to the generator, who closes it; nothing is processed from it', () => {
    const refused = run([...happy(1).slice(0, 3), { kind: 'received', allRefused: true }], 1);
    expect(applyCustodyEvent(refused, { kind: 'processed' }, 1)).toEqual({ ok: false, refusal: { code: 'nothing-accepted' } });
    const back = applyCustodyEvent(refused, { kind: 'returned' }, 1);
    expect(back).toMatchObject({ ok: true, state: { status: 'returned' }, signer: { role: 'generator' } });
    if (back.ok) expect(applyCustodyEvent(back.state, { kind: 'closed' }, 1)).toMatchObject({ ok: true, state: { status: 'closed' }, signer: { role: 'generator' } });
  });

  it('cancels only before pickup and reroutes only once the load left', () => {
    expect(applyCustodyEvent(initialState, { kind: 'cancelled' }, 1)).toMatchObject({ ok: true, state: { status: 'cancelled' } });
    const picked = run([{ kind: 'sealed' }, { kind: 'picked-up' }], 1);
    expect(applyCustodyEvent(picked, { kind: 'cancelled' }, 1)).toMatchObject({ ok: false });
    expect(applyCustodyEvent(initialState, { kind: 'rerouted' }, 1)).toMatchObject({ ok: false });
    expect(applyCustodyEvent(picked, { kind: 'rerouted' }, 1)).toMatchObject({ ok: true, state: { status: 'rerouted' }, signer: { role: 'generator' } });
  });

  it('replays a stored list and reports where it stops', () => {
    expect(replayCustody([{ kind: 'created' }, ...happy(2)], 2)).toEqual({ state: { status: 'closed', holder: null, allRefused: false }, refusedAt: null });
    expect(replayCustody([{ kind: 'created' }, { kind: 'picked-up' }], 1).refusedAt).toBe(1);
    expect(replayCustody([{ kind: 'sealed' }], 1).refusedAt).toBe(0);
  });

  it('never leaves a final state, and a holder exists exactly in transit (property)', () => {
    const event = fc.oneof(
      fc.constantFrom(...eventKinds.filter((k) => k !== 'handed-over' && k !== 'received')).map((kind) => ({ kind })),
      fc.integer({ min: 0, max: 6 }).map((to): CustodyEvent => ({ kind: 'handed-over', to })),
      fc.boolean().map((allRefused): CustodyEvent => ({ kind: 'received', allRefused })),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(event, { maxLength: 30 }), (n, events) => {
        let state = initialState;
        for (const e of events) {
          const next = applyCustodyEvent(state, e, n);
          if (isFinal(state.status)) expect(next.ok).toBe(false);
          if (!next.ok) continue;
          state = next.state;
          expect(state.holder !== null).toBe(state.status === 'in-transit');
          if (state.holder !== null) expect(state.holder).toBeLessThanOrEqual(n);
        }
      }),
    );
  });
});
