// Prints the text of a PDF as pdf.js (Firefox's PDF engine) extracts it: one line per
// text line, a form feed between pages.
// The pdf.js module is named by $PDFJS (the Makefile installs it under build/).
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const { getDocument } = await import(pathToFileURL(resolve(process.env.PDFJS)).href);

const doc = await getDocument({ url: process.argv[2], verbosity: 0 }).promise;
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  const content = await page.getTextContent();
  let line = '';
  for (const item of content.items) {
    line += item.str;
    if (item.hasEOL) { process.stdout.write(line + '\n'); line = ''; }
  }
  process.stdout.write(line + '\n\f');
}
