/**
 * A small RFC 4180 CSV reader: comma-separated, fields optionally in double quotes (which may hold
 * commas, line breaks and "" for a quote), CRLF or LF line ends, a leading byte-order mark ignored.
 * Spreadsheet exports (Excel, LibreOffice, Google Sheets) all write this.
 */

export interface CsvRecord {
  /** 1-based line of the file on which the record starts (what an editor shows). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  override name = "CsvSyntaxError";
}

/** Every record in order, blank lines included; a final line break does not start another record. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  /** Whether anything of the current record has been read, so a final line break starts no record. */
  let started = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const endField = () => {
    fields.push(field);
    field = "";
  };
  // Blank lines are kept (as one empty field) so record numbers match a spreadsheet's row numbers.
  const endRecord = () => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
    started = false;
  };

  while (i < text.length) {
    const char = text[i]!;
    const atLineEnd = !quoted && (char === "\r" || char === "\n");
    if (!atLineEnd) started = true;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (char === "\n") line++;
      field += char;
      i++;
      continue;
    }
    if (char === '"' && field === "") {
      quoted = true;
      i++;
    } else if (char === ",") {
      endField();
      i++;
    } else if (char === "\r" || char === "\n") {
      endRecord();
      i += char === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      field += char;
      i++;
    }
  }
  if (quoted) throw new CsvSyntaxError(`A quoted field starting on line ${recordLine} is never closed; check for a missing '"'.`);
  if (started) endRecord();
  return records;
}

/** One CSV field, quoted only when it has to be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
