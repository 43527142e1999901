import { href, parseRoute } from './route';
import { mayOpen, pagesFor } from './pages';

const ID = '0b8f3c4e-5a1d-4e8b-9c2f-7d6e5a4b3c21';

describe('routes in the URL fragment', () => {
  it('given a journey link with a step and a date, then the page, the journey and both parameters are read back', () => {
    const link = href('journey', ID, { step: '3', asKnownAt: '2025-01-15' });
    expect(link).toBe(`#/journeys/${ID}?step=3&asKnownAt=2025-01-15`);
    const r = parseRoute(link);
    expect(r).toMatchObject({ page: 'journey', id: ID });
    expect(r.params.get('step')).toBe('3');
  });

  it('given an unknown page or a malformed journey id, then it is "not found"', () => {
    expect(parseRoute('#/nowhere').page).toBe('not-found');
    expect(parseRoute('#/journeys/child-42').page).toBe('not-found');
    expect(parseRoute('').page).toBe('home');
  });

  it('given each role, then the menu is the README’s role matrix', () => {
    expect(pagesFor(['analyst']).map((p) => p.page)).toEqual(['dashboard', 'map', 'changes']);
    expect(pagesFor(['auditor']).map((p) => p.page)).toEqual(['journeys', 'families', 'audit']);
    expect(pagesFor(['designer']).map((p) => p.page)).toEqual(['dashboard', 'map', 'journeys', 'scenarios', 'families', 'changes']);
    expect(mayOpen('families', ['analyst'])).toBe(false);
    expect(pagesFor(['recorder'])).toEqual([]);
    expect(mayOpen('journey', ['analyst'])).toBe(false);
    expect(mayOpen('journey', ['designer'])).toBe(true);
    expect(mayOpen('changes', ['auditor'])).toBe(false);
  });

  it('given a change evaluation link with its window length, then the change and the months are read back', () => {
    const link = href('changes', 'one-front-door-2024-09-30', { months: '3' });
    expect(link).toBe('#/changes/one-front-door-2024-09-30?months=3');
    expect(parseRoute(link)).toMatchObject({ page: 'changes', id: 'one-front-door-2024-09-30' });
    expect(parseRoute('#/changes/Not A Slug').page).toBe('not-found');
  });

  it('given a family link, then the pseudonymous reference and the step are read back; a name is not a reference', () => {
    const link = href('families', 'fam:42', { step: '5' });
    expect(link).toBe('#/families/fam%3A42?step=5');
    expect(parseRoute(link)).toMatchObject({ page: 'families', id: 'fam:42' });
    expect(parseRoute('#/families').page).toBe('families');
    expect(parseRoute('#/families/Smith%20family').page).toBe('not-found');
    expect(parseRoute('#/families/%E0%A4%A').page).toBe('not-found');
  });
});
