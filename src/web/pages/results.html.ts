import type { GroupResult, JourneyResults } from '../../insight/insight.types';
import { barChart } from '../charts';
import { formatCount, formatMoney, formatPercent } from '../web-format';
import { escapeHtml, layout, num, numCell, type WebPage } from '../web-page';
import { journeyHeader } from './journey-nav.html';

const groupRow = (label: string, testId: string, group: GroupResult) =>
  `<tr data-testid="${testId}"><th scope="row">${label}</th>${numCell('entrants', group.entrants, formatCount(group.entrants))}${numCell('converted', group.converted, formatCount(group.converted))}${numCell('rate', group.rate, formatPercent(group.rate))}</tr>`;

function holdoutSection(results: JourneyResults): string {
  const h = results.holdout;
  if (!h) {
    return `<p class="muted" data-testid="no-holdout">This journey has no holdout group, so there is no lift to measure. Set
<code>settings.holdout.percent</code> in its definition to keep a share of entrants out of its messages.</p>`;
  }
  const confidence =
    h.confidence === null
      ? 'not enough data for a confidence'
      : `${formatPercent(h.confidence)} confidence that the difference is real`;
  return `<p>${h.percent} % of entrants are held out (they get no messages). Conversion: placed an order after entering.</p>
<div class="scroll"><table data-testid="holdout">
<thead><tr><th>Group</th><th class="n">Entrants</th><th class="n">Converted</th><th class="n">Rate</th></tr></thead>
<tbody>${groupRow('Messaged', 'treatment', h.treatment)}${groupRow('Held out', 'holdout-group', h.holdout)}</tbody>
</table></div>
<dl class="facts">
<dt>Lift</dt><dd>${num('lift', h.lift, formatPercent(h.lift))}</dd>
<dt>Difference in rate</dt><dd>${num('difference', h.difference, h.difference === null ? '–' : `${Math.round(h.difference * 100)} points`)}</dd>
<dt>Confidence</dt><dd>${num('confidence', h.confidence, confidence)}</dd>
</dl>`;
}

/** What the journey earned: attributed conversions and revenue, per message, per recipient, and lift over holdout. */
export function resultsPage(workspace: string, results: JourneyResults): WebPage {
  const money = (value: number | null) => formatMoney(value, results.currency);
  const messages = results.messages;
  const chart = messages.some((m) => m.revenue > 0)
    ? barChart({
        testId: 'results-chart',
        caption: `Attributed revenue per message in the period (${results.currency ?? 'no currency'})`,
        categories: messages.map((m) => m.stepId),
        series: [{ name: 'revenue', values: messages.map((m) => m.revenue) }],
      })
    : '<p class="muted" data-testid="no-revenue">No orders were attributed to this journey\'s messages in the period.</p>';
  const body = `${journeyHeader(results.journey, 'results', results.period.days)}
<div class="card"><dl class="facts" data-testid="totals">
<dt>Attributed orders</dt><dd>${num('conversions', results.conversions, formatCount(results.conversions))}</dd>
<dt>Attributed revenue</dt><dd>${num('revenue', results.revenue, money(results.revenue))}</dd>
<dt>Recipients</dt><dd>${num('recipients', results.recipients, formatCount(results.recipients))}</dd>
<dt>Revenue per recipient</dt><dd>${num('revenue-per-recipient', results.revenuePerRecipient, money(results.revenuePerRecipient))}</dd>
</dl>
<p class="muted">Last touch: an order counts for the latest message of the journey the customer got within ${escapeHtml(results.attributionWindow)} before it.${results.currencies.length > 1 ? ` Revenue adds ${results.currencies.map(escapeHtml).join(', ')} as sent, without conversion.` : ''}</p></div>
<h2>Per message</h2>
<div class="card"><div class="scroll"><table data-testid="messages">
<thead><tr><th>Message</th><th class="n">Recipients</th><th class="n">Orders</th><th class="n">Revenue</th><th class="n">Per recipient</th></tr></thead>
<tbody>${messages
    .map(
      (m) =>
        `<tr data-testid="message" data-flow="${escapeHtml(m.flow)}" data-step="${escapeHtml(m.stepId)}"><th scope="row">${escapeHtml(m.stepId)} <span class="muted">(${escapeHtml(m.flow)}${m.template ? `, ${escapeHtml(m.template)}` : ''})</span></th>${numCell('recipients', m.recipients, formatCount(m.recipients))}${numCell('conversions', m.conversions, formatCount(m.conversions))}${numCell('revenue', m.revenue, money(m.revenue))}${numCell('revenue-per-recipient', m.revenuePerRecipient, money(m.revenuePerRecipient))}</tr>`,
    )
    .join('\n')}</tbody>
</table></div>
${chart}</div>
<h2>Lift against the holdout group</h2>
<div class="card">${holdoutSection(results)}</div>
<p class="muted">Computed in <span data-testid="took-ms">${results.tookMs}</span> ms.</p>`;
  return { status: 200, html: layout({ title: `${results.journey.name}: results`, workspace, body }) };
}
