// DOM helpers. User text only ever goes in through textContent or text nodes: nothing in
// the app sets innerHTML, and nothing sets a style attribute (the CSP forbids inline styles;
// element.style from script is allowed).

const PROPS = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'htmlFor',
  'draggable', 'readOnly', 'required', 'multiple', 'type']);

// h('button', {class: 'btn', onclick: fn, text: 'OK'}, child, [children], 'text')
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
      else if (k === 'text') el.textContent = String(v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (PROPS.has(k)) el[k] = v;
      else if (k === 'style') throw new Error('use element.style from script, not a style attribute');
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

export function setText(el, text) {
  const s = text == null ? '' : String(text);
  if (el.textContent !== s) el.textContent = s;
}

// Keyed list reconciliation: reuses the element of each key, so that focus, selection and
// half-typed text inside a card survive updates that other people cause.
// make(item) returns a fresh element; update(el, item) refreshes it (also right after make).
export function syncList(container, items, keyOf, make, update) {
  const old = new Map();
  for (const el of [...container.children]) {
    if (el.dataset.key != null) old.set(el.dataset.key, el);
    else el.remove();
  }
  let prev = null;
  const keep = new Set();
  for (const item of items) {
    const key = String(keyOf(item));
    let el = old.get(key);
    if (!el) { el = make(item); el.dataset.key = key; }
    if (update) update(el, item);
    keep.add(key);
    const next = prev ? prev.nextSibling : container.firstChild;
    if (next !== el) container.insertBefore(el, next);
    prev = el;
  }
  for (const [key, el] of old) if (!keep.has(key)) el.remove();
}

let uid = 0;
export function nextId(prefix = 'id') { uid += 1; return `${prefix}-${uid}`; }

export function toast(message, kind = 'info') {
  const box = document.getElementById('toasts');
  if (!box) return;
  const el = h('div', { class: `toast toast-${kind}` }, message);
  box.append(el);
  setTimeout(() => el.classList.add('toast-out'), 4200);
  setTimeout(() => el.remove(), 4800);
}

// A labelled field: <div class="field"><label for=id>…</label>control</div>
export function field(labelText, control, hint) {
  if (!control.id) control.id = nextId('f');
  const parts = [h('label', { htmlFor: control.id, class: 'field-label' }, labelText), control];
  if (hint) {
    const hid = nextId('hint');
    control.setAttribute('aria-describedby', hid);
    parts.push(h('p', { class: 'field-hint', id: hid }, hint));
  }
  return h('div', { class: 'field' }, parts);
}

// Grows a textarea with its content (no scrollbars in note composers).
export function autoGrow(ta) {
  const fit = () => { ta.style.height = 'auto'; ta.style.height = `${ta.scrollHeight + 2}px`; };
  ta.addEventListener('input', fit);
  requestAnimationFrame(fit);
  return ta;
}
