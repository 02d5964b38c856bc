/**
 * A sheet's form controls (check boxes, option buttons, labels, buttons, group boxes), kept in its
 * legacy VML drawing (@prepub/ooxml's vml-controls.ts). Captions are read with a check box's state
 * drawn before them (☑机密, ☐绝密), one control a paragraph, and placed in the rows their anchors
 * name so a 密级 row reads 密级： ☐绝密 ☑机密 ☐秘密. Drawings without check boxes or option
 * buttons, or that are not well-formed, are left to the package's leftover reading as before.
 */
import { PartBuilder, type TextPart, type UnreadItem } from '@prepub/core';
import { decodeXml, holdsTickControls, shownCaption, vmlControls, xmlDamage, type OpcPackage } from '@prepub/ooxml';

/** A caption placed in the sheet's grid (as a drawing's anchored shapes are). */
export interface AnchoredCaption {
  row: number;
  column: number;
  after: boolean;
  text: string;
}

/**
 * The form controls of the VML drawing at `path` on a sheet: their captions as parts (visible
 * controls in `text-box`, hidden ones and comment boxes in `hidden`), and the visible ones' anchored
 * captions for the rows they stand in. Undefined when the drawing holds no check box or option
 * button, or is not well-formed XML (read as a leftover then).
 */
export function readFormControls(pkg: OpcPackage, path: string, where: { sheetPath: string; sheetNo: number; label: string; visible: boolean; cells?: ReadonlyArray<{ row: number; column: number; value: string }> }): { parts: TextPart[]; anchored: AnchoredCaption[]; unread: UnreadItem[]; listed: Set<string> } | undefined {
  const peeked = pkg.peek(path);
  if (!peeked) return undefined;
  let decoded: string;
  try {
    decoded = decodeXml(peeked);
  } catch {
    return undefined;
  }
  if (!holdsTickControls(decoded) || xmlDamage(decoded)) return undefined;
  const xml = pkg.xml(path);
  if (xml === undefined) return undefined;
  const origin = { filePart: path, page: where.sheetNo, detail: `form controls on ${where.label}` };
  const shown = new PartBuilder(`${path}#controls`, where.visible ? 'text-box' : 'hidden', origin);
  const hidden = new PartBuilder(`${path}#hidden-controls`, 'hidden', { ...origin, detail: `hidden form controls and comment boxes on ${where.label}` });
  const anchored: AnchoredCaption[] = [];
  // One line a row of controls (the options of one question stand side by side), left to right;
  // controls with no anchor, or with a caption of several lines, a paragraph each.
  const lines = new Map<PartBuilder, Map<string, Array<{ column: number; caption: string }>>>();
  const controls = vmlControls(xml);
  // The cells holding a combo or list box's options ("row:column"): the list's data, not the row's
  // text beside a control (a column 公开 秘密 机密 绝密 beside the form is no value of its 密级 row).
  const listed = new Set<string>();
  const unresolved: string[] = [];
  for (const c of controls) {
    // A combo box or list box shows the option chosen (x:Sel) of its cells (x:FmlaRange) on this
    // sheet: a 呈批表's 密级： [机密 ▾] read nothing before.
    if (c.range) for (const k of rangeCells(c.range)) listed.add(k);
    if (c.sel && c.range) {
      const option = optionOf(c.range, c.sel, where.cells);
      c.text = option ?? '';
      // Options on another sheet (often a hidden one) or in a defined name are not resolved: what
      // the box shows is not read, and it may be the 密级 chosen.
      if (option === undefined && rangeCells(c.range).length === 0) unresolved.push(`${c.range} #${c.sel}`);
    }
    if (!c.text) continue;
    // A comment box's text is shown from the comments part; what its VML box holds is not shown.
    const visible = where.visible && !c.hidden && !/^note$/i.test(c.kind);
    const b = visible ? shown : hidden;
    const caption = shownCaption(c);
    const single = !caption.includes('\n') && c.row !== undefined && c.column !== undefined;
    const key = single ? `row ${c.row}` : `control ${lines.get(b)?.size ?? 0}`;
    const rows = lines.get(b) ?? lines.set(b, new Map()).get(b)!;
    rows.set(key, [...(rows.get(key) ?? []), { column: c.column ?? 0, caption }]);
    if (visible && single) anchored.push({ row: c.row!, column: c.column!, after: c.after ?? false, text: caption });
  }
  for (const [b, rows] of lines) {
    for (const items of rows.values()) {
      items.sort((x, y) => x.column - y.column);
      for (const line of items.map((i) => i.caption).join('\t').split('\n')) b.append(line), b.endParagraph({ kind: 'paragraph' });
    }
  }
  // Excel 2010 and later keep each control's state in a control properties part as well. A file
  // whose properties tick more controls than its drawing does shows what this reading cannot tell.
  const ticked = controls.filter((c) => c.checked).length;
  const tickedByProps = tickedControlProps(pkg, where.sheetPath);
  const unread: UnreadItem[] = [];
  if (tickedByProps > ticked) unread.push({ where: path, reason: 'corrupt', detail: `The form controls on ${where.label} disagree: their properties (xl/ctrlProps) tick ${tickedByProps}, the drawing ${ticked}; which options Excel shows ticked is not known.`, origin: { filePart: path, page: where.sheetNo } });
  if (unresolved.length) unread.push({ where: path, reason: 'unsupported-format', detail: `${unresolved.length} combo or list box(es) on ${where.label} show an option chosen from cells on another sheet or in a defined name (${unresolved.slice(0, 3).join(', ')}): what they show was not read.`, origin: { filePart: path, page: where.sheetNo } });
  return { parts: [shown, hidden].filter((b) => !b.blank).map((b) => b.toPart()), anchored, listed, unread };
}

