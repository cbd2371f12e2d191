import type { JourneySummary, WorkspaceResults } from '../../insight/insight.types';
import { formatCount, formatMoney } from '../web-format';
import { escapeHtml, layout, num, numCell, type WebPage } from '../web-page';
import { journeyPath } from './journey-nav.html';

/** The start page: every journey with its customers, and what the workspace's orders brought in. */
export function journeysPage(
  workspace: string,
  journeys: JourneySummary[],
  results: WorkspaceResults,
): WebPage {
  const list =
    journeys.length === 0
      ? `<div class="note" data-testid="empty-journeys"><p><strong>No journeys yet.</strong> Create one with the API:
<code>PUT /v1/journeys/customer-lifecycle?publish=true</code> with <code>{"template": "customer-lifecycle"}</code>
starts the built-in journey (lead nurture, abandoned carts, review requests); the README lists the definition format
for your own. Then send events to <code>/v1/track</code> and customers appear here.</p></div>`
      : `<div class="card scroll"><table data-testid="journeys">
<thead><tr><th>Journey</th><th>Status</th><th class="n">Customers</th><th>Pages</th></tr></thead>
<tbody>
${journeys
  .map(
    (j) => `<tr data-testid="journey-row" data-key="${escapeHtml(j.key)}">
<td><a href="${escapeHtml(journeyPath(j.key))}">${escapeHtml(j.name)}</a><br><span class="muted">${escapeHtml(j.key)}</span></td>
<td>${escapeHtml(j.status)}${j.version === null ? '' : ` v${j.version}`}</td>
${numCell('customers', j.customers, formatCount(j.customers))}
<td><a href="${escapeHtml(journeyPath(j.key, '/funnel'))}">Funnel</a> · <a href="${escapeHtml(journeyPath(j.key, '/results'))}">Results</a> · <a href="${escapeHtml(journeyPath(j.key, '/diagram'))}">Diagram</a></td>
</tr>`,
  )
  .join('\n')}
</tbody></table></div>`;
  const currency = results.currency;
  const body = `<h1>Journeys</h1>
${list}
<h2>Orders in the last ${results.period.days} days</h2>
<div class="card"><dl class="facts" data-testid="workspace-results">
<dt>Orders</dt><dd>${num('orders', results.orders, formatCount(results.orders))}</dd>
<dt>Revenue</dt><dd>${num('revenue', results.revenue, formatMoney(results.revenue, currency))}</dd>
<dt>Attributed to a journey's message</dt><dd>${num('attributed-orders', results.attributedOrders, formatCount(results.attributedOrders))} orders, ${num('attributed-revenue', results.attributedRevenue, formatMoney(results.attributedRevenue, currency))}</dd>
</dl>${results.currencies.length > 1 ? `<p class="muted">Revenue adds amounts in ${results.currencies.map(escapeHtml).join(', ')} as sent, without conversion.</p>` : ''}</div>
<h2>Find a customer</h2>
<form method="get" action="/app/customers" class="period"><label for="q">Customer id or email</label>
<input type="search" id="q" name="q" maxlength="200"><button class="primary" type="submit">Search</button></form>`;
  return { status: 200, html: layout({ title: 'Journeys', workspace, body }) };
}
