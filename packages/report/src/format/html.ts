/**
 * One self-contained HTML file a reviewer opens in a browser: inline CSS and JS, no external
 * resources (a Content-Security-Policy forbids any), so it can be mailed or archived with the
 * documents. Summary, filters by verdict and category, each file's findings with the match marked
 * in its excerpt, what was not read, and boxes of OCR/PDF findings drawn on a page outline (the
 * report carries coordinates, not the page images).
 */
import { t, unreadDetail, type Box, type Finding, type Lang } from '@prepub/core';
import type { FileReport, Report } from '../report.ts';
import { bytesText, durationText, locationText, sortFindings } from './common.ts';
import { localizedRuleDoc, ruleDoc } from '../rules.ts';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Splits a finding's excerpt into the text before the match, the match and the text after. The
 * engine writes excerpts as `…before【match】after…`; the brackets are taken off here because the
 * match is marked instead. Undefined when no match can be told: the excerpt is then shown without
 * a mark rather than with a wrong one.
 */
export function splitExcerpt(excerpt: string): { before: string; match: string; after: string } | undefined {
  const open = excerpt.indexOf('【');
  const close = excerpt.lastIndexOf('】');
  if (open < 0 || close < open) return undefined;
  return { before: excerpt.slice(0, open), match: excerpt.slice(open + 1, close), after: excerpt.slice(close + 1) };
}

function excerptHtml(f: Finding): string {
  const ex = f.excerpt ?? '';
  const m = splitExcerpt(ex);
  if (!m) return escapeHtml(ex);
  return escapeHtml(m.before) + '<mark>' + escapeHtml(m.match) + '</mark>' + escapeHtml(m.after);
}

const A4_PT = { width: 595, height: 842 };

/** An SVG page outline with the finding's box drawn on it. */
function boxSvg(box: Box, file: FileReport, f: Finding): string {
  let w: number;
  let h: number;
  const part = file.coverage.parts.find((p) => p.id === f.location.part);
  const whole = part?.origin.box;
  if (whole && whole.unit === box.unit && whole.width > 0 && whole.height > 0) {
    w = whole.x + whole.width;
    h = whole.y + whole.height;
  } else if (box.unit === 'pt') {
    w = A4_PT.width;
    h = A4_PT.height;
  } else {
    // Pixel boxes without the image size: a portrait page that holds every box of this part.
    const boxes = [...file.findings, ...file.suppressed].filter((g) => g.location.part === f.location.part && g.location.box?.unit === 'px').map((g) => g.location.box!);
    const maxX = Math.max(...boxes.map((b) => b.x + b.width));
    const maxY = Math.max(...boxes.map((b) => b.y + b.height));
    w = Math.max(maxX * 1.1, (maxY * 1.1) / 1.414);
    h = Math.max(maxY * 1.1, w * 1.414);
  }
  w = Math.max(w, box.x + box.width);
  h = Math.max(h, box.y + box.height);
  const n = (v: number) => Math.round(v * 10) / 10;
  return (
    `<svg class="page" viewBox="0 0 ${n(w)} ${n(h)}" role="img" aria-label="box ${escapeHtml(`${n(box.x)},${n(box.y)} ${n(box.width)}×${n(box.height)} ${box.unit}`)}">` +
    `<rect class="sheet" x="0" y="0" width="${n(w)}" height="${n(h)}"/>` +
    `<rect class="hit" x="${n(box.x)}" y="${n(box.y)}" width="${n(Math.max(box.width, w / 200))}" height="${n(Math.max(box.height, h / 200))}"/></svg>`
  );
}

function findingRow(f: Finding, file: FileReport, suppressed: boolean, lang: Lang): string {
  const known = ruleDoc(f.ruleId);
  const doc = known && localizedRuleDoc(known, lang);
  const sev = lang === 'en' ? f.severity : t(lang, 'severity', { severity: f.severity });
  const s = f.suppressed;
  return (
    `<tr class="finding sev-${f.severity}${suppressed ? ' suppressed' : ''}" data-category="${escapeHtml(f.category)}">` +
    `<td class="rule"><code title="${escapeHtml(doc?.title ?? '')}">${escapeHtml(f.ruleId)}</code>${suppressed ? `<span class="tag">${escapeHtml(t(lang, 'html.suppressed'))}</span>` : ''}</td>` +
    `<td><span class="sev">${escapeHtml(sev)}</span><br><small>${escapeHtml(t(lang, 'html.score', { score: f.score.toFixed(2) }))}</small></td>` +
    `<td class="loc">${escapeHtml(locationText(f.location, lang))}</td>` +
    `<td class="excerpt">${excerptHtml(f)}</td>` +
    `<td>${escapeHtml(f.message)}${suppressed && s ? `<br><small>${escapeHtml(suppressionText(s, lang))}</small>` : ''}</td>` +
    `<td class="boxcell">${f.location.box ? boxSvg(f.location.box, file, f) : ''}</td>` +
    `</tr>`
  );
}

