// The example page: connection details, an action runner fed by `actionsView`, and a chat; and,
// when the server has sign-in on, a token field and who the connection is signed in as.
// Everything that comes from the network is written with textContent, never as HTML.
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const signIn = (window.ActionHeroWebSocketConfig || {}).signIn;
  // The token pasted in the page, kept in memory only. The client asks for it at every
  // (re)connection, so the one sent is always the latest.
  let token = '';
  const client = new ActionHeroWebSocket({ auth: (send) => send(token ? { token } : {}) });
  const myName = { id: undefined };
  // While the server is away every reconnection attempt fails: say so once, not every time.
  let unreachable = false;

  // ---- small DOM helpers ---------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function show(value) {
    if (value === undefined || value === null || value === '') return '–';
    if (typeof value === 'number' && value > 1e12) return new Date(value).toLocaleString();
    if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  }

  function setStatus(state, text) {
    const status = $('status');
    status.dataset.state = state;
    status.textContent = text;
  }

  // ---- connection ----------------------------------------------------------------------

  const detailFields = [
    ['id', 'id'],
    ['room', 'room'],
    ['listeningRooms', 'listening'],
    ['remoteIP', 'remote IP'],
    ['remotePort', 'remote port'],
    ['connectedAt', 'connected at'],
    ['totalActions', 'actions run'],
    ['pendingActions', 'pending'],
  ];

  function showDetails(details) {
    if (!details) return;
    myName.id = details.id;
    const list = $('details');
    list.replaceChildren();
    for (const [key, label] of detailFields) {
      const row = el('div', 'detail');
      row.append(el('dt', '', label), el('dd', '', show(details[key])));
      list.append(row);
    }
    $('current-room').textContent = details.room;
    $('listening').textContent = show(details.listeningRooms);
    if (signIn) $('user').textContent = details.user || 'anonymous';
  }

  function refreshDetails() {
    client.detailsView((err, response) => {
      if (err) logLine('error', 'detailsView: ' + err.message);
      else showDetails(response.details);
    });
  }

  client.on('connected', (details) => {
    unreachable = false;
    setStatus('connected', 'connected');
    if (signIn) $('sign-in-error').textContent = '';
    showDetails(details);
    loadActions();
  });
  client.on('disconnected', (reason) => {
    setStatus('reconnecting', 'reconnecting…');
    logLine('system', 'disconnected (' + reason + ')');
  });
  // Recovered (the server's connectionStateRecovery): still in its rooms, the messages said
  // meanwhile arrive as usual. Otherwise the client has rejoined its rooms itself.
  client.on('reconnected', (info) =>
    logLine('system', info.recovered ? 'reconnected, nothing missed' : 'reconnected'),
  );
  client.on('welcome', (message) => {
    $('welcome').textContent = message.welcome;
    logLine('system', message.welcome);
  });
  client.on('bye', (message) => logLine('system', 'server: ' + message.reason));
  client.on('error', (err) => {
    const text = err && err.message ? err.message : String(err);
    if (client.state === 'connected') return logLine('error', text);
    // Turned away at the handshake by a connection middleware (sign-in, for one): the client
    // does not try again by itself; the page waits for another token.
    if (client.state === 'refused') {
      setStatus('refused', 'refused by the server');
      if (signIn) $('sign-in-error').textContent = text;
      return logLine('error', 'the server refused the connection: ' + text);
    }
    setStatus('reconnecting', 'cannot reach the server, retrying…');
    if (!unreachable) logLine('error', 'cannot reach the server (' + text + '), retrying…');
    unreachable = true;
  });
  client.on('timeout', (err) => logLine('error', err.message));
  $('details-refresh').addEventListener('click', refreshDetails);

  // ---- sign-in (only when the server has it on) ------------------------------------------

  if (signIn) $('sign-in').hidden = false;
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    token = $('token-input').value.trim();
    $('user').textContent = '–';
    $('sign-in-error').textContent = '';
    setStatus('connecting', 'connecting…');
    logLine('system', token ? 'connecting with the token' : 'connecting anonymously');
    client.reconnect();
  });

  // ---- chat ----------------------------------------------------------------------------

  function logLine(kind, text, meta) {
    const log = $('messages');
    const item = el('li', 'message ' + kind);
    if (meta) item.append(el('span', 'meta', meta));
    item.append(el('span', 'text', text));
    log.append(item);
    while (log.childElementCount > 200) log.firstElementChild.remove();
    log.scrollTop = log.scrollHeight;
  }

  function time(ms) {
    const date = typeof ms === 'number' ? new Date(ms) : new Date();
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  client.on('say', (message) => {
    const who = message.from === myName.id ? 'me' : message.from;
    const here = message.room === client.room ? '' : ' in ' + message.room;
    logLine('say', message.message, time(message.sentAt) + ' · ' + who + here);
  });

  $('say-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('say-input');
    const message = input.value;
    if (!message) return;
    client.say(message, (err) => {
      if (err) return logLine('error', 'say: ' + err.message);
      logLine('say mine', message, time() + ' · me');
      input.value = '';
    });
  });

  $('room-form').addEventListener('submit', (event) => {
    event.preventDefault();
    client.roomChange($('room-input').value, (err, response) => {
      if (err) return logLine('error', 'roomChange: ' + err.message);
      $('room-input').value = '';
      logLine('system', 'now in room ' + response.room);
      refreshDetails();
    });
  });

  function listenOrSilence(verb) {
    const room = $('listen-input').value;
    if (!room) return $('listen-input').reportValidity();
    client[verb](room, (err, response) => {
      if (err) return logLine('error', verb + ': ' + err.message);
      const done = verb === 'listenToRoom' ? 'listening to ' : 'stopped listening to ';
      logLine('system', done + response.room);
      refreshDetails();
    });
  }
  $('listen-form').addEventListener('submit', (event) => {
    event.preventDefault();
    listenOrSilence('listenToRoom');
  });
  $('silence').addEventListener('click', () => listenOrSilence('silenceRoom'));

  // ---- actions -------------------------------------------------------------------------

  let actions = [];

  // `actionsView` lists actions as an array or a map; inputs as a map of JSON schemas.
  function normaliseActions(response) {
    const list = Array.isArray(response.actions)
      ? response.actions
      : Object.entries(response.actions || {}).map(([name, a]) => ({ name, ...a }));
    return list
      .filter((a) => a && typeof a.name === 'string')
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  function inputsOf(action) {
    const inputs = action.inputs || {};
    return Object.entries(inputs).map(([name, spec]) => {
      const schema = (spec && (spec.schema || spec)) || {};
      const required = Boolean(spec && spec.required);
      return { name, schema, required, description: spec && spec.description };
    });
  }

  function loadActions() {
    client.action('actionsView', (err, response) => {
      if (err) return logLine('error', 'actionsView: ' + err.message);
      const select = $('action-select');
      const previous = select.value;
      actions = normaliseActions(response);
      select.replaceChildren(...actions.map((a) => el('option', '', a.name)));
      const keep = actions.some((a) => a.name === previous);
      select.value = keep
        ? previous
        : actions.some((a) => a.name === 'cacheTest')
          ? 'cacheTest'
          : '';
      if (!keep) renderInputs();
    });
  }

  function currentAction() {
    return actions.find((a) => a.name === $('action-select').value);
  }

  function renderInputs() {
    const action = currentAction();
    const fieldset = $('action-inputs');
    fieldset.replaceChildren();
    $('action-description').textContent = action ? action.description || '' : '';
    if (!action) return;
    const inputs = inputsOf(action);
    if (!inputs.length) fieldset.append(el('p', 'muted small', 'no inputs'));
    for (const input of inputs) {
      const label = el('label', 'input');
      const type = input.schema.type;
      label.append(el('span', 'label', input.name + (input.required ? ' *' : '')));
      const field = el('input');
      field.name = input.name;
      field.dataset.type = Array.isArray(type) ? type[0] : type || 'string';
      field.type = type === 'boolean' ? 'checkbox' : 'text';
      if (type === 'number' || type === 'integer') field.inputMode = 'decimal';
      if (input.required && type !== 'boolean') field.required = true;
      if (input.schema.default !== undefined) field.placeholder = show(input.schema.default);
      if (input.description) field.title = input.description;
      label.append(field);
      fieldset.append(label);
    }
    $('action-json').value = '{}';
  }

  function paramsFromForm() {
    const params = {};
    for (const field of $('action-inputs').querySelectorAll('input')) {
      const type = field.dataset.type;
      if (type === 'boolean') {
        if (field.checked) params[field.name] = true;
      } else if (field.value !== '') {
        const isJson =
          type === 'number' || type === 'integer' || type === 'object' || type === 'array';
        params[field.name] = isJson ? JSON.parse(field.value) : field.value;
      }
    }
    return params;
  }

  function showResult(outcome, value, delta) {
    const result = $('action-result');
    result.dataset.outcome = outcome;
    result.textContent = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    $('action-delta').textContent = delta === undefined ? '–' : delta + ' ms';
  }

  $('action-select').addEventListener('change', renderInputs);
  $('raw-json').addEventListener('change', () => {
    const raw = $('raw-json').checked;
    if (raw) {
      try {
        $('action-json').value = JSON.stringify(paramsFromForm(), null, 2);
      } catch {
        $('action-json').value = '{}';
      }
    }
    $('action-json-label').hidden = !raw;
    // A disabled fieldset is neither shown nor validated by the browser.
    $('action-inputs').hidden = raw;
    $('action-inputs').disabled = raw;
  });

  $('action-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = $('action-select').value;
    if (!name) return;
    let params;
    try {
      params = $('raw-json').checked
        ? JSON.parse($('action-json').value || '{}')
        : paramsFromForm();
      if (!params || typeof params !== 'object' || Array.isArray(params)) {
        throw new Error('params must be a JSON object');
      }
    } catch (err) {
      return showResult('error', 'Bad params: ' + err.message);
    }
    showResult('pending', 'running ' + name + '…');
    client.action(name, params, (err, response, delta) => {
      showResult(err ? 'error' : 'ok', response || err.message, delta);
    });
  });
})();
