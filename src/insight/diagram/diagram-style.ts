import type { DiagramEdgeKind, DiagramNodeKind } from './journey-graph';

export interface KindStyle {
  /** Printed above the label, so the kind never depends on colour alone. */
  caption: string;
  fill: string;
  /** Border and caption colour; at least 4.5:1 against `fill` (WCAG AA). */
  accent: string;
}

/** Text on every box; far above 4.5:1 on the light fills. */
export const TEXT = '#111827';
export const MUTED_TEXT = '#374151';
export const EDGE_STROKE = '#4b5563';

export const NODE_STYLES: Record<DiagramNodeKind, KindStyle> = {
  trigger: { caption: 'TRIGGER', fill: '#e0f2fe', accent: '#075985' },
  email: { caption: 'EMAIL', fill: '#dbeafe', accent: '#1d4ed8' },
  wait: { caption: 'WAIT', fill: '#fef3c7', accent: '#92400e' },
  waitForEvent: { caption: 'WAIT FOR EVENT', fill: '#ffedd5', accent: '#9a3412' },
  branch: { caption: 'BRANCH', fill: '#ede9fe', accent: '#6d28d9' },
  exit: { caption: 'EXIT', fill: '#fee2e2', accent: '#b91c1c' },
  hold: { caption: 'HOLD MARKETING', fill: '#f5f5f4', accent: '#44403c' },
  action: { caption: 'ACTION', fill: '#ccfbf1', accent: '#115e59' },
  'end-completed': { caption: 'END', fill: '#dcfce7', accent: '#166534' },
  'goal-exit': { caption: 'GOAL EXIT', fill: '#fae8ff', accent: '#86198f' },
  stage: { caption: 'STAGE', fill: '#f1f5f9', accent: '#334155' },
};

/** Captions for action steps name the action. */
export const ACTION_CAPTIONS: Record<string, string> = {
  'audience.add': 'AUDIENCE',
  'audience.remove': 'AUDIENCE',
  'webhook.send': 'WEBHOOK',
  alert: 'ALERT',
};

/** Dashes tell the outcomes apart without colour: timers dashed, goals dotted. */
export const EDGE_DASH: Partial<Record<DiagramEdgeKind, string>> = {
  timeout: '6 4',
  restart: '6 4',
  goal: '2 4',
  'on-exit': '2 4',
};

// Text is measured without a font engine: widths are a generous estimate for a sans-serif at these sizes.
export const METRICS = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
  labelSize: 13,
  captionSize: 10,
  detailSize: 11,
  edgeSize: 11,
  lineHeight: 16,
  charWidth: 0.62,
  padding: 10,
  labelChars: 26,
  labelLines: 3,
  detailChars: 34,
  detailLines: 2,
  edgeChars: 26,
  edgeLines: 3,
  minWidth: 120,
};
