/** What a spreadsheet formula can show, from the literals it joins or returns (never those it compares against). */
import { describe, expect, it } from 'vitest';
import { formulaResults } from '../src/formula.ts';

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

  it('never throws on damaged formulas and stays bounded', () => {
    for (const f of ['"x"&(', 'IF(', '"unterminated', ')))', '{1,2', '#REF!&"机密"', '']) expect(() => formulaResults(f)).not.toThrow();
    expect(formulaResults('#REF!&"机密"')).toEqual(['机密']);
    const deep = `${'IF(A1,'.repeat(500)}"机密"${',"x")'.repeat(500)}`;
    expect(() => formulaResults(deep)).not.toThrow();
    const wide = Array.from({ length: 20 }, (_, i) => `IF(A${i},"甲${i}","乙${i}")`).join('&');
    expect(formulaResults(wide).length).toBeLessThanOrEqual(32);
  });
});
