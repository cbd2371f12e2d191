import type { FunnelStep, JourneyFunnel } from '../../insight/insight.types';
import { stepKey } from '../../insight/journey-steps';
import { barChart } from '../charts';
import { DASH, formatCount } from '../web-format';
import { escapeHtml, layout, numCell, type WebPage } from '../web-page';
import { journeyHeader } from './journey-nav.html';

/** A step's email rendered with sample data: its subject, or why it could not be rendered. */
export type StepPreview = { subject: string } | { problem: string };

const COLUMNS: { key: keyof FunnelStep; label: string }[] = [
  { key: 'entered', label: 'Entered' },
  { key: 'waiting', label: 'Waiting' },
  { key: 'sent', label: 'Sent' },
  { key: 'skipped', label: 'Skipped' },
  { key: 'deferred', label: 'Deferred' },
  { key: 'delivered', label: 'Delivered' },
  { key: 'opened', label: 'Opened' },
  { key: 'clicked', label: 'Clicked' },
  { key: 'converted', label: 'Converted' },
];

function stepRow(step: FunnelStep, preview: StepPreview | undefined): string {
  const cells = COLUMNS.map(({ key }) => {
    const value = step[key] as number | null;
    // Steps that leave no effect have nothing to count but who is waiting there.
    const shown = !step.counted && key !== 'waiting' ? null : value;
    return numCell(key, shown, formatCount(shown));
  }).join('');
  const reasons =
    step.skippedBy.length === 0
      ? ''
      : `<ul class="plain" data-testid="skip-reasons">${step.skippedBy
          .map(
            (r) =>
              `<li data-testid="skip-reason" data-code="${escapeHtml(r.code)}" data-value="${r.count}">${escapeHtml(r.label)}: ${formatCount(r.count)}</li>`,
          )
          .join('')}</ul>`;
  const message =
    step.previewUrl === null
      ? ''
      : `<br><span data-testid="preview">${
          preview && 'subject' in preview
            ? `“${escapeHtml(preview.subject)}”`
            : `<span class="muted">${escapeHtml(preview?.problem ?? 'no preview')}</span>`
        } · <a href="${escapeHtml(step.previewUrl)}">preview</a></span>`;
  return `<tr data-testid="funnel-step" data-flow="${escapeHtml(step.flow)}" data-step="${escapeHtml(step.stepId)}">
<th scope="row">${escapeHtml(step.label)} <span class="muted">(${escapeHtml(step.stepId)})</span>${message}${reasons}</th>${cells}</tr>`;
}

/** Per flow: each step's funnel from entered to converted, skips by reason, the message preview, and a chart. */
export function funnelPage(
  workspace: string,
  funnel: JourneyFunnel,
  previews: Map<string, StepPreview>,
): WebPage {
  const flows = funnel.flows
    .map((flow) => {
      const counted = flow.steps.filter((s) => s.counted);
      const emails = counted.filter((s) => s.type === 'email');
      const chart =
        emails.length === 0
          ? ''
          : barChart({
              testId: 'funnel-chart',
              caption: `${flow.name}: emails sent, opened and clicked per step in the period`,
              categories: emails.map((s) => s.stepId),
              series: [
                { name: 'sent', values: emails.map((s) => s.sent) },
                { name: 'opened', values: emails.map((s) => s.opened ?? 0) },
                { name: 'clicked', values: emails.map((s) => s.clicked ?? 0) },
              ],
            });
      return `<section class="card" data-testid="funnel-flow" data-flow="${escapeHtml(flow.key)}">
<h2>${escapeHtml(flow.name)} <span class="muted">(${escapeHtml(flow.key)}${flow.stage ? `, stage ${escapeHtml(flow.stage)}` : ''})</span></h2>
<p><span data-testid="flow-entered" data-value="${flow.entered}">${formatCount(flow.entered)}</span> runs started in the period.</p>
<div class="scroll"><table>
<thead><tr><th>Step</th>${COLUMNS.map((c) => `<th class="n">${c.label}</th>`).join('')}</tr></thead>
<tbody>${flow.steps.map((s) => stepRow(s, previews.get(stepKey(s.flow, s.stepId)))).join('\n')}</tbody>
</table></div>
${chart}
</section>`;
    })
    .join('\n');
  const body = `${journeyHeader(funnel.journey, 'funnel', funnel.period.days)}
${funnel.flows.every((f) => f.entered === 0) ? '<div class="note" data-testid="empty-funnel"><p>No runs of this journey started in the period, so every step shows zero.</p></div>' : ''}
${flows || '<p class="muted">This journey has no flows.</p>'}
<p class="muted">Entered: runs that reached the step in the period. Waiting: at the step now. ${DASH}: the step sends nothing
(branches, exits, waits for an event). Computed in <span data-testid="took-ms">${funnel.tookMs}</span> ms.</p>`;
  return { status: 200, html: layout({ title: `${funnel.journey.name}: funnel`, workspace, body }) };
}
