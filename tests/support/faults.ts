import type { CaseEvent, CaseSummary } from '../../src/store/records.js';
import { CaseStore } from '../../src/store/case-store.js';

/** The store of a process that dies right after its commit point, before its projection write. */
export class DiesAfterCommit extends CaseStore {
  override writeSummary(_summary: Omit<CaseSummary, 'createdAt'>): Promise<void> {
    return Promise.reject(new Error('process killed between event insert and projection write'));
  }
}

/** The store of a process that dies just before its commit point. */
export class DiesBeforeCommit extends CaseStore {
  override appendEvent(_event: CaseEvent, _feedPosition: number): Promise<void> {
    return Promise.reject(new Error('process killed before the event insert'));
  }
}

/** The store of a writer held at one step: `reached` resolves when it gets there, and it goes on once `release` is called. */
abstract class HeldStore extends CaseStore {
  private arrive: () => void = () => undefined;
  private open: () => void = () => undefined;
  readonly reached = new Promise<void>((resolve) => (this.arrive = resolve));
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));

  release(): void {
    this.open();
  }

  protected async hold(): Promise<void> {
    this.arrive();
    await this.gate;
  }
}

/** A writer held between claiming its history feed slot and inserting its entry (its commit point). */
export class CommitsLate extends HeldStore {
  override async appendEvent(event: CaseEvent, feedPosition: number): Promise<void> {
    await this.hold();
    return super.appendEvent(event, feedPosition);
  }
}

/** A writer held between its entry and its record of the entry's idempotency key. */
export class RecordsLate extends HeldStore {
  override async recordIdempotency(entries: readonly CaseEvent[]): Promise<void> {
    await this.hold();
    return super.recordIdempotency(entries);
  }
}
