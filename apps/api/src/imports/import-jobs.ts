import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Logger, OnModuleDestroy } from '@nestjs/common';

/** An upload being imported, or done: the report is the importer's own (one shape per format). */
export interface ImportJob {
  readonly importId: string;
  readonly tenantId: string;
  readonly format: string;
  readonly source: string;
  status: 'running' | 'completed' | 'failed';
  report?: unknown;
  /** Set when the import stopped on an unforeseen error (never the error text: it may quote the file). */
  error?: string;
  readonly startedAt: string;
}

/**
 * The uploads of this process and their reports, by import id. An import runs after the upload
 * is answered; its file is removed when it ends. The reports live as long as the process: a
 * restart loses them, and since imports are idempotent, uploading the same file again finishes
 * what an interrupted import left.
 */
export class ImportJobs implements OnModuleDestroy {
  private readonly logger = new Logger('Imports');
  private readonly jobs = new Map<string, ImportJob>();
  private readonly running = new Set<Promise<void>>();

  start(
    init: { tenantId: string; format: string; source: string; path: string },
    work: (importId: string) => Promise<{ report: unknown; failed: boolean }>,
  ): ImportJob {
    const job: ImportJob = {
      importId: randomUUID(),
      tenantId: init.tenantId,
      format: init.format,
      source: init.source,
      status: 'running',
      startedAt: new Date().toISOString(),
    };
    this.jobs.set(job.importId, job);
    const run = (async () => {
      try {
        const { report, failed } = await work(job.importId);
        job.report = report;
        job.status = failed ? 'failed' : 'completed';
      } catch (e) {
        job.status = 'failed';
        job.error = 'the import stopped on an unexpected error; nothing of a journey is half-written: upload the file again to resume';
        this.logger.error(JSON.stringify({ event: 'import-failed', importId: job.importId, error: (e as Error)?.name }));
      } finally {
        rmSync(init.path, { force: true });
      }
    })();
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return job;
  }

  get(tenantId: string, importId: string): ImportJob | undefined {
    const job = this.jobs.get(importId);
    return job !== undefined && job.tenantId === tenantId ? job : undefined;
  }

  /** Waits for every running import (shutdown, tests). */
  async settle(): Promise<void> {
    await Promise.all([...this.running]);
  }

  /** The store closes after this: let running imports finish their batch first. */
  async onModuleDestroy(): Promise<void> {
    await this.settle();
  }
}
