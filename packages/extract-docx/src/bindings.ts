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
