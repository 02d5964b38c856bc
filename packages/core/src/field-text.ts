/**
 * How a text field of a request (a CMS's review hook, an upload form) is read besides as plain
 * text: a rich-text document sent as a JSON string, possibly stringified again on its way, or
 * Markdown a CMS renders. Shared by the review service and the upload middleware.
 */

/** JSON string literals unwrapped at most this many times (a document stringified twice or more). */
const MAX_UNWRAP = 4;

/**
 * A field's text with the JSON string literals it is unwrapped: a rich-text document stored as a
 * string and stringified again on its way (`"\"{\\\"ops\\\":…}\""`) is that document to whoever
 * parses it once more.
 */
export function unwrapJsonString(s: string): string {
  for (let k = 0; k < MAX_UNWRAP; k++) {
    const t = s.trim();
    if (t.length < 2 || t[0] !== '"' || t[t.length - 1] !== '"') break;
    try {
      const v: unknown = JSON.parse(t);
      if (typeof v !== 'string') break;
      s = v;
    } catch {
      break;
    }
  }
  return s;
}

/** Emphasis, highlight and insert markers against Chinese (`**机**密★5年`, `==机==`), or YAML front matter. */
const MARKDOWN = /[\u3400-\u9fff](?:\*{1,3}|_{1,3}|~~|==|\+\+)|(?:\*{1,3}|_{1,3}|~~|==|\+\+)[\u3400-\u9fff]|^---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/;

/** Whether a field's text is Markdown a CMS renders: such a field is read as Markdown too. */
export function looksMarkdownText(s: string): boolean {
  return MARKDOWN.test(s);
}

/** Whether a field's text is JSON (a rich-text editor's document sent as a string). */
export function looksJsonText(s: string): boolean {
  return /^\s*(?:\{\s*"|\[\s*[[{"])/.test(s.slice(0, 256));
}
