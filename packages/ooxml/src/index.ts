/** @prepub/ooxml — reading Office Open XML packages (spreadsheets, presentations) completely and within limits. */
export { OpcPackage, relId, type LeftoverPolicy } from './package.ts';
export { diagramTexts, readDrawing, type DrawingTargets, type Frame, type Placeholder } from './drawing.ts';
export { attr, decodeXml, headerFooterText, parseXml, uriText, xmlDamage, type Attrs } from '@prepub/extract-docx/xml';
export { readProperties, type Rel } from '@prepub/extract-docx/package';
export { analyseFormula, formulaResults, type FormulaNames } from './formula.ts';
export { unescapeXstrings } from './xstring.ts';
export { currencyLiterals, formatValue } from './number-format.ts';
export { metafileText, type MetafileText } from './metafile.ts';
export { columnRuns, type ShownCell } from './columns.ts';
export { holdsTickControls, shownCaption, vmlControls, type VmlControl } from './vml-controls.ts';
