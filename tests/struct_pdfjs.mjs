// Prints the structure of a tagged PDF as pdf.js (Firefox's PDF engine) reads it: its
// structure tree (getStructTree) with the text of each marked-content sequence
// (getTextContent with marked content), in the form of `pdfinfo -struct-text`, so that
// tests/struct_text.py reads both: an element's type on a line, indented two spaces per
// level, and each piece of its content's text quoted on a line below it.
// The pdf.js module is named by $PDFJS (the Makefile installs it under build/).
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const { getDocument } = await import(pathToFileURL(resolve(process.env.PDFJS)).href);

const doc = await getDocument({ url: process.argv[2], verbosity: 0 }).promise;
const out = [];

function print(node, texts, depth) {
  const pad = '  '.repeat(depth);
  if (node.type === 'content') {
    out.push(`${pad}"${texts.get(node.id) ?? ''}"`);
    return;
  }
  if (node.type === 'object' || node.type === 'annotation') return;
  if (node.role && node.role !== 'Root') out.push(`${pad}${node.role}`);
  for (const child of node.children ?? []) print(child, texts, node.role === 'Root' ? depth : depth + 1);
}

for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  const content = await page.getTextContent({ includeMarkedContent: true });
  // the text of each marked-content id, its items joined as a reader copies them
  const texts = new Map();
  const stack = [];
  for (const item of content.items) {
    if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') {
      stack.push(item.id ?? null);
    } else if (item.type === 'endMarkedContent') {
      stack.pop();
    } else if (item.str !== undefined) {
      const id = stack.findLast((x) => x !== null);
      if (id) texts.set(id, (texts.get(id) ?? '') + item.str + (item.hasEOL ? ' ' : ''));
    }
  }
  const tree = await page.getStructTree();
  out.push('=== page'); // pdf.js gives each page its own tree: an element on two pages is cut
  if (tree) print(tree, texts, 0);
}
process.stdout.write(out.join('\n') + '\n');
