/** Invoice numbers: PREFIX-YYYY-NNNNNN, e.g. "LR-2026-000042". */

const PREFIX = /^[A-Z][A-Z0-9]{0,9}$/;
const SEQUENCE_DIGITS = 6;
const MAX_SEQUENCE = 10 ** SEQUENCE_DIGITS - 1;

export function formatInvoiceNumber(prefix: string, year: number, sequence: number): string {
  if (!PREFIX.test(prefix)) {
    throw new RangeError(`Invoice prefix must be 1–10 capital letters or digits starting with a letter (e.g. "LR"), got "${prefix}"`);
  }
  if (!Number.isInteger(year) || year < 2000 || year > 9999) {
    throw new RangeError(`Invoice year must be a four-digit year from 2000, got ${year}`);
  }
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    throw new RangeError(`Invoice sequence must be a whole number from 1 to ${MAX_SEQUENCE}, got ${sequence}`);
  }
  return `${prefix}-${year}-${String(sequence).padStart(SEQUENCE_DIGITS, "0")}`;
}

export function parseInvoiceNumber(invoiceNumber: string): { prefix: string; year: number; sequence: number } {
  const match = /^([A-Z][A-Z0-9]{0,9})-(\d{4})-(\d{6})$/.exec(invoiceNumber);
  if (!match || Number(match[3]) === 0) {
    throw new RangeError(`Invoice number must look like "LR-2026-000042", got "${invoiceNumber}"`);
  }
  return { prefix: match[1]!, year: Number(match[2]), sequence: Number(match[3]) };
}
