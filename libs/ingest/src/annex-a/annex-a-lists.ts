/**
 * The Annex A lists the ledger reads, and the column names each field has had in Ofsted's
 * guidance. Only these columns are read: the lists' personal data (gender, ethnicity, date of
 * birth, age, disability…) is never taken from the workbook.
 */
export type AnnexAList = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export interface ListSpec {
  readonly list: AnnexAList;
  readonly title: string;
  /** Field → the header names it has had (compared by `headerKey`). */
  readonly fields: Readonly<Record<string, readonly string[]>>;
  /** Fields without which the list cannot be read. */
  readonly required: readonly string[];
  /** Read and counted, but the ledger has no event for it yet. */
  readonly notRecorded?: string;
}

/** Header names compared without case, punctuation at the ends, curly quotes or repeated spaces. */
export const headerKey = (h: string) =>
  h
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[?:.*]+$/, '')
    .trim()
    .toLowerCase();

const CHILD = ['Child Unique ID', 'Child ID', 'Unique Child ID'];
const TEAM = ['Allocated Team', 'Allocated team name', 'Team'];

export const ANNEX_A_LISTS: Readonly<Record<AnnexAList, ListSpec>> = {
  1: {
    list: 1,
    title: 'List 1: Contacts',
    fields: { child: CHILD, date: ['Date of Contact', 'Contact Date'], source: ['Contact Source', 'Source of Contact'] },
    required: ['child', 'date'],
  },
  2: {
    list: 2,
    title: 'List 2: Early Help',
    fields: {
      child: CHILD,
      start: ['Assessment start date', 'Early help assessment start date', 'Date early help assessment started'],
      end: ['Assessment completion date', 'Early help assessment completion date', 'Date early help assessment completed'],
    },
    required: ['child', 'start'],
  },
  3: {
    list: 3,
    title: 'List 3: Referrals',
    fields: {
      child: CHILD,
      date: ['Date of referral', 'Referral date'],
      source: ['Referral Source', 'Source of referral'],
      nfa: ['Referral NFA', 'Referral NFA?', 'Was the referral NFA'],
      team: TEAM,
    },
    required: ['child', 'date'],
  },
  4: {
    list: 4,
    title: 'List 4: Assessments',
    fields: {
      child: CHILD,
      start: ['Continuous Assessment Start Date', 'Assessment start date', 'Assessment Start Date'],
      end: ['Continuous Assessment Date of Authorisation', 'Assessment date of authorisation', 'Assessment authorisation date', 'Assessment completion date'],
      inNeed: [
        "Was the child assessed as requiring LA children's social care support",
        'Was the child assessed as being in need at assessment',
        'Was the child assessed as being in need',
      ],
      team: TEAM,
    },
    required: ['child', 'start'],
  },
  5: {
    list: 5,
    title: 'List 5: Section 47 enquiries and ICPCs',
    fields: {
      child: CHILD,
      start: ['Strategy discussion initiating Section 47 Enquiry Start Date', 'Section 47 enquiry start date', 'S47 start date'],
      icpcDate: ['Date of Initial Child Protection Conference', 'Date of ICPC'],
      icpcPlan: ['Did the Initial Child Protection Conference Result in a Child Protection Plan', 'Did the ICPC result in a child protection plan'],
      team: TEAM,
    },
    required: ['child', 'start'],
  },
  6: {
    list: 6,
    title: 'List 6: Children in need',
    fields: {
      child: CHILD,
      start: ['CIN Start Date', 'Child in need start date'],
      need: ['Primary Need Code', 'Primary need'],
      closed: ['CIN Closure Date', 'Child in need closure date'],
      reason: ['Reason for Closure', 'CIN closure reason'],
      team: TEAM,
    },
    required: ['child', 'start'],
  },
  7: {
    list: 7,
    title: 'List 7: Child protection',
    fields: {
      child: CHILD,
      start: ['Child Protection Plan Start Date', 'CP plan start date'],
      end: ['Child Protection Plan End Date', 'CP plan end date'],
      team: TEAM,
    },
    required: ['child', 'start'],
  },
  8: {
    list: 8,
    title: 'List 8: Children in care',
    fields: { child: CHILD, start: ['Date Started to be Looked After', 'Date started to be looked after'] },
    required: ['child', 'start'],
    notRecorded: 'List 8 (children in care) is read and counted but not recorded: the ledger has no event for a child entering care yet.',
  },
};

export const listName = (l: AnnexAList) => `List ${l}`;

/** Column index → field, for the fields of `spec` found in a header row; and the required ones missing. */
export function mapHeader(spec: ListSpec, header: readonly string[]): { columns: Map<number, string>; missing: string[] } {
  const columns = new Map<number, string>();
  const wanted = new Map<string, string>();
  for (const [field, names] of Object.entries(spec.fields)) for (const n of names) wanted.set(headerKey(n), field);
  header.forEach((h, i) => {
    const f = wanted.get(headerKey(h));
    if (f !== undefined && ![...columns.values()].includes(f)) columns.set(i, f);
  });
  const found = new Set(columns.values());
  const missing = spec.required.filter((f) => !found.has(f)).map((f) => spec.fields[f][0]);
  return { columns, missing };
}

/** The list a header row belongs to, from its columns alone (for a sheet whose name and title say nothing). */
export function listOfHeader(header: readonly string[]): AnnexAList | undefined {
  for (const spec of Object.values(ANNEX_A_LISTS)) {
    if (mapHeader(spec, header).missing.length === 0) return spec.list;
  }
  return undefined;
}
