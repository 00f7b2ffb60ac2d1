// CSV injection: a cell that starts with = + - @ (or a tab / carriage return) is run as a
// formula by spreadsheet programs. Exports prefix such cells with an apostrophe, which the
// spreadsheet shows as text; imports remove exactly that prefix again. A cell that already
// starts with apostrophes before such a character ("'=not a formula") gets one more, so the
// import's removal gives it back as it was: a round trip is exact.
const FORMULA_START = /^'*[=+\-@\t\r]/;

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function restoreFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}
