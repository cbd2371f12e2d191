import { PERIODS, type JourneySummary } from '../../insight/insight.types';
import { escapeHtml } from '../web-page';

export type JourneyTab = 'map' | 'funnel' | 'results' | 'diagram';

const TABS: { tab: JourneyTab; label: string; suffix: string; period: boolean }[] = [
  { tab: 'map', label: 'Journey map', suffix: '', period: true },
  { tab: 'funnel', label: 'Touchpoint funnel', suffix: '/funnel', period: true },
  { tab: 'results', label: 'Results', suffix: '/results', period: true },
  { tab: 'diagram', label: 'Diagram', suffix: '/diagram', period: false },
];

export const journeyPath = (key: string, suffix = '') => `/app/journeys/${encodeURIComponent(key)}${suffix}`;

/** The journey's heading, its tabs (keeping the period), and the period selector: a plain GET form, no script. */
export function journeyHeader(journey: JourneySummary, current: JourneyTab, days: number | null): string {
  const query = days === null ? '' : `?days=${days}`;
  const tabs = TABS.map(
    ({ tab, label, suffix, period }) =>
      `<li><a href="${escapeHtml(journeyPath(journey.key, suffix))}${period ? query : ''}"${tab === current ? ' aria-current="page"' : ''}>${label}</a></li>`,
  ).join('');
  const status =
    journey.version === null
      ? `${escapeHtml(journey.status)}, not published`
      : `${escapeHtml(journey.status)}, version ${journey.version}`;
  const selector =
    days === null
      ? ''
      : `<form class="period" method="get" data-testid="period-form">
<label for="days">Period</label>
<select id="days" name="days">${PERIODS.map((p) => `<option value="${p}"${p === days ? ' selected' : ''}>last ${p} days</option>`).join('')}</select>
<button class="primary" type="submit">Show</button>
</form>`;
  return `<p class="muted"><a href="/app">Journeys</a> › ${escapeHtml(journey.key)}</p>
<h1 data-testid="journey-name">${escapeHtml(journey.name)}</h1>
<p class="muted">${status}</p>
<nav aria-label="Journey"><ul class="tabs">${tabs}</ul></nav>
${selector}`;
}
