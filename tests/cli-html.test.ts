import { copyFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../packages/cli/test/support.ts';
import { CHROMIUM, CHROMIUM_ARGS, REPO_ROOT, chromium, runCli, tempTree } from '../packages/cli/test/support.ts';
import { NEWS, ROSTER, SECRET_NOTICE } from './cli-fixtures.ts';

describe('prepub scan --format html in Chromium', () => {
  let browser: Browser;
  let dir: string;
  let html: string;

  beforeAll(async () => {
    dir = tempTree({ 'notice.txt': SECRET_NOTICE, 'roster.txt': ROSTER, 'news.txt': NEWS });
    // A PDF whose marking sits in a letter-spaced header: its finding carries a box in points.
    copyFileSync(path.join(REPO_ROOT, 'samples', 'pdf', 'header-letterspaced.pdf'), path.join(dir, 'header.pdf'));
    const run = await runCli(['scan', 'notice.txt', 'roster.txt', 'news.txt', 'header.pdf', 'lost.docx', '-o', 'report.html'], { cwd: dir });
    expect(run.code).toBe(2);
    html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    browser = await (await chromium()).launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('is one self-contained file: no external scripts, styles or images', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
  });

  it('shows the findings marked in their context, the boxes and what was not read; the filters hide and show', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(path.join(dir, 'report.html')).href);

    const shotDir = mkdtempSync(path.join(os.tmpdir(), 'prepub-html-shot-'));
    const shot = path.join(shotDir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);

    expect(await page.locator('#count-block b').textContent()).toBe('2');
    const files = page.locator('section.file');
    expect(await files.count()).toBe(5);

    const notice = page.locator('section.file', { hasText: 'notice.txt' });
    expect(await notice.getAttribute('data-verdict')).toBe('block');
    const mark = notice.locator('tr.finding mark').first();
    expect(await mark.isVisible()).toBe(true);
    expect(await mark.textContent()).toBe('机密★5年');

    // The PDF finding's box is drawn on a page outline.
    const pdf = page.locator('section.file', { hasText: 'header.pdf' });
    expect(await pdf.locator('svg.page rect.hit').count()).toBeGreaterThan(0);
    expect(await pdf.locator('svg.page rect.hit').first().isVisible()).toBe(true);

    const lost = page.locator('section.file', { hasText: 'lost.docx' });
    expect(await lost.locator('.notread').textContent()).toMatch(/no such file or folder/);

    const roster = page.locator('section.file', { hasText: 'roster.txt' });
    const news = page.locator('section.file', { hasText: 'news.txt' });
    expect(await news.isVisible()).toBe(true);
    expect(await page.locator('#shown').textContent()).toBe('showing 5 of 5 files');

    // Filter by verdict: hide passing files.
    await page.click('#f-verdict-pass');
    expect(await news.isVisible()).toBe(false);
    expect(await notice.isVisible()).toBe(true);
    expect(await page.locator('#shown').textContent()).toBe('showing 4 of 5 files');

    // Filter by category: hide personal data; the roster, which has nothing else, disappears.
    const rosterRows = roster.locator('tr.finding');
    expect(await rosterRows.first().isVisible()).toBe(true);
    await page.click('#f-cat-personal-data');
    expect(await rosterRows.first().isVisible()).toBe(false);
    expect(await roster.isVisible()).toBe(false);
    expect(await notice.locator('tr.finding').first().isVisible()).toBe(true);

    // And back.
    await page.click('#f-cat-personal-data');
    await page.click('#f-verdict-pass');
    expect(await roster.isVisible()).toBe(true);
    expect(await news.isVisible()).toBe(true);

    expect(requests.every((u) => u.startsWith('file:'))).toBe(true);
    await page.close();
  });
});
