import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestApp, StoreKind, TestApp } from './support/test-app';

/**
 * Many recorders writing to one journey at once, none of them giving `occurredAt` ("it happened
 * now"). None of them did anything wrong, so every one is recorded: nobody is told their entry
 * is out of order or that they lost a race.
 */
describe.each<StoreKind>(['embedded', 'postgres'])('concurrent recorders on one journey (%s store)', (kind) => {
  const CLIENTS = 200;
  let t: TestApp;
  let recorder: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    // A listening server: concurrent requests share it instead of each binding a port of their own.
    await t.app.listen(0, '127.0.0.1');
    recorder = await t.token('recorder');
  });
  afterAll(async () => t.close());

  const post = (path: string, body: object) => request(t.http).post(path).set('Authorization', `Bearer ${recorder}`).send(body);

  it(`records all of ${CLIENTS} further contacts sent at once without occurredAt, in non-decreasing business time`, async () => {
    // Given a journey started just now
    const start = await post('/journeys', {
      commandId: randomUUID(),
      childRef: 'child-busy',
      source: '2A',
      channel: 'phone',
      team: 'customer-access',
      levelOfNeed: '3',
    });
    expect(start.status).toBe(201);
    const journeyId = start.body.journeyId as string;

    // When many recorders add a contact to it at the same moment, none giving occurredAt
    const responses = await Promise.all(
      Array.from({ length: CLIENTS }, () =>
        post(`/journeys/${journeyId}/contacts`, {
          commandId: randomUUID(),
          childRef: 'child-busy',
          source: '3A',
          channel: 'email',
          team: 'mash',
          levelOfNeed: '3',
        }),
      ),
    );

    // Then every one is recorded
    const byStatus: Record<string, number> = {};
    for (const r of responses) {
      const key = r.status === 201 ? '201' : `${r.status} ${r.body.code ?? r.body.error}`;
      byStatus[key] = (byStatus[key] ?? 0) + 1;
    }
    expect(byStatus).toEqual({ '201': CLIENTS });

    // And the journey holds them all, its business times never going backwards in recording order
    const events = (await request(t.http).get(`/journeys/${journeyId}/events`).set('Authorization', `Bearer ${recorder}`)).body as {
      type: string;
      metadata: { occurredAt: string };
    }[];
    expect(events.filter((e) => e.type === 'ContactReceived')).toHaveLength(CLIENTS + 1);
    const times = events.map((e) => Date.parse(e.metadata.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
