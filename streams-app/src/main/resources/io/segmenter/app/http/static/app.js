// Segmenter explorer: plain DOM and inline SVG, same-origin fetches only.
'use strict';

const COLORS = ['#2f6fde', '#0f8b6c', '#d9822b', '#8e44ad', '#c0392b', '#16a2b8', '#7f8c2d', '#b8860b', '#5d6d7e', '#e84393'];
const SVG = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);
const colorOf = new Map();
// The model's segments ({id, label}) in the page's order, set by loadSegments: the transition matrix's axes.
let segmentAxis = [];
// Only the latest period's answer is drawn: an earlier, slower request must not overwrite it.
let transitionsRequest = 0;
// The primary model (the transitions and RFM segments are its) and the model the page shows (the picker's).
let primaryModel = null;
let currentModel = null;
// The members listing: which segment, the next page's cursor; a newer listing drops an older one's answers.
let members = { segment: null, next: null, request: 0 };
let breakdownRequest = 0;
// Friendlier names of the RFM inputs; any other input shows its source name.
const INPUT_LABELS = { recency_days: 'Days since last purchase', frequency: 'Purchases', monetary: 'Money spent' };
const COLUMN_LABELS = { recency_days: 'Recency (days)', frequency: 'Frequency (purchases)', monetary: 'Monetary (money)' };
const DIGITS = { recency_days: 0, frequency: 1, monetary: 2 };

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function svgEl(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Appends the segment's colour swatch and label to node. */
function labelled(node, id, label) {
  const swatch = el('span', null, 'swatch');
  swatch.style.background = colorOf.get(id) || '#999';
  node.append(swatch, label || ('segment ' + id));
  return node;
}

function num(x, digits) {
  if (x === null || x === undefined) return '–';
  return Number(x).toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function when(iso) {
  return iso ? new Date(iso).toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC').replace(/:\d\dZ$/, ' UTC') : '–';
}

async function api(path, options) {
  const response = await fetch(path, Object.assign({ headers: { 'Accept': 'application/json' } }, options || {}));
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (!response.ok) {
    const why = body && body.error ? body.error : response.statusText;
    const retry = response.status === 503 ? ' (the service is settling; try again in a moment)' : '';
    throw new Error(why + retry);
  }
  return body;
}

/** The model the page shows: the info line, the predict form from its inputs, the picker (every scored model). */
async function loadModel(name) {
  try {
    const m = await api('/model' + (name ? '?name=' + encodeURIComponent(name) : ''));
    if (!name) primaryModel = m.name;
    currentModel = m.name;
    fillPicker(m.scored && m.scored.length ? m.scored : [m.name], m.name);
    $('model-info').textContent = `Model ${m.name} version ${m.version} · trained ${when(m.trainedAt)} · k = ${m.quality.k}`
      + ` · silhouette ${num(m.quality.silhouette, 3)} · ${num(m.snapshotSize, 0)} customers in training`;
    buildPredictForm(m);
    fillBreakdownChoices(m);
  } catch (e) {
    $('model-info').textContent = 'No model yet: ' + e.message;
  }
}

function fillPicker(names, chosen) {
  const picker = $('model-picker');
  if (picker.options.length !== names.length || [...picker.options].some((o, i) => o.value !== names[i])) {
    picker.replaceChildren(...names.map((n) => new Option(n, n)));
  }
  picker.value = chosen;
}

async function chooseModel() {
  const name = $('model-picker').value;
  $('members-section').hidden = true;
  members = { segment: null, next: null, request: members.request + 1 };
  await loadModel(name === primaryModel ? null : name);
  await loadSegments();
  loadBreakdown();
}

/** One field per input: a number box for NUMERIC, a select of the levels or categories for ORDINAL and CATEGORY. */
function buildPredictForm(m) {
  const fields = $('predict-fields');
  const first = (m.segments && m.segments[0] && m.segments[0].profile) || [];
  fields.replaceChildren();
  m.inputs.forEach((input, i) => {
    const id = 'predict-in-' + i;
    const label = el('label', INPUT_LABELS[input.source] || input.source);
    label.htmlFor = id;
    let control;
    if (input.kind === 'NUMERIC') {
      control = el('input');
      control.type = 'number';
      control.step = 'any';
      const centre = first.find((p) => p.source === input.source);
      if (centre && centre.value !== null) control.value = String(Math.round(centre.value * 100) / 100);
    } else {
      control = el('select');
      if (input.fillable) control.add(new Option('(not given: the model fills it)', ''));
      input.choices.forEach((c) => control.add(new Option(c, c)));
    }
    control.id = id;
    control.name = input.source;
    control.dataset.kind = input.kind;
    control.required = !input.fillable;
    fields.append(label, control);
  });
  $('prediction').hidden = true;
  $('predict-error').hidden = true;
}

async function loadSegments() {
  const name = currentModel && currentModel !== primaryModel ? currentModel : null;
  try {
    const s = await api('/segments' + (name ? '?model=' + encodeURIComponent(name) : ''));
    colorOf.clear();
    s.segments.forEach((seg, i) => colorOf.set(seg.id, COLORS[i % COLORS.length]));
    if (!name) segmentAxis = s.segments.map((seg) => ({ id: seg.id, label: seg.label }));
    drawSegmentChart(s.segments);
    fillSegmentTable(s.segments, s.totalCustomers);
    $('segments-status').textContent = `${num(s.totalCustomers, 0)} scored customers across ${s.instances} instance(s) · model ${s.model.name} version ${s.model.version}`;
  } catch (e) {
    $('segments-status').textContent = 'Segments are not available: ' + e.message;
  }
}

function drawSegmentChart(segments) {
  const chart = $('segments-chart');
  chart.replaceChildren();
  const max = Math.max(1, ...segments.map((s) => s.customers));
  const left = 130, width = 250, row = 30;
  chart.setAttribute('viewBox', `0 0 420 ${Math.max(60, segments.length * row + 10)}`);
  segments.forEach((s, i) => {
    const y = 8 + i * row;
    const w = Math.max(2, Math.round(width * s.customers / max));
    chart.appendChild(svgEl('text', { x: left - 8, y: y + 15, 'text-anchor': 'end' }, s.label || ('segment ' + s.id)));
    chart.appendChild(svgEl('rect', { x: left, y: y, width: w, height: 20, rx: 3, fill: colorOf.get(s.id) || '#999' }));
    chart.appendChild(svgEl('text', { x: left + w + 6, y: y + 15 }, num(s.customers, 0)));
  });
}

/** A centroid on one input, in real units: a number, the nearest level, or the category shares (largest first). */
function profileText(p) {
  if (p.kind === 'CATEGORY') {
    return Object.entries(p.shares).filter(([, v]) => v > 0.005).sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${num(100 * v, 0)}%`).join(' · ') || '–';
  }
  if (p.kind === 'ORDINAL') return `${p.level} (${num(p.value, 2)})`;
  return num(p.value, p.source in DIGITS ? DIGITS[p.source] : 2);
}

function fillSegmentTable(segments, total) {
  const table = $('segments-table');
  const inputs = ((segments.find((s) => s.profile) || {}).profile || []).map((p) => p.source);
  const money = inputs.includes('monetary');
  const head = el('tr');
  head.append(el('th', 'Segment'), el('th', 'Customers', 'num'), el('th', 'Share', 'num'));
  inputs.forEach((source) => head.appendChild(el('th', COLUMN_LABELS[source] || source, 'num')));
  if (money) head.append(el('th', 'Revenue', 'num'), el('th', 'Avg order', 'num'));
  table.tHead.replaceChildren(head);
  const body = table.tBodies[0];
  body.replaceChildren();
  for (const s of segments) {
    const tr = el('tr');
    tr.dataset.segment = s.id;
    tr.title = 'List the customers of ' + (s.label || s.id);
    tr.appendChild(labelled(el('td'), s.id, s.label));
    tr.appendChild(el('td', num(s.customers, 0), 'num'));
    tr.appendChild(el('td', total ? num(100 * s.customers / total, 1) + ' %' : '–', 'num'));
    const profile = new Map((s.profile || []).map((p) => [p.source, p]));
    inputs.forEach((source) => tr.appendChild(el('td', profile.has(source) ? profileText(profile.get(source)) : '–', 'num')));
    // the members' net spend and purchases over the horizon, as last scored
    if (money) tr.append(el('td', num(s.revenue, 2), 'num'), el('td', num(s.averageOrderValue, 2), 'num'));
    tr.addEventListener('click', () => listMembers(s));
    body.appendChild(tr);
  }
}

/** The first page of a segment's customers (by id); "More" fetches the next from the cursor. */
function listMembers(segment) {
  members = { segment, next: null, request: members.request + 1 };
  for (const tr of $('segments-table').tBodies[0].rows) tr.classList.toggle('chosen', tr.dataset.segment === String(segment.id));
  $('members-title').replaceChildren(labelled(el('span'), segment.id, `Customers in ${segment.label || segment.id}`));
  $('members-table').tBodies[0].replaceChildren();
  $('members-section').hidden = false;
  loadMembers(null);
}

async function loadMembers(after) {
  const request = members.request;
  const name = currentModel && currentModel !== primaryModel ? currentModel : null;
  const query = new URLSearchParams({ limit: '50' });
  if (name) query.set('model', name);
  if (after) query.set('after', after);
  $('members-error').hidden = true;
  $('members-more').hidden = true;
  $('members-status').textContent = 'Loading the customers…';
  try {
    const page = await api(`/segments/${members.segment.id}/customers?` + query);
    if (request !== members.request) return;
    const body = $('members-table').tBodies[0];
    for (const m of page.customers) body.appendChild(memberRow(m));
    members.next = page.next;
    $('members-more').hidden = page.next === null;
    $('members-status').textContent = `${num(body.rows.length, 0)} customers shown, in id order`
      + (page.next === null ? ' · the end of the segment' : ' · more after ' + page.next);
  } catch (e) {
    if (request !== members.request) return;
    $('members-status').textContent = '';
    $('members-error').textContent = 'Customers are not available: ' + e.message;
    $('members-error').hidden = false;
  }
}

function memberRow(m) {
  const tr = el('tr');
  tr.dataset.customer = m.customerId;
  const id = el('td');
  const show = el('button', m.customerId, 'link');
  show.type = 'button';
  show.title = 'Look this customer up';
  show.addEventListener('click', () => { $('lookup-id').value = m.customerId; $('lookup-btn').click(); });
  id.appendChild(show);
  const attributes = Object.entries(m.attributes || {}).map(([k, v]) => `${k}: ${v}`).join(', ');
  tr.append(id, el('td', num(m.distance, 3), 'num'), el('td', num(m.margin, 3), 'num'), el('td', num(m.recencyDays, 0), 'num'),
    el('td', num(m.frequency, 0), 'num'), el('td', num(m.monetary, 2), 'num'), el('td', m.rfmSegment || '–'), el('td', attributes || '–'));
  return tr;
}

/** Group-by choices: the primary model's RFM segment, then the chosen model's category and level inputs. */
function fillBreakdownChoices(m) {
  const by = $('breakdown-by');
  const chosen = by.value;
  const options = [new Option('RFM segment (model ' + (primaryModel || 'rfm') + ')', 'by:rfmSegment')];
  m.inputs.filter((i) => i.kind !== 'NUMERIC').forEach((i) => options.push(new Option(i.source, 'attribute:' + i.source)));
  options.push(new Option('the attribute typed here →', 'typed'));
  by.replaceChildren(...options);
  if ([...by.options].some((o) => o.value === chosen)) by.value = chosen;
}

async function loadBreakdown(event) {
  if (event) event.preventDefault();
  const request = ++breakdownRequest;
  const choice = $('breakdown-by').value || 'by:rfmSegment';
  const query = new URLSearchParams();
  const name = currentModel && currentModel !== primaryModel ? currentModel : null;
  if (name) query.set('model', name);
  if (choice === 'typed') query.set('attribute', $('breakdown-attribute').value.trim());
  else if (choice.startsWith('attribute:')) query.set('attribute', choice.slice('attribute:'.length));
  else query.set('by', 'rfmSegment');
  $('breakdown-error').hidden = true;
  $('breakdown-status').textContent = 'Counting…';
  try {
    const b = await api('/segments/breakdown?' + query);
    if (request !== breakdownRequest) return;
    drawBreakdown(b);
  } catch (e) {
    if (request !== breakdownRequest) return;
    $('breakdown-chart').replaceChildren();
    $('breakdown-legend').replaceChildren();
    $('breakdown-status').textContent = '';
    $('breakdown-error').textContent = 'The breakdown is not available: ' + e.message;
    $('breakdown-error').hidden = false;
  }
}

/** One bar per value (most customers first), split by segment in the segments' colours. */
function drawBreakdown(b) {
  const chart = $('breakdown-chart');
  chart.replaceChildren();
  const left = 170, width = 460, row = 24;
  const max = Math.max(1, ...b.values.map((v) => b.totals[v]));
  chart.setAttribute('viewBox', `0 0 720 ${Math.max(40, b.values.length * row + 10)}`);
  b.values.forEach((value, i) => {
    const y = 6 + i * row;
    const g = svgEl('g', { class: 'row', 'data-value': value });
    g.appendChild(svgEl('text', { x: left - 8, y: y + 14, 'text-anchor': 'end' }, value.length > 26 ? value.slice(0, 25) + '…' : value));
    let x = left;
    for (const s of b.segments) {
      const n = s.counts[value] || 0;
      if (!n) continue;
      const w = Math.max(1, width * n / max);
      const rect = svgEl('rect', { x: x, y: y, width: w, height: 18, fill: colorOf.get(s.id) || '#999', 'data-segment': s.id, 'data-count': n });
      rect.appendChild(svgEl('title', {}, `${s.label}, ${value}: ${num(n, 0)} customers`));
      g.appendChild(rect);
      x += w;
    }
    g.appendChild(svgEl('text', { x: x + 6, y: y + 14 }, num(b.totals[value], 0)));
    chart.appendChild(g);
  });
  $('breakdown-legend').replaceChildren(...b.segments.map((s) => labelled(el('span'), s.id, `${s.label} (${num(s.customers, 0)})`)));
  const what = b.by === 'rfmSegment' ? 'RFM segment' : b.by;
  $('breakdown-status').textContent = `${num(b.customers, 0)} customers of model ${b.model.name} by ${what} across ${b.instances} instance(s)`
    + (b.values.includes('(other)') ? ' · the 20 most common values, the rest as (other)' : '')
    + (b.approximate ? ' · approximate (rare values folded on some instance)' : '');
  chart.dataset.by = b.by;
  chart.dataset.model = b.model.name;
}

async function loadTransitions() {
  const since = $('transitions-period').value;
  const request = ++transitionsRequest;
  $('transitions-status').textContent = 'Loading the transitions…';
  $('transitions-error').hidden = true;
  try {
    const t = await api('/segments/transitions' + (since ? '?since=' + encodeURIComponent(since) : ''));
    if (request === transitionsRequest) drawTransitions(t, since);
  } catch (e) {
    if (request !== transitionsRequest) return;
    $('transitions-matrix').hidden = true;
    $('transitions-status').textContent = '';
    $('transitions-error').textContent = 'Transitions are not available: ' + e.message;
    $('transitions-error').hidden = false;
  }
}

function drawTransitions(t, since) {
  const axis = matrixAxis(t.moves);
  const byPair = new Map(t.moves.map((m) => [m.fromSegmentId + '>' + m.toSegmentId, m]));
  const max = Math.max(1, ...t.moves.map((m) => m.customers));
  const table = $('transitions-matrix');
  const head = el('tr');
  head.appendChild(header('From ↓ · to →', 'col'));
  axis.forEach((s) => head.appendChild(labelled(header(null, 'col'), s.id, s.label)));
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(...axis.map((from) => {
    const tr = el('tr');
    tr.appendChild(labelled(header(null, 'row'), from.id, from.label));
    axis.forEach((to) => tr.appendChild(matrixCell(from, to, byPair.get(from.id + '>' + to.id), max)));
    return tr;
  }));
  table.dataset.since = since; // which period is drawn (the browser test waits for it)
  table.hidden = false;
  $('transitions-status').textContent = transitionsSummary(t);
}

/** Rows and columns: the model's segments, then (by id) any that only the moves name, e.g. an older model's. */
function matrixAxis(moves) {
  const known = new Set(segmentAxis.map((s) => s.id));
  const extra = new Map();
  for (const m of moves) {
    if (!known.has(m.fromSegmentId)) extra.set(m.fromSegmentId, m.fromLabel);
    if (!known.has(m.toSegmentId)) extra.set(m.toSegmentId, m.toLabel);
  }
  const older = [...extra].sort((a, b) => a[0] - b[0]).map(([id, label]) => ({ id, label }));
  return segmentAxis.concat(older);
}

function header(text, scope) {
  const th = el('th', text);
  th.scope = scope;
  return th;
}

function matrixCell(from, to, move, max) {
  const td = el('td', null, 'cell');
  td.dataset.from = from.id;
  td.dataset.to = to.id;
  const pair = `${from.label || from.id} → ${to.label || to.id}`;
  if (from.id === to.id) {
    td.classList.add('diag');
    td.textContent = 'n/a';
    td.title = 'Not applicable: staying in a segment is not a move';
  } else if (!move) {
    td.textContent = '–';
    td.title = pair + ': no moves';
  } else {
    td.classList.add('move');
    td.append(el('span', num(move.customers, 0), 'count'), el('span', num(move.revenue, 2), 'revenue'));
    td.style.background = shade(move.customers / max);
    td.title = `${pair}: ${num(move.customers, 0)} moves, revenue ${num(move.revenue, 2)}`;
  }
  return td;
}

/** The accent hue from light (few moves) to mid (the largest cell): dark text stays readable on every shade. */
function shade(share) {
  return `hsl(218 72% ${Math.round(94 - 30 * share)}%)`;
}

function transitionsSummary(t) {
  const period = t.since == null ? 'all kept changes (the last 10 per customer)' : 'since ' + when(t.since);
  return `${num(t.changes, 0)} segment changes across ${t.instances} instance(s) · ${period}`;
}

async function lookup(event) {
  event.preventDefault();
  const id = $('lookup-id').value.trim();
  $('lookup-error').hidden = true;
  $('customer').hidden = true;
  if (!id) return;
  try {
    const c = await api('/customers/' + encodeURIComponent(id));
    showCustomer(c);
  } catch (e) {
    $('lookup-error').textContent = e.message;
    $('lookup-error').hidden = false;
  }
}

function showCustomer(c) {
  $('customer-segment').textContent = c.segment ? c.segment.label : 'Not scored yet';
  $('customer-rfm').textContent = c.scores ? `RFM ${c.scores.rfmClass} · ${c.scores.rfmSegment}` : '';
  const prev = c.previousSegment;
  $('customer-previous').textContent = prev
    ? `Previously ${prev.label || ('segment ' + prev.id)}; in ${c.segment.label} since ${when(c.segmentSince || c.assignedAt)}`
    : (c.segment ? `In ${c.segment.label} since ${when(c.segmentSince || c.assignedAt)} (no earlier segment)` : '');
  const p = c.profile;
  const f = c.features || {};
  const rows = [
    ['Customer', c.customerId],
    ['Days since last purchase', num(f.recency_days, 0)],
    ['Purchases (horizon)', num(f.frequency !== undefined ? f.frequency : p.horizonPurchaseCount, 0)],
    ['Money spent (horizon)', `${num(f.monetary !== undefined ? f.monetary : p.horizonNetMonetary, 2)} ${p.currency}`],
    ['Purchases (lifetime)', num(p.lifetimePurchaseCount, 0)],
    ['Net spend (lifetime)', `${num(p.lifetimeNetMonetary, 2)} ${p.currency}`],
    ['Refunds (lifetime)', `${num(p.lifetimeRefunds, 2)} ${p.currency}`],
    ['First purchase', when(p.firstPurchaseTime)],
    ['Last purchase', when(p.lastPurchaseTime)],
    ['R / F / M scores', c.scores ? `${c.scores.recency} / ${c.scores.frequency} / ${c.scores.monetary}` : '–'],
    ['Distance · margin', c.distance !== null ? `${num(c.distance, 3)} · ${num(c.margin, 3)}` : '–'],
    ['Model', c.model ? `${c.model.name} v${c.model.version}` : '–'],
  ];
  const body = $('customer-table').tBodies[0];
  body.replaceChildren();
  for (const [k, v] of rows) {
    const tr = el('tr');
    tr.append(el('th', k), el('td', v));
    body.appendChild(tr);
  }
  const history = $('customer-history');
  history.replaceChildren();
  for (const h of (c.history || []).slice().reverse()) {
    history.appendChild(el('li', `${when(h.at)}: ${h.segmentLabel} · ${h.rfmSegment} (model v${h.modelVersion})`));
  }
  if (!history.children.length) history.appendChild(el('li', 'No changes recorded yet.'));
  $('customer').hidden = false;
}

async function predict(event) {
  event.preventDefault();
  $('predict-error').hidden = true;
  $('prediction').hidden = true;
  const features = {};
  for (const control of $('predict-fields').querySelectorAll('input, select')) {
    if (control.value === '') continue; // left out: the model fills it, or the server says what is missing
    features[control.name] = control.dataset.kind === 'NUMERIC' ? Number(control.value) : control.value;
  }
  const body = { model: currentModel, features };
  try {
    const p = await api('/predict', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' }, body: JSON.stringify(body) });
    $('prediction-segment').textContent = p.segment.label;
    $('prediction-rfm').textContent = p.scores ? `RFM ${p.scores.rfmClass} · ${p.scores.rfmSegment}` : '';
    $('prediction-confidence').textContent = `Distance ${num(p.distance, 3)}, margin to the runner-up ${num(p.margin, 3)} (model ${p.model.name} v${p.model.version})`;
    drawDistances(p.distances, p.segment.id);
    $('prediction').hidden = false;
  } catch (e) {
    $('predict-error').textContent = e.message;
    $('predict-error').hidden = false;
  }
}

function drawDistances(distances, chosen) {
  const chart = $('prediction-chart');
  chart.replaceChildren();
  const max = Math.max(0.001, ...distances.map((d) => d.distance));
  const left = 130, width = 230, row = 24;
  chart.setAttribute('viewBox', `0 0 420 ${distances.length * row + 10}`);
  distances.forEach((d, i) => {
    const y = 6 + i * row;
    const w = Math.max(2, Math.round(width * d.distance / max));
    chart.appendChild(svgEl('text', { x: left - 8, y: y + 13, 'text-anchor': 'end' }, d.label));
    chart.appendChild(svgEl('rect', { x: left, y: y, width: w, height: 16, rx: 3,
      fill: colorOf.get(d.segmentId) || '#999', opacity: d.segmentId === chosen ? 1 : 0.45 }));
    chart.appendChild(svgEl('text', { x: left + w + 6, y: y + 13 }, num(d.distance, 2)));
  });
}

document.addEventListener('DOMContentLoaded', () => {
  $('lookup-form').addEventListener('submit', lookup);
  $('predict-form').addEventListener('submit', predict);
  $('transitions-period').addEventListener('change', loadTransitions);
  $('model-picker').addEventListener('change', chooseModel);
  $('members-more').addEventListener('click', () => loadMembers(members.next));
  $('breakdown-form').addEventListener('submit', loadBreakdown);
  $('breakdown-by').addEventListener('change', () => { if ($('breakdown-by').value !== 'typed') loadBreakdown(); });
  // the segments (the primary's until the model is known) give the matrix its axis and the charts their colours
  loadModel(null).then(() => loadSegments()).then(() => { loadTransitions(); loadBreakdown(); });
});
