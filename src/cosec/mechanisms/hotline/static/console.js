// The hotline console, live: server-sent events from /hotline/events insert and update
// messages as they are logged, and countdowns tick. Without this script the page works by
// reloading. No inline script: the page's Content-Security-Policy forbids it.
(function () {
  "use strict";
  const table = document.querySelector('[data-testid="inbox"]');
  const badge = document.querySelector('[data-testid="live"]');
  if (!table || !badge || !window.EventSource) return;
  const body = table.tBodies[0];
  const me = table.dataset.member;
  const csrf = table.dataset.csrf;
  let skew = Date.parse(table.dataset.now) - Date.now(); // the server's clock, as last heard
  const rank = { FLASH: 0, IMMEDIATE: 1, PRIORITY: 2, ROUTINE: 3 };
  const months = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"];
  // The page's words in the reader's language (the server puts them on the table).
  const words = Object.assign({
    left: "%(min)s min %(s)s s left", over: "%(min)s min over", escalated: "escalated to %(whom)s",
    secretariat: "the secretariat", acknowledge: "Acknowledge", drill: "drill", live: "live",
    reconnecting: "reconnecting…", status: {}
  }, JSON.parse(table.dataset.words || "{}"));
  function say(text, values) {
    return text.replace(/%\((\w+)\)s/g, (all, name) => (name in values ? String(values[name]) : all));
  }

  function pad(n) { return String(n).padStart(2, "0"); }
  function when(iso) { // as the server writes a moment: 1 March 2026, 09:05 / 2026年3月1日 09:05
    const d = new Date(iso);
    const time = pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
    if (table.dataset.language === "zh") {
      return d.getUTCFullYear() + "年" + (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日 " + time;
    }
    return d.getUTCDate() + " " + months[d.getUTCMonth()] + " " + d.getUTCFullYear() + ", " + time;
  }
  function clock(iso) {
    const d = new Date(iso);
    return pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + ":" + pad(d.getUTCSeconds());
  }
  function left(deadline) {
    const s = Math.round((Date.parse(deadline) - (Date.now() + skew)) / 1000);
    return s >= 0 ? say(words.left, { min: Math.floor(s / 60), s: s % 60 })
                  : say(words.over, { min: Math.floor(-s / 60) });
  }
  function cell(row, text, cls) {
    const td = row.insertCell();
    if (text !== undefined) {
      const span = document.createElement("span");
      span.textContent = text;
      if (cls) span.className = cls;
      td.appendChild(span);
    }
    return td;
  }
  function status(m) {
    if (m.status) return m.status; // as the server judged it when it sent the event
    if (m.acknowledged_at) {
      return Date.parse(m.acknowledged_at) <= Date.parse(m.deadline) ? "acknowledged" : "acknowledged late";
    }
    return Date.now() + skew > Date.parse(m.deadline) ? "overdue" : "awaiting";
  }
  function render(m) {
    const row = document.createElement("tr");
    row.dataset.messageId = m.id;
    row.dataset.acked = m.acknowledged_at ? "true" : "false";
    row.dataset.precedence = m.precedence;
    row.dataset.sent = m.sent_at;
    cell(row, String(m.id));
    const p = cell(row, m.precedence, "badge" + (rank[m.precedence] < 2 ? " sev-high" : ""));
    if (m.drill) { const d = document.createElement("span"); d.className = "muted"; d.textContent = " " + words.drill; p.appendChild(d); }
    cell(row, m.from + " → " + m.to);
    const subj = cell(row);
    const a = document.createElement("a");
    a.href = "/hotline/messages/" + m.id;
    a.textContent = m.subject;
    subj.appendChild(a);
    cell(row, when(m.sent_at));
    const dl = cell(row, clock(m.deadline) + " UTC ");
    if (!m.acknowledged_at) {
      const c = document.createElement("span");
      c.className = "countdown";
      c.dataset.deadline = m.deadline;
      c.textContent = left(m.deadline);
      dl.appendChild(c);
    }
    const st = status(m);
    const s = cell(row, words.status[st] || st, st === "overdue" ? "sev-high" : st === "acknowledged" ? "ok" : "");
    s.dataset.testid = "status";
    m.escalations.forEach(e => {
      s.appendChild(document.createElement("br"));
      const x = document.createElement("span");
      x.className = "muted";
      x.textContent = say(words.escalated, { whom: e.to_member === "SEC" ? words.secretariat : e.to_name });
      s.appendChild(x);
    });
    const act = cell(row);
    if (!m.acknowledged_at && m.to === me) {
      const form = document.createElement("form");
      form.method = "post";
      form.action = "/hotline/messages/" + m.id + "/ack?next=/hotline";
      const token = document.createElement("input");
      token.type = "hidden"; token.name = "csrf"; token.value = csrf;
      const button = document.createElement("button");
      button.dataset.testid = "ack";
      button.textContent = words.acknowledge;
      form.append(token, button);
      act.appendChild(form);
    }
    return row;
  }
  function key(row) {
    return [row.dataset.acked === "true" ? 1 : 0, rank[row.dataset.precedence], -Date.parse(row.dataset.sent),
            -Number(row.dataset.messageId)];
  }
  function before(a, b) {
    const x = key(a), y = key(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i];
    return false;
  }
  function upsert(m) {
    const old = body.querySelector('tr[data-message-id="' + m.id + '"]');
    if (old) old.remove();
    const empty = body.querySelector("tr.empty");
    if (empty) empty.remove();
    const row = render(m);
    const next = Array.from(body.rows).find(r => before(row, r));
    body.insertBefore(row, next || null);
    if (!old && m.to === me && !m.acknowledged_at) row.classList.add("new");
  }
  function tick() {
    body.querySelectorAll(".countdown").forEach(c => { c.textContent = left(c.dataset.deadline); });
  }
  // Events after what this page already shows (a reconnect sends Last-Event-ID instead).
  const events = new EventSource("/hotline/events?after=" + encodeURIComponent(table.dataset.after || "0"));
  events.onopen = () => { badge.textContent = words.live; badge.dataset.state = "live"; };
  events.onerror = () => { badge.textContent = words.reconnecting; badge.dataset.state = "down"; };
  events.addEventListener("reload", () => window.location.reload());
  events.addEventListener("hotline", ev => {
    const data = JSON.parse(ev.data);
    if (data.now) skew = Date.parse(data.now) - Date.now();
    if (data.message) upsert(data.message);
  });
  setInterval(tick, 1000);
})();
