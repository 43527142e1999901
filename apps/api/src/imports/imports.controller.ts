import { createReadStream, rmSync } from 'node:fs';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenantRegistry } from '@journey-ledger/application';
import type { EventStore } from '@journey-ledger/event-store';
import { importAnnexA, importCinCensus, importCsv, LIST_NAMES, LISTS, probeAnnexA } from '@journey-ledger/ingest';
import { importXes, importPseudonymKeyFromEnv } from '@journey-ledger/process-mining';
import type { ListName } from '@journey-ledger/ingest';
import { Roles } from '../auth/decorators';
import { Ctx, RequestContext } from '../auth/request-context';
import { EVENT_STORE, LEDGER_OPTIONS } from '../infrastructure/tokens';
import type { LedgerOptions } from '../infrastructure/ledger.module';
import { ImportJob, ImportJobs } from './import-jobs';
import { gunzippedHeadOf, headOf, isXesHead, sniff } from './sniff-format';
import { surveyUpload, xesUploadFields } from './xes-upload';

/** The part of a multer file this controller uses (stored on disk, never in memory). */
interface StoredUpload {
  readonly path: string;
  readonly originalname: string;
  readonly size: number;
}

export const ACCEPTED_FORMATS =
  'a CIN census return (DfE XML), an Ofsted Annex A workbook (.xlsx), an XES event log (.xes or .xes.gz), or a CSV list (with the form field "list": one of ' +
  LIST_NAMES.join(', ') +
  ')';

const view = (job: ImportJob) => ({
  importId: job.importId,
  format: job.format,
  source: job.source,
  status: job.status,
  startedAt: job.startedAt,
  ...(job.error ? { error: job.error } : {}),
  ...(job.report ? { report: job.report } : {}),
});

/** The header row's names, compared as the CSV importer compares them. */
const normalise = (h: string) => h.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Uploads of a council's history. The file is streamed to disk by multer (with a size limit),
 * recognised by its first bytes, checked enough to refuse it at once when it cannot be imported,
 * and imported after the answer: the caller polls `GET /imports/:importId` for the report.
 */
