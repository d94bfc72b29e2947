'use strict';
// The Inkstone dashboard: reads /desk/state, follows /desk/events (server-sent events), and sends Stop, Continue and new
// briefs with the session's CSRF token. No external scripts.
(() => {
  let csrf = null;
  let watcher = false;
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'onclick') e.addEventListener('click', v); else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c);
    return e;
  };
  const post = (path, body) => fetch(path, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
    body: JSON.stringify(body),
  });
  const duration = (s) => s >= 3600 ? `${Math.floor(s / 3600)}h${Math.floor(s % 3600 / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;

  const jobs = new Map(); // claim -> {box, stats, stream}

  function liveBox(job) {
    let j = jobs.get(job.claim);
    if (!j) {
      const stats = el('p', { class: 'stats', 'data-claim': job.claim });
      const stream = el('div', { class: 'stream', id: 'stream-' + job.claim });
      const stop = el('button', { class: 'stop', 'data-claim': job.claim, onclick: () => stopJob(job.claim) }, 'Stop');
      const box = el('div', { class: 'job', id: 'job-' + job.claim }, el('h3', {}, job.name), stats, stop, stream);
      j = { box, stats, stream };
      jobs.set(job.claim, j);
      const writing = $('writing');
      if (writing.querySelector('.muted')) writing.textContent = '';
      writing.append(box);
    }
    return j;
  }

  function showProgress(job) {
    const j = liveBox(job);
    const section = job.sections > 0 ? `section ${job.section}/${job.sections} “${job.heading}”` : job.stage;
    j.stats.textContent = `${job.stage} · ${section} · ${job.tokens} tokens · ${job.tokensPerSecond} tok/s` + (job.etaSeconds > 0 ? ` · ETA ${duration(job.etaSeconds)}` : '');
  }

  function appendText(claim, delta) {
    const j = jobs.get(claim);
    if (!j || !delta) return;
    j.stream.append(delta);
    if (!j.scrolling) {
      j.scrolling = true;
      requestAnimationFrame(() => { j.scrolling = false; j.stream.scrollTop = j.stream.scrollHeight; });
    }
  }

  async function stopJob(claim) {
    const r = await post('/desk/stop', { claim });
    if (!r.ok) alert((await r.json()).error.message);
  }

  async function continueJob(claim) {
    const r = await post('/desk/continue', { claim });
    if (!r.ok) alert((await r.json()).error.message);
    refresh();
  }

  async function refresh() {
    const r = await fetch('/desk/state', { credentials: 'same-origin' });
    if (!r.ok) return;
    const s = await r.json();
    watcher = s.watcher;
    for (const job of s.live) {
      const fresh = !jobs.has(job.claim);
      showProgress(job);
      if (fresh) appendText(job.claim, job.text);
    }
    for (const [claim, j] of jobs) if (!s.live.some((x) => x.claim === claim)) { j.box.remove(); jobs.delete(claim); }
    if (jobs.size === 0) $('writing').replaceChildren(el('p', { class: 'muted' }, watcher ? 'Nothing is being written.' : 'No watcher runs in this process (inkstone serve).'));
    $('queued').replaceChildren(...s.queued.map((n) => el('li', {}, n)));
    $('in-progress').replaceChildren(...s.inProgress.filter((p) => !p.live).map((p) => el('li', {},
      `${p.name} `, el('span', { class: 'muted' }, p.progress || ''), ' ',
      ...(watcher ? [el('button', { class: 'continue', 'data-claim': p.claim, onclick: () => continueJob(p.claim) }, 'Continue')] : []))));
    $('done').replaceChildren(...s.done.map((d) => el('li', {},
      d.note ? el('a', { href: '/desk/note?path=' + encodeURIComponent(d.note), class: 'note-link' }, d.note.split('/').pop()) : d.name,
      ...(d.files || []).map((f) => el('span', {}, ' · ', el('a', { href: '/desk/file?path=' + encodeURIComponent(f) }, f.split('.').pop().toUpperCase()))),
      el('span', { class: 'muted' }, d.seconds ? ` (${Math.round(d.seconds)} s)` : ''))));
    $('failed').replaceChildren(...s.failed.map((f) => el('li', {},
      el('a', { href: '/desk/report?name=' + encodeURIComponent(f.name) }, f.name), ' ', el('span', { class: 'error' }, f.reason))));
  }

  function follow() {
    const events = new EventSource('/desk/events');
    events.onopen = () => { $('connection').textContent = '· live'; };
    events.onerror = () => { $('connection').textContent = '· reconnecting…'; };
    events.addEventListener('started', (e) => { showProgress(JSON.parse(e.data)); refresh(); });
    events.addEventListener('progress', (e) => showProgress(JSON.parse(e.data)));
    events.addEventListener('text', (e) => { const d = JSON.parse(e.data); appendText(d.claim, d.delta); });
    events.addEventListener('finished', () => refresh());
  }

  async function submitBrief(ev) {
    ev.preventDefault();
    const result = $('brief-result');
    result.textContent = 'checking…';
    const r = await post('/desk/briefs', { name: $('brief-name').value, yaml: $('brief-yaml').value });
    const body = await r.json();
    if (r.ok) {
      result.replaceChildren(el('p', { class: 'ok', id: 'brief-accepted' }, `Queued as ${body.file}` + (body.watcher ? '.' : ' (a running watcher will pick it up).')));
      refresh();
    } else if (body.problems) {
      result.replaceChildren(el('ul', { class: 'problems', id: 'brief-problems' }, ...body.problems.map((p) => el('li', {}, p.text))));
    } else {
      result.replaceChildren(el('p', { class: 'error' }, body.error.message));
    }
  }

  async function start() {
    const r = await fetch('/desk/session', { credentials: 'same-origin' });
    const s = await r.json();
    csrf = s.csrf;
    watcher = s.watcher;
    $('model').textContent = 'model: ' + s.model;
    $('brief-form').addEventListener('submit', submitBrief);
    $('brief-file').addEventListener('change', async (e) => {
      const f = e.target.files[0];
      if (!f) return;
      $('brief-name').value = f.name;
      $('brief-yaml').value = await f.text();
    });
    await refresh();
    follow();
    setInterval(refresh, 5000);
  }
  start();
})();
