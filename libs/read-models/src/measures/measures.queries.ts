import { CONTACT_OUTCOMES } from '@journey-ledger/domain';
import type { ContactOutcome } from '@journey-ledger/domain';
import type { SqlExecutor } from '@journey-ledger/sql';
import { breakdown, Count, count, FigureRow, rate, stat, sumLine, Suppression } from '../query/figures';
import { AnswerRows, renderRows } from '../query/render-rows';
import { buckets0to5, Histogram, statsOf } from '../query/histogram';
import { Cells, fetchCube, Group, MetricsQuery } from '../query/metrics-query';

/**
 * One shape for every answer: the figures are always in `rows`, one row per group (period and
 * dimensions grouped by), and a single row when nothing is grouped.
 */
export interface Report {
  readonly rows: Record<string, unknown>[];
  readonly definitions: Record<string, string>;
}

const grouped = (q: MetricsQuery) => q.period !== undefined || q.groupBy.length > 0;

/** One figure tree per group; ungrouped, a single row over everything asked for. */
async function cubeReport(
  db: SqlExecutor,
  tenantId: string,
  q: MetricsQuery,
  s: Suppression,
  measures: readonly string[],
  build: (c: Cells) => Record<string, unknown>,
  definitions: Record<string, string>,
): Promise<Report> {
  const groups: (Group | undefined)[] = await fetchCube(db, tenantId, measures, q);
  if (!grouped(q)) return { rows: renderRows([{ key: {}, figures: build(new Cells(groups.flatMap((g) => g!.rows))) }], s), definitions };
  // Each group's figures are kept as numbers as soon as they are built, and its cube rows let go:
  // an answer of thousands of groups then never holds every group's rows and figure trees at once.
  const answer = new AnswerRows(s);
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    groups[i] = undefined;
    answer.add(g.key, build(new Cells(g.rows)));
  }
  return { rows: answer.render(), definitions };
}

const statsBlock = (h: Histogram, journeys?: Count) => {
  const st = statsOf(h);
  const base = journeys ?? count(st.count);
  const total = count(st.sum);
  // A mean and its base give the total away: withheld with it.
  return { journeys: base, total, mean: stat(st.mean, base, [total]), median: stat(st.median, base), p90: stat(st.p90, base), max: stat(st.max, base) };
};

/** Journeys by count 0, 1, 2, 3, 4, 5+: parts of `journeys`, so one withheld bucket is not given away by the rest. */
const distributionOf = (h: Histogram, journeys: Count) => {
  const buckets = buckets0to5(h);
  const parts: Record<string, Count> = {};
  for (const k in buckets) parts[k] = count(buckets[k as keyof typeof buckets]);
  return breakdown(journeys, parts);
};

