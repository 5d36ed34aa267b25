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

async function loadModel() {
  try {
    const m = await api('/model');
    $('model-info').textContent = `Model ${m.name} version ${m.version} · trained ${when(m.trainedAt)} · k = ${m.quality.k}`
      + ` · silhouette ${num(m.quality.silhouette, 3)} · ${num(m.snapshotSize, 0)} customers in training`;
  } catch (e) {
    $('model-info').textContent = 'No model yet: ' + e.message;
  }
}

async function loadSegments() {
  try {
    const s = await api('/segments');
    s.segments.forEach((seg, i) => colorOf.set(seg.id, COLORS[i % COLORS.length]));
    segmentAxis = s.segments.map((seg) => ({ id: seg.id, label: seg.label }));
    drawSegmentChart(s.segments);
    fillSegmentTable(s.segments, s.totalCustomers);
    $('segments-status').textContent = `${num(s.totalCustomers, 0)} scored customers across ${s.instances} instance(s) · model version ${s.model.version}`;
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

function fillSegmentTable(segments, total) {
  const body = $('segments-table').tBodies[0];
  body.replaceChildren();
  for (const s of segments) {
    const tr = el('tr');
    tr.appendChild(labelled(el('td'), s.id, s.label));
    tr.appendChild(el('td', num(s.customers, 0), 'num'));
    tr.appendChild(el('td', total ? num(100 * s.customers / total, 1) + ' %' : '–', 'num'));
    const c = s.centroid || {};
    tr.appendChild(el('td', num(c.recency_days, 0), 'num'));
    tr.appendChild(el('td', num(c.frequency, 1), 'num'));
    tr.appendChild(el('td', num(c.monetary, 2), 'num'));
    // the members' net spend and purchases over the horizon, as last scored
    tr.appendChild(el('td', num(s.revenue, 2), 'num'));
    tr.appendChild(el('td', num(s.averageOrderValue, 2), 'num'));
    body.appendChild(tr);
  }
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
  const value = (id) => $(id).value === '' ? null : Number($(id).value);
  const body = { recency_days: value('predict-recency'), frequency: value('predict-frequency'), monetary: value('predict-monetary') };
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
  loadModel();
  // the matrix uses the segments' labels, order and colours
  loadSegments().then(loadTransitions);
});
