/**
 * The sniffers of Word 2003 XML, Flat OPC and embedded SVG look past a prolog of comments in time
 * linear in the head: their patterns backtracked exponentially there (a 576-byte `.xml` of 24
 * `<!--?><wordDocument>-->` pieces took 1.7 s in isWordml, two more pieces tripled it).
 */
import { describe, expect, it } from 'vitest';
import { isFlatOpc } from '../src/flatopc-sniff.ts';
import { sniffBinary } from '../src/package.ts';
import { isWordml } from '../src/wordml-sniff.ts';
import { perCall } from '../../../tests/cpu-time.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('sniffing past many comments', () => {
  it('isWordml: 8 times the comments, not 20 times the time', () => {
    const head = (k: number) => bytes(`<!---->${'<!--?><wordDocument>-->'.repeat(k)}\t?><wordDocument\t`);
    const one = head(3);
    const eight = head(24);
    expect(isWordml(eight)).toBe(false);
    expect(perCall(() => isWordml(eight)) / perCall(() => isWordml(one))).toBeLessThan(20);
  });

  it('isFlatOpc: 8 times the comments, not 20 times the time', () => {
    const head = (k: number) => bytes(`<!---->${'<!--?><package>-->'.repeat(k)}\t?><package\t xmlPackage  `);
    const one = head(3);
    const eight = head(24);
    expect(isFlatOpc(eight)).toBe(false);
    expect(perCall(() => isFlatOpc(eight)) / perCall(() => isFlatOpc(one))).toBeLessThan(20);
  });

  it('sniffBinary: a head of many comments costs what a plain head of its length costs', () => {
    // (Compared at one length: the old pattern was already 680 ms at 10 pieces, and at a few dozen
    // bytes the reading's fixed costs swamp a comparison of lengths.)
    const comments = bytes(`<!-${'---><!--><!----><!-'.repeat(9)}`);
    const plain = bytes('x'.repeat(comments.length));
    expect(sniffBinary(comments)).toBe('unknown');
    expect(sniffBinary(bytes('<?xml version="1.0"?><!-- x --><svg xmlns="http://www.w3.org/2000/svg">'))).toBe('svg');
    expect(perCall(() => sniffBinary(comments)) / perCall(() => sniffBinary(plain))).toBeLessThan(20);
  });
});
