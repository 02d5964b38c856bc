/**
 * Values of content controls bound to XML data (`w:dataBinding`). Word shows the bound node's text
 * in the control, not the content stored in the file: on open it writes the data store's value in.
 * So a control whose stored content is a blank or a stale word may show anything its custom XML
 * item (or a document property it maps) holds.
 */
import { parseXml } from './xml.ts';

/** Resolves a binding to the text Word shows, or undefined when the data store or node is not in the package. */
export type BindingResolver = (storeItemId: string | undefined, xpath: string | undefined) => string | undefined;

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

/** The data stores Word maps to the package's property parts ([MS-DOCX] 2.5.1.3–2.5.1.4). */
export const PROPERTY_STORES: Readonly<Record<string, string>> = {
  '{6C3C8BC8-F283-45AE-878A-BAB7291924A1}': 'docProps/core.xml',
  '{6668398D-A668-4E3E-A5EB-62B293D839F1}': 'docProps/app.xml',
};

/** An XML part as a tree of elements by local name (attributes by local name too). */
function tree(xml: string): Node | undefined {
  const root: Node = { name: '', attrs: {}, children: [], text: '' };
  const stack: Node[] = [root];
  try {
    parseXml(xml, {
      open(name, a) {
        const attrs: Record<string, string> = {};
        for (const [k, v] of Object.entries(a)) attrs[k.replace(/^[^:]*:/, '')] = v;
        const n: Node = { name, attrs, children: [], text: '' };
        stack[stack.length - 1].children.push(n);
        stack.push(n);
      },
      close() {
        if (stack.length > 1) stack.pop();
      },
      text(t) {
        stack[stack.length - 1].text += t;
      },
    });
  } catch {
    return undefined;
  }
  return root;
}

function textOf(n: Node): string {
  return n.text + n.children.map(textOf).join('');
}

/**
 * The text of the node a binding's XPath names: steps of element names (prefixes left out, as the
 * data stores seldom hold two names alike in different namespaces) with an optional position
 * (`[1]`), ending in an element or an attribute (`@name`). Other predicates are not evaluated:
 * undefined.
 */
function evaluateXpath(root: Node, xpath: string): string | undefined {
  const steps = xpath.trim().replace(/^\/+/, '').split('/');
  let cur: Node | undefined = root;
  for (const [i, step] of steps.entries()) {
    const m = /^(@)?(?:[\w.-]+:)?([\w.-]+)(?:\[(\d+)\])?$/.exec(step.trim());
    if (!m || !cur) return undefined;
    if (m[1]) return i === steps.length - 1 ? cur.attrs[m[2]] : undefined;
    const n = Number(m[3] ?? 1);
    cur = cur.children.filter((c) => c.name === m[2])[n - 1];
  }
  return cur ? textOf(cur) : undefined;
}

/**
 * A resolver over the package's data stores: custom XML items by the `ds:itemID` of their
 * properties part, and the property parts Word maps. `read` gives a part's XML without counting it
 * as read (the parts are read as metadata on their own); `items` are the custom XML item parts with
 * their properties parts.
 */
export function bindingResolver(items: Array<{ item: string; props?: string }>, read: (path: string) => string | undefined): BindingResolver {
  const stores = new Map<string, string>();
  for (const { item, props } of items) {
    const xml = props ? read(props) : undefined;
    const id = xml ? /itemID\s*=\s*["']([^"']+)["']/i.exec(xml)?.[1] : undefined;
    if (id) stores.set(id.trim().toUpperCase(), item);
  }
  for (const [id, path] of Object.entries(PROPERTY_STORES)) if (!stores.has(id)) stores.set(id, path);
  const trees = new Map<string, Node | undefined>();
  return (storeItemId, xpath) => {
    if (!xpath) return undefined;
    const paths = storeItemId ? [stores.get(storeItemId.trim().toUpperCase())] : [...new Set(stores.values())];
    for (const path of paths) {
      if (!path) continue;
      if (!trees.has(path)) {
        const xml = read(path);
        trees.set(path, xml === undefined ? undefined : tree(xml));
      }
      const root = trees.get(path);
      const v = root && evaluateXpath(root, xpath);
      if (v !== undefined) return v;
    }
    return undefined;
  };
}

