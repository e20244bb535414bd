'use strict';
// The live host console: pick posts, push them into the session
// (PushLivePost as the host), and watch the session's counters move through
// server-sent events fed by the events feed; the audience (viewers watching
// and how many each push reached) comes from the matcher's LiveAudience,
// asked each second and whenever the counters move.
(async () => {
  const { el, call, start, showError, table, campaigns } = Console;
  const who = await start('live.html');
  const status = document.getElementById('status');
  const sessionSelect = document.getElementById('session');
  let source = null;

  // A host pushes into its own sessions; staff may name any.
  const sessions = who.sessions.length ? who.sessions : ['live-1'];
  sessionSelect.replaceChildren(...sessions.map((s) => el('option', { value: s, text: s })));

  const titles = new Map();  // post id -> title, of the posts listed here
  let asking = false;
  async function audience() {
    // A host's tab left in the background asks nothing; it catches up when shown again.
    if (asking || document.hidden) return;
    asking = true;
    try {
      const answer = await call('LiveAudience', { session_id: sessionSelect.value });
      const pushes = answer.pushes || [];
      document.querySelector('[data-audience="watching"]').textContent = String(answer.watching || 0);
      document.querySelector('[data-audience="eligible"]').textContent = String(pushes.length ? pushes[0].eligible_viewers || 0 : 0);
      document.getElementById('audience').replaceChildren(pushes.length ? table(
        ['推送时间', '岗位', { name: '符合条件观众', num: true }, { name: '当时在线', num: true }],
        pushes.slice(0, 10).map((p) => [new Date(p.pushed_at).toLocaleTimeString('zh-CN'),
          titles.has(p.post_id) ? `${titles.get(p.post_id)}（${p.post_id}）` : p.post_id,
          String(p.eligible_viewers || 0), String(p.watching || 0)]),
        '最近推送的覆盖人数') : el('p', { class: 'muted', text: '本场次还没有推送。' }));
      document.body.setAttribute('data-audience-cursor', String(pushes.length ? pushes[0].cursor : 0));
    } catch (e) {
      showError(status, e);
    } finally {
      asking = false;
    }
  }

  function watch() {
    if (source) source.close();
    const state = document.getElementById('stream-state');
    source = new EventSource(`/api/live/${encodeURIComponent(sessionSelect.value)}/counters`);
    source.onopen = () => { state.textContent = '实时连接：已连接'; };
    source.onerror = () => { state.textContent = '实时连接：重连中'; };
    source.onmessage = (event) => {
      const counters = JSON.parse(event.data);
      for (const [key, value] of Object.entries(counters)) {
        const node = document.querySelector(`[data-counter="${key}"]`);
        if (node) node.textContent = String(value);
      }
      document.body.setAttribute('data-live', '1');
      audience();
    };
    audience();
  }

  async function push(post, button) {
    button.disabled = true;
    try {
      await call('PushLivePost', { post_id: post.post_id, live_push: { host_id: who.subject, session_id: sessionSelect.value } });
      document.getElementById('log').prepend(el('li', {}, `${new Date().toLocaleTimeString('zh-CN')} 推送 ${post.title}（${post.post_id}）`));
    } catch (e) {
      showError(status, e);
    } finally {
      button.disabled = false;
    }
  }

  // The open posts of a campaign and region, or one post by its number (an
  // employer on the show often names its post's number).
  async function findPosts() {
    const postId = document.getElementById('post-id').value.trim();
    if (postId) {
      const post = (await call('GetPost', { post_id: postId })).post;
      return post && post.state === 'POST_STATE_OPEN' ? [post] : [];
    }
    const filter = { states: ['POST_STATE_OPEN'] };
    const campaign = document.getElementById('campaign').value;
    const region = document.getElementById('region').value.trim();
    if (campaign) filter.campaign_id = campaign;
    if (region) filter.region_prefix = region;
    return (await call('ListPosts', { page_size: 30, filter })).posts || [];
  }

  async function listPosts() {
    try {
      const posts = await findPosts();
      for (const p of posts) titles.set(p.post_id, p.title);
      document.getElementById('posts').replaceChildren(posts.length ? table(
        ['岗位', '地区', { name: '剩余名额', num: true }, '操作'],
        posts.map((p) => [p.title, p.region_code, String(p.remaining_openings),
          el('button', { type: 'button', 'data-push': p.post_id, 'aria-label': `推送 ${p.title}`, onclick: (e) => push(p, e.currentTarget), text: '推送' })]),
        '可推送的岗位') : el('p', { text: '没有符合条件的岗位。' }));
      status.replaceChildren();
    } catch (e) {
      showError(status, e);
    }
  }

  try {
    const list = await campaigns();
    document.getElementById('campaign').append(...list.map((c) => el('option', { value: c.campaign_id, text: c.name })));
  } catch (e) {
    showError(status, e);
  }
  document.getElementById('pick').addEventListener('submit', (e) => { e.preventDefault(); watch(); listPosts(); });
  sessionSelect.addEventListener('change', watch);
  watch();
  setInterval(audience, 1000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) audience(); });
  await listPosts();
  document.body.setAttribute('data-ready', '1');
})();
