// Building blocks for the panels. Text from the API only ever becomes text nodes or attribute
// values, never markup: nothing here parses HTML.

/**
 * An element with attributes and children. Strings and numbers become text nodes; null,
 * undefined and false are skipped; arrays are flattened.
 * @example h('td', { class: 'num' }, '0.42')
 */
export function h(tag, attrs = {}, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** Like `h`, for SVG elements. */
export function s(tag, attrs = {}, ...children) {
  return fill(document.createElementNS('http://www.w3.org/2000/svg', tag), attrs, children);
}

function fill(node, attrs, children) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** A two-column list of labelled values (`dl`), skipping entries whose value is undefined. */
export function facts(entries) {
  return h(
    'dl',
    { class: 'facts' },
    entries.filter(([, value]) => value !== undefined).map(([label, value]) => [h('dt', {}, label), h('dd', {}, value ?? '—')]),
  );
}

/** A small coloured label. `tone`: ok, warn, bad, muted. */
export function badge(text, tone = 'muted', attrs = {}) {
  return h('span', { ...attrs, class: `badge ${tone}` }, text);
}

/** A table from column headers and rows of cells (a cell may be a node or text). */
export function table(headers, rows, attrs = {}) {
  return h(
    'table',
    attrs,
    h('thead', {}, h('tr', {}, headers.map((label) => h('th', {}, label)))),
    h('tbody', {}, rows),
  );
}
