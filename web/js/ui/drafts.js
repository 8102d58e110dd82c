// Text typed but not yet sent, kept in localStorage so that a reload, a language switch or
// a dropped tablet does not lose it: note drafts per composer (tafel.draft.KEY) and essence
// drafts per bad idea (tafel.edraft.CODE.NOTEID).
function get(k) { try { return localStorage.getItem(k) || ''; } catch { return ''; } }
function set(k, v) {
  try { if (v) localStorage.setItem(k, v); else localStorage.removeItem(k); } catch { /* full or disabled */ }
}

export const noteDraft = {
  get: (key) => (key ? get(`tafel.draft.${key}`) : ''),
  set: (key, v) => { if (key) set(`tafel.draft.${key}`, v); },
};

export const essenceDraft = {
  get: (code, id) => get(`tafel.edraft.${code}.${id}`),
  set: (code, id, v) => set(`tafel.edraft.${code}.${id}`, v),
};
