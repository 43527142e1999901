import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { journeyStreamId } from '@journey-ledger/domain';
import type { Role } from '@journey-ledger/auth';
import { launchChromium, menuOf, screenshot, seriousViolations, signIn, startWebApp, WebApp } from './support';

// Functions passed to page.evaluate run in the browser, where these exist.
declare const sessionStorage: any;
declare const document: any;

/**
 * The web application in a real browser (Debian Chromium, headless) against the real app on the
 * embedded store with generated journeys: what each role sees, figures against the API's, the
 * process map to a journey, replay, as-known-at, scenarios, and a tampered event in the audit view.
 * Each page is checked with axe-core and saved as a screenshot under test-output/web.
 */
describe('web application in Chromium', () => {
  let t: WebApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const en = new Intl.NumberFormat('en-GB');

  beforeAll(async () => {
    t = await startWebApp(400);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterEach(async () => context.close());

  const accessible = async (name: string) => {
    await screenshot(page, name);
    expect({ page: name, violations: await seriousViolations(page) }).toEqual({ page: name, violations: [] });
  };

  it('given no sign-in, when the address is opened, then the sign-in page asks for a role and nothing else is shown', async () => {
    await page.goto(`${t.base}/#/dashboard`);
    await page.waitForSelector('h1:has-text("Sign in")');
    expect(await page.locator('#navigation').count()).toBe(0);
    await page.click('button[type=submit]:has-text("Sign in")');
    await page.waitForSelector('.govuk-error-summary');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Select the role to sign in as');
    await accessible('sign-in');
  });

  it.each<[Role, string[]]>([
    ['analyst', ['Front door dashboard', 'Process map', 'Change evaluation']],
    ['designer', ['Front door dashboard', 'Process map', 'Journey explorer', 'Scenarios', 'Families', 'Change evaluation']],
    ['auditor', ['Journey explorer', 'Families', 'Audit']],
    ['recorder', []],
  ])('signed in as %s, the menu offers only that role’s pages', async (role, pages) => {
    await signIn(page, t.base, role);
    expect((await menuOf(page)).filter((m) => !m.startsWith('Sign out'))).toEqual(pages);
    // The token is in the tab's session storage, never in the address.
    const stored = await page.evaluate(() => sessionStorage.getItem('journey-ledger.session'));
    expect(stored).toContain('"token"');
    expect(page.url()).not.toMatch(/ey[A-Za-z0-9_-]{10,}\./);
  });

  it('as an analyst, a page for another role says it is not allowed, and a rejected token leads back to sign-in', async () => {
    await signIn(page, t.base, 'analyst');
    await page.goto(`${t.base}/#/audit`);
    await page.waitForSelector('.govuk-warning-text');
    expect(await page.locator('.govuk-warning-text').innerText()).toContain('Your role does not allow you to see this page');
    await accessible('not-allowed');
    await page.evaluate(() =>
      sessionStorage.setItem(
        'journey-ledger.session',
        JSON.stringify({ token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZXMiOlsiYW5hbHlzdCJdfQ.forged', userId: 'x', roles: ['analyst'] }),
      ),
    );
    await page.reload();
    await page.waitForSelector('h1:has-text("Sign in")');
  });

  it('as an analyst, when a filter changes, then the figures on screen equal the API’s for the same filter, and small counts read "suppressed"', async () => {
    await signIn(page, t.base, 'analyst');
    await page.waitForSelector('[data-figure="contacts"]');
    const [all] = (await t.api<any>('analyst', '/metrics/funnel')).rows;
    expect(await page.locator('[data-figure="contacts"]').innerText()).toBe(en.format(all.contacts.journeys));
    await accessible('dashboard');

    await page.selectOption('#filter-source', '2A');
    await page.click('button:has-text("Apply filters")');
    await page.waitForURL(/source=2A/);
    const [funnel] = (await t.api<any>('analyst', '/metrics/funnel?source=2A')).rows;
    const [nfa] = (await t.api<any>('analyst', '/metrics/nfa-rates?source=2A')).rows;
    const [handovers] = (await t.api<any>('analyst', '/metrics/handovers?source=2A')).rows;
    expect(funnel.contacts.journeys).toBeLessThan(all.contacts.journeys);
    await page.waitForFunction((n) => document.querySelector('[data-figure="contacts"]')?.textContent === n, en.format(funnel.contacts.journeys));
    await page.waitForSelector('#table-histogram');
    const contactNfa = await page.locator('[data-figure="contact-nfa"]').innerText();
    expect(contactNfa).toContain(`(${en.format(nfa.contact.numerator)} of ${en.format(nfa.contact.denominator)})`);

    const cells = await page.locator('#table-histogram tbody tr td').allInnerTexts();
    const expected = Object.values(handovers.distribution as Record<string, number | null>).map((v) => (v === null ? 'suppressed' : en.format(v)));
    expect(cells).toEqual(expected);
    expect(expected).toContain('suppressed');
    const withheld = page.locator('#table-histogram [data-suppressed="true"]').first();
    expect(await withheld.getAttribute('title')).toMatch(/^Withheld: counts from 1 to 4/);
    await accessible('dashboard-filtered');
  });

  it('as an analyst, the dashboard shows the staff cost and breaks handovers and the contact NFA rate down by ethnicity as the API does', async () => {
    await signIn(page, t.base, 'analyst');
    await page.waitForSelector('[data-figure="cost"]');
    const cost = await t.api<any>('analyst', '/metrics/cost');
    const total = cost.rows.find((r: any) => r.team === 'total');
    const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
    expect(await page.locator('[data-figure="cost"]').innerText()).toBe(pounds.format(total.cost));
    expect(await page.locator('#equality-group-by option').allInnerTexts()).toEqual(['No breakdown', 'Sex', 'Age band', 'Ethnicity', 'Disability']);

    await page.selectOption('#equality-group-by', 'ethnicity');
    await page.waitForSelector('#table-equality');
    expect(page.url()).toContain('equality=ethnicity');
    const breakdown = await t.api<any>('analyst', '/metrics/handovers?groupBy=ethnicity');
    const rows = breakdown.rows.filter((r: any) => r.table === 'journeys-by-handovers');
    expect(await page.locator('#table-equality tbody tr th').allInnerTexts()).toEqual(rows.map((r: any) => r.ethnicity));
    const white = rows.find((r: any) => r.ethnicity === 'WBRI');
    const whiteRow = page.locator('#table-equality tbody tr:has(th:text-is("WBRI"))');
    expect(await whiteRow.locator('td').first().innerText()).toBe(white.total === null ? 'suppressed' : en.format(white.total));
    // Small groups are withheld, never shown as 0.
    expect(await page.locator('#table-equality [data-suppressed="true"]').count()).toBeGreaterThan(0);
    await accessible('dashboard-equality');
  });

  it('as an analyst, a table sorts by a column of figures from its header, largest first, withheld figures last', async () => {
    await signIn(page, t.base, 'analyst');
    await page.waitForSelector('#table-histogram');
    const [handovers] = (await t.api<any>('analyst', '/metrics/handovers')).rows;
    const distribution = Object.entries(handovers.distribution as Record<string, number | null>);
    const shown = async () => ({
      buckets: await page.locator('#table-histogram tbody tr th').allInnerTexts(),
      journeys: await page.locator('#table-histogram tbody tr td').allInnerTexts(),
    });
    const asShown = (rows: [string, number | null][]) => ({
      buckets: rows.map(([k]) => k),
      journeys: rows.map(([, v]) => (v === null ? 'suppressed' : en.format(v))),
    });
    const journeysHeader = page.locator('#table-histogram th[scope=col]').nth(1);
    expect(await journeysHeader.getAttribute('aria-sort')).toBe('none');
    expect(await shown()).toEqual(asShown(distribution));

    await journeysHeader.locator('button').click();
    expect(await journeysHeader.getAttribute('aria-sort')).toBe('descending');
    const byCount = (direction: 1 | -1) =>
      [...distribution].sort(([, a], [, b]) => (a === null || b === null ? Number(a === null) - Number(b === null) : direction * (a - b)));
    expect(await shown()).toEqual(asShown(byCount(-1)));

    await journeysHeader.locator('button').press('Enter');
    expect(await journeysHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await shown()).toEqual(asShown(byCount(1)));
    await accessible('dashboard-sorted');
  });

  it('as an analyst, the dashboard’s filters carry over to the process map, whose handovers are the API’s for the same filter', async () => {
    await signIn(page, t.base, 'analyst');
    await page.goto(`${t.base}/#/dashboard?source=2A`);
    await page.click('#map-for-filters');
    await page.waitForURL(/#\/map\?source=2A/);
    await page.waitForSelector('#table-edges');
    expect(await page.locator('#map-filters').innerText()).toContain('referral source 2A');
    const matrix = (await t.api<any>('analyst', '/metrics/flows/matrix?source=2A')).rows as { handovers: number | null; suppressed: boolean }[];
    const all = (await t.api<any>('analyst', '/metrics/flows/matrix')).rows as { handovers: number | null }[];
    const total = (rows: { handovers: number | null }[]) => rows.reduce((n, r) => n + (r.handovers ?? 0), 0);
    expect(total(matrix)).toBeLessThan(total(all));
    const handovers = await page.locator('#table-edges tbody tr').evaluateAll((rows) => rows.map((r: any) => r.querySelectorAll('td')[1].textContent));
    expect(handovers).toEqual(matrix.map((r) => (r.handovers === null ? (r.suppressed ? 'suppressed' : '–') : en.format(r.handovers))));
    // The way back keeps the filter.
    expect(await page.locator('#map-filters a').getAttribute('href')).toBe('#/dashboard?source=2A');
  });

  it('as a designer, the process map leads from a handover to its journeys and one of them replays to its end', async () => {
    await signIn(page, t.base, 'designer');
    await page.goto(`${t.base}/#/map`);
    await page.waitForSelector('#process-map canvas');
    await page.waitForSelector('#table-paths');
    await accessible('process-map');

    await page.click('summary:has-text("Choose a handover with the keyboard")');
    const edge = page.locator('button[data-edge]').first();
    const [from, to] = ((await edge.getAttribute('data-edge')) as string).split('>');
    await edge.click();
    await page.waitForSelector('#edge-detail #journey-results');
    const first = page.locator('#edge-detail #journey-results tbody a').first();
    await first.click();
    await page.waitForURL(/#\/journeys\/[0-9a-f-]{36}/);
    const journeyId = /#\/journeys\/([0-9a-f-]{36})/.exec(page.url())?.[1] as string;
    const journey = await t.api<any>('designer', `/journeys/${journeyId}`);
    expect(journey.holderSpells.map((s: any) => s.team).join('>')).toContain(`${from}>${to}`);

    await page.waitForSelector('#steps-table');
    const total = await page.locator('#steps-table tbody tr').count();
    await page.click('button:has-text("First step")');
    await page.waitForSelector(`label[for="step-slider"]:has-text("Step 1 of ${total}")`);
    for (let i = 1; i < total; i++) await page.click('button:has-text("Next step")');
    await page.waitForSelector(`label[for="step-slider"]:has-text("Step ${total} of ${total}")`);
    expect(await page.locator('button:has-text("Next step")').isDisabled()).toBe(true);
    const replay = await t.api<any>('designer', `/journeys/${journeyId}/replay`);
    expect(total).toBe(replay.steps.length);
    expect(await page.locator('#current-step').innerText()).toContain(replay.steps[total - 1].event.type);
    await accessible('journey-replay');
  });

  it('as a designer, a journey as known before a withdrawal shows the entry, marked as withdrawn later', async () => {
    const recorder = await t.token('recorder');
    const post = async (path: string, body: Record<string, unknown>) => {
      const res = await fetch(`${t.base}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${recorder}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ commandId: randomUUID(), ...body }),
      });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as any;
    };
    t.setClock(new Date('2026-01-12T10:00:00Z'));
    const { journeyId } = await post('/journeys', {
      childRef: `web-${randomUUID().slice(0, 8)}`,
      source: '2A',
      channel: 'phone',
      team: 'customer-access',
      levelOfNeed: '3',
      occurredAt: '2026-01-12T09:00:00Z',
    });
    await post(`/journeys/${journeyId}/handovers`, {
      fromTeam: 'customer-access',
      toTeam: 'mash',
      reason: 'threshold-decision',
      occurredAt: '2026-01-12T09:30:00Z',
    });
    const events = await t.api<any[]>('recorder', `/journeys/${journeyId}/events`);
    const handover = events.find((e) => e.type === 'CaseHandedOver');
    t.setClock(new Date('2026-01-20T10:00:00Z'));
    await post(`/journeys/${journeyId}/withdrawals`, {
      eventId: handover.eventId,
      reason: 'wrong-journey',
      occurredAt: '2026-01-20T09:00:00Z',
    });
    t.setClock(null);

    await signIn(page, t.base, 'designer');
    await page.goto(`${t.base}/#/journeys/${journeyId}`);
    await page.waitForSelector('#withdrawn-table');
    expect(await page.locator('#withdrawn-table').innerText()).toContain('CaseHandedOver');
    expect(await page.locator('#steps-table').innerText()).not.toContain('CaseHandedOver');

    await page.fill('#as-known-at', '2026-01-15');
    await page.click('button:has-text("Show")');
    await page.waitForURL(/asKnownAt=2026-01-15/);
    await page.waitForSelector('#steps-table [data-withdrawn="later"]');
    expect(await page.locator('#steps-table tr:has([data-withdrawn="later"])').innerText()).toContain('CaseHandedOver');
    await accessible('journey-as-known-at');
  });

  it('as a designer, a family’s journeys are shown side by side, stepped through, with the teams and practitioners the family met', async () => {
    const recorder = await t.token('recorder');
    const post = async (path: string, body: Record<string, unknown>) => {
      const res = await fetch(`${t.base}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${recorder}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ commandId: randomUUID(), ...body }),
      });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as any;
    };
    const familyRef = `fam-web-${randomUUID().slice(0, 8)}`;
    const sibling = async (child: string, day: string) => {
      const { journeyId } = await post('/journeys', {
        childRef: child,
        source: '2A',
        channel: 'phone',
        team: 'mash',
        levelOfNeed: '3',
        occurredAt: `${day}T09:00:00Z`,
      });
      await post(`/journeys/${journeyId}/family-memberships`, { familyRef, occurredAt: `${day}T09:00:00Z` });
      await post(`/journeys/${journeyId}/practitioner-allocations`, {
        practitionerRef: 'w-web-1',
        team: 'mash',
        role: 'social-worker',
        reason: 'first-allocation',
        occurredAt: `${day}T09:30:00Z`,
      });
      return journeyId as string;
    };
    // Child A: MASH with w-web-1, then assessment-north with w-web-2; child B, two days later: MASH with w-web-1 again.
    const first = await sibling(`web-${randomUUID().slice(0, 8)}`, '2026-01-05');
    await post(`/journeys/${first}/handovers`, { fromTeam: 'mash', toTeam: 'assessment-north', reason: 'for-assessment', occurredAt: '2026-01-06T09:00:00Z' });
    await post(`/journeys/${first}/practitioner-allocations`, {
      practitionerRef: 'w-web-2',
      team: 'assessment-north',
      role: 'social-worker',
      reason: 'case-transferred',
      occurredAt: '2026-01-06T10:00:00Z',
    });
    await sibling(`web-${randomUUID().slice(0, 8)}`, '2026-01-07');

    await signIn(page, t.base, 'designer');
    await page.click('#navigation a:has-text("Families")');
    await page.waitForSelector('#family-ref');
    await page.fill('#family-ref', 'The Smiths');
    await page.click('button:has-text("Show family")');
    await page.waitForSelector('#family-ref-error');
    await page.fill('#family-ref', familyRef);
    await page.click('button:has-text("Show family")');
    await page.waitForSelector('#family-summary');
    const figure = (name: string) => page.locator(`[data-figure="${name}"]`).innerText();
    // Two teams (MASH, assessment-north), two workers (w-web-1 met by both children counts once), both journeys open at once.
    expect([await figure('family-journeys'), await figure('family-teams'), await figure('family-practitioners'), await figure('family-at-once')]).toEqual([
      '2',
      '2',
      '2',
      '2',
    ]);
    expect(await page.locator('#family-journeys tbody tr').count()).toBe(2);
    await accessible('family');

    // Step through from the start: child A alone at the MASH, no worker yet.
    await page.click('button:has-text("First step")');
    await page.waitForURL(/step=1/);
    await page.waitForFunction(() => document.querySelector('[data-figure="family-open-now"]')?.textContent === '1');
    expect([await figure('family-teams-so-far'), await figure('family-practitioners-so-far')]).toEqual(['1', '0']);
    await page.click('button:has-text("Next step")');
    await page.click('button:has-text("Next step")');
    await page.click('button:has-text("Next step")');
    await page.waitForURL(/step=4/);
    await page.waitForFunction(() => document.querySelector('[data-figure="family-practitioners-so-far"]')?.textContent === '1');
    await page.click('button:has-text("Last step")');
    await page.waitForFunction(() => document.querySelector('[data-figure="family-open-now"]')?.textContent === '2');
    expect(await page.locator('#family-journeys tbody tr').nth(0).innerText()).toContain('Assessment Team North');
    expect(page.url()).toContain(familyRef);
    await accessible('family-last-step');

    // As recorded on a date before anything about the family was: nothing to show, said so; a bad date is refused.
    await page.fill('#family-as-known-at', 'soon');
    await page.click('button:has-text("Show as recorded")');
    await page.waitForSelector('#family-as-known-at-error');
    await page.fill('#family-as-known-at', '2026-01-01');
    await page.click('button:has-text("Show as recorded")');
    await page.waitForURL(/asKnownAt=2026-01-01/);
    await page.waitForSelector('.govuk-inset-text:has-text("Nothing about this family had been recorded by 2026-01-01")');
    const today = new Date().toISOString().slice(0, 10);
    await page.fill('#family-as-known-at', today);
    await page.click('button:has-text("Show as recorded")');
    await page.waitForSelector(`.govuk-inset-text:has-text("As recorded by the end of ${today}")`);
    expect(await figure('family-practitioners')).toBe('2');
  });

  it('as a designer, a search by child reference finds the journey without putting the reference in the address', async () => {
    const [row] = await t.db.query<{ journey_id: string; child_ref: string }>(
      'select journey_id, child_ref from journey_summary where handovers >= 2 order by journey_id limit 1',
    );
    await signIn(page, t.base, 'designer');
    await page.goto(`${t.base}/#/journeys`);
    await page.fill('#search-childRef', row.child_ref);
    await page.click('button:has-text("Find journeys")');
    await page.waitForSelector('#journey-results');
    expect(await page.locator('#journey-results tbody a').first().getAttribute('href')).toContain(row.journey_id);
    expect(page.url()).not.toContain(row.child_ref);
    await accessible('journey-explorer');
  });

  it('as a designer, an invalid scenario is refused line by line, and a valid one runs with today and the scenario side by side', async () => {
    await signIn(page, t.base, 'designer');
    await page.goto(`${t.base}/#/scenarios`);
    // Nothing stored yet: the list says so rather than showing an empty table.
    await page.waitForSelector('#no-scenarios');
    expect(await page.locator('#stored-scenarios').count()).toBe(0);
    await page.fill('#scenario-source', 'format: journey-ledger/scenario@1\nid: broken\ntenant: north-shire\ntitle: Broken\nchanges: []\n');
    await page.click('button:has-text("Save scenario")');
    await page.waitForSelector('.govuk-error-summary');
    expect(await page.locator('.govuk-error-summary').innerText()).toMatch(/line \d+/);
    await accessible('scenario-upload-error');

    await page.fill('#scenario-source', readFileSync(join(__dirname, '../../config/scenarios/one-front-door.yaml'), 'utf8'));
    await page.click('button:has-text("Save scenario")');
    await page.waitForURL(/#\/scenarios\/one-front-door/);
    await page.click('button:has-text("Run scenario")');
    await page.waitForSelector('#scenario-results', { timeout: 60_000 });
    const designer = await t.token('designer');
    const run = (await (
      await fetch(`${t.base}/scenarios/one-front-door/runs`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${designer}`, 'Content-Type': 'application/json' },
        body: '{}',
      })
    ).json()) as any;
    const handovers = run.measures.find((m: any) => m.measure === 'handovers');
    const cells = await page.locator('#scenario-results tr[data-measure="handovers"] td').allInnerTexts();
    expect(cells.slice(0, 2)).toEqual([String(handovers.today.mean), String(handovers.scenario.mean)]);
    // Hours and £ saved beside the handovers saved, as the council's cost model gives them.
    const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
    expect(await page.locator('#scenario-cost tbody tr:has-text("Staff cost") td').nth(2).innerText()).toBe(pounds.format(run.cost.saved.cost));
    expect(await page.locator('#scenario-cost tbody tr:has-text("Handovers") td').nth(2).innerText()).toBe(String(run.cost.saved.handovers));
    // The equality impact, by each characteristic the designer may see; the children's characteristics were recorded.
    expect(await page.locator('#scenario-group-by option').allInnerTexts()).toEqual(['Sex', 'Age band', 'Ethnicity', 'Disability']);
    await page.selectOption('#scenario-group-by', 'disability');
    await page.waitForSelector('caption:has-text("by disability")');
    const groups = await page.locator('#scenario-by-group tbody tr th').allInnerTexts();
    expect(groups).toEqual(run.byGroup.disability.map((g: any) => g.group));
    expect(groups).toContain('not-disabled');
    await accessible('scenario-run');
  });

  it('as a designer, a saved scenario is listed newest first, and opens and runs from the list', async () => {
    await signIn(page, t.base, 'designer');
    await page.goto(`${t.base}/#/scenarios`);
    const source = readFileSync(join(__dirname, '../../config/scenarios/one-front-door.yaml'), 'utf8')
      .replace('id: one-front-door', 'id: listed-front-door')
      .replace(/^title: .*$/m, 'title: Listed front door');
    await page.fill('#scenario-source', source);
    await page.click('button:has-text("Save scenario")');
    await page.waitForURL(/#\/scenarios\/listed-front-door/);

    await page.click('a.govuk-back-link:has-text("All scenarios")');
    await page.waitForSelector('#stored-scenarios');
    const designer = await t.token('designer');
    const listed = (await (await fetch(`${t.base}/scenarios`, { headers: { Authorization: `Bearer ${designer}` } })).json()) as any;
    const firstRow = page.locator('#stored-scenarios tbody tr').first();
    expect(await page.locator('#stored-scenarios tbody tr').count()).toBe(listed.total);
    expect((await firstRow.locator('th, td').allInnerTexts()).slice(0, 4)).toEqual([
      'Listed front door',
      '1',
      `${listed.scenarios[0].summary.changes} change${listed.scenarios[0].summary.changes === 1 ? '' : 's'}`,
      `${listed.scenarios[0].summary.newTeams} team${listed.scenarios[0].summary.newTeams === 1 ? '' : 's'}`,
    ]);
    expect(await firstRow.locator('td').nth(4).innerText()).toBe(listed.scenarios[0].recordedBy);
    await accessible('scenario-list');

    await firstRow.locator('a:has-text("Listed front door")').click();
    await page.waitForURL(/#\/scenarios\/listed-front-door$/);
    await page.waitForSelector('h2:has-text("Listed front door")');

    await page.goBack();
    await page.waitForSelector('#stored-scenarios');
    await page.locator('#stored-scenarios tbody tr').first().locator('a:has-text("Run listed-front-door")').click();
    await page.waitForURL(/#\/scenarios\/listed-front-door\?run=now/);
    await page.waitForSelector('#scenario-results', { timeout: 60_000 });
    expect(await page.locator('#scenario-results caption').innerText()).toMatch(/^Today and in the scenario, over [\d,]+ journeys$/);
  });

  it('as an analyst, a recorded change opens from the list with each rate before and after as the API gives it, and the time series', async () => {
    const analyst = await t.token('analyst');
    const recorded = await fetch(`${t.base}/changes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${analyst}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        commandId: randomUUID(),
        changeId: 'web-front-door',
        title: 'Web front door',
        goLive: '2024-10-01',
        teams: ['customer-access', 'mash'],
      }),
    });
    expect(recorded.status).toBe(201);
    await signIn(page, t.base, 'analyst');
    await page.goto(`${t.base}/#/changes`);
    await page.waitForSelector('#table-changes');
    expect(await page.locator('#table-changes tbody tr').first().locator('th, td').allInnerTexts()).toEqual([
      'Web front door',
      '2024-10-01',
      'Customer Access Centre, Multi-Agency Safeguarding Hub',
    ]);
    await accessible('change-list');

    await page.click('#table-changes a:has-text("Web front door")');
    await page.waitForURL(/#\/changes\/web-front-door$/);
    await page.waitForSelector('#table-rates');
    const evaluation = await t.api<any>('analyst', '/metrics/change-evaluation?changeId=web-front-door&months=6');
    const nfa = evaluation.rates.contactNfa;
    const row = page.locator('#table-rates tbody tr:has-text("Contacts decided no further action")');
    const pct = new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    expect(await row.locator('td').nth(0).innerText()).toBe(
      `${pct.format(nfa.before.rate)} (${en.format(nfa.before.numerator)} of ${en.format(nfa.before.denominator)})`,
    );
    expect(await row.locator('td').nth(1).innerText()).toBe(`${pct.format(nfa.before.interval.lower)} to ${pct.format(nfa.before.interval.upper)}`);
    expect(await row.locator('td').nth(5).innerText()).toBe(nfa.intervalsOverlap ? 'yes' : 'no');
    expect(await page.locator('#table-its tbody tr').count()).toBe(5);
    // Each month of a handful of journeys has small counts: an analyst sees the series withheld, never a 0.
    const handoversSeries = evaluation.interruptedTimeSeries.handoversPerJourney;
    const itsRow = page.locator('#table-its tbody tr:has-text("Handovers per journey")');
    if (handoversSeries.withheld) expect(await itsRow.locator('[data-suppressed="true"]').count()).toBe(2);
    else {
      expect(await itsRow.locator('td').nth(0).innerText()).not.toBe('–');
      // Month by month, with the fitted lines: a row per month of both windows.
      expect(await page.locator('#table-monthly-handovers tbody tr td:nth-of-type(2)').allInnerTexts()).toEqual(
        handoversSeries.months.map((m: any) => en.format(m.count)),
      );
    }
    expect(await page.locator('#evaluation-notes').innerText()).toContain('school summer holidays of 2024');
    await accessible('change-evaluation');

    await page.click('a:has-text("3 months")');
    await page.waitForURL(/months=3/);
    await page.waitForFunction(() => document.querySelector('strong[aria-current="true"]')?.textContent === '3 months');
  });

  it('as an auditor, an event altered directly in the store is flagged on that exact event', async () => {
    const [target] = await t.db.query<{ event_id: string; stream_id: string; revision: number }>(
      "select event_id, stream_id, revision from events where type = 'ReferralAccepted' order by position limit 1",
    );
    const journeyId = target.stream_id.replace(/^journey-/, '');
    expect(journeyStreamId(journeyId)).toBe(target.stream_id);
    await signIn(page, t.base, 'auditor');
    await page.goto(`${t.base}/#/audit/${journeyId}`);
    await page.waitForSelector('#chain-verdict[data-status="intact"]');
    await accessible('audit-intact');

    expect(await t.db.execute(`update events set data = json_set(data, '$.primaryNeedCode', 'N9') where event_id = $1`, [target.event_id])).toBe(1);
    await page.reload();
    await page.waitForSelector('#chain-verdict[data-status="broken"]');
    const verdicts = await page
      .locator('#audit-table tbody tr')
      .evaluateAll((rows) => rows.map((r) => [Number(r.getAttribute('data-revision')), r.getAttribute('data-valid')]));
    expect(verdicts.filter(([, v]) => v === 'false')).toEqual([[Number(target.revision), 'false']]);
    expect(await page.locator('#chain-verdict').innerText()).toContain(target.event_id);
    expect(await page.locator('table:has-text("Reads of this journey")').innerText()).toContain('demo-auditor');
    await accessible('audit-broken');
  });
});
