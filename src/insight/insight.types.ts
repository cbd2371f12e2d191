// Shapes of the /v1/insight API; the dashboard pages render exactly these.

/** Days looked back from now, in whole UTC hours. */
export const PERIODS = [7, 30, 90] as const;
export type PeriodDays = (typeof PERIODS)[number];

export interface InsightPeriod {
  days: PeriodDays;
  /** ISO times: from the start of the hour `days` ago, to now. */
  from: string;
  to: string;
}

export interface JourneySummary {
  key: string;
  name: string;
  status: string;
  version: number | null;
  /** Customers with a stage in this journey. */
  customers: number;
}

/** A touchpoint on the map: a step of a flow shown in the stage's column. */
export interface MapTouchpoint {
  flow: string;
  flowName: string;
  stepId: string;
  type: string;
  /** e.g. "email cart-reminder-1", "wait PT4H", "add to audience meta-cart". */
  label: string;
}

export interface StageNps {
  answers: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** % promoters − % detractors, −100..100; null without answers. */
  score: number | null;
}

export interface StageColumn {
  stage: string;
  /** The following stage on the map; null for the last. */
  next: string | null;
  touchpoints: MapTouchpoint[];
  /** In this stage now. */
  now: number;
  /** Entered this stage in the period. */
  entered: number;
  /** Left this stage for a later one in the period. */
  movedOn: number;
  /** Of those who entered in the period, how many have moved on since. */
  cohortMovedOn: number;
  /** cohortMovedOn / entered; null when nobody entered or for the last stage. */
  conversion: number | null;
  /** Median time in the stage of those who moved on in the period (seconds, from the rollup histogram). */
  medianSecondsToMoveOn: number | null;
  /** Reached `stalledAfter` in this stage without moving on, during the period (still here); null for the last. */
  exits: number | null;
  nps: StageNps;
}

export interface BiggestLeak {
  stage: string;
  next: string;
  conversion: number;
  entered: number;
  cohortMovedOn: number;
  exits: number;
  /** Why this stage: lowest conversion (ties: most exits). */
  reason: string;
}

export interface JourneyMap {
  journey: JourneySummary;
  period: InsightPeriod;
  /** `settings.stalledAfter` of the published version (ISO 8601). */
  stalledAfter: string;
  stages: StageColumn[];
  biggestLeak: BiggestLeak | null;
  /** Flows without a `stage`, shown beside the map. */
  unstagedTouchpoints: MapTouchpoint[];
  /** Milliseconds the numbers took to compute (shown on the page and in the benchmark). */
  tookMs: number;
}

export interface SkipReasonCount {
  code: string;
  label: string;
  count: number;
}

export interface FunnelStep {
  flow: string;
  flowName: string;
  stepId: string;
  type: string;
  label: string;
  /**
   * Whether the step leaves an effect to count. Branches, exits and waits for an event without a timeout do not:
   * their `entered` and `sent` are 0 (what is there now still shows in `waiting`).
   */
  counted: boolean;
  /** Runs that reached the step in the period (one effect per run and step; waits count their wake-up). */
  entered: number;
  /** Runs at this step now. */
  waiting: number;
  /** Provider accepted (emails: SMTP 250; actions: done; waits: 0). */
  sent: number;
  skipped: number;
  skippedBy: SkipReasonCount[];
  /** Ever pushed later by quiet hours or a frequency cap. */
  deferred: number;
  /** Emails: sent, less hard bounces whose notification names the email's Message-ID. */
  delivered: number | null;
  /** Emails with an open, or a click (a click proves the open when images were blocked). */
  opened: number | null;
  /** Emails with at least one tracked click. */
  clicked: number | null;
  /** Orders attributed to this step (last touch). */
  converted: number | null;
  /** Emails: the template key, for the preview. */
  template: string | null;
  previewUrl: string | null;
}

export interface JourneyFunnel {
  journey: JourneySummary;
  period: InsightPeriod;
  /** `entered`: runs of the flow started in the period. */
  flows: { key: string; name: string; stage: string | null; entered: number; steps: FunnelStep[] }[];
  tookMs: number;
}

export interface MessageResult {
  flow: string;
  stepId: string;
  template: string | null;
  recipients: number;
  conversions: number;
  revenue: number;
  revenuePerRecipient: number | null;
}

export interface GroupResult {
  entrants: number;
  converted: number;
  rate: number | null;
}

export interface JourneyResults {
  journey: JourneySummary;
  period: InsightPeriod;
  attributionWindow: string;
  /** Orders in the period attributed to this journey's messages (last touch). */
  conversions: number;
  revenue: number;
  /** Distinct customers sent at least one email by the journey in the period. */
  recipients: number;
  revenuePerRecipient: number | null;
  /** The most common currency of the attributed orders; revenue adds amounts as sent, without conversion. */
  currency: string | null;
  /** Every currency seen (most orders first); more than one means the revenue mixes currencies. */
  currencies: string[];
  messages: MessageResult[];
  holdout: {
    percent: number;
    treatment: GroupResult;
    holdout: GroupResult;
    lift: number | null;
    difference: number | null;
    confidence: number | null;
  } | null;
  tookMs: number;
}

export interface WorkspaceResults {
  period: InsightPeriod;
  orders: number;
  revenue: number;
  attributedOrders: number;
  attributedRevenue: number;
  currency: string | null;
  currencies: string[];
  journeys: { key: string; name: string; conversions: number; revenue: number }[];
  tookMs: number;
}
