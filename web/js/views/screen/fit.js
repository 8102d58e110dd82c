// Fitting and paging for the room screen. A board has regions (a quadrant, a wall, the list
// of directions): boxes whose size the CSS fixes, each with a list whose children are the
// items (notes, idea lines, direction cards). The fitter looks for the largest text size
// (the board's --fs) at which every item of every region lies whole inside its list, from
// the largest size down to a readable minimum, for each of the board's layouts (an empathy
// map may stand as 2x2 or as four columns), and keeps the best. When even the minimum does
// not hold everything, each region is cut into pages that do fit, and the pages turn by
// themselves on a shared beat, with "1/3" shown in the region; every item is then on screen,
// whole, once per turn of its region.
//
// Nothing is measured on a timer: a refit follows a change of the content (the board calls
// refit(), at most one refit per frame) or of the board's size (a ResizeObserver). Turning a
// page only toggles a class.
//
// Cost: each try (a layout, a fill, a size) is one layout of the board, read in one go (all
// reads, then the next write). Pages are not found by laying out page after page: at the
// minimum size, with the columns filled one after the other, what does not fit flows on
// into columns past the list's edge, so one layout shows where every page begins; the
// chosen pages are then checked, one layout per page for all regions at once. A new note on
// a board that still holds everything at its size costs one layout. (Before: a refit laid
// the board out once per page of every region for every try, over a hundred times for a
// full empathy map; docs/benchmarks.md.)

import { t } from '../../i18n.js';

const OFF = 'page-off';

export function pageInterval() {
  // ?page=1500ms or ?page=2s (for tests and for rooms that read slowly); 10 s by default.
  const v = new URLSearchParams(location.search).get('page');
  const m = v && /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(v);
  if (!m) return 10000;
  const ms = m[2] === 'ms' ? Number(m[1]) : Number(m[1]) * 1000;
  return Math.min(60000, Math.max(500, ms));
}

