/**
 * A small element tree over htmlparser2 (XML mode). OFD parts are small XML files whose meaning is in
 * their nesting (a TextCode belongs to its TextObject, a CompositeGraphicUnit's content is drawn
 * where it is used), so a tree is simpler to read than events. Element names lose their prefix
 * (`ofd:` or none, whatever namespace the producer bound). Damage is not repaired silently: an
 * element closed by the parser rather than by the markup (a part cut short, tags out of order) is
 * counted, and the caller reports the part as damaged.
 */
import { Parser } from 'htmlparser2';
import { assertShallow, localName } from '@prepub/extract-docx/xml';

export interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  /** Text directly inside this element, in order (entities decoded). */
  text: string;
}

export interface ParsedXml {
  root: El | undefined;
  /** Why the markup is not well-formed, when it is not. */
  damage?: string;
}

/** Parses `xml` into a tree. Never throws for bad markup (it is reported in `damage`); throws on crafted nesting. */
export function parseTree(xml: string, what: string): ParsedXml {
  assertShallow(xml, what);
  const top: El = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: El[] = [top];
  let implied = 0;
  let roots = 0;
  // htmlparser2 reports a self-closing tag's close as implied too: it comes right after its open.
  let justOpened = false;
  let ending = false;
  let strayText = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const attrsLocal: Record<string, string> = {};
        for (const k in attrs) attrsLocal[k.startsWith('xmlns') ? k : localName(k)] = attrs[k];
        const el: El = { name: localName(name), attrs: attrsLocal, children: [], text: '' };
        const parent = stack[stack.length - 1];
        parent.children.push(el);
        if (parent === top) roots++;
        stack.push(el);
        justOpened = true;
      },
      onclosetag(_name, isImplied) {
        if (ending || (isImplied && !justOpened)) implied++;
        justOpened = false;
        if (stack.length > 1) stack.pop();
      },
      ontext(t) {
        justOpened = false;
        const cur = stack[stack.length - 1];
        if (cur === top) {
          if (t.trim()) strayText = true;
          return;
        }
        cur.text += t;
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  // Elements still open when the markup ends were never closed: the part is cut short.
  ending = true;
  parser.end();
  const root = top.children[0];
  let damage: string | undefined;
  if (!root) damage = 'it holds no XML element';
  else if (implied > 0) damage = `${implied} element${implied > 1 ? 's are' : ' is'} not closed (the part is cut short or its tags are out of order)`;
  else if (roots > 1) damage = 'it has more than one root element';
  else if (strayText) damage = 'it has text outside its root element';
  return { root, ...(damage ? { damage } : {}) };
}

/** Children of `el` named `name` (local name). */
export function kids(el: El | undefined, name: string): El[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** First child of `el` named `name`. */
export function kid(el: El | undefined, name: string): El | undefined {
  return el?.children.find((c) => c.name === name);
}

/** Text of the first child named `name`, trimmed; undefined when absent or blank. */
export function kidText(el: El | undefined, name: string): string | undefined {
  const t = kid(el, name)?.text.trim();
  return t ? t : undefined;
}

/** Every descendant of `el` (depth first, document order) named `name`. */
export function descendants(el: El | undefined, name: string, out: El[] = []): El[] {
  if (!el) return out;
  for (const c of el.children) {
    if (c.name === name) out.push(c);
    descendants(c, name, out);
  }
  return out;
}

/** All text inside `el`, descendants included, in document order. */
export function deepText(el: El): string {
  let s = el.text;
  for (const c of el.children) s += deepText(c);
  return s;
}
