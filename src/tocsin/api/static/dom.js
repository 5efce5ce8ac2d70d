// DOM helpers.  Everything that came from an article (titles, sentences, names)
// reaches the page through textContent or createTextNode, never as markup.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function svg(tag, attrs = {}) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

// A link only for http(s) URLs: a javascript: or data: URL in an article stays text.
export function safeLink(url, text) {
  try {
    const parsed = new URL(url, window.location.href);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
      return el('a', { href: parsed.href, target: '_blank', rel: 'noopener noreferrer' }, text);
    }
  } catch (err) { /* not a URL: shown as text below */ }
  return el('span', {}, text);
}

// The evidence sentence with its highlight spans wrapped in <mark> elements.
export function highlighted(sentence, spans) {
  const block = el('p', { class: 'sentence' });
  let cursor = 0;
  for (const span of [...(spans || [])].sort((a, b) => a.start - b.start)) {
    if (span.start < cursor || span.end > sentence.length) continue;
    block.append(sentence.slice(cursor, span.start));
    block.append(el('mark', { class: span.label, title: span.label }, sentence.slice(span.start, span.end)));
    cursor = span.end;
  }
  block.append(sentence.slice(cursor));
  return block;
}

export async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || `request failed (${response.status})`);
  return body;
}
