import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { eventIdFor, journeyIdFor } from './ids';

const NAMESPACE = '6f1c1f63-1d0a-4d4e-9a4b-6a1b5d0e7c21';

describe('derived ids', () => {
  it('are the RFC 4122 version-5 UUIDs the ledger has always derived, so a re-import finds what an earlier one wrote', () => {
    // given ids derived before (by the uuid package) for any tenant, command id and index, in any script
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.nat(50), (tenant, command, index) => {
        // then the ledger's own derivation gives the very same ids
        expect(eventIdFor(tenant, command, index)).toBe(uuidv5(`${tenant}/${command}/${index}`, NAMESPACE));
        expect(journeyIdFor(tenant, command)).toBe(uuidv5(`${tenant}/journey/${command}`, NAMESPACE));
      }),
      { numRuns: 2000 },
    );
  });

  it('are pinned for a known command: stored event and journey ids depend on them', () => {
    expect(eventIdFor('north-shire', 'cin/G00000001/2021-03-04/referral', 0)).toBe('4552e63e-e99d-5307-bf1e-da02e7602782');
    expect(journeyIdFor('north-shire', 'cin/G00000001/2021-03-04')).toBe('59a1cb6f-f7f3-5ff2-baf1-cbfd4695b7e7');
  });
});