function fileSection(file: FileReport, idx: number, lang: Lang): string {
  const cats = new Set<string>([...file.findings, ...file.suppressed].map((f) => f.category));
  if (file.coverage.unread.length || file.errors.length) cats.add('unread-content');
  const doc = file.document;
  const findings = [...sortFindings(file.findings).map((f) => findingRow(f, file, false, lang)), ...file.suppressed.map((f) => findingRow(f, file, true, lang))];
  const unread = file.coverage.unread.map(
    (u) => `<li class="unread" data-category="unread-content"><strong>${escapeHtml(t(lang, 'unread.where', { where: u.where }))}</strong> <code>${escapeHtml(u.reason)}</code>${lang === 'en' ? '' : ` ${escapeHtml(t(lang, 'unread.reason', { reason: u.reason }))}`} — ${escapeHtml(unreadDetail(lang, u))}</li>`,
  );
  const errors = file.errors.map((e) => `<li class="error" data-category="unread-content"><code>${escapeHtml(e.code)}</code> ${escapeHtml(lang === 'en' ? e.message : t(lang, 'error.line', { code: e.code, message: e.message }))}</li>`);
  return (
    `<section class="file v-${file.verdict}" id="file-${idx}" data-verdict="${file.verdict}" data-categories="${escapeHtml([...cats].join(' '))}">` +
    `<h2><span class="badge">${lang === 'en' ? file.verdict.toUpperCase() : escapeHtml(t(lang, 'verdict', { verdict: file.verdict }))}</span> <span class="path">${escapeHtml(file.path)}</span>` +
    ` <small>${escapeHtml([doc.format, doc.size ? bytesText(doc.size) : '', durationText(file.durationMs, lang)].filter(Boolean).join(' · '))}</small></h2>` +
    (file.reasons.length ? `<ul class="reasons">${file.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` : '') +
    (findings.length
      ? `<table class="findings"><thead><tr>${t(lang, 'html.columns').split('|').map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${findings.join('')}</tbody></table>`
      : '') +
    (unread.length || errors.length ? `<h3>${escapeHtml(t(lang, 'html.not-read'))}</h3><ul class="notread">${unread.join('')}${errors.join('')}</ul>` : '') +
    `</section>`
  );
}

const CSS = `
:root{--block:#c62828;--review:#b26a00;--pass:#2e7d32;--line:#ddd;font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif}
body{margin:0 auto;max-width:1200px;padding:16px;color:#222;background:#fafafa}
h1{font-size:1.4em;margin:.2em 0}
.cards{display:flex;gap:12px;margin:12px 0}
.card{padding:8px 16px;border-radius:6px;background:#fff;border:1px solid var(--line);min-width:90px}
.card b{display:block;font-size:1.6em}
.card.block b{color:var(--block)}.card.review b{color:var(--review)}.card.pass b{color:var(--pass)}
#filters{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin-bottom:12px}
#filters fieldset{border:0;display:inline-block;margin:0 16px 0 0;padding:0}
#filters label{margin-right:10px;cursor:pointer}
.file{background:#fff;border:1px solid var(--line);border-left:6px solid var(--line);border-radius:6px;margin:10px 0;padding:8px 12px}
.file.v-block{border-left-color:var(--block)}.file.v-review{border-left-color:var(--review)}.file.v-pass{border-left-color:var(--pass)}
.file h2{font-size:1.05em;margin:.2em 0}
.badge{display:inline-block;color:#fff;border-radius:4px;padding:1px 6px;font-size:.85em}
.v-block .badge{background:var(--block)}.v-review .badge{background:var(--review)}.v-pass .badge{background:var(--pass)}
.file h2 small{color:#777;font-weight:normal}
table.findings{border-collapse:collapse;width:100%;font-size:.9em}
table.findings th,table.findings td{border-top:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
tr.sev-block .sev{color:var(--block);font-weight:bold}tr.sev-review .sev{color:var(--review);font-weight:bold}
tr.suppressed{opacity:.6}
.tag{margin-left:6px;font-size:.75em;background:#eee;border-radius:3px;padding:0 4px}
.excerpt{font-family:ui-monospace,"Noto Sans Mono CJK SC",monospace;white-space:pre-wrap;word-break:break-all}
mark{background:#ffeb3b;padding:0 1px}
.loc{color:#555;max-width:260px}
svg.page{width:90px;height:auto;max-height:130px}
svg.page .sheet{fill:#fff;stroke:#888;stroke-width:1.5;vector-effect:non-scaling-stroke}
svg.page .hit{fill:rgba(198,40,40,.35);stroke:var(--block);vector-effect:non-scaling-stroke;stroke-width:1.5}
.file h3{font-size:.95em;margin:.6em 0 .2em}
.notread li{margin:2px 0}
.hidden{display:none!important}
#shown{color:#666;margin-left:8px}
`;

