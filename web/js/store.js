// The session as this client may see it: the `state` of a join reply, kept current by the
// events that follow. Every event carries `seq`; a gap means something was missed, and the
// connection then resumes (a resume join returns the full state).

export class Store extends EventTarget {
  constructor() {
    super();
    this.state = null;
    this.seq = 0;
    this.you = null;        // {id, name, background, role} — null for a room screen
    this.role = 'screen';
    this.offset = 0;        // server clock minus ours, for the timer
  }

  // A join reply: the whole state.
  load(reply) {
    this.state = reply.state;
    this.seq = reply.seq || 0;
    if (reply.you) { this.you = reply.you; this.role = reply.you.role; }
    const st = this.state;
    st.notes ||= []; st.clusters ||= []; st.participants ||= []; st.my_votes ||= {};
    st.revealed ||= []; st.summary ||= '';
    for (const p of st.personas || []) p.synthesis ||= '';
    st.phase_log ||= [];
    st.screen = { ...SCREEN_DEFAULTS, ...(st.screen || {}) };
    // Dots spent per participant (facilitator and screens only) also go on each participant,
    // so that views read participants[].dots_used.
    st.dots_used ||= {};
    for (const p of st.participants) if (typeof st.dots_used[p.id] === 'number') p.dots_used = st.dots_used[p.id];
    if (typeof st.server_time === 'number') this.offset = st.server_time - Date.now();
    this.emit('load');
  }

  // Returns 'ok', 'old' (already applied) or 'gap'.
  apply(ev) {
    if (!this.state) return 'gap';
    if (typeof ev.seq === 'number') {
      if (ev.seq <= this.seq) return 'old';
      if (ev.seq !== this.seq + 1) return 'gap';
      this.seq = ev.seq;
    }
    const st = this.state;
    switch (ev.type) {
      case 'note.added':
      case 'note.edited':
        if (ev.note) upsert(st.notes, ev.note);
        break;
      case 'note.deleted':
        st.notes = st.notes.filter((n) => n.id !== ev.id);
        break;
      case 'cluster.added':
      case 'cluster.edited':
        if (ev.cluster) upsert(st.clusters, ev.cluster, true);
        break;
      case 'cluster.deleted':
        st.clusters = st.clusters.filter((c) => c.id !== ev.id);
        for (const n of st.notes) if (n.cluster === ev.id) delete n.cluster;
        delete st.my_votes[ev.id];
        break;
      case 'vote.changed': {
        const c = st.clusters.find((x) => x.id === ev.cluster);
        if (c && typeof ev.votes === 'number') c.votes = ev.votes;
        if (ev.my_votes) st.my_votes = ev.my_votes;
        // Every viewer learns how many dots the voter has spent (never where).
        if (ev.participant != null && typeof ev.dots_used === 'number') {
          st.dots_used[ev.participant] = ev.dots_used;
          const voter = this.participant(ev.participant);
          if (voter) voter.dots_used = ev.dots_used;
        }
        break;
      }
      case 'phase.changed':
        st.phase = ev.phase;
        // A phase change stops the timer, or starts the new phase's one (version 2).
        if ('timer' in ev) st.timer = ev.timer || null;
        // The phase log gains the new entry (the server's time when it says, else ours
        // corrected by the offset); the server clears the spotlight, and so do we.
        st.phase_log.push({ index: ev.phase, started_at: typeof ev.started_at === 'number' ? ev.started_at : this.serverNow() });
        if (ev.screen) st.screen = { ...SCREEN_DEFAULTS, ...ev.screen };
        else st.screen = { ...st.screen, spotlight: null };
        if (Array.isArray(ev.clusters)) st.clusters = ev.clusters;
        else if (this.role !== 'facilitator' && this.phase()?.kind === 'vote') {
          for (const c of st.clusters) delete c.votes;
        }
        break;
      case 'timer.changed':
        st.timer = ev.timer || null;
        if (typeof ev.server_time === 'number') this.offset = ev.server_time - Date.now();
        break;
      case 'phase.revealed':
        if (!st.revealed.includes(ev.phase)) st.revealed.push(ev.phase);
        for (const n of ev.notes || []) upsert(st.notes, n);
        break;
      case 'summary.changed':
        st.summary = ev.summary || '';
        break;
      case 'persona.changed': {
        // The facilitator's synthesis of a persona (version 2), for everyone.
        const p = ev.persona && st.personas.find((x) => x.id === ev.persona.id);
        if (p) p.synthesis = ev.persona.synthesis || '';
        break;
      }
      case 'session.ended':
        st.session.status = ev.status || 'ended';
        // session.end stops the timer (version 2) and the session's end time is known.
        st.timer = 'timer' in ev ? ev.timer || null : null;
        st.ended_at = typeof ev.ended_at === 'number' ? ev.ended_at : (st.ended_at || this.serverNow());
        break;
      case 'screen.changed':
        if (ev.screen) st.screen = { ...SCREEN_DEFAULTS, ...ev.screen };
        break;
      case 'participant.joined':
      case 'participant.left':
        if (ev.participant) upsert(st.participants, ev.participant, true);
        break;
      default:
        break;
    }
    this.emit(ev.type, ev);
    return 'ok';
  }

