import { BadRequestException, UnprocessableEntityException } from '@nestjs/common';
import { parse } from 'yaml';
import { defaultMapping, MappingError, parseMapping, surveyXes, XesFormatError } from '@journey-ledger/process-mining';
import type { ImportMapping, XesSurvey } from '@journey-ledger/process-mining';

/** The form fields of an XES upload, checked: a bad one is a 400 naming it. */
export interface XesUploadFields {
  readonly mapping: ImportMapping;
  /** Names the log within the council: a re-upload under the same id writes nothing twice. */
  readonly logId: string;
}

const LOG_ID = /^[\w.-]{1,100}$/;

const badField = (field: string, messages: string[]) => new BadRequestException({ message: `${field}: ${messages.join('; ')}`, errors: [{ field, messages }] });

/**
 * Reads the optional fields `holderAttribute` (default `org:group`), `mapping` (the mapping file's
 * YAML or JSON, docs/process-mining.md) and `logId` (default: the file name without `.xes`/`.xes.gz`).
 */
export function xesUploadFields(body: Record<string, unknown>, fileName: string): XesUploadFields {
  const holderAttribute = body.holderAttribute;
  if (holderAttribute !== undefined && (typeof holderAttribute !== 'string' || holderAttribute.trim() === '' || holderAttribute.length > 200))
    throw badField('holderAttribute', ['an event attribute key, such as org:group or org:resource']);
  const logId = body.logId ?? fileName.replace(/\.xes(\.gz)?$/i, '');
  if (typeof logId !== 'string' || !LOG_ID.test(logId)) throw badField('logId', ['1 to 100 letters, digits, dots, dashes or underscores']);
  const overrides = { holderAttribute: holderAttribute as string | undefined };
  if (body.mapping === undefined) return { mapping: defaultMapping(overrides.holderAttribute), logId };
  let raw: unknown;
  try {
    raw = parse(String(body.mapping));
  } catch {
    throw badField('mapping', ['not YAML or JSON']);
  }
  try {
    return { mapping: parseMapping(raw, overrides), logId };
  } catch (e) {
    if (!(e instanceof MappingError)) throw e;
    // Each problem starts with its path in the mapping ("teams["Value 1"].tier: …").
    throw new BadRequestException({
      message: e.message,
      errors: e.problems.map((p) => ({ field: `mapping.${p.slice(0, p.indexOf(':'))}`, messages: [p.slice(p.indexOf(':') + 1).trim()] })),
    });
  }
}

/**
 * Reads the whole file once before the upload is answered, so that a log that cannot be imported
 * at all (not well-formed, unsafe, no timestamps, mixed time zones) is a 422 at once, naming why,
 * and nothing of it is written. The import then starts from this survey.
 */
export async function surveyUpload(path: string, mapping: ImportMapping): Promise<XesSurvey> {
  try {
    return await surveyXes({ path, mapping });
  } catch (e) {
    if (e instanceof XesFormatError)
      throw new UnprocessableEntityException({ message: `${e.code}: ${e.message}; nothing was imported`, errors: [{ field: 'file', messages: [e.code] }] });
    throw e;
  }
}
