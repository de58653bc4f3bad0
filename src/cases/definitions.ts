import { connectiveLabels, triggerLabels, workflowLabels, type Label, type WorkflowLabels } from '../../workflows/labels.js';
import type { Workflow } from '../../workflows/registry.js';
import { machineStructure, type Data, type GuardStructure, type MachineStructure, type TransitionStructure } from '../../workflows/structure.js';
import { canonicalize } from '../crypto/canonical-json.js';

export interface GuardView {
  kind: 'NAMED' | 'AND' | 'OR' | 'NOT';
  name: string | null;
  /** Canonical JSON. */
  params: string | null;
  description: Label;
  parts: GuardView[];
}

export interface TransitionView {
  kind: 'EVENT' | 'ALWAYS' | 'DONE';
  /** The event's type; `always` or `done` for the transitions no event triggers. */
  event: string;
  label: Label;
  source: string;
  targets: string[];
  /** The guard as one line: `and(isCoordinator, resolvedAsReject)`, `cameFrom({"from":"suspended"})`. */
  guard: string | null;
  condition: GuardView | null;
  actions: { name: string; params: string | null }[];
}

export interface StateView {
  id: string;
  type: string;
  final: boolean;
  parent: string | null;
  initial: string | null;
  label: Label;
  meta: string | null;
}

/** A workflow as `workflowDefinitions` shows it: its structure (workflows/structure.ts) with the labels of both languages. */
export interface DefinitionView {
  label: Label;
  initial: string;
  states: StateView[];
  transitions: TransitionView[];
  eventTypes: { type: string; label: Label }[];
  guards: { name: string; description: Label }[];
}

const unlabelled = (name: string): Label => ({ zh: name, en: name });
const json = (params: Data | null) => (params === null ? null : canonicalize(params));

function guardView(guard: GuardStructure, labels: WorkflowLabels): GuardView {
  if (guard.kind === 'named') {
    return { kind: 'NAMED', name: guard.name, params: json(guard.params), description: labels.guards[guard.name] ?? unlabelled(guard.name), parts: [] };
  }
  return {
    kind: guard.kind === 'and' ? 'AND' : guard.kind === 'or' ? 'OR' : 'NOT',
    name: null,
    params: null,
    description: connectiveLabels[guard.kind],
    parts: guard.guards.map((part) => guardView(part, labels)),
  };
}

function guardText(guard: GuardStructure): string {
  if (guard.kind !== 'named') return `${guard.kind}(${guard.guards.map(guardText).join(', ')})`;
  return guard.params === null ? guard.name : `${guard.name}(${canonicalize(guard.params)})`;
}

/** The names of the guards a guard tree uses, parts included. */
function guardNames(guard: GuardStructure | null): string[] {
  if (guard === null) return [];
  return guard.kind === 'named' ? [guard.name] : guard.guards.flatMap(guardNames);
}

function transitionView(transition: TransitionStructure, labels: WorkflowLabels, stateLabel: (id: string) => Label): TransitionView {
  const { trigger } = transition;
  const source = stateLabel(transition.source);
  const [kind, event, label] =
    trigger.kind === 'event'
      ? (['EVENT', trigger.event, labels.events[trigger.event] ?? unlabelled(trigger.event)] as const)
      : trigger.kind === 'always'
        ? (['ALWAYS', 'always', triggerLabels.always] as const)
        : (['DONE', 'done', { zh: `${source.zh}${triggerLabels.done.zh}`, en: `${source.en}: ${triggerLabels.done.en}` }] as const);
  return {
    kind,
    event,
    label,
    source: transition.source,
    targets: transition.targets,
    guard: transition.guard === null ? null : guardText(transition.guard),
    condition: transition.guard === null ? null : guardView(transition.guard, labels),
    actions: transition.actions.map(({ name, params }) => ({ name, params: json(params) })),
  };
}

function view(workflow: Workflow, structure: MachineStructure): DefinitionView {
  const labels = workflowLabels[workflow.type] ?? { title: unlabelled(workflow.type), states: {}, events: {}, guards: {} };
  const stateLabel = (id: string) => (id === '' ? labels.title : (labels.states[id] ?? unlabelled(id)));
  const [root, ...states] = structure.states;
  const named = [...new Set(structure.transitions.flatMap((transition) => guardNames(transition.guard)))].sort();
  return {
    label: labels.title,
    initial: root?.initial ?? '',
    // The root is the workflow itself (its label is the title); its transitions, with source '', apply in every state.
    states: states.map((state) => ({
      id: state.id,
      type: state.type,
      final: state.type === 'final',
      parent: state.parent === '' ? null : state.parent,
      initial: state.initial,
      label: stateLabel(state.id),
      meta: json(state.meta),
    })),
    transitions: structure.transitions.map((transition) => transitionView(transition, labels, stateLabel)),
    eventTypes: Object.keys(workflow.events).map((type) => ({ type, label: labels.events[type] ?? unlabelled(type) })),
    guards: named.map((name) => ({ name, description: labels.guards[name] ?? unlabelled(name) })),
  };
}

const views = new Map<string, DefinitionView>();

/**
 * The states (with nesting and initial children), transitions (eventless and done ones included, never XState's
 * internal event names), guards and actions of a workflow, each labelled in Chinese and English
 * (workflows/labels.ts). Read once per workflow: machines do not change while the server runs.
 */
export function definitionView(workflow: Workflow): DefinitionView {
  let found = views.get(workflow.key);
  if (found === undefined) {
    found = view(workflow, machineStructure(workflow.machine));
    views.set(workflow.key, found);
  }
  return found;
}
