import type { CaseReader } from '../cases/reads.js';
import type { CaseEngine } from '../cases/engine.js';
import { requireViewer } from '../auth/permissions.js';
import { seesEverything } from '../cases/visibility.js';
import type { Viewer } from '../directory/model.js';
import { forbidden } from '../errors.js';
import type { CaseStore } from '../store/case-store.js';
import { bundleFormat } from '../crypto/bundle-shape.js';
import type { CheckpointService } from './checkpoints.js';
import { withoutCommandLimit } from '../store/command-budget.js';

/**
 * One JSON file with everything needed to check a case without the server: its history, documents,
 * signatures with the exact signed bytes, the public keys, and the newest checkpoint that holds it with
 * the countersignatures and the inclusion proof. `scripts/verify-bundle.ts` checks it offline; its shape, field by
 * field, is `src/crypto/bundle-shape.ts`.
 */
export class BundleExporter {
  constructor(
    private readonly engine: CaseEngine,
    private readonly reader: CaseReader,
    private readonly store: CaseStore,
    private readonly checkpoints: CheckpointService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Without a limit on its database commands (it reads what the case holds, and its weight bounds how many a request asks), still stopped when its request is abandoned. */
  export(viewer: Viewer | undefined, caseId: string): Promise<string> {
    return withoutCommandLimit(() => this.exported(viewer, caseId));
  }

  private async exported(viewer: Viewer | undefined, caseId: string): Promise<string> {
    const auditor = requireViewer(viewer);
    if (!seesEverything(auditor)) throw forbidden('仅审计与联合办公室可导出证据包', 'Only auditors and the joint office export evidence bundles');
    const state = await this.engine.read(auditor, caseId);
    const entries = await this.store.entries(caseId, 1, state.head.seq);
    const [versions, signatures] = await Promise.all([this.reader.versions(auditor, state), this.reader.signatures(state)]);
    const proof = await this.checkpoints.inclusion(caseId);
    const { chain, countersignatures } =
      proof === undefined ? { chain: [], countersignatures: [] } : await this.checkpoints.countersignedFrom(proof.checkpoint);
    const keyIds = [...new Set([...signatures.map((s) => s.keyId), ...countersignatures.map((c) => c.keyId)])];
    const keys = await this.store.keysByIds(keyIds);
    return JSON.stringify(
      {
        format: bundleFormat,
        exportedAt: this.now(),
        case: { id: caseId, workflow: state.workflow.key, state: state.state, title: state.workflow.currentVersion(state.context).title },
        entries,
        versions,
        signatures: signatures.map(({ current: _current, ...signature }) => signature),
        keys: keys.map(({ id, userId, algorithm, publicKey, revokedAt }) => ({ id, userId, algorithm, publicKey, revokedAt })),
        checkpoint:
          proof === undefined
            ? null
            : {
                statement: proof.checkpoint.statement,
                serverSignature: proof.checkpoint.serverSignature,
                leaf: proof.head,
                leafIndex: proof.leafIndex,
                auditPath: proof.auditPath,
                countersignatures: countersignatures.map(({ username, agencyId, region, keyId, algorithm, signature, signedAt }) => ({
                  username,
                  agencyId,
                  region,
                  keyId,
                  algorithm,
                  signature,
                  signedAt,
                })),
                ...(chain.length === 0 ? {} : { chain }),
              },
      },
      null,
      2,
    );
  }
}