  emit(type, ev) {
    this.dispatchEvent(new CustomEvent('change', { detail: { type, ev } }));
  }

  // ---- derived views of the state ----
  phase(i) {
    const st = this.state;
    if (!st) return null;
    return st.phases[i == null ? st.phase : i] || null;
  }
  persona(id) { return this.state?.personas.find((p) => p.id === id) || null; }
  participant(id) { return this.state?.participants.find((p) => p.id === id) || null; }
  isMine(note) { return !!this.you && note.author === this.you.id; }
  isRevealed(index) { return this.state.revealed.includes(index); }
  notesOf(index) { return this.state.notes.filter((n) => n.phase === index); }
  ended() { return this.state?.session.status === 'ended'; }
  // Notes that can go into a solution direction: ideal ideas, and bad ideas (by their essence).
  ideaNotes() {
    const kinds = new Map(this.state.phases.map((p) => [p.index, p.kind]));
    return this.state.notes.filter((n) => {
      const k = kinds.get(n.phase);
      return k === 'ideal_ideas' || k === 'bad_ideas';
    });
  }
  phaseKindOf(note) { return this.phase(note.phase)?.kind; }
  votesVisible() { return this.role === 'facilitator' || this.phase()?.kind !== 'vote'; }
  votePhase() {
    // The vote phase whose budget applies: the current one, else the last one.
    const cur = this.phase();
    if (cur?.kind === 'vote') return cur;
    return [...this.state.phases].reverse().find((p) => p.kind === 'vote') || null;
  }
  myVotesSpent() { return Object.values(this.state.my_votes || {}).reduce((a, b) => a + b, 0); }
  clustersByVotes() {
    return [...this.state.clusters].sort((a, b) => (b.votes || 0) - (a.votes || 0)
      || Number(a.id) - Number(b.id));
  }
  serverNow() { return Date.now() + this.offset; }

  // Live progress in the current phase, counts only: per participant the notes written, their
  // bad ideas still without an essence (bad-ideas phases) and the dots spent and left (vote
  // phases), and the totals for a headline ("6 van 8 hebben geschreven"). The facilitator
  // sees every note whole; others count what reaches them (notes always carry author and phase).
  progress() {
    const st = this.state;
    const p = this.phase();
    const budget = p?.kind === 'vote' ? (p.votes_per_participant || 3) : 0;
    const people = st.participants.filter((x) => x.role === 'participant');
    const rows = people.map((x) => {
      const notes = st.notes.filter((n) => n.phase === p.index && n.author === x.id);
      const used = x.dots_used || 0;
      return {
        id: x.id, name: x.name, background: x.background, online: !!x.online,
        notes: notes.length,
        essencesMissing: p.kind === 'bad_ideas' ? notes.filter((n) => !n.essence).length : 0,
        dotsUsed: used,
        dotsLeft: Math.max(0, budget - used),
      };
    });
    return {
      kind: p.kind, budget, total: rows.length, people: rows,
      wrote: rows.filter((r) => r.notes > 0).length,
      essencesMissing: rows.reduce((a, r) => a + r.essencesMissing, 0),
      withDotsLeft: rows.filter((r) => r.dotsLeft > 0).length,
      notVoted: rows.filter((r) => r.dotsUsed === 0).length,
    };
  }
}

// What the room screen shows when the server sends no `screen` (an older server).
export const SCREEN_DEFAULTS = Object.freeze({ spotlight: null, join: true, progress: false, results: false, sound: false });

function upsert(list, item, merge = false) {
  const i = list.findIndex((x) => x.id === item.id);
  if (i < 0) list.push(item);
  else list[i] = merge ? { ...list[i], ...item } : item;
}