/**
 * The `sel`-th (1-based) cell of `range`, a column or row of cells on the same sheet (`$H$1:$H$4`,
 * `H1:K1`); undefined for a range elsewhere (another sheet, a defined name) or a cell not written.
 */
function optionOf(range: string, sel: number, cells: ReadonlyArray<{ row: number; column: number; value: string }> | undefined): string | undefined {
  const at = rangeCells(range)[sel - 1];
  return at && cells ? cells.find((x) => `${x.row}:${x.column}` === at)?.value : undefined;
}

/** The cells ("row:column") of a column or row of cells on the same sheet, in order; none for another shape or place, or past 1,000 cells. */
function rangeCells(range: string): string[] {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$/i.exec(range.trim());
  if (!m) return [];
  const col = (s: string) => [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const [c1, r1] = [col(m[1]), Number(m[2])];
  const [c2, r2] = m[3] ? [col(m[3]), Number(m[4])] : [c1, r1];
  if (c1 !== c2 && r1 !== r2) return [];
  const n = Math.abs(c2 - c1) + Math.abs(r2 - r1) + 1;
  if (n > 1000) return [];
  return Array.from({ length: n }, (_, i) => (c1 === c2 ? `${Math.min(r1, r2) + i}:${c1}` : `${r1}:${Math.min(c1, c2) + i}`));
}

/** How many of a sheet's control properties parts say their control is ticked (checked="Checked" or "Mixed"). */
function tickedControlProps(pkg: OpcPackage, sheetPath: string): number {
  let n = 0;
  for (const r of pkg.rels(sheetPath).values()) {
    if (r.external || r.type !== 'ctrlProp') continue;
    const bytes = pkg.peek(r.target);
    if (!bytes) continue;
    let xml: string;
    try {
      xml = decodeXml(bytes);
    } catch {
      continue;
    }
    if (/\bchecked\s*=\s*["'](?:Checked|Mixed)["']/i.test(xml)) n++;
  }
  return n;
}
