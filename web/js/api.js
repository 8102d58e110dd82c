// HTTP calls. Organizer calls send the admin key when one was typed in; from the server's
// own machine (loopback) none is needed.
import { adminKey } from './storage.js';

export class HttpError extends Error {
  constructor(status, code, message) { super(message || code || String(status)); this.status = status; this.code = code; }
}

async function call(method, path, { body, key } = {}) {
  const headers = {};
  const k = key || adminKey.get();
  if (k) headers.Authorization = `Bearer ${k}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) {
    let code = '', message = '';
    try { const j = await res.json(); code = j.error?.code; message = j.error?.message; } catch { /* not json */ }
    throw new HttpError(res.status, code, message);
  }
  return res;
}

export const api = {
  templates: async () => (await call('GET', '/api/templates')).json(),
  sessions: async () => (await call('GET', '/api/sessions')).json(),
  create: async (body) => (await call('POST', '/api/sessions', { body })).json(),
  remove: async (code, key) => { await call('DELETE', `/api/sessions/${encodeURIComponent(code)}`, { key }); },
  exportUrl: (code, format, lang, names, chapter) =>
    `/api/sessions/${encodeURIComponent(code)}/export?format=${format}&lang=${lang}${names ? '&names=1' : ''}${chapter ? `&chapter=${chapter}` : ''}`,
  qrUrl: (code) => `/api/sessions/${encodeURIComponent(code)}/qr.svg`,
  // Events: a conference day with many tables (the event key goes where a key is asked).
  createEvent: async (body) => (await call('POST', '/api/events', { body })).json(),
  events: async () => (await call('GET', '/api/events')).json(),
  eventTables: async (code) => (await call('GET', `/api/events/${encodeURIComponent(code)}/tables`)).json(),
  removeEvent: async (code, key) => { await call('DELETE', `/api/events/${encodeURIComponent(code)}`, { key }); },
  eventExportUrl: (code, format, lang) => `/api/events/${encodeURIComponent(code)}/export?format=${format}&lang=${lang}`,
};

// Downloads an export. The key travels in a header, so the file is fetched and handed to
// the browser as a blob (a plain link cannot carry Authorization).
export async function downloadExport(code, format, lang, { key, names, chapter } = {}) {
  return save(await call('GET', api.exportUrl(code, format, lang, names, chapter), { key }), code, format);
}

// The cross-table report of an event, the same way.
export async function downloadEventExport(code, format, lang, key) {
  return save(await call('GET', api.eventExportUrl(code, format, lang), { key }), code, format);
}

async function save(res, code, format) {
  const blob = await res.blob();
  const cd = res.headers.get('Content-Disposition') || '';
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd);
  const name = m ? decodeURIComponent(m[1]) : `tafel-${code}.${format === 'md' ? 'md' : format}`;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
  return name;
}