// host: the board element (gets --fs, data-layout, data-pages).
// regions(): [{list, indicator?}] as they are now.
// sizes(): {max, min} in px. layouts: the values data-layout may take, best first.
export function createFitter(host, { regions, sizes, layouts = [''], interval = pageInterval() }) {
  let plan = [];        // per region: {list, indicator, pages: [[from, to)]}
  let beat = 0;
  let queued = 0;
  let timer = null;
  let lastW = 0;
  let lastH = 0;
  let seen = null;      // each region's items and their text at the last fit
  let full = true;      // the next refit searches every layout and size

  const items = (list) => [...list.children].filter((el) => !el.classList.contains('fit-skip'));

  // Whole inside the list: every fragment (an item taller than a column continues in the
  // next one) within the list's box.
  function whole(rs, box) {
    for (const r of rs) {
      if (r.right > box.right + 1 || r.bottom > box.bottom + 1 || r.left < box.left - 1 || r.top < box.top - 1) return false;
    }
    return true;
  }
  const inside = (el, box) => whole(el.getClientRects(), box);

  // Every read of a fit goes through here: one layout (the first read), then reads only,
  // never a write in between (a write between reads makes the browser lay the board out
  // again for the next read).
  function measure(regs) {
    return regs.map((rg) => {
      const all = items(rg.list);
      return { rg, all, box: rg.list.getBoundingClientRect(), rects: all.map((el) => el.getClientRects()) };
    });
  }
  const fits = (ms) => ms.every((m) => m.box.height >= 2 && m.box.width >= 2 && m.rects.every((rs) => whole(rs, m.box)));

  function showAll(regs) {
    for (const rg of regs) for (const el of items(rg.list)) if (el.classList.contains(OFF)) el.classList.remove(OFF);
  }

  const setSize = (px) => host.style.setProperty('--fs', `${px}px`);

  // The largest size in [min, max] at which everything fits, or null; `atMin` gets the
  // measures at the minimum when nothing fits there (pages are cut from them).
  function search(regs, min, max, atMin) {
    setSize(max);
    if (fits(measure(regs))) return max;
    if (max === min) { atMin.ms = measure(regs); return null; }
    setSize(min);
    const low = measure(regs);
    if (!fits(low)) { atMin.ms = low; return null; }
    let lo = min;
    let hi = max;   // lo fits, hi does not
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      setSize(mid);
      if (fits(measure(regs))) lo = mid; else hi = mid;
    }
    return lo;
  }

  // The list's columns: how many stand inside it and how far apart (the multi-column rules:
  // as many columns of at least column-width as the width holds, stretched to fill it).
  // null when the list is not a block of columns (then pages are found by trying them).
  function columnsOf(list, box) {
    const cs = getComputedStyle(list);
    if (cs.display !== 'block') return null;
    const gap = parseFloat(cs.columnGap) || 0;
    const w = parseFloat(cs.columnWidth);
    const c = parseInt(cs.columnCount, 10);
    const width = list.clientWidth;
    let n = Number.isFinite(c) ? c : Infinity;
    if (Number.isFinite(w) && w > 0) n = Math.min(n, Math.floor((width + gap) / (w + gap)));
    if (!Number.isFinite(n)) return null;
    n = Math.max(1, n);
    return { n, pitch: (width + gap) / n, left: box.left + list.clientLeft, top: box.top + list.clientTop, height: list.clientHeight };
  }

  // Pages of one region from a single layout with every item shown and the columns filled
  // one after the other (data-fill="auto"): what does not fit flows on into columns past the
  // list's right edge, column after column at the same height, so page k is the k-th run of
  // as many columns as stand inside the list. A page begins with an item at the top of a
  // column, so hiding the items before it leaves the rest where they are. null when that
  // does not hold (an item split across the edge of a page): then the pages are tried.
  function cutPages(m) {
    const { all, rects } = m;
    if (all.length < 2) return [[0, all.length]];
    const cols = columnsOf(m.rg.list, m.box);
    if (!cols) return null;
    const colOf = (r) => Math.round((r.left - cols.left) / cols.pitch);
    const top = rects[0].length ? rects[0][0].top : cols.top;   // a column's first item, as placed
    const pages = [];
    let from = 0;
    while (from < all.length) {
      const rs = rects[from];
      if (!rs.length) return null;
      // (A card shown again replays its entrance, scaled a little about its middle: its
      // box may be a few px lower; one that follows another in a column is far lower.)
      if (from > 0 && Math.abs(rs[0].top - top) > 1 + rs[0].height * 0.05) return null;   // not at a column's top
      const start = colOf(rs[0]);
      const end = start + cols.n;
      let to = from + 1;         // a page holds at least one item, even one too large
      while (to < all.length && rects[to].length && colOf(rects[to][rects[to].length - 1]) < end) to += 1;
      // Anything below the columns' height or outside the page's columns (a long word
      // sticking out, say) is left to the exact way; one item alone may be too large.
      const out = (r) => r.bottom > cols.top + cols.height + 1 || colOf(r) < start || colOf(r) >= end;
      if (to - from > 1 && rects.slice(from, to).some((rl) => [...rl].some(out))) return null;
      pages.push([from, to]);
      from = to;
    }
    return pages;
  }

  // Heights as laid out (items in one piece), and the margin under each item, for sharing
  // pages out evenly without laying them out; null if an item is split.
  function heightsOf(m) {
    const hs = [];
    for (const [i, rs] of m.rects.entries()) {
      if (rs.length !== 1) return null;
      hs.push(m.all[i].offsetHeight);   // as laid out (a rect may be scaled by the entrance)
    }
    const gaps = m.all.map((el) => parseFloat(getComputedStyle(el).marginBottom) || 0);
    return { hs, gaps };
  }

  // Whether items [from, to) fill at most the list's columns, filled one after the other.
  function fitsColumns(hg, cols, from, to) {
    let col = 0;
    let y = 0;
    for (let i = from; i < to; i += 1) {
      const hgt = hg.hs[i];
      if (hgt > cols.height + 1) return false;
      if (y > 0 && y + hgt > cols.height + 1) { col += 1; y = 0; }
      if (col >= cols.n) return false;
      y += hgt + hg.gaps[i];
    }
    return true;
  }

  // The same number of pages with the items shared out evenly (5 + 5 rather than 7 + 3),
  // if every such page still fits; otherwise the greedy pages.
  function evenly(m, greedy) {
    const k = greedy.length;
    const n = m.all.length;
    if (k < 2) return greedy;
    const pages = Array.from({ length: k }, (_, i) => [Math.round((i * n) / k), Math.round(((i + 1) * n) / k)]);
    const cols = columnsOf(m.rg.list, m.box);
    const hg = cols && heightsOf(m);
    if (!hg) return greedy;
    return pages.every(([from, to]) => fitsColumns(hg, cols, from, to)) ? pages : greedy;
  }

  // The exact way, for a list the rules above do not cover: show the items from `from` on,
  // lay out, and the first one not whole inside the list starts the next page.
  function tryPages(rg) {
    const all = items(rg.list);
    const pages = [];
    let from = 0;
    while (from < all.length) {
      all.forEach((el, k) => el.classList.toggle(OFF, k < from));
      const box = rg.list.getBoundingClientRect();
      let to = from + 1;
      while (to < all.length && inside(all[to], box)) to += 1;
      pages.push([from, to]);
      from = to;
    }
    showAll([rg]);
    if (pages.length > 1) return evenlyTried(all, pages) || pages;
    return pages.length ? pages : [[0, 0]];
  }

  // evenly() the exact way: each even page shown and laid out.
  function evenlyTried(all, greedy) {
    const k = greedy.length;
    const n = all.length;
    const pages = Array.from({ length: k }, (_, i) => [Math.round((i * n) / k), Math.round(((i + 1) * n) / k)]);
    const list = all[0].parentElement;
    let ok = true;
    for (const [from, to] of pages) {
      all.forEach((el, i) => el.classList.toggle(OFF, i < from || i >= to));
      const box = list.getBoundingClientRect();
      for (let i = from; i < to && ok; i += 1) if (!inside(all[i], box)) ok = false;
      if (!ok) break;
    }
    for (const el of all) el.classList.remove(OFF);
    return ok ? pages : null;
  }

  // Pages for every region, from the measures (taken at the minimum size with
  // data-fill="auto"); a region they do not cover is then cut the exact way.
  function pagesFrom(ms) {
    const cut = ms.map((m) => {
      const greedy = cutPages(m);
      return greedy ? evenly(m, greedy) : null;
    });
    return cut.map((p, i) => p || tryPages(ms[i].rg));
  }

  // Each page shown as the room will see it (at the chosen fill), every region's page k at
  // once: one layout per page. A region whose page does not hold is cut the exact way.
  function verify(regs, pages) {
    const most = Math.max(1, ...pages.map((p) => p.length));
    const bad = new Set();
    for (let k = 0; k < most; k += 1) {
      regs.forEach((rg, i) => {
        if (bad.has(i)) return;
        const pg = pages[i][Math.min(k, pages[i].length - 1)];
        items(rg.list).forEach((el, j) => el.classList.toggle(OFF, pages[i].length > 1 && (j < pg[0] || j >= pg[1])));
      });
      measure(regs).forEach((m, i) => {
        if (bad.has(i)) return;
        const pg = pages[i][Math.min(k, pages[i].length - 1)];
        for (let j = pg[0]; j < pg[1]; j += 1) {
          // A page of one item too large for the list is shown as it is.
          if (!whole(m.rects[j], m.box) && pg[1] - pg[0] > 1) { bad.add(i); return; }
        }
      });
    }
    // The last page stays shown (apply() turns to the page of the beat next): showing every
    // item again would lay out the whole region once more for nothing.
    return regs.map((rg, i) => (bad.has(i) ? tryPages(rg) : pages[i]));
  }

  // What the last fit saw: each item and its text. More items and no other change (a new
  // note) can only need a smaller size or more pages, never a larger size.
  const snapshot = (regs) => regs.map((rg) => items(rg.list).map((el) => [el, el.textContent]));
  function onlyAdded(regs) {
    if (!seen || seen.length !== regs.length) return false;
    return regs.every((rg, i) => {
      const now = new Set(items(rg.list));
      return seen[i].every(([el, text]) => now.has(el) && el.textContent === text);
    });
  }

  function refitNow() {
    queued = 0;
    if (!host.isConnected) return;
    const regs = regions().filter((rg) => rg.list && rg.list.isConnected);
    const { min, max } = sizes();
    const prev = plan.best;
    const grown = !full && prev && prev.min === min && prev.max === max && prev.regions === regs.length && onlyAdded(regs);
    full = false;
    let best = null;
    let pages = null;
    // A note added to a board that held everything at once: if it still does at the same
    // size, that size is still the best (one layout, no search).
    if (grown && prev.pages === 1) {
      host.dataset.layout = prev.layout;
      host.dataset.fill = prev.fill;
      setSize(prev.fs);
      showAll(regs);
      if (fits(measure(regs))) best = prev;
    }
    if (!best) {
      const tries = [];
      // Columns balanced (even, calm) or filled one after the other (the balancer leaves
      // room unused when cards cannot break): each layout is tried both ways. Filled one
      // after the other holds at least as much, so it is searched first and bounds the
      // balanced search. A board that only grew fits at no larger size than before: one
      // that needed pages at the minimum needs them still, and is measured there alone.
      for (const layout of layouts) {
        host.dataset.layout = layout;
        host.dataset.fill = 'auto';
        showAll(regs);
        const atMin = {};
        const top = !grown ? Math.max(min, max) : prev.pages > 1 ? min : Math.max(min, Math.min(max, prev.fs));
        const fsAuto = search(regs, min, top, atMin);
        if (fsAuto == null) {
          const cut = pagesFrom(atMin.ms);
          const n = Math.max(1, ...cut.map((p) => p.length));
          tries.push({ layout, fill: 'balance', fs: min, pages: n, cut }, { layout, fill: 'auto', fs: min, pages: n, cut });
          continue;
        }
        host.dataset.fill = 'balance';
        const fsBal = search(regs, min, fsAuto, {});
        if (fsBal != null) tries.push({ layout, fill: 'balance', fs: fsBal, pages: 1 });
        tries.push({ layout, fill: 'auto', fs: fsAuto, pages: 1 });
      }
      // Fewest pages, then the largest text, then the first tried.
      tries.sort((a, b) => a.pages - b.pages || b.fs - a.fs);
      best = tries[0];
      host.dataset.layout = best.layout;
      host.dataset.fill = best.fill;
      setSize(best.fs);
      showAll(regs);
      if (best.pages > 1) pages = verify(regs, best.cut);
    }
    plan = regs.map((rg, i) => ({ ...rg, pages: pages ? pages[i] : [[0, items(rg.list).length]] }));
    plan.best = { layout: best.layout, fill: best.fill, fs: best.fs, pages: best.pages, min, max, regions: regs.length };
    seen = snapshot(regs);
    const most = Math.max(1, ...plan.map((p) => p.pages.length));
    host.dataset.pages = String(most);
    host.dataset.fs = String(best.fs);
    const r = host.getBoundingClientRect();
    lastW = r.width; lastH = r.height;
    apply();
    schedule(most);
  }

  // The beat: every region turns on it. With many pages it beats faster, so that every item
  // is shown within a minute (never faster than every 4 s unless asked for in the URL).
  function schedule(most) {
    clearInterval(timer);
    timer = null;
    if (most <= 1) return;
    const every = Math.min(interval, Math.max(Math.min(interval, 4000), Math.floor(60000 / most)));
    timer = setInterval(() => { beat += 1; apply(); }, every);
  }

  function apply() {
    for (const rg of plan) {
      const all = items(rg.list);
      const n = rg.pages.length;
      const k = beat % n;
      const [from, to] = rg.pages[k];
      all.forEach((el, i) => el.classList.toggle(OFF, n > 1 && (i < from || i >= to)));
      if (rg.indicator) {
        rg.indicator.hidden = n <= 1;
        rg.indicator.textContent = n > 1 ? `${k + 1}/${n}` : '';
        if (n > 1) rg.indicator.setAttribute('aria-label', t('screen.page', { i: k + 1, n }));
        rg.indicator.dataset.page = String(k + 1);
        rg.indicator.dataset.pages = String(n);
      }
    }
  }

  const ro = new ResizeObserver(() => {
    const r = host.getBoundingClientRect();
    if (Math.abs(r.width - lastW) > 1 || Math.abs(r.height - lastH) > 1) refit(true);
  });
  ro.observe(host);

  // At most one refit per frame, however many changes came in before it. all: the size of
  // things changed (a resize, web fonts), so no shortcut from the last fit.
  function refit(all = false) {
    if (all) full = true;
    if (!queued) queued = requestAnimationFrame(refitNow);
  }

  return {
    refit,
    refitNow,
    destroy() { clearInterval(timer); ro.disconnect(); if (queued) cancelAnimationFrame(queued); },
  };
}
