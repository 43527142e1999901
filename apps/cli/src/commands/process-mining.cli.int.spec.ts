import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { countIndependently, externalLog } from '@journey-ledger/process-mining/testing';
import { buildProgram } from '../main';

describe('process mining from the command line (embedded store)', () => {
  let dir: string;
  let saved: NodeJS.ProcessEnv;
  let out: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jl-pm-cli-'));
    for (const f of readdirSync('config/tenants')) copyFileSync(join('config/tenants', f), join(dir, f));
    saved = { ...process.env };
    Object.assign(process.env, { JOURNEY_LEDGER_STORE: 'embedded', JOURNEY_LEDGER_DATA_DIR: join(dir, 'data'), JOURNEY_LEDGER_TENANTS_DIR: dir });
    out = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  const cli = (...args: string[]) => buildProgram().parseAsync(['node', 'journey-ledger', ...args]);

  it('import-xes prints the cases, events and handovers the file holds, and adds the teams found to a new tenant’s team map', async () => {
    const expected = countIndependently('running-example.xes', 'org:resource');
    await cli('import-xes', externalLog('running-example.xes'), '--tenant', 'running', '--holder-attribute', 'org:resource', '--tenants-dir', dir);
    expect(out.join('')).toContain(`imported: ${expected.cases} cases, ${expected.events} events, ${expected.handovers} handovers`);
    const tenant = parse(readFileSync(join(dir, 'running.yaml'), 'utf8'));
    expect(tenant.teams.length).toBe(6);
    expect(tenant.teams.every((t: { tier: string; id: string }) => t.tier === 'unknown' && t.id.startsWith('h-'))).toBe(true);
    expect(readFileSync(join(dir, 'running.yaml'), 'utf8')).not.toContain('Pete'); // people's names stay out of the team map

    out.length = 0;
    await cli('handovers', '--tenant', 'running', '--convention', 'pm4py');
    expect(JSON.parse(out.join('')).handovers.total).toBe(expected.pairs);

    await cli('export-xes', '--tenant', 'running', '--tenants-dir', dir, '--out', join(dir, 'running.xes'));
    expect(readFileSync(join(dir, 'running.xes'), 'utf8').match(/<trace>/g)?.length).toBe(expected.cases);
  });
});