export const DEFINITIONS = {
  handovers:
    'Handovers: changes of the team holding the journey (CaseHandedOver, SteppedDown, SteppedUp), from first contact to closure, per journey whose first standing event falls in the period; open journeys count with the handovers so far; withdrawn journeys never count. Median and p90 by linear interpolation, as PostgreSQL percentile_cont and Excel PERCENTILE.INC.',
  beforeHelp:
    'Handovers before help, among journeys that received help: handovers before the first assessment or plan started, per journey that has had one (journeys = that denominator).',
  withoutHelp:
    'Handovers in journeys that ended without help: all handovers of closed journeys that never had an assessment or plan, per such journey (journeys = that denominator); journeys still open without help are counted in openWithoutHelp and in neither figure.',
  teamsTouched: 'Distinct teams that held the journey or received one of its contacts.',
  assessmentsPerJourney: 'Assessments started per journey (early help, single, section 47): how many times the family told its story.',
  contact: 'Contact NFA rate: contacts decided "nfa" / contacts decided, by date received. Advice and signposting is counted beside it, not in it.',
  referral:
    'CIN census ReferralNFA (N00112, DfE table C1): referrals closed with no further action and no statutory assessment / all referrals, by referral date.',
  assessedNotInNeedPerReferral:
    'DfE table C1 "assessed not to be in need" (closure RC8/RC9): referrals whose last statutory assessment ended NFA or early help with no CIN/CP plan / all referrals.',
  assessedNotInNeedPerAssessedReferral: 'As councils quote it: referrals assessed not in need / referrals with a statutory assessment.',
  stepDownToEarlyHelp:
    'Completed statutory assessments (single, section 47) whose outcome was step-down to early help / completed statutory assessments, by completion date.',
  funnel:
    'Journeys by the furthest steps they reached, per journey started in the period: a contact, a referral, a statutory assessment, and each kind of plan. ofPrevious: contact → referral → assessment; each plan kind is over journeys with a statutory assessment, except early-help plans, over journeys with a contact.',
  contactDecisions:
    "Every decision on a contact, by date received: each of no further action (nfa), information, advice and signposting, early help and referral to children's social care / contacts decided; decided / contacts received; undecided: contacts not yet decided / contacts received. Counted by contact, not by journey, so a journey with two contacts counts twice here.",
  contactTimeliness:
    'Contacts decided within 1 working day of receipt (the day received is day 0; weekends and England bank holidays excluded) / contacts decided, by date received.',
  assessmentTimeliness:
    'Statutory assessments completed within 45 working days of their start / statutory assessments completed, by completion date. FromReferral counts from the referral date, as Working Together 2023 sets the 45 days (CIN census N00100 to N00160).',
  handoverMatrix:
    'Handovers from one team to another, by date of the move; nfaShare: of those, handovers in journeys that ended with no further action (contact NFA, ReferralNFA, or assessment NFA, RC8).',
  paths: 'Sequence of teams that held the journey (A>B>C), per journey started in the period; nfaShare as for the handover matrix.',
  timeWithTeam:
    "Whole days each journey spent with each team (sum of that team's spells), for teams whose spells have all ended: one value per journey–team pair (journeyTeamPairs), so a journey that passed through three teams counts three times over all teams and once per team when grouped by team; stillWithTeam counts journeys the team still holds.",
  firstContactToFirstHelp:
    'Whole days from the first contact to the first assessment or plan started, per journey that has had help (journeys with no contact are not counted).',
  outOfHours:
    "Contacts received outside the tenant's office hours (days, opening and closing time in its time zone; bank holidays are out of hours) / contacts received; decisions: what was decided on those contacts.",
};

/** Each contact decision as a reader would say it. */
const DECISION_LABELS: Record<ContactOutcome, string> = {
  nfa: 'no further action',
  'advice-signposting': 'information, advice and signposting',
  'early-help': 'early help',
  referral: "referral to children's social care",
};

/** Every contact decision over contacts decided, and contacts not yet decided over contacts received. */
function contactDecisions(c: Cells, measure: 'contacts' | 'contacts_ooh', whose: string) {
  const received = count(c.sum(measure));
  const decided = count(c.sum(measure, (d) => d !== 'undecided'));
  const undecided = count(c.sum(measure, 'undecided'));
  const outcomes = CONTACT_OUTCOMES.map((o) => [o, count(c.sum(measure, o))] as const);
  return {
    contacts: received,
    decided: rate(decided, received, `${whose} decided / ${whose} received`),
    ...Object.fromEntries(outcomes.map(([o, n]) => [o, rate(n, decided, `${whose} decided: ${DECISION_LABELS[o]} / ${whose} decided`)])),
    undecided: rate(undecided, received, `${whose} not yet decided / ${whose} received`),
    decisionsAddUp: sumLine(decided, ...outcomes.map(([, n]) => n)),
    receivedAddsUp: sumLine(received, decided, undecided),
  };
}

export function handovers(db: SqlExecutor, tenantId: string, q: MetricsQuery, s: Suppression): Promise<Report> {
  return cubeReport(
    db,
    tenantId,
    q,
    s,
    ['journeys', 'journeys_closed', 'handovers', 'handovers_before_help', 'teams_touched', 'assessments'],
    (c) => {
      const journeys = count(c.sum('journeys'));
      const h = statsOf(c.histogram('handovers'));
      const handovers = count(h.sum);
      const beforeHelp = statsBlock(c.histogram('handovers_before_help', (d) => d === 'helped'));
      const withoutHelp = statsBlock(c.histogram('handovers_before_help', (d) => d === 'ended-without-help'));
      const openWithoutHelp = count(c.sum('handovers_before_help', 'open-without-help'));
      return {
        journeys,
        closedJourneys: count(c.sum('journeys_closed')),
        handovers,
        handoversPerJourney: stat(h.mean, journeys, [handovers]),
        medianHandovers: stat(h.median, journeys),
        p90Handovers: stat(h.p90, journeys),
        maxHandovers: stat(h.max, journeys),
        distribution: distributionOf(c.histogram('handovers'), journeys),
        beforeHelp,
        withoutHelp,
        openWithoutHelp,
        // Every journey either received help, ended without it, or is still open without it.
        helpAddsUp: sumLine(journeys, beforeHelp.journeys, withoutHelp.journeys, openWithoutHelp),
        teamsTouched: statsBlock(c.histogram('teams_touched'), journeys),
        assessmentsPerJourney: statsBlock(c.histogram('assessments'), journeys),
      };
    },
    {
      handovers: DEFINITIONS.handovers,
      beforeHelp: DEFINITIONS.beforeHelp,
      withoutHelp: DEFINITIONS.withoutHelp,
      teamsTouched: DEFINITIONS.teamsTouched,
      assessmentsPerJourney: DEFINITIONS.assessmentsPerJourney,
    },
  );
}

