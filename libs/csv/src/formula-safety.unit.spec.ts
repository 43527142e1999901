import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula, SAFE_CSV_CAST } from './formula-safety';

describe('CSV formula injection', () => {
  it.each(['=1+1', '@SUM(1+1)', "+1+cmd|' /C calc'!A0", '-2+3', '\t=1+1', '\r=1+1'])('prefixes %j so a spreadsheet shows it as text', (cell) => {
    expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });

  it.each(['3', '4a', 'mash', 'a=b', '2025-04-01', ''])('leaves %j as it is', (cell) => {
    expect(neutraliseFormula(cell)).toBe(cell);
  });

  it('keeps numbers, negative ones too, as numbers', () => {
    const csv = stringify([{ level: '=1+1', delta: -3, rate: -0.25, n: 12, ok: true }], { header: true, cast: SAFE_CSV_CAST });
    expect(csv).toBe("level,delta,rate,n,ok\n'=1+1,-3,-0.25,12,true\n");
  });
});
