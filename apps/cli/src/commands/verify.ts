import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { anchorsOf, buildTenantDigest, DigestSigner, verifyDigest, verifyStore } from '@journey-ledger/audit';
import type { SignedTenantDigest, StoreVerification } from '@journey-ledger/audit';
import type { OpenedStore } from '@journey-ledger/event-store';
import { withStore } from '../store';

export interface VerifyOptions {
  tenant?: string;
  against?: string;
  publicKey?: string;
  digestOut?: string;
  json?: boolean;
}

export interface VerifyReport {
  readonly verification: StoreVerification;
  readonly anchor?: { readonly file: string; readonly signatureValid: boolean; readonly rootValid: boolean };
  readonly digestWritten?: string;
}

/**
 * Checks every hash chain in the store (one tenant, or all), the stream heads the store keeps,
 * and, given an earlier signed digest (`--against`), that nothing it covered has changed since.
 */
export async function runVerify(opened: OpenedStore, opts: VerifyOptions, onProgress?: (n: number, head: number) => void): Promise<VerifyReport> {
  let anchors;
  let anchor: VerifyReport['anchor'];
  let tenant = opts.tenant;
  if (opts.against) {
    const digest = JSON.parse(readFileSync(opts.against, 'utf8')) as SignedTenantDigest;
    const check = verifyDigest(digest, opts.publicKey ? readFileSync(opts.publicKey, 'utf8') : undefined);
    anchor = { file: opts.against, ...check };
    if (tenant !== undefined && tenant !== digest.tenantId) throw new Error(`the digest is for ${digest.tenantId}, not ${tenant}`);
    tenant = digest.tenantId;
    anchors = anchorsOf(digest);
  }
  const verification = await verifyStore(opened.eventStore, { tenantId: tenant, anchors, db: opened.db, seal: opened.seal, onProgress });
  let digestWritten: string | undefined;
  if (opts.digestOut) {
    if (tenant === undefined) throw new Error('--digest-out needs --tenant');
    const signed = DigestSigner.fromConfig().sign(await buildTenantDigest(opened.eventStore, tenant, { db: opened.db, seal: opened.seal }));
    writeFileSync(opts.digestOut, `${JSON.stringify(signed, null, 2)}\n`);
    digestWritten = opts.digestOut;
  }
  return { verification, anchor, digestWritten };
}

export function formatVerify(r: VerifyReport): string {
  const v = r.verification;
  const lines = [`${v.status === 'intact' ? 'INTACT' : 'BROKEN'}: ${v.eventCount} events in ${v.streamCount} streams checked up to position ${v.headPosition}`];
  if (r.anchor)
    lines.push(`against ${r.anchor.file}: signature ${r.anchor.signatureValid ? 'valid' : 'INVALID'}, Merkle root ${r.anchor.rootValid ? 'valid' : 'INVALID'}`);
  for (const b of v.breaks) {
    lines.push(
      `  ${b.tenantId} ${b.streamId} revision ${b.revision}${b.eventId ? ` event ${b.eventId}` : ''}${b.position !== null ? ` (position ${b.position})` : ''}: ${b.reason}`,
    );
  }
  if (r.digestWritten) lines.push(`signed digest written to ${r.digestWritten}`);
  return `${lines.join('\n')}\n`;
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Verify every event’s hash chain in the store; pinpoint the first altered event of each broken stream (exit code 1)')
    .option('-t, --tenant <tenant>', 'only this tenant (default: the whole store)')
    .option('--against <digest.json>', 'an earlier signed digest: the streams it covers must still extend it')
    .option('--public-key <pem>', 'the council’s published public key to check the digest’s signature with')
    .option('--digest-out <file>', 'also write a fresh signed digest of the tenant')
    .option('--json', 'print JSON')
    .action(async (opts: VerifyOptions) => {
      const report = await withStore((opened) => runVerify(opened, opts));
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatVerify(report));
      const anchorBad = report.anchor !== undefined && !(report.anchor.signatureValid && report.anchor.rootValid);
      if (report.verification.status !== 'intact' || anchorBad) process.exitCode = 1;
    });
}
