import type { TimelineEntry } from '../../contacts/contacts.service';
import type { CustomerMatch } from '../../insight/customer-search.service';
import { STAGE_FLOW } from '../../journeys/runs/run.entity';
import { formatTime } from '../web-format';
import { escapeHtml, layout, type WebPage } from '../web-page';
import { journeyPath } from './journey-nav.html';

export const customerPath = (userId: string) => `/app/customers/${encodeURIComponent(userId)}`;

const searchForm = (q: string) => `<form method="get" action="/app/customers" class="period" role="search">
<label for="q">Customer id or email starts with</label>
<input type="search" id="q" name="q" value="${escapeHtml(q)}" maxlength="200" required>
<button class="primary" type="submit">Search</button></form>`;

/** The customer finder: a prefix of the external id or email; each match with the stage it is in per journey. */
export function customerSearchPage(workspace: string, q: string, matches: CustomerMatch[] | null): WebPage {
  let results = '';
  if (matches !== null && matches.length === 0) {
    results = `<p data-testid="no-customers">No customer's id or email starts with “${escapeHtml(q)}”.</p>`;
  } else if (matches !== null) {
    results = `<div class="card scroll"><table data-testid="customers">
<thead><tr><th>Customer</th><th>Email</th><th>Stage now</th><th>First seen</th></tr></thead>
<tbody>${matches
      .map(
        (c) => `<tr data-testid="customer-row" data-user="${escapeHtml(c.userId)}">
<td><a href="${escapeHtml(customerPath(c.userId))}">${escapeHtml(c.userId)}</a></td><td>${escapeHtml(c.email ?? '–')}</td>
<td>${c.stages.map((s) => `<span data-testid="customer-stage" data-journey="${escapeHtml(s.journey)}">${escapeHtml(s.stage)}</span> <span class="muted">(${escapeHtml(s.journeyName)})</span>`).join('<br>') || '–'}</td>
<td>${formatTime(c.firstSeen)}</td></tr>`,
      )
      .join('\n')}</tbody></table></div>`;
  }
  const body = `<h1>Customers</h1>\n${searchForm(q)}\n${results}`;
  return { status: 200, html: layout({ title: 'Customers', workspace, body }) };
}

export interface CustomerProfile {
  userId: string;
  email: string | null;
  firstName: unknown;
  lastName: unknown;
  createdAt: Date;
  runs: {
    journey: unknown;
    flow: unknown;
    key: unknown;
    status: unknown;
    position: unknown;
    stage: unknown;
    startedAt: unknown;
  }[];
}

const text = (value: unknown) => escapeHtml(value === null || value === undefined ? '–' : String(value));

function stagePaths(entries: TimelineEntry[]): string {
  const moves = entries.filter((e) => e.kind === 'step' && e.flow === STAGE_FLOW);
  const journeys = [...new Set(moves.map((m) => m.journey!))];
  if (journeys.length === 0)
    return '<p class="muted" data-testid="no-stage-path">Not in any journey\'s stages yet.</p>';
  return journeys
    .map(
      (journey) => `<h3><a href="${escapeHtml(journeyPath(journey))}">${escapeHtml(journey)}</a></h3>
<ol class="plain" data-testid="stage-path" data-journey="${escapeHtml(journey)}">${moves
        .filter((m) => m.journey === journey)
        .map(
          (m) =>
            `<li data-testid="stage-move"><strong>${escapeHtml(m.summary)}</strong> <span class="muted">${formatTime(m.at)}</span>${m.reason ? ` · ${escapeHtml(m.reason)}` : ''}</li>`,
        )
        .join('')}</ol>`,
    )
    .join('\n');
}

/** How a timeline entry reads at a glance: skipped and deferred sends stand out, with their reason beside them. */
function outcomeBadge(entry: TimelineEntry): string {
  const said = `${entry.summary} ${entry.reason ?? ''}`;
  if (/skipped/i.test(said)) return ' <span class="badge bad" data-testid="outcome">skipped</span>';
  if (/deferred/i.test(said)) return ' <span class="badge warn" data-testid="outcome">deferred</span>';
  return '';
}

/** One customer: their stages over time per journey, their runs, and every event and decision with its reason. */
export function customerPage(workspace: string, profile: CustomerProfile, entries: TimelineEntry[]): WebPage {
  const name = [profile.firstName, profile.lastName].filter((p) => typeof p === 'string' && p).join(' ');
  const runs = profile.runs.filter((r) => r.flow !== STAGE_FLOW);
  const body = `<p class="muted"><a href="/app/customers">Customers</a> › ${escapeHtml(profile.userId)}</p>
<h1 data-testid="customer-id">${escapeHtml(name || profile.userId)}</h1>
<div class="card"><dl class="facts">
<dt>Customer id</dt><dd>${escapeHtml(profile.userId)}</dd>
<dt>Email</dt><dd data-testid="customer-email">${text(profile.email)}</dd>
<dt>First seen</dt><dd>${formatTime(profile.createdAt)}</dd>
</dl></div>
<h2>Path through the stages</h2>
<div class="card">${stagePaths(entries)}</div>
<h2>Runs</h2>
<div class="card scroll">${
    runs.length === 0
      ? '<p class="muted">No flow has run for this customer.</p>'
      : `<table data-testid="runs"><thead><tr><th>Journey</th><th>Flow</th><th>Key</th><th>Status</th><th>At step</th><th>Started</th></tr></thead>
<tbody>${runs
          .map(
            (r) =>
              `<tr data-testid="run" data-flow="${text(r.flow)}"><td>${text(r.journey)}</td><td>${text(r.flow)}</td><td>${text(r.key)}</td><td data-testid="run-status">${text(r.status)}</td><td>${text(r.position)}</td><td>${r.startedAt instanceof Date || typeof r.startedAt === 'string' ? formatTime(r.startedAt) : '–'}</td></tr>`,
          )
          .join('')}</tbody></table>`
  }</div>
<h2>Timeline</h2>
<p class="muted">Every event, step, scheduled send or wake-up, delivery and consent change, oldest first; the reason says why
a send went out, waited or was skipped.</p>
<div class="card scroll"><table data-testid="timeline">
<thead><tr><th>When</th><th>What</th><th>Where</th><th>Why</th></tr></thead>
<tbody>${entries
    .map(
      (e) =>
        `<tr data-testid="timeline-entry" data-kind="${escapeHtml(e.kind)}"><td>${formatTime(e.at)}</td><td><span class="badge">${escapeHtml(e.kind)}</span> <span data-testid="summary">${escapeHtml(e.summary)}</span>${outcomeBadge(e)}</td><td>${e.journey ? `${escapeHtml(e.journey)} / ${escapeHtml(e.flow ?? '')}` : ''}</td><td data-testid="reason">${e.reason ? escapeHtml(e.reason) : ''}</td></tr>`,
    )
    .join('\n')}</tbody></table></div>`;
  return { status: 200, html: layout({ title: `Customer ${profile.userId}`, workspace, body }) };
}
