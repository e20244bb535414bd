'use strict';
// Plans and dockets: PlanCampaign (optimal or stable) as bureau staff, the
// per-group placements and cut-off scores, and one village's docket laid out
// for printing (style.css's print rules).
(async () => {
  const { el, call, start, showError, table, campaigns, groupNames, n } = Console;
  await start('plan.html');
  const status = document.getElementById('status');
  const village = document.getElementById('village');
  let plan = null;

  function showDocket() {
    const docket = (plan.dockets || []).find((d) => d.region_code === village.value);
    const target = document.getElementById('docket');
    if (!docket) { target.replaceChildren(el('p', { text: '该计划没有进村清单。' })); return; }
    target.replaceChildren(el('div', { class: 'docket' },
      el('h3', { text: `进村清单：${docket.region_name}（${docket.region_code}）` }),
      el('p', { text: `活动 ${plan.campaign_id} · 带去岗位 ${docket.post_ids.length} 个 · 用人单位 ${docket.employer_ids.length} 家 · 拟对接 ${docket.assignments.length} 人` }),
      table(['求职者编号', '岗位编号', { name: '得分', num: true }, '使用预留名额', '理由'],
        docket.assignments.map((a) => [a.profile_id, a.post_id, Number(a.score).toFixed(2),
          a.reserved_for && a.reserved_for !== 'KEY_GROUP_UNSPECIFIED' ? groupNames[a.reserved_for] : '—',
          (a.reasons || []).map((r) => r.text).join('；')]), '进村清单'),
      ...demandTable(docket.household_demand || []),
      el('p', { class: 'muted', text: `打印时间：${new Date().toLocaleString('zh-CN')}　带队人签字：＿＿＿＿＿＿` })));
  }

  // Households visited that have not registered (先有需求): what they asked
  // for and the posts this plan still has openings in for them.
  function demandTable(demand) {
    if (!demand.length) return [];
    return [table(['需要的工种', { name: '户数', num: true }, '尚有空缺的岗位', { name: '剩余空缺', num: true }],
      demand.map((h) => [h.occupation_code, String(n(h.households)), h.post_ids.length ? h.post_ids.join('、') : '—', String(n(h.openings_left))]),
      '未登记农户的需求（先有需求）')];
  }

  // The mode the matcher answers with (not the one asked for).
  const modeNames = { PLAN_MODE_OPTIMAL: '最优', PLAN_MODE_STABLE: '稳定匹配', PLAN_MODE_GREEDY: '贪心' };

  async function run() {
    const body = { campaign_id: document.getElementById('campaign').value, mode: document.getElementById('mode').value };
    const regions = document.getElementById('regions').value.split(',').map((s) => s.trim()).filter(Boolean);
    if (regions.length) body.region_prefixes = regions;
    document.body.removeAttribute('data-ready');
    status.replaceChildren(el('p', { class: 'muted', text: '计算中…' }));
    try {
      plan = await call('PlanCampaign', body);
      status.replaceChildren();
      document.getElementById('summary').replaceChildren(el('p', {},
        '方式 ', el('strong', { 'data-figure': 'mode', text: modeNames[plan.mode] || plan.mode }), '　',
        '安置人数 ', el('strong', { 'data-figure': 'people_placed', text: String(n(plan.people_placed)) }),
        `　总分 ${Number(plan.total_score).toFixed(1)}　岗位 ${(plan.posts || []).length} 个　清单 ${(plan.dockets || []).length} 份`));
      document.getElementById('groups').replaceChildren(table(
        ['重点群体', { name: '候选人数', num: true }, { name: '安置', num: true }, { name: '岗位预留', num: true }, { name: '预留已用', num: true }, { name: '活动保底', num: true }, { name: '保底已达', num: true }, { name: '分数线', num: true }],
        (plan.groups || []).map((g) => [groupNames[g.group] || g.group, String(n(g.candidates)), String(n(g.placed)), String(n(g.reserved)), String(n(g.reserved_used)), String(n(g.campaign_reserved)), String(n(g.campaign_reserved_used)), Number(g.cutoff_score).toFixed(2)]),
        '各重点群体安置与分数线'));
      village.replaceChildren(...(plan.dockets || []).map((d) => el('option', { value: d.region_code, text: `${d.region_name}（${d.assignments.length}人${(d.household_demand || []).length ? '，有农户需求' : ''}）` })));
      showDocket();
    } catch (e) {
      showError(status, e);
    }
    document.body.setAttribute('data-ready', '1');
  }

  village.addEventListener('change', showDocket);
  document.getElementById('print').addEventListener('click', () => window.print());
  document.getElementById('pick').addEventListener('submit', (e) => { e.preventDefault(); run(); });
  try {
    const list = await campaigns();
    const wanted = new URLSearchParams(location.search).get('campaign');
    document.getElementById('campaign').replaceChildren(...list.map((c) => el('option', { value: c.campaign_id, selected: c.campaign_id === wanted, text: c.name })));
    if (wanted) await run();
    else document.body.setAttribute('data-ready', '1');
  } catch (e) {
    showError(status, e);
    document.body.setAttribute('data-ready', '1');
  }
})();
