// The template's phases (titles, minutes) for the overview: PROGRESS carries only a table's
// phase index and kind, and /api/templates only counts phases. Every table of an event has
// the same phases, so one read-only (screen) join to one table gives them, then closes.
import { Store } from '../../store.js';
import { Connection } from '../../ws.js';

export function peekPhases(tableCode) {
  return new Promise((resolve, reject) => {
    const store = new Store();
    const conn = new Connection({ store, getJoin: () => ({ type: 'join', code: tableCode, screen: true }) });
    conn.quiet = true;   // not this page's connection status
    const timer = setTimeout(() => { conn.stop(); reject({ code: 'timeout' }); }, 20000);
    conn.addEventListener('joined', (e) => {
      clearTimeout(timer);
      conn.stop();
      const st = e.detail.state;
      resolve({ phases: st.phases || [], problem: st.session?.problem || '', language: st.session?.language });
    });
    conn.addEventListener('joinerror', (e) => { clearTimeout(timer); conn.stop(); reject(e.detail); });
    conn.start();
  });
}
