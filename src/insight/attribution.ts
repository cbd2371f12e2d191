// Attribution and lift arithmetic, pure so that it can be checked against hand-computed cases.

/** An open or click of a journey email. */
export interface Touch {
  at: Date;
  kind: 'open' | 'click';
  effectId: string;
  journeyId: string;
  stepId: string | null;
}

/**
 * Last touch: the latest open or click at or before the order and no more than `windowMs` before it. At the same
 * instant a click beats an open (it is the stronger signal). Null when none is in the window.
 */
export function lastTouch(orderAt: Date, touches: readonly Touch[], windowMs: number): Touch | null {
  const from = orderAt.getTime() - windowMs;
  let best: Touch | null = null;
  for (const touch of touches) {
    const at = touch.at.getTime();
    if (at > orderAt.getTime() || at < from) continue;
    if (
      !best ||
      at > best.at.getTime() ||
      (at === best.at.getTime() && touch.kind === 'click' && best.kind === 'open')
    ) {
      best = touch;
    }
  }
  return best;
}

/** `total`, else `revenue`, else `value` of an order event, as a number; null when none is a finite number. */
export function orderRevenue(properties: Record<string, unknown>): number | null {
  for (const key of ['total', 'revenue', 'value']) {
    const raw = properties[key];
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return null;
}

export interface GroupOutcome {
  entrants: number;
  converted: number;
}

export interface Lift {
  treatmentRate: number;
  holdoutRate: number;
  /** Relative: (treatment − holdout) / holdout; null when the holdout never converted. */
  lift: number | null;
  /** treatment − holdout, in rate points (0.05 = five points). */
  difference: number;
  /** 1 − p of a two-sided two-proportion z-test; how sure the difference is not chance. */
  confidence: number;
}

/** Lift of the messaged group over the holdout; null when either group has no entrants. */
export function liftOf(treatment: GroupOutcome, holdout: GroupOutcome): Lift | null {
  if (treatment.entrants === 0 || holdout.entrants === 0) return null;
  const p1 = treatment.converted / treatment.entrants;
  const p2 = holdout.converted / holdout.entrants;
  const pooled = (treatment.converted + holdout.converted) / (treatment.entrants + holdout.entrants);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / treatment.entrants + 1 / holdout.entrants));
  // Identical all-or-nothing groups: no spread, and no evidence of a difference.
  const z = standardError === 0 ? 0 : (p1 - p2) / standardError;
  const pValue = 2 * (1 - normalCdf(Math.abs(z)));
  return {
    treatmentRate: p1,
    holdoutRate: p2,
    lift: p2 === 0 ? null : (p1 - p2) / p2,
    difference: p1 - p2,
    confidence: Math.min(1, Math.max(0, 1 - pValue)),
  };
}

/**
 * Standard normal CDF via erf (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7). A dozen lines do not
 * justify a statistics dependency, and the tests pin it to known values.
 */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
