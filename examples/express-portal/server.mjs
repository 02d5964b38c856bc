// An upload portal: a form, and an upload route that stores a file only when prepub lets it through.
// `node server.mjs` serves it on http://127.0.0.1:3000 (PORT to change).
import express from 'express';
import { createScanner, prepubExpress } from 'prepub';

const FORM = `<!doctype html>
<html lang="zh-CN"><meta charset="utf-8"><title>上传文件</title>
<h1>上传待发布文件</h1>
<form method="post" action="/upload" enctype="multipart/form-data">
  <input type="file" name="document" required>
  <button>上传</button>
</form>
</html>`;

/** Builds the portal around a scanner; `stored` receives every file that passed review. */
export function createPortal(scanner, stored = []) {
  const app = express();
  app.get('/', (_req, res) => {
    res.type('html').send(FORM);
  });
  // The middleware reads the multipart body and scans every file before this handler runs; block
  // and review are answered 422 with the findings, so the handler only ever sees passed files.
  app.post('/upload', prepubExpress({ scanner }), (req, res) => {
    for (const f of req.prepub.files) stored.push({ filename: f.filename, size: f.size });
    res.status(201).json({ stored: req.prepub.files.map((f) => f.filename), verdict: req.prepub.verdict });
  });
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const scanner = await createScanner({ ocr: false });
  const port = Number(process.env.PORT ?? 3000);
  const server = createPortal(scanner).listen(port, '127.0.0.1', () => console.log(`portal on http://127.0.0.1:${port}/`));
  process.on('SIGINT', () => server.close(() => scanner.close().then(() => process.exit(0))));
}