export function nfaRates(db: SqlExecutor, tenantId: string, q: MetricsQuery, s: Suppression): Promise<Report> {
  return cubeReport(
    db,
    tenantId,
    q,
    s,
    ['contacts', 'referrals', 'referral_nfa', 'referral_assessed', 'referral_not_in_need', 'assessments_completed'],
    (c) => {
      const decided = c.sum('contacts', (d) => d !== 'undecided');
      const referrals = count(c.sum('referrals'));
      const completed = count(c.sum('assessments_completed'));
      return {
        contact: rate(c.sum('contacts', 'nfa'), decided, DEFINITIONS.contact).with({ adviceSignposting: count(c.sum('contacts', 'advice-signposting')) }),
        referral: rate(c.sum('referral_nfa'), referrals, DEFINITIONS.referral),
        assessedNotInNeedPerReferral: rate(c.sum('referral_not_in_need'), referrals, DEFINITIONS.assessedNotInNeedPerReferral),
        assessedNotInNeedPerAssessedReferral: rate(c.sum('referral_not_in_need'), c.sum('referral_assessed'), DEFINITIONS.assessedNotInNeedPerAssessedReferral),
        stepDownToEarlyHelp: rate(c.sum('assessments_completed', 'early-help'), completed, DEFINITIONS.stepDownToEarlyHelp),
      };
    },
    {},
  );
}

export function funnel(db: SqlExecutor, tenantId: string, q: MetricsQuery, s: Suppression): Promise<Report> {
  return cubeReport(
    db,
    tenantId,
    q,
    s,
    ['journeys', 'funnel', 'contacts'],
    (c) => {
      const journeys = c.sum('journeys');
      const step = (detail: string) => c.sum('funnel', detail);
      const contacts = step('contact');
      const referrals = step('referral');
      const assessments = step('assessment');
      const entry = (n: number, previous: number) => ({
        journeys: count(n),
        ofPrevious: rate(n, previous, 'of the previous step'),
        ofJourneys: rate(n, journeys, 'of all journeys'),
      });
      return {
        journeys: count(journeys),
        contacts: entry(contacts, journeys),
        referrals: entry(referrals, contacts),
        assessments: entry(assessments, referrals),
        earlyHelpPlans: entry(step('plan-early-help'), contacts),
        childInNeedPlans: entry(step('plan-child-in-need'), assessments),
        childProtectionPlans: entry(step('plan-child-protection'), assessments),
        contactDecisions: contactDecisions(c, 'contacts', 'contacts'),
      };
    },
    { funnel: DEFINITIONS.funnel, contactDecisions: DEFINITIONS.contactDecisions },
  );
}

export function timeliness(db: SqlExecutor, tenantId: string, q: MetricsQuery, s: Suppression): Promise<Report> {
  return cubeReport(
    db,
    tenantId,
    q,
    s,
    ['contact_working_days', 'assessment_working_days', 'assessment_working_days_from_referral'],
    (c) => {
      const within = (measure: string, limit: number) => {
        const h = c.histogram(measure);
        const st = statsOf(h);
        const inTime = [...h].filter(([v]) => v <= limit).reduce((t, [, n]) => t + n, 0);
        const base = count(st.count);
        return {
          within: rate(inTime, st.count, `within ${limit} working day(s)`),
          medianWorkingDays: stat(st.median, base),
          p90WorkingDays: stat(st.p90, base),
        };
      };
      return {
        contactDecidedWithin1WorkingDay: within('contact_working_days', 1),
        assessmentCompletedWithin45WorkingDays: within('assessment_working_days', 45),
        assessmentCompletedWithin45WorkingDaysFromReferral: within('assessment_working_days_from_referral', 45),
      };
    },
    { contactTimeliness: DEFINITIONS.contactTimeliness, assessmentTimeliness: DEFINITIONS.assessmentTimeliness },
  );
}

