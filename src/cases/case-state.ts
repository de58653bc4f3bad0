import type { AnyMachineSnapshot } from 'xstate';
import type { Workflow } from '../../workflows/registry.js';
import type { CaseEvent } from '../store/records.js';

/** A case as it stands: its newest history entry and the machine state restored from it (`restore`). */
export interface CaseState {
  id: string;
  workflow: Workflow;
  head: CaseEvent;
  snapshot: AnyMachineSnapshot;
  context: Record<string, unknown>;
  state: string;
}
