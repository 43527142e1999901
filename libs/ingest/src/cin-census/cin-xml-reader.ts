import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';

/**
 * One element of a child's record as read: its local name, its text, the line it starts on and
 * its child elements. Only what the importer may keep is held: the personal data of the child
 * (UPN, names, date of death) is skipped while reading; the coded characteristics (sex,
 * ethnicity, disabilities) are kept, and the date of birth only long enough to give the age band.
 */
export interface XmlNode {
  readonly name: string;
  text: string;
  readonly line: number;
  readonly children: XmlNode[];
}

/** The return's header: which collection and year it says it is. */
export interface CinHeader {
  readonly collection?: string;
  readonly year?: string;
  readonly referenceDate?: string;
}

/**
 * The child's characteristics as the return codes them, unchecked. The date of birth is held only
 * while the child's episodes are turned into commands: the age band at each referral goes into
 * the ledger, the date never does.
 */
export interface CinChildCharacteristics {
  sex?: string;
  ethnicity?: string;
  dateOfBirth?: string;
  readonly disabilities: string[];
}

/** A child as read from the return: the LA's pseudonymous id, its characteristics and the CINdetails episodes. */
export interface CinChildNode {
  readonly laChildId: string;
  readonly characteristics: CinChildCharacteristics;
  /** Line of the child's `<Child>` element. */
  readonly line: number;
  readonly episodes: XmlNode[];
}

/** The file cannot be read as a CIN census return at all (not XML, not a CIN message, truncated). */
export class CinFileError extends Error {
  constructor(
    readonly code: 'NotXml' | 'NotCinCensus' | 'WrongNamespace' | 'Truncated' | 'MalformedXml',
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'CinFileError';
  }
}

/** Elements of `ChildIdentifiers` read: the LA's id, sex (GenderCurrent, or Sex from 2023-24) and the date of birth; UPN and names are skipped. */
const KEPT_IDENTIFIERS = new Set(['LAchildID', 'GenderCurrent', 'Sex', 'PersonBirthDate']);

export interface ReadCinOptions {
  /** Called once the header has been read (before the first child). */
  readonly onHeader?: (header: CinHeader) => void;
}

/**
 * Streams a CIN census return (DfE XML, any schema year from 2017-18 on) child by child with a
 * SAX parser: memory holds one child's record at a time, whatever the file's size. The message
 * has no XML namespace in the DfE schema; a root element in a namespace, or a root that is not
 * `Message`, refuses the file. A break in the XML (a truncated upload) stops the reading with a
 * `CinFileError` after the children read whole before it.
 */
