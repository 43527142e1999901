import { ageBandOn } from '@journey-ledger/domain';
import type { AgeBand, DisabilityCode, EthnicityCode, SexCode } from '@journey-ledger/domain';
import { Prng, WeightedChoice } from './prng';

/**
 * Who the synthetic children are, for the equality breakdowns. Shares follow the DfE release
 * "Characteristics of children in need: 2023-24" (children in need at 31 March 2024, England,
 * headline tables by sex, age, ethnic group and disability), rounded. Where the release gives a
 * group but not the split inside it, the split is an ASSUMPTION, marked so below and in
 * docs/synthetic-data.md. These are the shares of children in need; the generator uses them for
 * every child who reaches the front door, which is itself an assumption (contacts are not
 * published by characteristic).
 */

/** Sex (CIN census `GenderCurrent`): boys 53%, girls 46%; the rest not known (release, rounded). */
const SEX = new WeightedChoice<SexCode>([
  ['1', 0.53],
  ['2', 0.46],
  ['0', 0.01],
]);

/**
 * Age at 31 March, in the release's bands: under 1 5%, 1-4 16%, 5-9 23%, 10-15 38%, 16+ 17%,
 * unborn 1%. Drawn as whole years inside the band (uniform within a band: ASSUMPTION).
 */
const AGE: WeightedChoice<readonly [number, number]> = new WeightedChoice<readonly [number, number]>([
  [[-1, -1], 0.01],
  [[0, 0], 0.05],
  [[1, 4], 0.16],
  [[5, 9], 0.23],
  [[10, 15], 0.38],
  [[16, 17], 0.17],
]);

/**
 * Ethnic group (release): White 68%, Mixed 10%, Asian 8%, Black 8%, any other 3%, not known or
 * refused 3%. The split of each group into CIN census codes is an ASSUMPTION, roughly in
 * proportion to the school census.
 */
const ETHNICITY = new WeightedChoice<EthnicityCode>([
  ['WBRI', 0.59],
  ['WIRI', 0.003],
  ['WIRT', 0.003],
  ['WROM', 0.01],
  ['WOTH', 0.064],
  ['MWBC', 0.025],
  ['MWBA', 0.015],
  ['MWAS', 0.02],
  ['MOTH', 0.04],
  ['AIND', 0.015],
  ['APKN', 0.035],
  ['ABAN', 0.015],
  ['AOTH', 0.015],
  ['BCRB', 0.015],
  ['BAFR', 0.05],
  ['BOTH', 0.015],
  ['CHNE', 0.002],
  ['OOTH', 0.028],
  ['REFU', 0.005],
  ['NOBT', 0.025],
]);

/** Share of children in need with a disability recorded (release: 13%). */
const DISABLED_SHARE = 0.13;
/** Which disabilities, for a disabled child: ASSUMPTION (the release counts each code, not the split). */
const DISABILITY = new WeightedChoice<DisabilityCode>([
  ['AUT', 0.28],
  ['LD', 0.22],
  ['BEH', 0.17],
  ['COMM', 0.12],
  ['MOB', 0.05],
  ['PC', 0.04],
  ['HEAR', 0.03],
  ['VIS', 0.03],
  ['HAND', 0.02],
  ['INC', 0.02],
  ['CON', 0.01],
  ['DDA', 0.01],
]);
/** Share of disabled children with a second disability code: ASSUMPTION. */
const SECOND_DISABILITY_SHARE = 0.3;

/** A synthetic child: coded characteristics, and a date of birth that only the vault may hold. */
export interface SyntheticChild {
  readonly sex: SexCode;
  readonly ethnicity: EthnicityCode;
  readonly disabilities: readonly DisabilityCode[];
  /** YYYY-MM-DD: goes to the personal-data vault, never into an event. */
  readonly dateOfBirth: string;
}

const DAY = 86_400_000;

/**
 * The child behind `childRef`, drawn from the child's reference alone so that a re-referred child
 * is the same child (same sex, same date of birth) in every journey. `census` is the date ages
 * are drawn at (the end of the generated year, like the census's 31 March).
 */
export function syntheticChild(childRef: string, census: string): SyntheticChild {
  const rng = new Prng(`child/${childRef}`);
  const sex = SEX.draw(rng);
  const ethnicity = ETHNICITY.draw(rng);
  const disabilities: DisabilityCode[] = [];
  if (rng.chance(DISABLED_SHARE)) {
    disabilities.push(DISABILITY.draw(rng));
    const second = DISABILITY.draw(rng);
    if (rng.chance(SECOND_DISABILITY_SHARE) && !disabilities.includes(second)) disabilities.push(second);
  } else disabilities.push('NONE');
  const [low, high] = AGE.draw(rng);
  // An age of a whole years at the census date: born between a+1 years and a years before it.
  const years = rng.int(low, high);
  const censusMs = Date.parse(`${census}T00:00:00Z`);
  const ageDays = years < 0 ? -rng.int(1, 150) : Math.floor((years + rng.next()) * 365.25);
  const dateOfBirth = new Date(censusMs - ageDays * DAY).toISOString().slice(0, 10);
  return { sex, ethnicity, disabilities, dateOfBirth };
}

/** The age band the front door records on the local date `on`, from the vault's date of birth (as POST /journeys/:id/child-characteristics does). */
export const syntheticAgeBand = (child: SyntheticChild, on: string): AgeBand => ageBandOn(child.dateOfBirth, on);