export function waiting(db: SqlExecutor, tenantId: string, q: MetricsQuery, s: Suppression): Promise<Report> {
  return cubeReport(
    db,
    tenantId,
    q,
    s,
    ['team_days', 'team_open', 'first_help_days'],
    (c) => {
      const team = statsOf(c.histogram('team_days'));
      const help = statsOf(c.histogram('first_help_days'));
      const teamBase = count(team.count);
      const helpBase = count(help.count);
      return {
        timeWithTeam: {
          journeyTeamPairs: teamBase,
          meanDays: stat(team.mean, teamBase),
          medianDays: stat(team.median, teamBase),
          p90Days: stat(team.p90, teamBase),
          maxDays: stat(team.max, teamBase),
          stillWithTeam: count(c.sum('team_open')),
        },
        firstContactToFirstHelp: {
          journeys: helpBase,
          meanDays: stat(help.mean, helpBase),
          medianDays: stat(help.median, helpBase),
          p90Days: stat(help.p90, helpBase),
          maxDays: stat(help.max, helpBase),
        },
      };
    },
    { timeWithTeam: DEFINITIONS.timeWithTeam, firstContactToFirstHelp: DEFINITIONS.firstContactToFirstHelp },
  );
}

export function outOfHours(db: SqlExecutor, tenantId: string, q: MetricsQuery, s: Suppression): Promise<Report> {
  return cubeReport(
    db,
    tenantId,
    q,
    s,
    ['contacts', 'contacts_ooh'],
    (c) => {
      const { contacts: ooh, ...decisions } = contactDecisions(c, 'contacts_ooh', 'out-of-hours contacts');
      const contacts = count(c.sum('contacts'));
      return {
        contacts,
        outOfHours: rate(ooh, contacts, 'contacts received out of hours / contacts received'),
        decisions,
      };
    },
    { outOfHours: DEFINITIONS.outOfHours },
  );
}

/** Team-to-team handovers: one row per (group, from team, to team), most frequent first. */
export async function handoverMatrix(db: SqlExecutor, tenantId: string, q: MetricsQuery, s: Suppression): Promise<Report> {
  const groupBy = q.groupBy.includes('team') ? q.groupBy : [...q.groupBy, 'team' as const];
  const groups = await fetchCube(db, tenantId, ['handover', 'handover_nfa'], { ...q, groupBy });
  const cells: { group: string; from: string; to: string; n: number; row: FigureRow }[] = [];
  for (const g of groups) {
    const c = new Cells(g.rows);
    const nfa = c.byDetail('handover_nfa');
    const { team, ...key } = g.key;
    const group = q.groupBy.includes('team') ? JSON.stringify(g.key) : JSON.stringify(key);
    for (const [toTeam, n] of c.byDetail('handover')) {
      const handovers = count(n);
      const figures = { handovers, nfaShare: rate(nfa.get(toTeam) ?? 0, handovers, 'of these handovers, in journeys that ended NFA') };
      cells.push({
        group,
        from: team,
        to: toTeam,
        n,
        row: { key: { ...key, ...(q.groupBy.includes('team') ? { team } : {}), fromTeam: team, toTeam }, figures },
      });
    }
  }
  // Within each group, the busiest moves first.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  cells.sort((a, b) => cmp(a.group, b.group) || b.n - a.n || cmp(a.from, b.from) || cmp(a.to, b.to));
  // The matrix is a table of teams from × to: its row and column sums are handovers from and to a team.
  return {
    rows: renderRows(
      cells.map((c) => c.row),
      s,
    ),
    definitions: { handoverMatrix: DEFINITIONS.handoverMatrix },
  };
}

/** The most common holder paths with their NFA share, `limit` per group. */
export async function holderPaths(db: SqlExecutor, tenantId: string, q: MetricsQuery, s: Suppression, limit = 20): Promise<Report> {
  const groups = await fetchCube(db, tenantId, ['path', 'path_nfa'], q);
  const rows: FigureRow[] = [];
  const wholes = grouped(q) ? groups : [{ key: {}, rows: groups.flatMap((g) => g.rows) }];
  for (const g of wholes) {
    const c = new Cells(g.rows);
    const nfa = c.byDetail('path_nfa');
    const sorted = [...c.byDetail('path')].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit);
    for (const [path, n] of sorted) {
      const journeys = count(n);
      rows.push({
        key: { ...g.key, path },
        figures: { handovers: path.split('>').length - 1, journeys, nfaShare: rate(nfa.get(path) ?? 0, journeys, 'of these journeys, ended NFA') },
      });
    }
  }
  return { rows: renderRows(rows, s), definitions: { paths: DEFINITIONS.paths } };
}
