import type { JourneySummary } from '../../insight/insight.types';
import { escapeHtml, layout, type WebPage } from '../web-page';
import { journeyHeader } from './journey-nav.html';

export interface DiagramInput {
  journey: JourneySummary;
  stagesSvg: string;
  flows: { key: string; name: string; stage: string | null; svg: string }[];
}

/** The journey's statechart drawn: how customers move between stages, then each flow's steps, waits and branches. */
export function diagramPage(workspace: string, input: DiagramInput): WebPage {
  // The SVGs come from the diagram renderer, which escapes every label it writes.
  const flows = input.flows
    .map(
      (flow) => `<section class="card" data-testid="diagram-flow" data-flow="${escapeHtml(flow.key)}">
<h3>${escapeHtml(flow.name)} <span class="muted">(${escapeHtml(flow.key)}${flow.stage ? `, stage ${escapeHtml(flow.stage)}` : ''})</span></h3>
<div class="scroll">${flow.svg}</div></section>`,
    )
    .join('\n');
  const body = `${journeyHeader(input.journey, 'diagram', null)}
<h2>Stages</h2>
<section class="card" data-testid="diagram-stages"><div class="scroll">${input.stagesSvg}</div></section>
<h2>Flows</h2>
${flows || '<p class="muted">This journey has no flows.</p>'}`;
  return { status: 200, html: layout({ title: `${input.journey.name}: diagram`, workspace, body }) };
}
