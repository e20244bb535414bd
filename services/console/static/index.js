'use strict';
// Sign-in: a pasted token, or the development sign-in; then the first page
// the role may use.
(() => {
  const { post, showError } = Console;
  const message = document.getElementById('message');
  const firstPage = { admin: 'dashboard.html', analyst: 'dashboard.html', live_host: 'live.html', employer: 'people.html', recruiter: 'people.html' };
  const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);

  async function signIn(path, body) {
    try {
      const who = await post(path, body);
      location.href = firstPage[who.role] || 'dashboard.html';
    } catch (e) {
      showError(message, e);
    }
  }
  document.getElementById('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn('/api/session', { token: document.getElementById('token').value.trim() });
  });
  document.getElementById('dev-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const body = {
      role: document.getElementById('dev-role').value,
      subject: document.getElementById('dev-subject').value.trim(),
    };
    const regions = list(document.getElementById('dev-regions').value);
    const sessions = list(document.getElementById('dev-sessions').value);
    if (regions.length) body.regions = regions;
    if (sessions.length) body.sessions = sessions;
    signIn('/api/session/dev', body);
  });
})();
