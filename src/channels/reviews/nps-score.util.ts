// NPS arithmetic and the answer form's input rules, shared by the landing page, the event and the tests.

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

/** Long enough for a real complaint, short enough to read in an alert. */
export const MAX_COMMENT_CHARS = 2000;

/** The standard NPS buckets: 9-10 promoters, 7-8 passives, 0-6 detractors. */
export function npsCategory(score: number): NpsCategory {
  if (score >= 9) return 'promoter';
  return score >= 7 ? 'passive' : 'detractor';
}

/** A 0-10 integer from a form or query value ("7") or a JSON number, or null for anything else. */
export function parseScore(value: unknown): number | null {
  const score = typeof value === 'string' && /^\s*\d{1,2}\s*$/.test(value) ? Number(value) : value;
  return typeof score === 'number' && Number.isInteger(score) && score >= 0 && score <= 10 ? score : null;
}

export type AnswerProblem = 'score_missing' | 'comment_too_long';

export interface AnswerInput {
  score: number;
  /** Trimmed; null when left empty. */
  comment: string | null;
}

/** Reads the posted form; every problem is reported, so the page can show them all at once. */
export function readAnswerForm(body: unknown): AnswerInput | { problems: AnswerProblem[]; comment: string } {
  const form = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const score = parseScore(form.score);
  const comment = typeof form.comment === 'string' ? form.comment.replace(/\r\n/g, '\n').trim() : '';
  const problems: AnswerProblem[] = [];
  if (score === null) problems.push('score_missing');
  if ([...comment].length > MAX_COMMENT_CHARS) problems.push('comment_too_long');
  if (score === null || problems.length > 0) return { problems, comment };
  return { score, comment: comment || null };
}