const JS = `
(function(){
  var boxes=[].slice.call(document.querySelectorAll('#filters input'));
  function checked(kind){return boxes.filter(function(b){return b.dataset.kind===kind&&b.checked}).map(function(b){return b.value})}
  function apply(){
    var verdicts=checked('verdict'),cats=checked('category'),shown=0,files=document.querySelectorAll('.file');
    [].forEach.call(document.querySelectorAll('[data-category]'),function(el){el.classList.toggle('hidden',cats.indexOf(el.dataset.category)<0)});
    [].forEach.call(files,function(f){
      var fc=(f.dataset.categories||'').split(' ').filter(Boolean);
      var catOk=fc.length===0||fc.some(function(c){return cats.indexOf(c)>=0});
      var show=verdicts.indexOf(f.dataset.verdict)>=0&&catOk;
      f.classList.toggle('hidden',!show);if(show)shown++;
    });
    document.getElementById('shown').textContent=__SHOWING__.replace('{shown}',shown).replace('{total}',files.length);
  }
  boxes.forEach(function(b){b.addEventListener('change',apply)});
  apply();
})();
`;

function suppressionText(s: NonNullable<Finding['suppressed']>, lang: Lang): string {
  if (lang === 'en') return `${s.by}: ${s.reason}${s.approvedBy ? `, approved by ${s.approvedBy}` : ''}${s.expires ? `, until ${s.expires}` : ''}`;
  return t(lang, 'pretty.suppressed-by', { by: s.by, reason: s.reason, ...(s.approvedBy ? { approvedBy: s.approvedBy } : {}), ...(s.expires ? { expires: s.expires } : {}) });
}

/** Options for {@link renderHtml}. */
export interface HtmlOptions {
  /** Language of the page's labels (default en); localize the report first for findings and reasons (`localizeReport`). */
  lang?: Lang;
}

/** Renders the HTML report. */
export function renderHtml(report: Report, opts: HtmlOptions = {}): string {
  const lang = opts.lang ?? 'en';
  const s = report.summary;
  const word = (v: 'block' | 'review' | 'pass') => (lang === 'en' ? v : t(lang, 'verdict', { verdict: v }));
  const cats = new Set<string>();
  for (const r of report.results) {
    for (const f of [...r.findings, ...r.suppressed]) cats.add(f.category);
    if (r.coverage.unread.length || r.errors.length) cats.add('unread-content');
  }
  const verdictBoxes = (['block', 'review', 'pass'] as const)
    .map((v) => `<label><input type="checkbox" data-kind="verdict" value="${v}" id="f-verdict-${v}" checked> ${escapeHtml(word(v))} (${s[v]})</label>`)
    .join('');
  const catBoxes = [...cats]
    .sort()
    .map((c) => `<label><input type="checkbox" data-kind="category" value="${escapeHtml(c)}" id="f-cat-${escapeHtml(c)}" checked> ${escapeHtml(t(lang, 'category', { category: c }))}</label>`)
    .join('');
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="prepub ${escapeHtml(report.tool.version)}">
<title>${escapeHtml(t(lang, 'html.title', { block: s.block, review: s.review, pass: s.pass }))}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(t(lang, 'html.heading'))}</h1>
<p>${escapeHtml(t(lang, 'html.summary', { files: s.files, duration: durationText(s.durationMs, lang), findings: s.findings, suppressed: s.suppressed, unread: s.unread, errors: s.errors }))}</p>
<div class="cards">
<div class="card block" id="count-block"><b>${s.block}</b>${escapeHtml(word('block'))}</div>
<div class="card review" id="count-review"><b>${s.review}</b>${escapeHtml(word('review'))}</div>
<div class="card pass" id="count-pass"><b>${s.pass}</b>${escapeHtml(word('pass'))}</div>
</div>
<div id="filters">
<fieldset><legend>${escapeHtml(t(lang, 'html.legend-verdict'))}</legend>${verdictBoxes}</fieldset>
${catBoxes ? `<fieldset><legend>${escapeHtml(t(lang, 'html.legend-category'))}</legend>${catBoxes}</fieldset>` : ''}
<span id="shown"></span>
</div>
<main>
${report.results.map((r, i) => fileSection(r, i, lang)).join('\n')}
</main>
<script>${JS.replace('__SHOWING__', JSON.stringify(t(lang, 'html.showing')).replace(/</g, '\\u003c'))}</script>
</body>
</html>
`;
}
