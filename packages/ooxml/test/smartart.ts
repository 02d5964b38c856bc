/**
 * A SmartArt diagram of one-character nodes for tests: the data model lists the nodes last to
 * first and orders them (`dgm:cxn` srcOrd) first to last; the drawing lists its shapes last to first
 * and places them first to last, left to right. PowerPoint and Excel draw `chars` in order.
 */
const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const last = (chars: string[]) => chars.map((_, i) => chars.length - 1 - i);

export function diagramData(chars: string[]): string {
  const points = last(chars).map((i) => `<dgm:pt modelId="{${i + 1}}"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="zh-CN"/><a:t>${chars[i]}</a:t></a:r></a:p></dgm:t></dgm:pt>`).join('');
  const links = chars.map((_, i) => `<dgm:cxn modelId="{c${i}}" srcId="{0}" destId="{${i + 1}}" srcOrd="${i}" destOrd="0"/>`).join('');
  return `<?xml version="1.0"?><dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="${A}"><dgm:ptLst><dgm:pt modelId="{0}" type="doc"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="zh-CN"/></a:p></dgm:t></dgm:pt>${points}</dgm:ptLst><dgm:cxnLst>${links}</dgm:cxnLst></dgm:dataModel>`;
}

export function diagramDrawing(chars: string[]): string {
  const shapes = last(chars).map((i) => `<dsp:sp modelId="{s${i}}"><dsp:nvSpPr><dsp:cNvPr id="0" name=""/><dsp:cNvSpPr/></dsp:nvSpPr><dsp:spPr><a:xfrm><a:off x="${i * 500000}" y="0"/><a:ext cx="450000" cy="450000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></dsp:spPr><dsp:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="zh-CN"/><a:t>${chars[i]}</a:t></a:r></a:p></dsp:txBody></dsp:sp>`).join('');
  return `<?xml version="1.0"?><dsp:drawing xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:dsp="http://schemas.microsoft.com/office/drawing/2008/diagram" xmlns:a="${A}"><dsp:spTree><dsp:nvGrpSpPr><dsp:cNvPr id="0" name=""/><dsp:cNvGrpSpPr/></dsp:nvGrpSpPr><dsp:grpSpPr/>${shapes}</dsp:spTree></dsp:drawing>`;
}

/** The relationships a drawing (a slide, a sheet's drawing) links a diagram with, for addLinkedParts. */
export const DIAGRAM_LINKS = (dir: string): Array<[string, string]> => [
  ['diagramData', `${dir}/data1.xml`],
  ['http://schemas.microsoft.com/office/2007/relationships/diagramDrawing', `${dir}/drawing1.xml`],
];
