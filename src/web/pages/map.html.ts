import { isoDurationToMs } from '../../journeys/definition/iso-duration.util';
import type { JourneyMap, MapTouchpoint, StageColumn } from '../../insight/insight.types';
import { lineChart } from '../charts';
import { formatCount, formatDuration, formatPercent } from '../web-format';
import { escapeHtml, layout, num, type WebPage } from '../web-page';
import { journeyHeader } from './journey-nav.html';

const touchpointList = (touchpoints: MapTouchpoint[]) =>
  touchpoints.length === 0
    ? '<p class="muted">No touchpoints.</p>'
    : `<ul data-testid="touchpoints">${touchpoints
        .map(
          (t) =>
            `<li data-testid="touchpoint" data-step="${escapeHtml(t.stepId)}">${escapeHtml(t.label)} <span class="muted">(${escapeHtml(t.flowName)})</span></li>`,
        )
        .join('')}</ul>`;

/** Green from half moving on, red under a fifth: how a conversion reads at a glance (the number says it too). */
const tone = (conversion: number) => (conversion >= 0.5 ? 'good' : conversion >= 0.2 ? 'warn' : 'bad');

function stageColumn(column: StageColumn, leak: boolean, largest: number): string {
  const row = (label: string, testId: string, value: number | null, text: string) =>
    `<dt>${label}</dt>${num(testId, value, text, 'dd')}`;
  // The bar is a picture of the number beside it: the share of the fullest stage.
  const width = largest === 0 ? 0 : Math.round((column.now / largest) * 100);
  const onward =
    column.next && column.conversion !== null
      ? `<p class="onward ${tone(column.conversion)}" aria-hidden="true">→ ${escapeHtml(formatPercent(column.conversion))} on to ${escapeHtml(column.next)}</p>`
      : '';
  return `<section class="stage${leak ? ' leak' : ''}" data-testid="stage" data-stage="${escapeHtml(column.stage)}"${leak ? ' data-leak="true" aria-describedby="biggest-leak"' : ''}>
<h3>${escapeHtml(column.stage)}${leak ? ' <span class="badge bad">biggest leak</span>' : ''}</h3>
<p class="headline">${num('now', column.now, formatCount(column.now))} <span class="muted">in this stage now</span></p>
<div class="meter" aria-hidden="true"><span style="width:${width}%"></span></div>
${onward}
<dl>
${row('Entered in the period', 'entered', column.entered, formatCount(column.entered))}
${row(column.next ? `Moved on (to a later stage)` : 'Moved on', 'moved-on', column.movedOn, formatCount(column.movedOn))}
${row(column.next ? `Conversion to ${escapeHtml(column.next)}` : 'Conversion', 'conversion', column.conversion, formatPercent(column.conversion))}
${row('Median time to move on', 'median-time', column.medianSecondsToMoveOn, formatDuration(column.medianSecondsToMoveOn))}
${row('Exits (stalled)', 'exits', column.exits, formatCount(column.exits))}
${row('NPS', 'nps', column.nps.score, column.nps.score === null ? '–' : `${column.nps.score} (${column.nps.answers} answers)`)}
</dl>
<h4 class="sub">Touchpoints</h4>
${touchpointList(column.touchpoints)}
</section>`;
}

/** The journey map: one column per stage with its touchpoints and live numbers, the biggest leak, the NPS line. */
export function mapPage(workspace: string, map: JourneyMap): WebPage {
  const leak = map.biggestLeak;
  const largest = Math.max(0, ...map.stages.map((s) => s.now));
  const stalled = escapeHtml(formatDuration(isoDurationToMs(map.stalledAfter) / 1000));
  const nothingYet = map.journey.customers === 0 && map.stages.every((s) => s.entered === 0);
  const empty = nothingYet
    ? `<div class="note" data-testid="empty-map"><p><strong>No customers in this journey yet.</strong> The numbers below
stay at zero until events that match its stage rules or flow triggers arrive at <code>/v1/track</code>${map.journey.version === null ? ', and it is published' : ''}.</p></div>`
    : '';
  const leakText = leak
    ? `<div class="callout" id="biggest-leak" data-testid="biggest-leak" data-stage="${escapeHtml(leak.stage)}">
<p><strong>Biggest leak:</strong> ${escapeHtml(leak.reason)}
(${num('leak-moved-on', leak.cohortMovedOn, formatCount(leak.cohortMovedOn))} of ${num('leak-entered', leak.entered, formatCount(leak.entered))}, ${num('leak-conversion', leak.conversion, formatPercent(leak.conversion))}; ${num('leak-exits', leak.exits, formatCount(leak.exits))} stalled there for ${stalled} or longer).</p></div>`
    : nothingYet
      ? ''
      : '<p class="muted" data-testid="no-leak">No stage had entrants in the period, so there is no leak to show.</p>';
  const withNps = map.stages.filter((s) => s.nps.answers > 0);
  const npsChart =
    withNps.length === 0
      ? '<p class="muted" data-testid="no-nps">No NPS answers in the period yet.</p>'
      : lineChart({
          testId: 'nps-chart',
          caption: `NPS by stage (−100 to 100), from ${withNps.reduce((n, s) => n + s.nps.answers, 0)} answers: ${map.stages
            .map((s) => `${s.stage} ${s.nps.score ?? 'no answers'}`)
            .join(', ')}`,
          categories: map.stages.map((s) => s.stage),
          values: map.stages.map((s) => s.nps.score),
          min: -100,
          max: 100,
        });
  const unstaged =
    map.unstagedTouchpoints.length === 0
      ? ''
      : `<h2>Touchpoints outside the stages</h2><div class="card">${touchpointList(map.unstagedTouchpoints)}</div>`;
  const body = `${journeyHeader(map.journey, 'map', map.period.days)}
${empty}
<p data-testid="customers">${num('journey-customers', map.journey.customers, formatCount(map.journey.customers))} customers in this journey now. Period: last ${map.period.days} days.</p>
${leakText}
<div class="stages" data-testid="stages">
${map.stages.map((column) => stageColumn(column, leak?.stage === column.stage, largest)).join('\n')}
</div>
<h2>Satisfaction over the stages</h2>
<div class="card">${npsChart}</div>
${unstaged}
<p class="muted">Conversion: of those who entered a stage in the period, the share who have moved on since. Exits: customers
who reached ${stalled} in a stage during the period without moving on. Computed in
${num('took-ms', map.tookMs, String(map.tookMs))} ms.</p>`;
  return { status: 200, html: layout({ title: `${map.journey.name}: map`, workspace, body }) };
}
