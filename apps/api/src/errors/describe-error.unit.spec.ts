import { Writable } from 'node:stream';
import { ArgumentsHost, BadRequestException, Logger } from '@nestjs/common';
import { DatabaseError } from 'pg';
import { SqliteError } from 'better-sqlite3';
import { createJsonLogger, JsonNestLogger, setLogSink } from '../hardening/json-logger';
import { describeError } from './describe-error';
import { ProblemFilter } from './problem.filter';

/** The errors the stores throw, as their drivers build them; their messages quote the offending values. */
function postgresError(): DatabaseError {
  const e = new DatabaseError('invalid byte sequence for encoding "UTF8": 0x00 near "Zebedee Quartermaine"', 0, 'error');
  e.code = '22021';
  return e;
}

describe('what is logged about an error', () => {
  it('names the class and the code, never the message', () => {
    expect(describeError(postgresError())).toEqual({ errorClass: 'DatabaseError', code: '22021' });
    expect(describeError(new SqliteError('UNIQUE constraint failed: Zebedee', 'SQLITE_CONSTRAINT_UNIQUE'))).toEqual({
      errorClass: 'SqliteError',
      code: 'SQLITE_CONSTRAINT_UNIQUE',
    });
    expect(describeError(new TypeError('Cannot read properties of undefined'))).toEqual({ errorClass: 'TypeError' });
    expect(describeError('a string')).toEqual({ errorClass: 'string' });
  });

  describe('the problem filter’s line for an unforeseen error', () => {
    const lines: string[] = [];
    beforeAll(() => {
      setLogSink(new Writable({ write: (chunk, _, done) => (lines.push(...String(chunk).split('\n').filter(Boolean)), done()) }));
      Logger.overrideLogger(new JsonNestLogger(createJsonLogger({ JOURNEY_LEDGER_LOG_LEVEL: 'info' })));
    });
    afterAll(() => setLogSink(undefined));

    const answer = (exception: unknown) => {
      const sent: { status?: number; body?: unknown } = {};
      const response = { status: (s: number) => ((sent.status = s), { json: (b: unknown) => (sent.body = b) }) };
      const host = {
        switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ method: 'POST', route: { path: '/scenarios' } }) }),
      } as unknown as ArgumentsHost;
      new ProblemFilter().catch(exception, host);
      return sent;
    };

    it('carries the route, the class and the SQLSTATE, and nothing of the message', async () => {
      expect(answer(postgresError()).status).toBe(500);
      await new Promise((r) => setImmediate(r));
      const line = lines.map((l) => JSON.parse(l)).find((l) => l.level === 'error');
      expect(JSON.parse(line.msg)).toEqual({ event: 'unhandled', route: '/scenarios', method: 'POST', errorClass: 'DatabaseError', code: '22021' });
      expect(lines.join('\n')).not.toContain('Zebedee');
      expect(lines.join('\n')).not.toContain('"error":"error"');
    });

    it('logs nothing for a refusal the client caused', () => {
      const before = lines.length;
      expect(answer(new BadRequestException('no')).status).toBe(400);
      expect(lines.length).toBe(before);
    });
  });
});
