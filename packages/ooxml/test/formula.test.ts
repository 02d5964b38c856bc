/** What a spreadsheet formula can show, from the literals it joins or returns (never those it compares against). */
import { describe, expect, it } from 'vitest';
import { analyseFormula, formulaResults } from '../src/formula.ts';

describe('formulaResults', () => {
  it('joins literals where &, CONCATENATE, CONCAT and TEXTJOIN join them, and passes them through T, TRIM, IF branches, CHOOSE, SWITCH, IFERROR', () => {
    expect(formulaResults('"机密"&"★5年"')).toEqual(['机密★5年']);
    expect(formulaResults('"机密★"&5&"年"')).toEqual(['机密★5年']);
    expect(formulaResults('CONCATENATE("机密","★5年")')).toEqual(['机密★5年']);
    expect(formulaResults('_xlfn.CONCAT("机","密★",3+2,"年")')).toEqual(['机密★5年']);
    expect(formulaResults('_xlfn.TEXTJOIN("",TRUE,"机密","★","5年")')).toEqual(['机密★5年']);
    expect(formulaResults('T("机密★5年")')).toEqual(['机密★5年']);
    expect(formulaResults('IF(TRUE,"机密★5年","")')).toEqual(['机密★5年']);
    expect(formulaResults('IF(FALSE,"公开","机密★5年")')).toEqual(['机密★5年']);
    expect(formulaResults('IF(B2>0,"机密","秘密")')).toEqual(['机密', '秘密']);
    expect(formulaResults('CHOOSE(2,"公开","机密★5年")')).toEqual(['机密★5年']);
    expect(formulaResults('SWITCH(A1,"甲","机密★5年","公开")')).toEqual(['机密★5年', '公开']);
    expect(formulaResults('IFERROR(VLOOKUP(A1,B:C,2,FALSE),"机密★5年")')).toEqual(['机密★5年']);
    expect(formulaResults('SUBSTITUTE("机X★5年","X","密")')).toEqual(['机密★5年']);
    // TEXT shows its format: literals as written, digit placeholders filled (0 where the value is not known).
    expect(formulaResults('TEXT(5,"机密★0年")')).toEqual(['机密★5年']);
    expect(formulaResults('TEXT(B1,"机密★0年")')).toEqual(['机密★0年']);
    expect(formulaResults('TEXT(12,"\\机\\密★#年;[Red]0")')).toEqual(['机密★12年']);
    expect(formulaResults('TEXT("机密★5年","@")')).toEqual(['机密★5年']);
  });

  it('computes character codes from literals: UNICHAR of HEX2DEC/DECIMAL/sums, CHAR of GBK codes', () => {
    expect(formulaResults('UNICHAR(HEX2DEC("673A"))&UNICHAR(HEX2DEC("5BC6"))&"★5年"')).toEqual(['机密★5年']);
    expect(formulaResults('_xlfn.UNICHAR(_xlfn.DECIMAL("673a",16))&UNICHAR(23494)&UNICHAR(9733)&5&UNICHAR(24180)')).toEqual(['机密★5年']);
    expect(formulaResults('UNICHAR(26400+26)&UNICHAR(SUM(23000,494))&"★5年"')).toEqual(['机密★5年']);
    expect(formulaResults('CHAR(48122)&CHAR(50140)&CHAR(41455)&"5"&CHAR(50410)')).toEqual(['机密★5年']);
    expect(formulaResults('"第"&CHAR(49)&"季度"')).toEqual(['第1季度']);
  });

  it('tells when characters come from codes not known here (UNICHAR(A1)), and not otherwise', () => {
    expect(analyseFormula('UNICHAR(A1)&UNICHAR(B1)&"★5年"')).toEqual({ results: ['★5年'], unknownChars: true, opaque: false });
    expect(analyseFormula('CHAR(64+ROW())').unknownChars).toBe(true);
    expect(analyseFormula('"甲"&CHAR(10)&"乙"').unknownChars).toBe(false);
    expect(analyseFormula('SUM(A1:A9)').unknownChars).toBe(false);
    expect(analyseFormula('IF(A1="机密",UNICHAR(9733),"")').unknownChars).toBe(false);
  });

  it('keeps every branch of a long CHOOSE and every operand of a join with too many combinations to spell out', () => {
    const options = Array.from({ length: 40 }, (_, i) => `"第${i + 1}组"`).join(',');
    expect(formulaResults(`CHOOSE(A1,${options},"机密★5年")`)).toContain('机密★5年');
    expect(formulaResults(`SWITCH(A1,${Array.from({ length: 40 }, (_, i) => `${i},"第${i + 1}组"`).join(',')},"机密★5年")`)).toContain('机密★5年');
    const ifs = ['"甲","乙"', '"丙","丁"', '"戊","己"', '"庚","辛"', '"壬","癸"', '"子","丑"'].map((b, i) => `IF(A${i + 1},${b})`).join('&');
    expect(formulaResults(`${ifs}&IF(A9,"机密★5年","")`)).toContain('机密★5年');
    expect(analyseFormula(`CHOOSE(A1,${options},"机密★5年")`).unknownChars).toBe(false);
    // Joins of joins whose alternatives run past the bound kept: not told whole, so not read.
    const long = (k: number) => `"${String.fromCharCode(0x4e00 + k).repeat(300)}"`;
    const half = (o: number) => Array.from({ length: 5 }, (_, i) => `IF(A${o + i},${long(o * 10 + i * 2)},${long(o * 10 + i * 2 + 1)})`).join('&');
    expect(analyseFormula(`(${half(1)})&(${half(7)})`).unknownChars).toBe(true);
  });

  it('reads OpenFormula: of:= prefix, ; separators, [.A1] references', () => {
    expect(formulaResults('of:="机密"&"★5年"')).toEqual(['机密★5年']);
    expect(formulaResults('of:=IF(1;"机密★5年";"")')).toEqual(['机密★5年']);
    expect(formulaResults('of:=CONCATENATE([.A1];"机密★";5;"年")')).toEqual(['机密★5年']);
  });

  it('literals compared against, looked up, counted or given to unknown functions are not results', () => {
    expect(formulaResults('IF(A1="机密","需登记","无需登记")')).toEqual(['需登记', '无需登记']);
    expect(formulaResults('COUNTIF(B:B,"机密")')).toEqual([]);
    expect(formulaResults('VLOOKUP("绝密",A:B,2,FALSE)')).toEqual([]);
    expect(formulaResults('SUMIFS(E:E,C:C,"秘密")&"件"')).toEqual(['件']);
    expect(formulaResults('A1="机密★5年"')).toEqual([]);
    expect(formulaResults('of:=IF([.A1]="机密";"是";"否")')).toEqual(['是', '否']);
    // Numbers and booleans alone are no text.
    expect(formulaResults('SUM(A1:A3)/2')).toEqual([]);
    expect(formulaResults('IF(A1,TRUE,FALSE)')).toEqual([]);
  });

  it('reads array constants of literals: looked up (VLOOKUP, HLOOKUP, LOOKUP, XLOOKUP, INDEX, FILTER), reshaped, joined (CONCAT, TEXTJOIN) or spilled, each element a value the cell may show', () => {
    expect(formulaResults('VLOOKUP(1,{1,"机密★5年"},2,FALSE)')).toEqual(['机密★5年']);
    // A known column or row is the one shown; the keys are not.
    expect(formulaResults('VLOOKUP(A1,{"甲","公开";"乙","机密★5年"},2,FALSE)')).toEqual(['公开', '机密★5年']);
    expect(formulaResults('HLOOKUP(1,{1,2;"机密★5年","公开"},2,FALSE)')).toEqual(['机密★5年', '公开']);
    expect(formulaResults('LOOKUP(2,{1,2},{"公开","机密★5年"})')).toEqual(['公开', '机密★5年']);
    expect(formulaResults('_xlfn.XLOOKUP(A1,{1,2},{"公开","机密★5年"},"未找到")')).toEqual(['公开', '机密★5年', '未找到']);
    expect(formulaResults('INDEX({"公开","机密★5年"},2)')).toEqual(['机密★5年']);
    expect(formulaResults('INDEX({"公开","甲";"机密★5年","乙"},2,1)')).toEqual(['机密★5年']);
    expect(formulaResults('_xlfn._xlws.FILTER({"机密★5年","公开"},{TRUE,FALSE})')).toEqual(['机密★5年', '公开']);
    expect(formulaResults('_xlfn.TRANSPOSE({"机密★5年"})')).toEqual(['机密★5年']);
    expect(formulaResults('{"机密★5年","附件"}')).toEqual(['机密★5年', '附件']);
    expect(formulaResults('_xlfn.CONCAT({"机密","★5年"})')).toEqual(['机密★5年']);
    expect(formulaResults('_xlfn.TEXTJOIN("",TRUE,{"机密";"★5年"})')).toEqual(['机密★5年']);
    expect(formulaResults('of:=VLOOKUP(1;{1;"机密★5年"|2;"公开"};2;0)')).toEqual(['机密★5年', '公开']);
    expect(formulaResults('_xlfn.LET(_xlpm.x,"机密★5年",_xlpm.x)')).toEqual(['机密★5年']);
    expect(formulaResults('HYPERLINK("http://oa.example/tz","机密★5年")')).toEqual(['机密★5年']);
    // An array a function counts or matches against is not shown.
    expect(formulaResults('SUM(COUNTIF(B:B,{"机密","秘密"}))')).toEqual([]);
    expect(formulaResults('MATCH("机密",{"机密","秘密"},0)')).toEqual([]);
    expect(formulaResults('VLOOKUP({"机密"},A:B,2,FALSE)')).toEqual([]);
  });

  it('a defined name stands for its own formula: chains of names, a name used in its own definition, names of several sheets', () => {
    const names = new Map([
      ['密级', ['CONCATENATE("机密","★5年")']],
      ['标题', ['密级&"（"&单位&"）"']],
      ['单位', ['"江临市应急管理局"']],
      ['自身', ['自身&"x"']],
      ['区域', ['名单!$A$1:$C$3']],
    ]);
    expect(formulaResults('密级', names)).toEqual(['机密★5年']);
    expect(formulaResults('标题', names)).toEqual(['机密★5年（江临市应急管理局）']);
    expect(formulaResults('自身', names)).toEqual(['x']);
    expect(formulaResults('SUM(区域)', names)).toEqual([]);
    expect(formulaResults('密级')).toEqual([]);
    expect(formulaResults('级别', new Map([['级别', ['"公开"', '"机密★5年"']]]))).toEqual(['公开', '机密★5年']);
    // A chain of 300 names, each twice the one before: parsed once each, bounded.
    const chain = new Map(Array.from({ length: 300 }, (_, i) => [`N${i}`, [i === 0 ? '"甲"' : `N${i - 1}&N${i - 1}`]]));
    expect(() => formulaResults('N299', chain)).not.toThrow();
  });

  it('a formula giving words to a function not modelled here, or not parsed here, is opaque; counting, matching and testing functions are not; parts of a known text at places not known are read whole', () => {
    const opaque = (f: string) => analyseFormula(f).opaque;
    expect(opaque('_xlfn.MAP({"机密★5年"},_xlfn.LAMBDA(_xlpm.x,_xlpm.x))')).toBe(true);
    expect(opaque('_xlfn.REGEXREPLACE("机X密★5年","X","")')).toBe(true);
    expect(opaque('_xlfn.LAMBDA(_xlpm.x,_xlpm.x)("机密★5年")')).toBe(true);
    for (const f of ['COUNTIF(B:B,"机密")', 'SUMIFS(E:E,C:C,"秘密")', 'FIND("机",A1)', 'SUMPRODUCT((A2:A9="机密")*1)', 'SUBSTITUTE(A2,"市","")', 'MYFUNC(A1,"x")', 'IF(A2="是","需要","不需要")']) expect(opaque(f), f).toBe(false);
    expect(formulaResults('LEFT("机密★5年附件",LEN(A1))')).toEqual(['机密★5年附件']);
    expect(formulaResults('MID("附件机密★5年",FIND("机",A1),5)')).toEqual(['附件机密★5年']);
    expect(formulaResults('SUBSTITUTE("机X密X★5年","X","",1)')).toEqual(['机密X★5年']);
    expect(formulaResults('SUBSTITUTE("机X密★5年","X","",A1)')).toEqual(['机X密★5年', '机密★5年']);
    expect(formulaResults('SUBSTITUTE(A1,"（公开）","机密★5年")')).toEqual(['机密★5年']);
  });

  it('REPLACE puts its new text over the characters it names; at places not known here both texts are read whole', () => {
    expect(formulaResults('REPLACE("机X密★5年",2,1,"")')).toEqual(['机密★5年']);
    expect(formulaResults('_xlfn.REPLACEB("公开",1,2,"机密★5年")')).toEqual(['机密★5年']);
    expect(formulaResults('"机"&REPLACE("X密★5年",1,1,"")')).toEqual(['机密★5年']);
    expect(formulaResults('REPLACE(A1,1,2,"机密★5年")')).toEqual(['机密★5年']);
    expect(analyseFormula('REPLACE("机X密★5年",A1,1,"")').opaque).toBe(true);
    expect(analyseFormula('REPLACE("机X密★5年",2,1,"")').opaque).toBe(false);
  });

  it('never throws on damaged formulas and stays bounded', () => {
    for (const f of ['"x"&(', 'IF(', '"unterminated', ')))', '{1,2', '{"a",}', '{"a"', '{,}', '#REF!&"机密"', '']) expect(() => formulaResults(f)).not.toThrow();
    expect(formulaResults(`INDEX({${Array.from({ length: 5000 }, (_, i) => `"甲${i}"`).join(',')}},1)`)).toEqual([]);
    expect(formulaResults('#REF!&"机密"')).toEqual(['机密']);
    const deep = `${'IF(A1,'.repeat(500)}"机密"${',"x")'.repeat(500)}`;
    expect(() => formulaResults(deep)).not.toThrow();
    const wide = Array.from({ length: 20 }, (_, i) => `IF(A${i},"甲${i}","乙${i}")`).join('&');
    // 32 combinations spelled out, the pieces past them kept loose: linear in the formula, not 2^20.
    expect(formulaResults(wide).length).toBeLessThan(1024);
    expect(formulaResults(wide)).toContain('甲19');
    const wider = Array.from({ length: 400 }, (_, i) => `IF(A${i},"甲${i}","乙${i}")`).join('&');
    expect(formulaResults(wider).join('').length).toBeLessThanOrEqual(32 * 4096 + 65536);
  });
});
