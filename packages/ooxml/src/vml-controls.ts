/**
 * Form controls of a legacy VML drawing (Excel's check boxes, option buttons, labels, buttons and
 * group boxes, `xl/drawings/vmlDrawingN.vml`): each a `v:shape` whose `x:ClientData ObjectType`
 * names the control, whose text box holds its caption and whose `x:Checked` says whether it is
 * ticked. A 呈批表 kept in Excel marks its 密级 so: 密级： [☐绝密] [☑机密] [☐秘密], three check
 * boxes over the row. Read as text the captions were three level words with nothing to tell the
 * chosen one; read here they are ☐绝密 ☑机密 ☐秘密, placed in the row their anchor names.
 */
import { attr, parseXml } from '@prepub/extract-docx/xml';

/** One control of a VML drawing. */
export interface VmlControl {
  /** `ObjectType` of its client data: Checkbox, Radio, Label, Button, GBox, Note, Text, Drop, List … */
  kind: string;
  /** The caption its text box holds, lines joined by `\n`. */
  text: string;
  /** Whether a check box or option button is ticked (x:Checked 1, or 2 for mixed); undefined for other controls. */
  checked?: boolean;
  /** 1-based row and column of its top-left corner (x:Anchor), when given. */
  row?: number;
  column?: number;
  /** The corner stands inside its column (an offset from the column's left edge). */
  after?: boolean;
  /** The shape is drawn hidden (style visibility:hidden). */
  hidden: boolean;
  /** A combo box's or list box's cells of options (x:FmlaRange, as written: `$H$1:$H$4`, `Sheet2!A1:A4`). */
  range?: string;
  /** The option it shows chosen, 1-based (x:Sel; 0 for none). */
  sel?: number;
}

/** Whether a VML drawing holds check boxes, option buttons, combo or list boxes (what {@link vmlControls} is for). */
export function holdsTickControls(xml: string): boolean {
  return /ObjectType\s*=\s*["'](?:Checkbox|Radio|Drop|List)["']/i.test(xml);
}

/** Line-breaking elements inside a control's text box (its caption's lines). */
const LINE_ELEMENTS = new Set(['div', 'p', 'br']);

/** The controls of a VML drawing, in the order written. */
export function vmlControls(xml: string): VmlControl[] {
  const out: VmlControl[] = [];
  let shape: { text: string; kind?: string; checked?: string; anchor?: string; range?: string; sel?: string; hidden: boolean } | undefined;
  let inBox = 0;
  let field: 'checked' | 'anchor' | 'range' | 'sel' | undefined;
  parseXml(xml, {
    open(name, a) {
      if (name === 'shape' || name === 'rect' || name === 'roundrect') {
        shape = { text: '', hidden: /visibility\s*:\s*hidden/i.test(attr(a, 'style') ?? '') };
        inBox = 0;
        return;
      }
      if (!shape) return;
      if (name === 'textbox') inBox++;
      else if (inBox && LINE_ELEMENTS.has(name.toLowerCase()) && shape.text && !shape.text.endsWith('\n')) shape.text += '\n';
      else if (name === 'ClientData') shape.kind = attr(a, 'ObjectType') ?? '';
      else if (name === 'Checked') field = 'checked';
      else if (name === 'Anchor') field = 'anchor';
      else if (name === 'FmlaRange') field = 'range';
      else if (name === 'Sel') field = 'sel';
    },
    close(name) {
      if (!shape) return;
      if (name === 'textbox') inBox = Math.max(0, inBox - 1);
      else if (name === 'Checked' || name === 'Anchor' || name === 'FmlaRange' || name === 'Sel') field = undefined;
      else if (name === 'shape' || name === 'rect' || name === 'roundrect') {
        if (shape.kind !== undefined) {
          const text = shape.text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n');
          const c: VmlControl = { kind: shape.kind, text, hidden: shape.hidden };
          if (/^(checkbox|radio)$/i.test(shape.kind)) c.checked = shape.checked !== undefined && shape.checked.trim() !== '' && shape.checked.trim() !== '0';
          if (/^(drop|list)$/i.test(shape.kind)) {
            if (shape.range?.trim()) c.range = shape.range.trim();
            c.sel = Number(shape.sel?.trim() || 0) || 0;
          }
          // Anchor: left column, its offset, top row, its offset, right column, offset, bottom row, offset (0-based).
          const n = (shape.anchor ?? '').split(',').map((x) => Number(x.trim()));
          if (n.length >= 4 && n.slice(0, 4).every((x) => Number.isInteger(x) && x >= 0)) {
            c.column = n[0] + 1;
            c.row = n[2] + 1;
            c.after = n[1] > 0;
          }
          out.push(c);
        }
        shape = undefined;
      }
    },
    text(t) {
      if (!shape) return;
      if (field === 'checked') shape.checked = (shape.checked ?? '') + t;
      else if (field === 'range') shape.range = (shape.range ?? '') + t;
      else if (field === 'sel') shape.sel = (shape.sel ?? '') + t;
      else if (field === 'anchor') shape.anchor = (shape.anchor ?? '') + t;
      // (Line breaks in the markup are its layout; the caption's lines are its div, p and br elements.)
      else if (inBox) shape.text += t.replace(/[\r\n]+/g, ' ');
    },
  });
  return out;
}

/** A control's caption as a reader sees it: a check box's or option button's state drawn before it. */
export function shownCaption(c: VmlControl): string {
  if (/^checkbox$/i.test(c.kind)) return `${c.checked ? '☑' : '☐'}${c.text}`;
  if (/^radio$/i.test(c.kind)) return `${c.checked ? '◉' : '○'}${c.text}`;
  return c.text;
}
