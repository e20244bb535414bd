'use strict';
// The review queues: posts awaiting moderation before they are published
// (approve, or reject with a reason), and posts whose occupation code the
// classifier could not settle (confirm a code).
(async () => {
  const { el, call, start, showError, table } = Console;
  await start('review.html');
  const status = document.getElementById('status');

  async function act(method, body, done) {
    try {
      await call(method, body);
      status.replaceChildren(el('p', { class: 'ok', role: 'status', text: '已提交。' }));
      await done();
    } catch (e) {
      showError(status, e);
    }
  }

  async function moderation() {
    const answer = await call('ListPostsForModeration', { page_size: 50 });
    const posts = answer.posts || [];
    document.getElementById('moderation').replaceChildren(posts.length ? table(
      ['岗位', '用人单位', '地区', '筛查提示', '操作'],
      posts.map((p) => {
        const reason = el('input', { 'aria-label': `驳回 ${p.title} 的理由`, placeholder: '驳回理由' });
        const flags = ((p.moderation && p.moderation.flags) || []).map((f) => `${f.rule.replace('SCREENING_RULE_', '')}：${f.matched}`).join('；');
        return [p.title, p.employer_id, p.region_code, flags || '—', el('div', { class: 'row' },
          el('button', { type: 'button', onclick: () => act('ApprovePost', { post_id: p.post_id, expected_version: p.version }, moderation), text: '通过' }),
          reason,
          el('button', { type: 'button', class: 'secondary', onclick: () => act('RejectPost', { post_id: p.post_id, expected_version: p.version, reason: reason.value }, moderation), text: '驳回' }))];
      }), '待审核岗位') : el('p', { text: '没有待审核的岗位。' }));
  }

  async function occupation() {
    const answer = await call('ListPostsForReview', { page_size: 50 });
    const posts = answer.posts || [];
    document.getElementById('occupation').replaceChildren(posts.length ? table(
      ['岗位', '当前编码', '确认编码'],
      posts.map((p) => {
        const code = el('input', { 'aria-label': `${p.title} 的职业编码`, value: p.occupation_code, placeholder: '如 6-18-02-04' });
        return [p.title, p.occupation_code, el('div', { class: 'row' }, code,
          el('button', { type: 'button', onclick: () => act('ReviewPostOccupation', { post_id: p.post_id, occupation_code: code.value.trim(), expected_version: p.version }, occupation), text: '确认' }))];
      }), '职业编码待复核') : el('p', { text: '没有待复核的岗位。' }));
  }

  try {
    await Promise.all([moderation(), occupation()]);
  } catch (e) {
    showError(status, e);
  }
  document.body.setAttribute('data-ready', '1');
})();