export async function* readCinChildren(input: Readable, options: ReadCinOptions = {}): AsyncGenerator<CinChildNode> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const ready: CinChildNode[] = [];
  const path: string[] = [];
  let rootSeen = false;
  const header: { collection?: string; year?: string; referenceDate?: string } = {};
  let headerDone = false;
  let headerText = '';
  let child: { line: number; laChildId: string; characteristics: CinChildCharacteristics; episodes: XmlNode[] } | undefined;
  /** The open elements of the current child's episode subtree being kept. */
  const stack: XmlNode[] = [];
  /** Depth inside an element being skipped (personal data), 0 when not skipping. */
  let skipping = 0;
  let failure: CinFileError | undefined;

  parser.on('opentag', (tag) => {
    if (!rootSeen) {
      rootSeen = true;
      if (tag.local !== 'Message') {
        failure = new CinFileError(
          'NotCinCensus',
          `the root element is <${tag.name}>: a CIN census return is a <Message> with a <Header> and <Children>`,
          parser.line,
        );
        return;
      }
      if (tag.uri !== '') {
        failure = new CinFileError('WrongNamespace', `the <Message> is in namespace "${tag.uri}": the DfE CIN census schema has no namespace`, parser.line);
        return;
      }
    }
    path.push(tag.local);
    if (skipping > 0) {
      skipping += 1;
      return;
    }
    const depth = path.length;
    if (depth === 3 && path[1] === 'Children' && tag.local === 'Child') {
      if (!headerDone) {
        headerDone = true;
        options.onHeader?.(header);
      }
      child = { line: parser.line, laChildId: '', characteristics: { disabilities: [] }, episodes: [] };
      return;
    }
    if (child !== undefined && depth === 4) {
      if (tag.local === 'CINdetails') {
        const node: XmlNode = { name: tag.local, text: '', line: parser.line, children: [] };
        child.episodes.push(node);
        stack.push(node);
        return;
      }
      if (tag.local === 'ChildIdentifiers' || tag.local === 'ChildCharacteristics') return; // read below, what is not kept skipped
      skipping = 1;
      return;
    }
    if (child !== undefined && depth === 5 && path[3] === 'ChildCharacteristics') {
      if (tag.local !== 'Ethnicity' && tag.local !== 'Disabilities') skipping = 1;
      else headerText = '';
      return;
    }
    if (child !== undefined && depth === 6 && path[4] === 'Disabilities') {
      if (tag.local !== 'Disability') skipping = 1;
      else headerText = '';
      return;
    }
    if (child !== undefined && depth === 5 && path[3] === 'ChildIdentifiers') {
      if (!KEPT_IDENTIFIERS.has(tag.local)) skipping = 1;
      else headerText = '';
      return;
    }
    if (stack.length > 0) {
      const node: XmlNode = { name: tag.local, text: '', line: parser.line, children: [] };
      stack[stack.length - 1].children.push(node);
      stack.push(node);
      return;
    }
    if (path[1] === 'Header') headerText = '';
  });

  parser.on('text', (text) => {
    if (skipping > 0) return;
    if (stack.length > 0) stack[stack.length - 1].text += text;
    else headerText += text;
  });

  parser.on('closetag', (tag) => {
    const depth = path.length;
    path.pop();
    if (skipping > 0) {
      skipping -= 1;
      return;
    }
    if (stack.length > 0) {
      const node = stack.pop()!;
      node.text = node.text.trim();
      return;
    }
    if (child !== undefined && depth === 5 && tag.local === 'LAchildID') {
      child.laChildId = headerText.trim();
      return;
    }
    if (child !== undefined && depth === 5 && (tag.local === 'GenderCurrent' || tag.local === 'Sex')) {
      child.characteristics.sex = headerText.trim();
      return;
    }
    if (child !== undefined && depth === 5 && tag.local === 'PersonBirthDate') {
      child.characteristics.dateOfBirth = headerText.trim();
      return;
    }
    if (child !== undefined && depth === 5 && tag.local === 'Ethnicity') {
      child.characteristics.ethnicity = headerText.trim();
      return;
    }
    if (child !== undefined && depth === 6 && tag.local === 'Disability') {
      const code = headerText.trim();
      if (code !== '') child.characteristics.disabilities.push(code);
      return;
    }
    if (child !== undefined && depth === 5 && tag.local === 'Disabilities') return;
    if (child !== undefined && depth === 3 && tag.local === 'Child') {
      ready.push({ laChildId: child.laChildId, characteristics: child.characteristics, line: child.line, episodes: child.episodes });
      child = undefined;
      return;
    }
    if (path[1] === 'Header' || tag.local === 'Header') {
      if (tag.local === 'Collection') header.collection = headerText.trim();
      else if (tag.local === 'Year') header.year = headerText.trim();
      else if (tag.local === 'ReferenceDate') header.referenceDate = headerText.trim();
      if (tag.local === 'Header') {
        headerDone = true;
        options.onHeader?.(header);
        if (header.collection !== undefined && header.collection.toUpperCase() !== 'CIN') {
          failure = new CinFileError('NotCinCensus', `the header's <Collection> is "${header.collection}": this importer reads the CIN census`, parser.line);
        }
      }
    }
  });

  parser.on('error', (e) => {
    if (failure === undefined) failure = new CinFileError('MalformedXml', `the file is not well-formed XML: ${e.message}`, parser.line);
  });

  let sawBytes = false;
  // A multi-byte character may be split across chunks: the decoder carries it over.
  const decoder = new StringDecoder('utf8');
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    if (!sawBytes && text.trim() !== '') {
      sawBytes = true;
      if (!text.trimStart().startsWith('<')) {
        throw new CinFileError('NotXml', 'the file is not XML (it does not start with "<"): a CIN census return is an XML file');
      }
    }
    parser.write(text);
    if (failure !== undefined) break;
    while (ready.length > 0) yield ready.shift()!;
  }
  if (failure === undefined) {
    if (!sawBytes) throw new CinFileError('NotXml', 'the file is empty');
    try {
      parser.close();
    } catch (e) {
      if (failure === undefined) failure = new CinFileError('MalformedXml', `the file is not well-formed XML: ${(e as Error).message}`, parser.line);
    }
    if (failure?.code === 'MalformedXml' && /unclosed|end of/i.test(failure.message)) {
      failure = new CinFileError('Truncated', `the file ends in the middle of the XML (line ${parser.line}): it looks truncated`, parser.line);
    }
  }
  while (ready.length > 0 && failure === undefined) yield ready.shift()!;
  if (failure !== undefined) throw failure;
  if (!rootSeen) throw new CinFileError('NotXml', 'the file holds no XML element');
}
