// An account's aliases in one CSV cell: "Acme; ACME Corp". CRM files separate them with ';'
// (with or without a space), and so does export; an alias that holds a ';' itself (a renamed
// "Smith; Partners LLP") is written with it escaped, "Smith\; Partners LLP", so export →
// import gives back the same aliases. A backslash is escaped ("\\") only where it could be read
// as an escape (before a ';', a backslash or the cell's end); anywhere else it stands as it is,
// so a CRM's "Acme\Corp" reads as written.

/** The aliases as one cell, each ';' inside one escaped. */
export function joinAliases(aliases: readonly string[]): string {
  return aliases.map((a) => a.replace(/\\(?=[\\;]|$)/g, '\\\\').replace(/;/g, '\\;')).join('; ');
}

/** A cell's aliases: split at each ';' not escaped, "\;" and "\\" read as ';' and '\', each trimmed, empty ones dropped. */
export function splitAliases(cell: string): string[] {
  const out: string[] = [];
  let part = '';
  for (let i = 0; i < cell.length; i++) {
    const ch = cell[i]!;
    const next = cell[i + 1];
    if (ch === '\\' && (next === ';' || next === '\\')) {
      part += next;
      i++;
    } else if (ch === ';') {
      out.push(part);
      part = '';
    } else part += ch;
  }
  out.push(part);
  return out.map((p) => p.trim()).filter((p) => p !== '');
}
