'use strict';
// People for a post: RecommendSeekers as the signed-in recruiter, employer or
// staff member. The matcher masks and filters by role; the page shows what
// it is given.
(async () => {
  const { el, call, start, showError, table, groupNames, educationNames } = Console;
  const who = await start('people.html');
  const status = document.getElementById('status');
  const postSelect = document.getElementById('post');

  async function listPosts() {
    const filter = { states: ['POST_STATE_OPEN'] };
    if (who.role === 'employer') filter.employer_id = who.subject;
    if (who.role === 'recruiter' && who.regions.length) filter.region_prefix = who.regions[0];
    const answer = await call('ListPosts', { page_size: 50, filter });
    postSelect.replaceChildren(...(answer.posts || []).map((p) => el('option', { value: p.post_id, text: `${p.title}（${p.region_code}）` })));
  }

  async function show() {
    const postId = document.getElementById('post-id').value.trim() || postSelect.value;
    // Recruiters ask within their assigned regions (the matcher insists).
    const region = document.getElementById('region').value.trim() || (who.role === 'recruiter' && who.regions.length ? who.regions[0] : '');
    const body = { post_id: postId, page_size: 50 };
    if (region) body.region_prefix = region;
    document.body.removeAttribute('data-ready');
    try {
      const answer = await call('RecommendSeekers', body);
      const matches = answer.matches || [];
      document.getElementById('result').replaceChildren(matches.length ? table(
        [{ name: '名次', num: true }, '姓名', { name: '年龄', num: true }, '学历', '居住地', { name: '距离（公里）', num: true }, '重点群体', { name: '得分', num: true }, '理由'],
        matches.map((m, i) => [String(i + 1), m.display_name, String(m.age), educationNames[m.education] || m.education,
          m.residence_region_code, Number(m.distance_km).toFixed(1),
          el('span', {}, (m.key_groups || []).map((g) => el('span', { class: 'tag', 'data-group': g, text: groupNames[g] || g }))),
          Number(m.score).toFixed(2),
          el('ul', {}, (m.reasons || []).map((r) => el('li', { text: r.text })))]),
        '推荐人选') : el('p', { text: '暂无符合条件的人选。' }));
      document.getElementById('result').setAttribute('data-count', String(matches.length));
      document.querySelectorAll('#result tbody tr').forEach((tr, i) => tr.setAttribute('data-profile', matches[i].profile_id));
      status.replaceChildren();
    } catch (e) {
      document.getElementById('result').replaceChildren();
      showError(status, e);
    }
    document.body.setAttribute('data-ready', '1');
  }

  document.getElementById('pick').addEventListener('submit', (e) => { e.preventDefault(); show(); });
  try {
    await listPosts();
    const wanted = new URLSearchParams(location.search).get('post');
    if (wanted) document.getElementById('post-id').value = wanted;
    if (wanted || postSelect.value) await show();
    else document.body.setAttribute('data-ready', '1');
  } catch (e) {
    showError(status, e);
    document.body.setAttribute('data-ready', '1');
  }
})();
