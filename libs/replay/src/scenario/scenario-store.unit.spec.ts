import { ONE_FRONT_DOOR } from '@journey-ledger/replay/testing';
import { summariseScenario } from './scenario-store';

describe('a stored scenario as listed', () => {
  it('counts its changes and new teams, and carries no text of the document', () => {
    expect(summariseScenario(ONE_FRONT_DOOR)).toEqual({ changes: 1, newTeams: 1, leadPractitioner: null });
  });

  it('names the lead practitioner rule when the scenario redesigns who works with the family', () => {
    expect(
      summariseScenario('format: journey-ledger/scenario@1\nid: one-lead\ntitle: One lead\nnewTeams: []\nchanges: []\nleadPractitioner: one-per-journey\n'),
    ).toEqual({ changes: 0, newTeams: 0, leadPractitioner: 'one-per-journey' });
  });

  it('reads a JSON document as it reads YAML', () => {
    const json = JSON.stringify({
      format: 'journey-ledger/scenario@1',
      id: 'j',
      title: 'J',
      newTeams: [],
      changes: [{ rename: 'mash', to: 'hub' }, { remove: 'edt' }],
    });
    expect(summariseScenario(json)).toEqual({ changes: 2, newTeams: 0, leadPractitioner: null });
  });
});
