// What the app keeps in localStorage, keyed by session code (upper case):
//   tafel.token.CODE     the participant's resume token and identity {token, you}
//   tafel.fkey.CODE      the facilitator key from session creation
//   tafel.ekey.CODE      an event's key from event creation (the organizer's overview)
//   tafel.joinurl.CODE   the join link the server returned at creation (for the room screen)
//   tafel.outbox.CODE    changes written but not yet confirmed by the server
//   tafel.adminkey       the organizer (admin) key, when one was typed in
//   tafel.lang           the language switch (see i18n.js)

function get(key) {
  try { return localStorage.getItem(key); } catch { return null; }
}
function set(key, value) {
  try {
    if (value == null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch { /* storage full or disabled: the app still works, without persistence */ }
}
function getJSON(key, fallback) {
  const s = get(key);
  if (!s) return fallback;
  try { return JSON.parse(s); } catch { return fallback; }
}

export const norm = (code) => String(code || '').trim().toUpperCase();

export const identity = {
  get: (code) => getJSON(`tafel.token.${norm(code)}`, null),
  set: (code, v) => set(`tafel.token.${norm(code)}`, v ? JSON.stringify(v) : null),
};
export const facilitatorKey = {
  get: (code) => get(`tafel.fkey.${norm(code)}`),
  set: (code, v) => set(`tafel.fkey.${norm(code)}`, v),
};
export const eventKey = {
  get: (code) => get(`tafel.ekey.${norm(code)}`),
  set: (code, v) => set(`tafel.ekey.${norm(code)}`, v),
};
export const joinUrl = {
  get: (code) => get(`tafel.joinurl.${norm(code)}`),
  set: (code, v) => set(`tafel.joinurl.${norm(code)}`, v),
};
export const outboxStore = {
  get: (code) => getJSON(`tafel.outbox.${norm(code)}`, []),
  set: (code, items) => set(`tafel.outbox.${norm(code)}`, items.length ? JSON.stringify(items) : null),
};
export const adminKey = {
  get: () => get('tafel.adminkey'),
  set: (v) => set('tafel.adminkey', v || null),
};

// A client id for note.add (at most 64 characters). crypto.randomUUID needs a secure
// context, which http://<laptop-ip>:8080 is not; getRandomValues works everywhere.
export function makeCid() {
  const b = new Uint8Array(12);
  crypto.getRandomValues(b);
  return `c${Date.now().toString(36)}${[...b].map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}