@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly jobs: ImportJobs,
    private readonly tenants: TenantRegistry,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_OPTIONS) private readonly options: LedgerOptions,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('recorder')
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'Upload a CIN census return, an Annex A workbook, an XES event log or a CSV list; answers at once with the import id' })
  @UseInterceptors(FileInterceptor('file'))
  async upload(@Ctx() ctx: RequestContext, @UploadedFile() file: StoredUpload | undefined, @Body() body: Record<string, unknown>) {
    if (file === undefined) throw new UnsupportedMediaTypeException(`send the file as multipart/form-data in the field "file": ${ACCEPTED_FORMATS}`);
    try {
      return await this.accept(ctx, file, body);
    } catch (e) {
      // A refused upload leaves nothing behind; an accepted one is removed when its import ends.
      rmSync(file.path, { force: true });
      throw e;
    }
  }

  private async accept(ctx: RequestContext, file: StoredUpload, body: Record<string, unknown>) {
    const tenant = this.tenants.get(ctx.tenantId);
    if (tenant === undefined) throw new NotFoundException('this council is not configured');
    const head = headOf(file.path);
    const kind = sniff(head);
    const source = file.originalname.replace(/[^\w.\- ]/g, '_').slice(0, 200);
    const actor = { userId: ctx.userId, role: 'recorder' };
    if ((kind === 'xml' && isXesHead(head)) || (kind === 'gzip' && isXesHead(await gunzippedHeadOf(file.path)))) return this.acceptXes(ctx, file, body, source);
    if (kind === 'gzip') throw new UnsupportedMediaTypeException(`this gzip file does not hold an XES event log: upload ${ACCEPTED_FORMATS}`);
    if (kind === 'xml') {
      return view(
        this.jobs.start({ tenantId: ctx.tenantId, format: 'cin-census', source, path: file.path }, async (importId) => {
          const report = await importCinCensus(createReadStream(file.path), { store: this.store, tenant, source, importId, actor, now: this.options.clock });
          return { report, failed: report.status === 'failed' };
        }),
      );
    }
    if (kind === 'text') {
      const list = typeof body.list === 'string' ? body.list : undefined;
      if (list === undefined || !(LIST_NAMES as readonly string[]).includes(list)) {
        throw new BadRequestException({
          message: `a CSV file needs the form field "list": one of ${LIST_NAMES.join(', ')}`,
          errors: [{ field: 'list', messages: [`one of ${LIST_NAMES.join(', ')}`] }],
        });
      }
      const header = head
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)[0]
        .split(',')
        .map((h) => normalise(h.replace(/^"|"$/g, '')));
      const missing = LISTS[list as ListName].columns.filter((c) => c.required && !header.includes(normalise(c.name))).map((c) => c.name);
      if (missing.length > 0) {
        throw new BadRequestException({
          message: `the header of this ${list} list lacks ${missing.map((m) => `"${m}"`).join(', ')}`,
          errors: missing.map((m) => ({ field: m, messages: ['required column missing from the header'] })),
        });
      }
      return view(
        this.jobs.start({ tenantId: ctx.tenantId, format: `csv:${list}`, source, path: file.path }, async () => {
          const report = await importCsv(createReadStream(file.path), { store: this.store, tenant, list: list as ListName, actor, now: this.options.clock });
          return { report: { ...report, rejects: report.rejects.slice(0, 1000) }, failed: report.fatal };
        }),
      );
    }
    if (kind === 'zip') {
      // Checked as far as its first list before it is accepted: a zip that is no workbook is a 415, a workbook with no list a 422.
      const probe = await probeAnnexA(() => createReadStream(file.path));
      if (!probe.ok && probe.code === 'NotAnnexA') throw new UnprocessableEntityException(probe.message);
      if (!probe.ok) throw new UnsupportedMediaTypeException(`${probe.message}; upload ${ACCEPTED_FORMATS}`);
      return view(
        this.jobs.start({ tenantId: ctx.tenantId, format: 'annex-a', source, path: file.path }, async (importId) => {
          const report = await importAnnexA(() => createReadStream(file.path), { store: this.store, tenant, source, importId, actor, now: this.options.clock });
          return { report, failed: report.status === 'failed' };
        }),
      );
    }
    if (kind === 'html') throw new UnsupportedMediaTypeException(`this file is a web page (HTML), whatever its name: upload ${ACCEPTED_FORMATS}`);
    throw new UnsupportedMediaTypeException(`this file is ${kind === 'empty' ? 'empty' : 'not text'}: upload ${ACCEPTED_FORMATS}`);
  }

  /** An XES log becomes journeys of the caller's council (docs/process-mining.md); the report lists the teams it found. */
  private async acceptXes(ctx: RequestContext, file: StoredUpload, body: Record<string, unknown>, source: string) {
    const tenant = this.tenants.get(ctx.tenantId)!;
    const { mapping, logId } = xesUploadFields(body, source);
    const surveyed = await surveyUpload(file.path, mapping);
    return view(
      this.jobs.start({ tenantId: ctx.tenantId, format: 'xes', source, path: file.path }, async () => {
        const report = await importXes({
          path: file.path,
          store: this.store,
          tenant: tenant.config,
          logId,
          mapping,
          surveyed,
          pseudonymKey: importPseudonymKeyFromEnv(),
          actor: { userId: ctx.userId, role: 'recorder' },
          now: this.options.clock,
        });
        // A log none of whose traces could be imported has failed, whatever the reasons per trace (listed in the report).
        return { report, failed: report.cases === 0 };
      }),
    );
  }

  @Get(':importId')
  @Roles('recorder')
  @ApiOperation({ summary: 'An import’s status and, once done, its report (counts per list and rule, first rejects)' })
  status(@Ctx() ctx: RequestContext, @Param('importId', new ParseUUIDPipe()) importId: string) {
    const job = this.jobs.get(ctx.tenantId, importId);
    if (job === undefined) throw new NotFoundException(`no import ${importId} for this council`);
    return view(job);
  }
}
