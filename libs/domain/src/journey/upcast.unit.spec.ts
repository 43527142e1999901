import { CURRENT_VERSIONS, StoredEventShape, upcast, upcastWith, UnknownEventError } from './upcast';

/*
 * Stored events never change; code does. These specs hold the rules for reading old shapes, in
 * the graded cases of event versioning: a field added (with the default the past implies), a
 * field renamed, a shape rebuilt by an upcaster, several versions chained, and what is refused.
 */
const stored = (type: string, version: number, data: unknown): StoredEventShape => ({
  type,
  version,
  data,
  metadata: { occurredAt: '2025-04-01T09:00:00.000Z' },
});

describe('reading stored journey events', () => {
  it.each(Object.keys(CURRENT_VERSIONS))('reads %s at its current version unchanged', (type) => {
    const event = stored(type, CURRENT_VERSIONS[type as keyof typeof CURRENT_VERSIONS], { some: 'data' });
    expect(upcast(event)).toEqual(event);
  });

  it('refuses an event type it does not know', () => {
    expect(() => upcast(stored('ChildAdopted', 1, {}))).toThrow(UnknownEventError);
  });

  it('refuses an event written by a newer version of the ledger than this one', () => {
    expect(() => upcast(stored('CaseHandedOver', CURRENT_VERSIONS.CaseHandedOver + 1, {}))).toThrow(UnknownEventError);
  });
});

describe('versioning an event (the graded cases)', () => {
  // An illustrative event whose shape changed three times.
  const versions = { PlanReviewed: 4 };
  const upcasters = {
    // v1 → v2, a new field: plans reviewed before the field existed were all reviewed in person.
    'PlanReviewed@1': (e: StoredEventShape) => ({ ...e, version: 2, data: { ...(e.data as object), mode: 'in-person' } }),
    // v2 → v3, a renamed field: `team` became `reviewingTeam`.
    'PlanReviewed@2': (e: StoredEventShape) => {
      const { team, ...rest } = e.data as { team: string };
      return { ...e, version: 3, data: { ...rest, reviewingTeam: team } };
    },
    // v3 → v4, a rebuilt shape: a free-text outcome became a code; text it cannot read is 'other'.
    'PlanReviewed@3': (e: StoredEventShape) => {
      const { outcome, ...rest } = e.data as { outcome: string };
      return { ...e, version: 4, data: { ...rest, outcomeCode: outcome === 'continue' || outcome === 'end' ? outcome : 'other' } };
    },
  };
  const read = upcastWith(upcasters, versions);

  it('given a v3 event, when read, then the upcaster rebuilds it into v4', () => {
    expect(read(stored('PlanReviewed', 3, { planId: 'p-1', mode: 'video', reviewingTeam: 'cin-north', outcome: 'continue' })).data).toEqual({
      planId: 'p-1',
      mode: 'video',
      reviewingTeam: 'cin-north',
      outcomeCode: 'continue',
    });
  });

  it('given a v2 event, when read, then the renamed field arrives under its new name', () => {
    expect(read(stored('PlanReviewed', 2, { planId: 'p-1', mode: 'video', team: 'cin-north', outcome: 'end' })).data).toEqual({
      planId: 'p-1',
      mode: 'video',
      reviewingTeam: 'cin-north',
      outcomeCode: 'end',
    });
  });

  it('given a v1 event, when read, then every step runs in order and the new field takes the default the past implies', () => {
    const current = read(stored('PlanReviewed', 1, { planId: 'p-1', team: 'cin-north', outcome: 'the family moved away' }));
    expect(current).toEqual({ ...stored('PlanReviewed', 4, {}), data: { planId: 'p-1', mode: 'in-person', reviewingTeam: 'cin-north', outcomeCode: 'other' } });
  });

  it('keeps the metadata (business time, actor) through every step', () => {
    expect(read(stored('PlanReviewed', 1, { planId: 'p-1', team: 't', outcome: 'end' })).metadata).toEqual({ occurredAt: '2025-04-01T09:00:00.000Z' });
  });

  it('refuses a version with no step to the next rather than guessing', () => {
    expect(() => upcastWith({ 'PlanReviewed@1': upcasters['PlanReviewed@1'] }, versions)(stored('PlanReviewed', 2, {}))).toThrow(UnknownEventError);
  });
});
