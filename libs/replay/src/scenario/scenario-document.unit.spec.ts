import { northShireContext, ONE_FRONT_DOOR } from '../testing/scenario-fixtures';
import { parseScenario, ScenarioValidationError } from './scenario-document';

function problemsOf(text: string) {
  try {
    parseScenario(text, northShireContext);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioValidationError);
    return (e as ScenarioValidationError).problems;
  }
  throw new Error('expected the scenario to be refused');
}

const head = `format: journey-ledger/scenario@1
id: bad
tenant: north-shire
title: A bad scenario
`;

describe('scenario documents', () => {
  describe('a valid merge', () => {
    const scenario = parseScenario(ONE_FRONT_DOOR, northShireContext);

    it('maps both teams to the new front door and leaves the others as they are', () => {
      expect(scenario.teamMap.get('mash')).toBe('front-door');
      expect(scenario.teamMap.get('cart')).toBe('front-door');
      expect(scenario.teamMap.get('customer-access')).toBe('customer-access');
      expect(scenario.redesign.has('mash')).toBe(false);
      expect(scenario.redesign.get('front-door')).toMatchObject({ name: 'Front Door', tier: 'front-door' });
    });
  });

  it('chains changes: mash into cart, cart into the front door, sends both there', () => {
    const s = parseScenario(
      `${head}newTeams: [{ id: front-door, name: Front Door, tier: front-door }]
changes:
  - merge: [mash]
    into: cart
  - merge: [cart]
    into: front-door
`,
      northShireContext,
    );
    expect([s.teamMap.get('mash'), s.teamMap.get('cart')]).toEqual(['front-door', 'front-door']);
  });

  it('renames keep the tier; removal maps to nothing; re-routes resolve their team', () => {
    const s = parseScenario(
      `${head}changes:
  - rename: customer-access
    to: contact-centre
    name: Contact Centre
  - remove: edt
    otherwise: mash
  - reroute: { source: ["6"], levelOfNeed: ["2"] }
    to: early-response
`,
      northShireContext,
    );
    expect(s.teamMap.get('customer-access')).toBe('contact-centre');
    expect(s.redesign.get('contact-centre')).toMatchObject({ tier: 'front-door', name: 'Contact Centre' });
    expect(s.teamMap.get('edt')).toBeNull();
    expect(s.otherwise.get('edt')).toBe('mash');
    expect(s.reroutes).toEqual([{ match: { source: ['6'], levelOfNeed: ['2'] }, to: 'early-response' }]);
  });

  describe('bad input is refused, naming the line and the field', () => {
    it('an unknown team', () => {
      expect(
        problemsOf(`${head}changes:
  - merge: [mash, mashh]
    into: cart
`),
      ).toEqual([{ field: 'changes[0].merge[1]', line: 6, message: expect.stringContaining('unknown team "mashh"') }]);
    });

    it('an unknown target team (not declared under newTeams)', () => {
      expect(
        problemsOf(`${head}changes:
  - merge: [mash, cart]
    into: front-door
`),
      ).toEqual([{ field: 'changes[0].into', line: 7, message: expect.stringContaining('unknown team "front-door"') }]);
    });

    it('one team mapped to two', () => {
      expect(
        problemsOf(`${head}changes:
  - merge: [mash]
    into: cart
  - rename: mash
    to: hub
`),
      ).toEqual([
        { field: 'changes[1].rename', line: 8, message: expect.stringMatching(/team "mash" is already mapped by changes\[0\]\.merge\[0\] \(to "cart"\)/) },
      ]);
    });

    it('a cycle', () => {
      const problems = problemsOf(`${head}changes:
  - merge: [mash]
    into: cart
  - merge: [cart]
    into: mash
`);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ field: 'changes[0].merge[0]', line: 6, message: 'cycle: mash → cart → mash' });
    });

    it('a scenario for another council', () => {
      expect(problemsOf(ONE_FRONT_DOOR.replace('tenant: north-shire', 'tenant: south-vale'))).toEqual([
        { field: 'tenant', line: 3, message: 'this scenario is for "south-vale", not "north-shire"' },
      ]);
    });

    it('a re-route by a level of need the council does not use, to a removed team', () => {
      expect(
        problemsOf(`${head}changes:
  - remove: early-response
  - reroute: { levelOfNeed: ["5"] }
    to: early-response
`).map((p) => [p.field, p.line]),
      ).toEqual([['changes[1].reroute.levelOfNeed[0]', 7]]);
      expect(
        problemsOf(`${head}changes:
  - remove: early-response
  - reroute: { levelOfNeed: ["2"] }
    to: early-response
`),
      ).toEqual([{ field: 'changes[1].to', line: 8, message: '"early-response" is removed in this scenario' }]);
    });

    it('a change that is two things at once', () => {
      expect(problemsOf(`${head}changes:\n  - { merge: [mash], into: cart, remove: edt }\n`)[0]).toMatchObject({ field: 'changes[0]', line: 6 });
    });

    it('JSON is read too, with its lines', () => {
      const json = JSON.stringify(
        { format: 'journey-ledger/scenario@1', id: 'j', tenant: 'north-shire', title: 'J', changes: [{ merge: ['nobody'], into: 'cart' }] },
        null,
        2,
      );
      const [p] = problemsOf(json);
      expect(p.field).toBe('changes[0].merge[0]');
      expect(json.split('\n')[(p.line as number) - 1]).toContain('"nobody"');
    });

    it('a document that is not YAML: the parser’s line', () => {
      const [p] = problemsOf(`${head}changes:\n  - merge: [mash\n`);
      expect(p.field).toBe('(document)');
      expect(p.line).toBeGreaterThanOrEqual(6);
    });

    it('a key given twice', () => {
      expect(problemsOf(`${head}title: again\nchanges: []\n`)[0].field).toBe('(document)');
    });
  });
});
