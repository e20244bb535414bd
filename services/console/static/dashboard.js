'use strict';
// The campaign dashboard: CampaignStats (by key group, and cells by county
// and by community over time) drawn with ECharts; the map places counties and
// townships at the region table's coordinates, coloured by unmet demand.
(async () => {
  const { el, call, request, start, showError, table, campaigns, groupNames, n } = Console;
  const t0 = performance.now();
  await start('dashboard.html');
  const status = document.getElementById('status');
  const select = document.getElementById('campaign');
  const charts = {};
  const chart = (id) => (charts[id] = charts[id] || echarts.init(document.getElementById(id), null, { renderer: 'svg' }));
  const everyone = (cell) => cell.stats.group === 'KEY_GROUP_UNSPECIFIED';
  const figures = [
    ['posts', '岗位数'], ['openings', '岗位人数'], ['views', '浏览'], ['applications', '投递'],
    ['hires', '录用'], ['people_placed', '就业人数'], ['follow_ups', '回访'], ['retained_30d', '30日在岗'],
  ];
  let places = null;

  function sumBy(cells, key) {
    const out = new Map();
    for (const cell of cells.filter(everyone)) {
      const k = key(cell);
      const sum = out.get(k) || { views: 0, applications: 0, hires: 0 };
      sum.views += n(cell.stats.views);
      sum.applications += n(cell.stats.applications);
      sum.hires += n(cell.stats.hires);
      out.set(k, sum);
    }
    return out;
  }

  function renderKpis(total) {
    document.getElementById('kpis').replaceChildren(...figures.map(([key, name]) =>
      el('div', { class: 'kpi' }, el('div', { class: 'name', text: name }),
        el('div', { class: 'value', 'data-figure': key, text: total.suppressed ? '*' : String(n(total[key])) }))));
  }

  function renderGroups(rows) {
    const shown = (row, key) => (row.suppressed ? '*' : n(row[key]));
    chart('chart-group').setOption({
      tooltip: { trigger: 'axis' }, legend: {},
      grid: { left: 48, right: 16, bottom: 64 },
      xAxis: { type: 'category', data: rows.map((r) => groupNames[r.group] || r.group), axisLabel: { interval: 0, rotate: 20 } },
      yAxis: { type: 'value' },
      series: [['posts', '岗位数'], ['applications', '投递'], ['hires', '录用']].map(([key, name]) =>
        ({ name, type: 'bar', data: rows.map((r) => (r.suppressed ? 0 : n(r[key]))) })),
    }, true);
    document.getElementById('group-table').replaceChildren(table(
      [{ name: '重点群体' }, ...figures.map(([, name]) => ({ name, num: true }))],
      rows.map((r) => [groupNames[r.group] || r.group, ...figures.map(([key]) => String(shown(r, key)))]),
      '重点群体明细'));
    document.getElementById('group-table').querySelectorAll('tbody tr').forEach((tr, i) => tr.setAttribute('data-group', rows[i].group));
  }

  // The campaign's reserved places (Campaign.reserved_quotas, kept across the
  // whole campaign) against the people of each group placed in it. A post's
  // own quotas are planned per post (the plan page) and are not summed here.
  function renderReserves(campaign, rows) {
    const quotas = (campaign && campaign.reserved_quotas) || [];
    const target = document.getElementById('reserve-table');
    if (!quotas.length) {
      target.replaceChildren(el('p', { class: 'muted', text: '本活动未设预留名额。' }));
      return;
    }
    const byGroup = new Map(rows.map((r) => [r.group, r]));
    target.replaceChildren(table(
      [{ name: '重点群体' }, { name: '预留名额', num: true }, { name: '该群体就业人数', num: true },
        { name: '已使用', num: true }, { name: '使用率', num: true }],
      quotas.map((q) => {
        const row = byGroup.get(q.group);
        const reserved = n(q.places);
        const name = groupNames[q.group] || q.group;
        // No row: the group is one this role is not shown (or no post targets it).
        if (!row) return [name, String(reserved), '—', '—', '—'];
        if (row.suppressed) return [name, String(reserved), '*', '*', '*'];
        const used = Math.min(reserved, n(row.people_placed));
        return [name, String(reserved), String(n(row.people_placed)), String(used),
          reserved ? `${((100 * used) / reserved).toFixed(1)}%` : '—'];
      }),
      '预留名额使用情况'));
    target.querySelectorAll('tbody tr').forEach((tr, i) => tr.setAttribute('data-group', quotas[i].group));
  }

  function renderTime(cells) {
    const byPeriod = sumBy(cells, (c) => c.period_start);
    const periods = [...byPeriod.keys()].sort();
    chart('chart-time').setOption({
      tooltip: { trigger: 'axis' }, legend: {},
      grid: { left: 48, right: 16, bottom: 40 },
      xAxis: { type: 'category', data: periods },
      yAxis: { type: 'value' },
      series: [['views', '浏览'], ['applications', '投递'], ['hires', '录用']].map(([key, name]) =>
        ({ name, type: 'line', smooth: true, data: periods.map((p) => byPeriod.get(p)[key]) })),
    }, true);
  }

  function placeName(code) {
    const p = places.byCode.get(code);
    return p ? p.name : code;
  }

  function renderCounties(cells) {
    const byCounty = sumBy(cells, (c) => c.region_code.slice(0, 6));
    const counties = [...byCounty.keys()].sort();
    chart('chart-county').setOption({
      tooltip: { trigger: 'axis' }, legend: {},
      grid: { left: 48, right: 16, bottom: 64 },
      xAxis: { type: 'category', data: counties.map(placeName), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value' },
      series: [['applications', '投递'], ['hires', '录用']].map(([key, name]) =>
        ({ name, type: 'bar', data: counties.map((c) => byCounty.get(c)[key]) })),
    }, true);
  }

  function renderMap(communityCells) {
    const unmet = new Map();
    for (const cell of communityCells.filter(everyone)) {
      const demand = Math.max(0, n(cell.stats.applications) - n(cell.stats.hires));
      for (const code of [cell.region_code.slice(0, 6), cell.region_code.slice(0, 9)]) {
        unmet.set(code, (unmet.get(code) || 0) + demand);
      }
    }
    const point = (p) => [p.lng, p.lat, unmet.get(p.code) || 0, p.name, p.code];
    const counties = places.list.filter((p) => p.level === 'county');
    const townships = places.list.filter((p) => p.level === 'township');
    const max = Math.max(1, ...[...unmet.values()]);
    chart('chart-map').setOption({
      tooltip: { formatter: (p) => `${p.value[3]}<br>未满足需求：${p.value[2]}` },
      visualMap: { min: 0, max, dimension: 2, calculable: true, left: 8, bottom: 8, text: ['高', '低'],
        inRange: { color: ['#d9ecf7', '#6aaed6', '#08519c', '#67000d'] } },
      grid: { left: 48, right: 16, top: 16, bottom: 80 },
      xAxis: { type: 'value', scale: true, name: '经度', axisLabel: { formatter: (v) => v.toFixed(1) } },
      yAxis: { type: 'value', scale: true, name: '纬度', axisLabel: { formatter: (v) => v.toFixed(1) } },
      series: [
        { name: '乡镇街道', type: 'scatter', symbolSize: 9, data: townships.map(point) },
        { name: '县市区', type: 'scatter', symbol: 'diamond', symbolSize: 20, data: counties.map(point),
          label: { show: true, formatter: (p) => p.value[3], position: 'right', color: '#1a1a1a' } },
      ],
    }, true);
    return unmet;
  }

  function renderCommunities(communityCells, unmet) {
    const byCommunity = sumBy(communityCells, (c) => c.region_code);
    const rows = [...byCommunity.entries()].sort((a, b) => b[1].applications - a[1].applications).slice(0, 30);
    document.getElementById('community-table').replaceChildren(table(
      ['社区（村）代码', '所属乡镇', { name: '浏览', num: true }, { name: '投递', num: true }, { name: '录用', num: true }, { name: '乡镇未满足需求', num: true }],
      rows.map(([code, s]) => [code, placeName(code.slice(0, 9)), String(s.views), String(s.applications), String(s.hires), String(unmet.get(code.slice(0, 9)) || 0)]),
      '社区（村）明细'));
  }

  async function loadPlaces() {
    if (places) return places;
    const answer = await request('/api/regions?prefix=4302');
    places = { list: answer.places, byCode: new Map(answer.places.map((p) => [p.code, p])) };
    return places;
  }

  async function load(list) {
    const campaign = select.value;
    const period = document.getElementById('period').value;
    document.body.removeAttribute('data-ready');
    status.replaceChildren(el('p', { class: 'muted', text: '加载中…' }));
    try {
      const [county, community] = await Promise.all([
        call('CampaignStats', { campaign_id: campaign, region_level: 'STATS_REGION_LEVEL_COUNTY', period }),
        call('CampaignStats', { campaign_id: campaign, region_level: 'STATS_REGION_LEVEL_COMMUNITY', period }),
        loadPlaces(),
      ]);
      renderKpis(county.total || {});
      renderGroups([county.total, ...(county.by_group || [])].filter(Boolean));
      renderReserves(list.find((c) => c.campaign_id === campaign), county.by_group || []);
      renderTime(county.cells || []);
      renderCounties(county.cells || []);
      renderCommunities(community.cells || [], renderMap(community.cells || []));
      status.replaceChildren();
      document.body.setAttribute('data-ready', String(Math.round(performance.now() - t0)));
    } catch (e) {
      showError(status, e);
    }
  }

  try {
    const list = await campaigns();
    const wanted = new URLSearchParams(location.search).get('campaign');
    select.replaceChildren(...list.map((c) => el('option', { value: c.campaign_id, selected: c.campaign_id === wanted, text: c.name })));
    document.getElementById('pick').addEventListener('submit', (e) => { e.preventDefault(); load(list); });
    window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
    if (list.length) await load(list);
    else status.replaceChildren(el('p', { text: '暂无活动。' }));
  } catch (e) {
    showError(status, e);
  }
})();
