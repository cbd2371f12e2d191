import type { JourneyDefinition, StageRule } from '../../journeys/definition/journey-definition.schema';
import { conditionWords, eventWords } from './diagram-words';
import type { DiagramEdge, Graph } from './journey-graph';

export const ENTER_NODE = '#enter';

/**
 * The stage flow as compile-stages.ts builds it: customers enter at the first stage; a rule with `from` moves from
 * those stages, a rule without it from any earlier stage (drawn from the stage just before its target, so the
 * stages read in order instead of as a fan of edges).
 */
export function stageGraph(definition: JourneyDefinition): Graph {
  const { stages } = definition;
  const flowsOf = (stage: string) =>
    Object.values(definition.flows)
      .filter((flow) => flow.stage === stage)
      .map((flow) => flow.name);
  const nodes = [
    { id: ENTER_NODE, kind: 'trigger' as const, label: 'enters the journey' },
    ...stages.map((stage) => {
      const flows = flowsOf(stage);
      return {
        id: stage,
        kind: 'stage' as const,
        label: stage,
        ...(flows.length > 0 ? { detail: flows.join(', ') } : {}),
      };
    }),
  ];
  const edges: DiagramEdge[] = [{ id: 'e1', from: ENTER_NODE, to: stages[0], kind: 'next' }];
  const add = (from: string, to: string, label: string) =>
    edges.push({ id: `e${edges.length + 1}`, from, to, kind: 'stage-rule', label });
  for (const rule of definition.stageRules ?? []) {
    const words = ruleWords(rule);
    if (rule.from === undefined) {
      const index = stages.indexOf(rule.to);
      // A forward-only rule to the first stage never fires.
      if (index > 0) add(stages[index - 1], rule.to, index > 1 ? `${words} (from any earlier stage)` : words);
      continue;
    }
    for (const from of [rule.from].flat()) if (from !== rule.to) add(from, rule.to, words);
  }
  return { nodes, edges };
}

const ruleWords = (rule: StageRule): string =>
  `${eventWords(rule.event)}${rule.where ? ` if ${conditionWords(rule.where)}` : ''}`;
