import { Module } from '@nestjs/common';
import { PersonalDataVault, VaultKeyring } from '@journey-ledger/vault';
import type { SqlDatabase } from '@journey-ledger/sql';
import { LEDGER_OPTIONS, SQL_DATABASE } from '../infrastructure/tokens';
import type { LedgerOptions } from '../infrastructure/ledger.module';
import { PeopleController } from './people.controller';
import { ChildCharacteristicsController } from './child-characteristics.controller';

@Module({
  controllers: [PeopleController, ChildCharacteristicsController],
  providers: [
    {
      provide: PersonalDataVault,
      useFactory: async (db: SqlDatabase, o: LedgerOptions) => {
        const vault = new PersonalDataVault(db, VaultKeyring.fromConfig(), o.clock);
        await vault.migrate();
        return vault;
      },
      inject: [SQL_DATABASE, LEDGER_OPTIONS],
    },
  ],
  exports: [PersonalDataVault],
})
export class PeopleModule {}
