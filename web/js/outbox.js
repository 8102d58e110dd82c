// Changes a participant made that the server has not confirmed yet. Kept in localStorage,
// so that neither a dropped Wi-Fi nor a reload loses them. note.add items carry a `cid`:
// the server makes a note once per cid, so sending an item again after a lost reply is safe.
// Edits, essences and deletions set a value (or remove a note) and are safe to repeat too.
import { outboxStore, makeCid } from './storage.js';

export class Outbox extends EventTarget {
  constructor(code) {
    super();
    this.code = code;
    this.items = outboxStore.get(code).filter((m) => m && m.type && m.k);
  }

  save() {
    outboxStore.set(this.code, this.items);
    this.dispatchEvent(new Event('change'));
  }

  // msg is a request without rid. Returns the queued item.
  add(msg) {
    const item = { ...msg, k: makeCid() };
    if (item.type === 'note.add') item.cid = item.k;
    // A later edit of the same note replaces an earlier queued one.
    if (item.type === 'note.edit' || item.type === 'note.essence') {
      this.items = this.items.filter((m) => !(m.type === item.type && m.id === item.id));
    }
    this.items.push(item);
    this.save();
    return item;
  }

  remove(k) {
    const before = this.items.length;
    this.items = this.items.filter((m) => m.k !== k);
    if (this.items.length !== before) this.save();
  }

  pendingNotes() { return this.items.filter((m) => m.type === 'note.add'); }
  pendingFor(type, id) { return this.items.find((m) => m.type === type && m.id === id); }
  deleting(id) { return this.items.some((m) => m.type === 'note.delete' && m.id === id); }
}

// What to send: the item without its local fields.
export function wire(item) {
  const { k, ...msg } = item;
  return msg;
}
