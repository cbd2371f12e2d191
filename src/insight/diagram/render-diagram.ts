import type { JourneyDefinition } from '../../journeys/definition/journey-definition.schema';
import { type LaidOutGraph, layoutGraph } from './diagram-layout';
import { graphSvg } from './diagram-svg';
import { journeyGraph } from './journey-graph';
import { ENTER_NODE } from './stage-graph';

export type DrawnGraph = LaidOutGraph & { svg: string };
export type DrawnFlow = DrawnGraph & { key: string; name: string; stage: string | null; trigger: string };

/** The shape of GET /v1/insight/journeys/{key}/diagram, less the journey summary. */
export interface JourneyDiagram {
  stages: DrawnGraph;
  flows: DrawnFlow[];
}

/** Every graph of the journey laid out, with its SVG; ids in the SVGs are prefixed by journey and flow key. */
export function layoutJourneyDiagram(definition: JourneyDefinition): JourneyDiagram {
  const graph = journeyGraph(definition);
  const stages = layoutGraph(graph.stages, [ENTER_NODE, ...definition.stages]);
  return {
    stages: {
      ...stages,
      svg: graphSvg(stages, { id: `diagram-${definition.key}-stages`, title: `${definition.name}: stages` }),
    },
    flows: graph.flows.map((flow) => {
      const laid = layoutGraph(flow);
      const title = `${definition.name}: flow ${flow.name}, started by ${flow.trigger}`;
      return {
        ...flow,
        ...laid,
        svg: graphSvg(laid, { id: `diagram-${definition.key}-flow-${flow.key}`, title }),
      };
    }),
  };
}

/** The SVGs the web pages embed: the stage flow and one statechart per flow. */
export function renderJourneyDiagram(definition: JourneyDefinition): {
  stagesSvg: string;
  flows: { key: string; name: string; stage: string | null; svg: string }[];
} {
  const diagram = layoutJourneyDiagram(definition);
  return {
    stagesSvg: diagram.stages.svg,
    flows: diagram.flows.map(({ key, name, stage, svg }) => ({ key, name, stage, svg })),
  };
}
