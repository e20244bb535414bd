// Shared by every page: the session, API calls with the CSRF token, the
// navigation for the signed-in role, and the Chinese names of codes.
'use strict';

const Console = (() => {
  let who = null;

  const groupNames = {
    KEY_GROUP_UNSPECIFIED: '全部人员',
    KEY_GROUP_GRADUATE: '高校毕业生',
    KEY_GROUP_RETURNING_MIGRANT: '返乡务工人员',
    KEY_GROUP_GROUP_4050: '4050人员',
    KEY_GROUP_LAID_OFF: '下岗失业人员',
    KEY_GROUP_POVERTY_LABOR: '脱贫劳动力',
    KEY_GROUP_LOW_INCOME: '低收入家庭成员',
    KEY_GROUP_DISABLED: '残疾人',
  };
  const roleNames = {
    admin: '人社局工作人员', analyst: '统计分析', employer: '用人单位', recruiter: '招工专员',
    live_host: '直播主播',
  };
  const educationNames = {
    EDUCATION_UNSPECIFIED: '学历不限', EDUCATION_PRIMARY: '小学', EDUCATION_JUNIOR_HIGH: '初中',
    EDUCATION_SENIOR_HIGH: '高中/中专', EDUCATION_JUNIOR_COLLEGE: '大专', EDUCATION_BACHELOR: '本科',
    EDUCATION_MASTER: '硕士', EDUCATION_DOCTORATE: '博士',
  };
  // Which pages each role may open (the services decide the data; this only
  // keeps people from pages that would only answer "permission denied").
  const pages = [
    { href: 'dashboard.html', name: '活动数据看板', roles: ['admin', 'analyst'] },
    { href: 'live.html', name: '直播送岗', roles: ['admin', 'live_host'] },
    { href: 'people.html', name: '岗位人选', roles: ['admin', 'employer', 'recruiter'] },
    { href: 'plan.html', name: '活动计划与清单', roles: ['admin'] },
    { href: 'review.html', name: '审核队列', roles: ['admin', 'recruiter'] },
  ];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  class ApiError extends Error {
    constructor(status, error) {
      super(error.message || `HTTP ${status}`);
      this.status = status;
      this.code = error.code;
      this.violations = error.field_violations || [];
    }
    describe() {
      const fields = this.violations.map((v) => `${v.field}: ${v.description}`).join('；');
      return `${this.code || this.status}：${this.message}${fields ? '（' + fields + '）' : ''}`;
    }
  }

  async function request(path, options) {
    const res = await fetch(path, Object.assign({ credentials: 'same-origin' }, options));
    const text = await res.text();
    const body = text ? JSON.parse(text) : {};
    if (!res.ok) throw new ApiError(res.status, body.error || {});
    return body;
  }

  function post(path, body) {
    const headers = { 'Content-Type': 'application/json' };
    if (who) headers['X-CSRF-Token'] = who.csrf_token;
    return request(path, { method: 'POST', headers, body: JSON.stringify(body || {}) });
  }

  // One platform RPC as the signed-in person.
  function call(method, body) { return post(`/api/call/${method}`, body); }

  async function signOut() {
    try { await post('/api/session/end', {}); } finally { location.href = 'index.html'; }
  }

  // Loads the session; sends people who are not signed in, or whose role may
  // not use this page, back to the sign-in page. Returns who is signed in.
  async function start(page) {
    try {
      who = await request('/api/session');
    } catch (e) {
      location.href = 'index.html';
      return new Promise(() => {});  // the page's script stops here
    }
    const header = document.querySelector('header.top');
    const list = el('ul');
    for (const p of pages.filter((p) => p.roles.includes(who.role))) {
      list.append(el('li', {}, el('a', { href: p.href, 'aria-current': p.href === page ? 'page' : null, text: p.name })));
    }
    header.append(el('nav', { 'aria-label': '主导航' }, list));
    header.append(el('div', { class: 'who' },
      `${roleNames[who.role] || who.role} ${who.subject} `,
      el('button', { type: 'button', class: 'secondary', onclick: signOut, text: '退出' })));
    const allowed = pages.find((p) => p.href === page);
    if (allowed && !allowed.roles.includes(who.role)) {
      document.querySelector('main').replaceChildren(
        el('h1', { text: '无权访问' }), el('p', { text: '您的角色不能使用此页面。' }));
      return new Promise(() => {});  // the page's script stops here
    }
    return who;
  }

  function showError(target, error) {
    target.replaceChildren(el('p', { class: 'error', role: 'alert', text: error instanceof ApiError ? error.describe() : String(error) }));
  }

  function table(headers, rows, caption) {
    const t = el('table', {});
    if (caption) t.append(el('caption', { class: 'visually-hidden', text: caption }));
    t.append(el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col', class: h.num ? 'num' : null, text: h.name || h })))));
    const body = el('tbody');
    for (const row of rows) {
      body.append(el('tr', {}, row.map((cell, i) => (cell instanceof Node ? el('td', {}, cell) : el('td', { class: headers[i] && headers[i].num ? 'num' : null, text: cell })))));
    }
    t.append(body);
    return t;
  }

  async function campaigns() {
    const answer = await call('ListCampaigns', { page_size: 100 });
    return answer.campaigns || [];
  }

  const n = (v) => Number(v || 0);
  return { el, call, post, request, start, showError, table, campaigns, groupNames, roleNames, educationNames, n, ApiError, who: () => who };
})();
