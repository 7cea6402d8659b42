/**
 * Reading a CSV file as a stream, chunk by chunk, with the checks and findings of readCsv (csv.ts):
 * the bytes pass the byte guard (UTF-16, binary, not UTF-8, each with its line), each record becomes
 * a row as soon as it is complete, and memory holds a chunk and a line, never the file. Text with no
 * quoted cells and one kind of line ending is split on commas directly (as readCsv does); from the
 * first chunk that is not, csv-parse reads the rest. A file found unreadable part-way (a zero byte,
 * a broken quote) has already handed over rows: the caller drops them.
 */
import { Parser } from 'csv-parse';
import { ByteGuard } from './byte-guard.ts';
import { csvRecords, fileFinding } from './csv.ts';
import type { Finding, SourceRow } from './types.ts';

/** csv-parse's parser core: fed bytes, it calls on_record for each record. */
interface ParseApi {
  parse(bytes: Buffer | undefined, end: boolean, push: (record: unknown) => void, close: () => void): Error | undefined;
}

const MIXED_ENDINGS = /\r(?!\n)|(?<!\r)\n/;

export class CsvStream {
  /** Problems with the file as a whole (lines that cannot be read are refused rows: onRefused). */
  readonly findings: Finding[] = [];
  /** True once the file cannot be read (the findings say why): nothing more is read. */
  unreadable = false;
  private readonly file: string;
  private readonly records: ReturnType<typeof csvRecords>;
  private readonly onRefused: (row: SourceRow, finding: Finding) => void;
  private readonly guard = new ByteGuard('a CSV file');
  private parser: ParseApi | null = null;
  /** Lines read before csv-parse took over (its line numbers start again at 1). */
  private lines = 0;
  /** Plain text: the last line, not yet ended. */
  private carry = '';
  private newline: '\n' | '\r\n' | null = null;
  private started = false;
  private sawText = false;
  private blank = '';
  private lastSkipped = -1;

  constructor(file: string, on: { onRow: (row: SourceRow, header: readonly string[]) => void; onRefused: (row: SourceRow, finding: Finding) => void }) {
    this.file = file;
    this.onRefused = on.onRefused;
    this.records = csvRecords(file, on);
  }

  get header(): readonly string[] | null {
    return this.records.header;
  }

  write(bytes: Uint8Array): void {
    if (this.unreadable) return;
    const read = this.guard.decode(bytes);
    if ('problem' in read) return this.stop(fileFinding(this.file, read.problem.rule, read.problem.message, read.problem.line));
    this.text(read.text, bytes);
    this.checkHeader();
  }

  end(): void {
    if (this.unreadable) return;
    const rest = this.guard.end();
    if ('problem' in rest) return this.stop(fileFinding(this.file, rest.problem.rule, rest.problem.message, rest.problem.line));
    if (rest.text) this.text(rest.text, new TextEncoder().encode(rest.text));
    if (this.parser) this.parse(undefined, true);
    else if (this.carry) this.plainLine(this.carry);
    this.carry = '';
    if (this.unreadable) return;
    if (!this.sawText) return this.stop(fileFinding(this.file, 'KS-EMPTY', 'The file is empty: it should start with a header row naming the columns.'));
    if (!this.records.header) return this.stop(fileFinding(this.file, 'KS-EMPTY', 'The file has no header row.'));
    this.checkHeader();
  }

  private stop(finding: Finding) {
    this.unreadable = true;
    this.findings.push(finding);
  }

  private checkHeader() {
    if (!this.unreadable && this.records.headerProblem) this.stop(this.records.headerProblem);
  }

  private text(decoded: string, chunk: Uint8Array) {
    let bytes = chunk;
    let text = decoded;
    if (!this.started && text) {
      this.started = true;
      text = text.replace(/^\uFEFF/, '');
    }
    if (!this.sawText) {
      // Blanks alone are an empty file, not a header: they wait until something else comes.
      this.blank += text;
      if (!/[^ \t\r\n]/.test(text)) return;
      this.sawText = true;
      text = this.blank;
      this.blank = '';
      bytes = new TextEncoder().encode(text);
    }
    if (this.parser) return this.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), false);
    text = this.carry + text;
    this.carry = '';
    if (this.newline === null) {
      const at = text.indexOf('\n');
      if (at >= 0) this.newline = at > 0 && text[at - 1] === '\r' ? '\r\n' : '\n';
    }
    const body = text.endsWith('\r') ? text.slice(0, -1) : text;
    const plain =
      !body.includes('"') && (this.newline === '\n' ? !body.includes('\r') : this.newline === '\r\n' ? !MIXED_ENDINGS.test(body) : !body.includes('\r'));
    if (!plain) {
      // From here csv-parse reads, starting at the line not yet ended.
      this.parser = (
        new Parser({
          relax_column_count: true,
          skip_empty_lines: true,
          skip_records_with_error: true,
          raw: true,
          on_skip: (error, raw) => {
            this.skipped(error, raw);
            return undefined;
          },
          // With `raw`, each record comes as { record, raw }.
          on_record: (record, context) => {
            this.records.read((record as unknown as { record: string[] }).record, this.lines + context.lines);
            return null;
          },
        }) as unknown as { api: ParseApi }
      ).api;
      return this.parse(Buffer.from(text), false);
    }
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      this.plainLine(text.slice(start, this.newline === '\r\n' ? end - 1 : end));
      start = end + 1;
    }
    this.carry = text.slice(start);
  }

  private plainLine(line: string) {
    this.lines++;
    if (line) this.records.read(line.split(','), this.lines);
  }

  private skipped(error: Error | undefined, raw: string | undefined) {
    if (!error) return;
    const line = this.lines + ((error as { lines?: number }).lines ?? 0);
    if (line === this.lastSkipped) return; // csv-parse can report one broken line more than once
    this.lastSkipped = line;
    const finding = fileFinding(this.file, 'KS-CSV', `Line ${line} cannot be read as CSV: ${this.wholeFile(error.message)}`, line || null);
    this.onRefused({ file: this.file, table: '', line, values: { _RAW: (raw ?? '').replace(/\r?\n$/, '') } }, finding);
  }

  /** csv-parse's message with its line numbers counted from the file's start, not from where it took over. */
  private wholeFile(message: string): string {
    return this.lines ? message.replace(/\bline (\d+)/g, (_, line: string) => `line ${this.lines + Number(line)}`) : message;
  }

  private parse(bytes: Buffer | undefined, end: boolean) {
    const error = this.parser!.parse(
      bytes,
      end,
      () => {},
      () => {},
    );
    if (error) {
      const lines = (error as { lines?: number }).lines;
      const line = lines ? this.lines + lines : null;
      this.stop(fileFinding(this.file, 'KS-CSV', `The file cannot be read as CSV${line ? ` (line ${line})` : ''}: ${this.wholeFile(error.message)}`, line));
    }
  }
}
