import { claimMappingFromEnv, ClaimMappingError, parseRoleMap, rolesFromClaims, tenantFromClaims } from './claim-mapping';
import type { ClaimMapping } from './claim-mapping';

describe('mapping an identity provider’s claims to Journey Ledger roles', () => {
  const mapping: ClaimMapping = {
    roleClaim: 'groups',
    roles: parseRoleMap('jl-analysts=analyst; jl-designers=designer,analyst; 8d2c1f9e-0b7a-4b61-9a55-3f0e2d6c1a10=auditor'),
    tenantClaim: 'tenant',
  };

  it('given a group listed in the map, the user gets that group’s roles', () => {
    expect(rolesFromClaims({ groups: ['jl-analysts'] }, mapping)).toEqual(['analyst']);
  });

  it('given several mapped groups, the roles are their union, once each, in the roles’ own order', () => {
    expect(rolesFromClaims({ groups: ['jl-analysts', 'jl-designers', '8d2c1f9e-0b7a-4b61-9a55-3f0e2d6c1a10'] }, mapping)).toEqual([
      'designer',
      'analyst',
      'auditor',
    ]);
  });

  it('given only groups the map does not list, or no group claim at all, the user gets no role', () => {
    expect(rolesFromClaims({ groups: ['all-staff', 'jl-analysts-old'] }, mapping)).toEqual([]);
    expect(rolesFromClaims({}, mapping)).toEqual([]);
    expect(rolesFromClaims({ groups: 42 }, mapping)).toEqual([]);
  });

  it('ignores a roles claim the token carries itself: only the mapped claim counts', () => {
    expect(rolesFromClaims({ roles: ['admin'], groups: ['all-staff'] }, mapping)).toEqual([]);
  });

  it('reads a space-separated claim and a dotted path into nested claims', () => {
    expect(rolesFromClaims({ groups: 'all-staff jl-analysts' }, mapping)).toEqual(['analyst']);
    expect(rolesFromClaims({ realm_access: { roles: ['jl-designers'] } }, { ...mapping, roleClaim: 'realm_access.roles' })).toEqual(['designer', 'analyst']);
  });

  it('reads the council from the configured tenant claim', () => {
    expect(tenantFromClaims({ tenant: 'north-shire' }, mapping)).toBe('north-shire');
    expect(tenantFromClaims({ council: 'north-shire' }, { ...mapping, tenantClaim: 'council' })).toBe('north-shire');
    expect(tenantFromClaims({ tenant: '' }, mapping)).toBeUndefined();
    expect(tenantFromClaims({}, mapping)).toBeUndefined();
  });

  describe('the map as configured', () => {
    it('is off unless JOURNEY_LEDGER_ROLE_MAP is set; the role claim defaults to groups and the tenant claim to tenant', () => {
      expect(claimMappingFromEnv({})).toBeUndefined();
      const m = claimMappingFromEnv({ JOURNEY_LEDGER_ROLE_MAP: 'jl-auditors=auditor' });
      expect(m).toEqual({ roleClaim: 'groups', roles: new Map([['jl-auditors', ['auditor']]]), tenantClaim: 'tenant' });
      expect(
        claimMappingFromEnv({ JOURNEY_LEDGER_ROLE_MAP: 'a=analyst', JOURNEY_LEDGER_ROLE_CLAIM: 'roles', JOURNEY_LEDGER_TENANT_CLAIM: 'council' }),
      ).toMatchObject({
        roleClaim: 'roles',
        tenantClaim: 'council',
      });
    });

    it('keeps an "=" inside a claim value and merges repeated values', () => {
      expect(parseRoleMap('CN=Analysts,OU=Staff=analyst; CN=Analysts,OU=Staff=designer')).toEqual(new Map([['CN=Analysts,OU=Staff', ['analyst', 'designer']]]));
    });

    it.each([
      ['an unknown role', 'jl-analysts=analysts', /analysts is not a role/],
      ['an entry without a role', 'jl-analysts=', /"jl-analysts" grants no role/],
      ['an entry without a value', '=analyst', /is not "claim value=role"/],
      ['nothing mapped', ' ; ', /maps no claim value/],
    ])('refuses %s, naming the setting', (_, text, message) => {
      expect(() => parseRoleMap(text)).toThrow(ClaimMappingError);
      expect(() => parseRoleMap(text)).toThrow(message);
    });
  });
});
