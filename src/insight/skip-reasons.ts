// Skip reasons are written for people ("goal reached: Order Completed for cart c-17 at ..."); the funnel groups
// them by what they start with. Each category's pattern matches the text produced where the reason is made.

export interface ReasonCategory {
  code: string;
  label: string;
  /** SQL LIKE pattern on effects.reason. */
  like: string;
}

export const SKIP_REASON_CATEGORIES: readonly ReasonCategory[] = [
  { code: 'goal', label: 'goal reached', like: 'goal reached%' },
  { code: 'run-exited', label: 'run exited', like: 'the run exited%' },
  { code: 'holdout', label: 'holdout group', like: 'holdout group%' },
  { code: 'no-email', label: 'no email address', like: 'the contact has no email%' },
  { code: 'suppressed', label: 'suppressed', like: 'email suppressed%' },
  { code: 'no-consent', label: 'no consent', like: 'no email\\_marketing consent%' },
  { code: 'frequency-cap', label: 'frequency cap', like: 'frequency cap%' },
  { code: 'marketing-hold', label: 'marketing hold', like: 'marketing hold:%' },
];

/** `CASE` expression mapping a reason column to its category code; `other` when none matches. */
export function reasonCategorySql(column: string): string {
  const arms = SKIP_REASON_CATEGORIES.map(
    (category) => `WHEN ${column} LIKE '${category.like}' THEN '${category.code}'`,
  ).join(' ');
  return `CASE ${arms} ELSE 'other' END`;
}

export function reasonLabel(code: string): string {
  return SKIP_REASON_CATEGORIES.find((category) => category.code === code)?.label ?? 'other';
}
