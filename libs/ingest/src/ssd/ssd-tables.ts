/**
 * The Standard Safeguarding Dataset tables (data-to-insight/ssd-data-model) that shape journeys,
 * and the columns the ledger reads from each. Everything else in an extract (names, dates of
 * birth, addresses, the outcome JSON…) is never read.
 */
export const SSD_TABLES = {
  cin_episodes: {
    required: ['cine_referral_id', 'cine_person_id', 'cine_referral_date'],
    optional: ['cine_referral_source_code', 'cine_cin_primary_need_code', 'cine_referral_nfa', 'cine_close_reason', 'cine_close_date', 'cine_referral_team'],
  },
  contacts: { required: ['cont_contact_id', 'cont_person_id', 'cont_contact_date'], optional: ['cont_contact_source_code'] },
  cin_assessments: {
    required: ['cina_assessment_id', 'cina_person_id', 'cina_referral_id', 'cina_assessment_start_date'],
    optional: ['cina_assessment_auth_date', 'cina_assessment_outcome_nfa', 'cina_assessment_team'],
  },
  s47_enquiry: {
    required: ['s47e_s47_enquiry_id', 's47e_person_id', 's47e_referral_id', 's47e_s47_start_date'],
    optional: ['s47e_s47_end_date', 's47e_s47_nfa', 's47e_s47_completed_by_team'],
  },
  cin_plans: {
    required: ['cinp_cin_plan_id', 'cinp_person_id', 'cinp_referral_id', 'cinp_cin_plan_start'],
    optional: ['cinp_cin_plan_end', 'cinp_cin_plan_team'],
  },
  cp_plans: { required: ['cppl_cp_plan_id', 'cppl_person_id', 'cppl_referral_id', 'cppl_cp_plan_start_date'], optional: ['cppl_cp_plan_end_date'] },
  involvements: {
    required: ['invo_involvements_id', 'invo_person_id', 'invo_referral_id', 'invo_professional_team', 'invo_involvement_start_date'],
    optional: ['invo_professional_id', 'invo_involvement_end_date', 'invo_worker_change_reason'],
  },
} as const;

export type SsdTable = keyof typeof SSD_TABLES;
export const SSD_TABLE_NAMES = Object.keys(SSD_TABLES) as SsdTable[];

/** The columns of `table` missing from a header (compared without case or surrounding spaces). */
export function missingColumns(table: SsdTable, header: readonly string[]): string[] {
  const have = new Set(header.map((h) => h.trim().toLowerCase()));
  return SSD_TABLES[table].required.filter((c) => !have.has(c));
}
