import type { JourneyValidationIssue } from './journey-validation.error';
import { type FlowDefinition, type JourneyDefinition, flowKeyPaths } from './journey-definition.schema';
import { toJsonPath } from './json-path.util';
import { type Step, eventNames } from './step.schema';

type Path = PropertyKey[];
type Report = (path: Path, message: string) => void;

/** Position names the engine reports besides step ids, so steps may not use them. */
export const RESERVED_STEP_IDS = new Set(['completed', 'exited']);

/** Rules the zod shape cannot express; each problem names the JSON path of the value at fault. */
export function checkJourneySemantics(definition: JourneyDefinition): JourneyValidationIssue[] {
  const issues: JourneyValidationIssue[] = [];
  const report: Report = (path, message) => issues.push({ path: toJsonPath(path), message });
  checkStages(definition, report);
  for (const [flowKey, flow] of Object.entries(definition.flows)) {
    checkFlow(definition, flow, ['flows', flowKey], report);
  }
  return issues;
}

function checkStages(definition: JourneyDefinition, report: Report): void {
  const seen = new Set<string>();
  definition.stages.forEach((stage, i) => {
    if (seen.has(stage)) report(['stages', i], `duplicate stage "${stage}"`);
    seen.add(stage);
  });
  definition.stageRules?.forEach((rule, i) => {
    if (!seen.has(rule.to)) report(['stageRules', i, 'to'], `unknown stage "${rule.to}"`);
    if (typeof rule.from === 'string' && !seen.has(rule.from)) {
      report(['stageRules', i, 'from'], `unknown stage "${rule.from}"`);
    }
    if (Array.isArray(rule.from)) {
      rule.from.forEach((from, j) => {
        if (!seen.has(from)) report(['stageRules', i, 'from', j], `unknown stage "${from}"`);
      });
    }
  });
}

function checkFlow(definition: JourneyDefinition, flow: FlowDefinition, path: Path, report: Report): void {
  if (flow.stage !== undefined && !definition.stages.includes(flow.stage)) {
    report([...path, 'stage'], `unknown stage "${flow.stage}"; stages are ${definition.stages.join(', ')}`);
  }
  const keyed = flowKeyPaths(flow).length > 0;
  flow.exit?.forEach((goal, i) => {
    if (goal.sameKey && !keyed)
      report([...path, 'exit', i, 'sameKey'], 'sameKey needs a keyed flow (entry.key)');
  });
  const scope: StepScope = { keyed, ids: new Map(), report };
  checkSteps(flow.steps, [...path, 'steps'], scope);
  checkSteps(flow.onExit ?? [], [...path, 'onExit'], scope);
}

interface StepScope {
  keyed: boolean;
  /** Step id -> JSON path of its first use, for duplicate reports. */
  ids: Map<string, string>;
  report: Report;
}

function checkSteps(steps: Step[], path: Path, scope: StepScope): void {
  steps.forEach((step, i) => {
    const stepPath = [...path, i];
    const first = scope.ids.get(step.id);
    if (first) scope.report([...stepPath, 'id'], `duplicate step id "${step.id}" (first used at ${first})`);
    else scope.ids.set(step.id, toJsonPath(stepPath));
    if (RESERVED_STEP_IDS.has(step.id)) scope.report([...stepPath, 'id'], `step id "${step.id}" is reserved`);
    if (step.type === 'exit' && i < steps.length - 1) {
      scope.report([...path, i + 1], `unreachable: follows the exit step "${step.id}"`);
    }
    checkStep(step, stepPath, scope);
  });
}

function checkStep(step: Step, path: Path, scope: StepScope): void {
  if (step.type === 'branch') {
    step.branches.forEach((branch, i) => checkSteps(branch.steps, [...path, 'branches', i, 'steps'], scope));
    checkSteps(step.otherwise ?? [], [...path, 'otherwise'], scope);
    return;
  }
  if (step.type !== 'waitForEvent') return;
  if (step.sameKey && !scope.keyed)
    scope.report([...path, 'sameKey'], 'sameKey needs a keyed flow (entry.key)');
  if (step.onTimeout && step.timeout === undefined) {
    scope.report([...path, 'onTimeout'], 'onTimeout needs a timeout');
  }
  if (step.restartOn !== undefined) {
    if (step.timeout === undefined)
      scope.report([...path, 'restartOn'], 'restartOn needs a timeout to restart');
    const awaited = eventNames(step.event);
    const clash = eventNames(step.restartOn).find((name) => awaited.includes(name));
    if (clash) scope.report([...path, 'restartOn'], `"${clash}" is both awaited and in restartOn`);
  }
  checkSteps(step.onEvent ?? [], [...path, 'onEvent'], scope);
  checkSteps(step.onTimeout ?? [], [...path, 'onTimeout'], scope);
}
