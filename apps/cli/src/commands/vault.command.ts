import type { Command } from 'commander';
import { PersonalDataVault, VaultKeyring } from '@journey-ledger/vault';
import type { RotationResult, VaultKeyStatus } from '@journey-ledger/vault';
import type { OpenedStore } from '@journey-ledger/event-store';
import { withStore } from '../store';

/** The vault under the configured keys (`JOURNEY_LEDGER_VAULT_KEY`, `JOURNEY_LEDGER_VAULT_PREVIOUS_KEYS`). */
async function openVault(opened: OpenedStore, env: NodeJS.ProcessEnv = process.env): Promise<PersonalDataVault> {
  const vault = new PersonalDataVault(opened.db, VaultKeyring.fromConfig(env));
  await vault.migrate();
  return vault;
}

export async function rotateVaultKeys(opened: OpenedStore, env: NodeJS.ProcessEnv = process.env): Promise<RotationResult> {
  return (await openVault(opened, env)).rotate();
}

export async function vaultKeyStatus(opened: OpenedStore, env: NodeJS.ProcessEnv = process.env): Promise<VaultKeyStatus> {
  return (await openVault(opened, env)).keyStatus();
}

/**
 * `vault rotate`: re-wraps every live data key under the current master key, after which the
 * previous key can be destroyed and every erasure made under it is final (docs/erasure.md).
 * `vault status`: the live keys per master key, and erasures still awaiting a rotation.
 */
export function registerVault(program: Command): void {
  const vault = program.command('vault').description('The personal-data vault’s master keys: rotation makes erasures final (docs/erasure.md)');
  vault
    .command('rotate')
    .description('Re-wrap every data key under JOURNEY_LEDGER_VAULT_KEY (the keys in JOURNEY_LEDGER_VAULT_PREVIOUS_KEYS unwrap them)')
    .action(async () => {
      const result = await withStore((s) => rotateVaultKeys(s));
      process.stdout.write(`${JSON.stringify(result)}\n`);
      if (result.unreadable > 0)
        throw new Error(
          `${result.unreadable} data keys are wrapped by a master key that is not configured: add it to JOURNEY_LEDGER_VAULT_PREVIOUS_KEYS and run again`,
        );
      process.stdout.write(
        'Every live data key is under the current master key: remove the previous keys from the configuration and destroy them (every copy, every version) to make past erasures final.\n',
      );
    });
  vault
    .command('status')
    .description('Live data keys per master key, and erasures awaiting a rotation')
    .action(async () => {
      process.stdout.write(`${JSON.stringify(await withStore((s) => vaultKeyStatus(s)), null, 2)}\n`);
    });
}
