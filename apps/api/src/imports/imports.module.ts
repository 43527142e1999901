import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { ImportJobs } from './import-jobs';
import { ImportsController } from './imports.controller';

/** Default upload limit: a large county's CIN census return is tens of megabytes. */
export const DEFAULT_MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

export function maxUploadBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.JOURNEY_LEDGER_IMPORT_MAX_BYTES;
  const n = raw === undefined ? DEFAULT_MAX_UPLOAD_BYTES : Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`JOURNEY_LEDGER_IMPORT_MAX_BYTES must be a positive whole number of bytes, not "${raw}"`);
  return n;
}

@Module({
  imports: [
    MulterModule.registerAsync({
      useFactory: () => {
        const dest = process.env.JOURNEY_LEDGER_IMPORT_DIR ?? join(tmpdir(), 'journey-ledger-uploads');
        mkdirSync(dest, { recursive: true });
        // Files go to disk as they arrive (never whole in memory); one file per request, few fields.
        // A field holds at most an XES import's mapping (YAML), a few kilobytes.
        return { dest, limits: { fileSize: maxUploadBytes(), files: 1, fields: 10, fieldSize: 64 * 1024 } };
      },
    }),
  ],
  controllers: [ImportsController],
  providers: [ImportJobs],
  exports: [ImportJobs],
})
export class ImportsModule {}