/** Property fields and the core or app property each shows (DOCPROPERTY names them the same way). */
const PROPERTY_FIELDS: Readonly<Record<string, string>> = {
  TITLE: 'title',
  SUBJECT: 'subject',
  AUTHOR: 'creator',
  KEYWORDS: 'keywords',
  COMMENTS: 'description',
  LASTSAVEDBY: 'lastmodifiedby',
  CATEGORY: 'category',
  COMPANY: 'company',
  MANAGER: 'manager',
  TEMPLATE: 'template',
};

/** Values of the elements a property part holds (lower-case local names), custom properties by their names. */
function propertyValues(xml: string | undefined, into: Map<string, string>, custom: boolean): void {
  if (!xml) return;
  const stack: string[] = [];
  let name: string | undefined;
  let buf = '';
  try {
    parseXml(xml, {
      open(n, a) {
        stack.push(n);
        if (custom && n === 'property') name = (a.name ?? '').toLowerCase();
        else if (!custom && stack.length === 2) (name = n.toLowerCase()), (buf = '');
        if (custom && stack.length === 3) buf = '';
      },
      close() {
        const depth = stack.length;
        stack.pop();
        if (name !== undefined && depth === (custom ? 3 : 2) && !into.has(name)) into.set(name, buf.trim());
        if (depth === 2) name = undefined;
      },
      text(t) {
        if (name !== undefined) buf += t;
      },
    });
  } catch {
    // Nested beyond the limit: the part's own reading reports it.
  }
}

/**
 * What fields show from the package once updated, by field kind and name: TITLE, SUBJECT, AUTHOR …
 * and DOCPROPERTY (core, app and custom properties), DOCVARIABLE (settings' document variables),
 * AUTOTEXT and GLOSSARY (building blocks of the glossary document). A field's stored result is
 * what Word shows until it is updated, which printing or F9 does.
 */
export function fieldValues(read: (path: string) => string | undefined, settings: string, glossary: string | undefined): (kind: string, name: string) => string | undefined {
  const props = new Map<string, string>();
  const custom = new Map<string, string>();
  const vars = new Map<string, string>();
  const parts = new Map<string, string>();
  let loaded = false;
  const load = (): void => {
    loaded = true;
    propertyValues(read('docProps/core.xml'), props, false);
    propertyValues(read('docProps/app.xml'), props, false);
    propertyValues(read('docProps/custom.xml'), custom, true);
    const s = read(settings);
    if (s) for (const m of s.matchAll(/<(?:[\w.-]+:)?docVar\b([^>]*)>/g)) {
      const name = /\bname\s*=\s*"([^"]*)"/.exec(m[1])?.[1];
      const val = /\bval\s*=\s*"([^"]*)"/.exec(m[1])?.[1];
      if (name !== undefined && val !== undefined) vars.set(decodeAttr(name).toLowerCase(), decodeAttr(val));
    }
    const g = glossary ? read(glossary) : undefined;
    if (g) {
      let name: string | undefined;
      let text = '';
      const stack: string[] = [];
      try {
        parseXml(g, {
          open(n, a) {
            stack.push(n);
            if (n === 'docPart') (name = undefined), (text = '');
            else if (n === 'name' && stack[stack.length - 2] === 'docPartPr') name = (a['w:val'] ?? a.val ?? '').toLowerCase();
            else if (n === 'p' && text) text += '\n';
          },
          close(n) {
            stack.pop();
            if (n === 'docPart' && name && !parts.has(name)) parts.set(name, text);
          },
          text(t) {
            if (stack.includes('docPartBody') && stack[stack.length - 1] === 't') text += t;
          },
        });
      } catch {
        // Nested beyond the limit: the glossary's own reading reports it.
      }
    }
  };
  return (kind, name) => {
    if (!loaded) load();
    const k = kind.toUpperCase();
    const n = name.toLowerCase();
    if (PROPERTY_FIELDS[k]) return props.get(PROPERTY_FIELDS[k]);
    if (k === 'DOCPROPERTY') return props.get(PROPERTY_FIELDS[name.toUpperCase()] ?? n) ?? custom.get(n);
    if (k === 'DOCVARIABLE') return vars.get(n);
    if (k === 'AUTOTEXT' || k === 'GLOSSARY') return parts.get(n);
    return undefined;
  };
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function decodeAttr(v: string): string {
  return v.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => (e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m)));
}
