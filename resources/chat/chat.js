// Deskline's chat page (issue 18): the FAQ first, then a chat with an agent.
// Everything anyone typed (the visitor, the agent, an FAQ article) is put on the page with
// textContent, never as HTML. The page's own words are below in Chinese and English.
'use strict';

(function () {
  const STRINGS = {
    en: {
      pageTitle: 'Support', title: 'How can we help?', otherLanguage: '中文',
      faqLabel: 'Search our answers', faqPlaceholder: 'e.g. password, order, payment',
      faqNothing: 'No answer matches that yet.', faqStill: 'Still need help?', talk: 'Talk to an agent',
      name: 'Your name', emailOptional: 'Email (optional)', email: 'Email', question: 'Your question',
      start: 'Start the chat', back: 'Back to the answers',
      waiting: 'You are in the queue: an agent will answer here.', agentTyping: 'The agent is typing…',
      yourMessage: 'Your message', messagePlaceholder: 'Write a message, Enter sends',
      send: 'Send', end: 'End the chat', you: 'You', agent: 'Agent',
      transcriptAsk: 'Email me a transcript', transcriptSend: 'Send the transcript to this address',
      transcriptDone: 'The transcript will go to this address when the chat ends.',
      rateAsk: 'How satisfied are you with this chat? (1 = not at all, 5 = very)', comment: 'Anything we could do better?',
      rateSend: 'Send the rating', thanks: 'Thank you for your rating.',
      closed: 'We are outside our service hours just now. Leave us a message and we will answer by email.',
      leaveText: 'Your message', leaveSend: 'Send the message', left: 'Thank you: your message is ticket {ticket}. We will answer by email.',
      ended: 'The chat has ended.', busy: 'Too many requests: please wait a moment.',
      failed: 'That did not work: {reason}', lost: 'The chat is no longer available.', chooseScore: 'Choose a score from 1 to 5.'
    },
    zh_CN: {
      pageTitle: '在线客服', title: '有什么可以帮您？', otherLanguage: 'English',
      faqLabel: '搜索常见问题', faqPlaceholder: '例如：密码、订单、支付',
      faqNothing: '暂时没有匹配的答案。', faqStill: '仍需要帮助？', talk: '联系人工客服',
      name: '您的称呼', emailOptional: '邮箱（可选）', email: '邮箱', question: '您的问题',
      start: '开始对话', back: '返回常见问题',
      waiting: '您已进入排队，客服会在这里回复您。', agentTyping: '客服正在输入…',
      yourMessage: '您的消息', messagePlaceholder: '输入消息，按回车发送',
      send: '发送', end: '结束对话', you: '您', agent: '客服',
      transcriptAsk: '把聊天记录发到我的邮箱', transcriptSend: '发送到这个邮箱',
      transcriptDone: '对话结束后，聊天记录会发送到这个邮箱。',
      rateAsk: '您对本次服务满意吗？（1 = 很不满意，5 = 非常满意）', comment: '有什么需要我们改进的吗？',
      rateSend: '提交评价', thanks: '感谢您的评价。',
      closed: '现在是非服务时间。请留言，我们会通过邮件回复您。',
      leaveText: '留言内容', leaveSend: '提交留言', left: '谢谢，您的留言已登记为工单 {ticket}，我们会通过邮件回复。',
      ended: '对话已结束。', busy: '请求太频繁，请稍候。',
      failed: '操作没有成功：{reason}', lost: '该对话已失效。', chooseScore: '请选择 1 到 5 分。'
    }
  };

  const $ = (id) => document.getElementById(id);
  const state = { lang: 'en', token: '', last: 0, agentTyping: false, ended: false, typingSentAt: 0, score: 0,
    shown: new Set(), searchSeq: 0 };

  function t(key, values) {
    let text = (STRINGS[state.lang] || STRINGS.en)[key] || STRINGS.en[key] || key;
    for (const [name, value] of Object.entries(values || {}))
      text = text.replace('{' + name + '}', String(value));
    return text;
  }

  function applyLanguage() {
    document.documentElement.lang = state.lang === 'zh_CN' ? 'zh-CN' : 'en';
    for (const element of document.querySelectorAll('[data-i18n]'))
      element.textContent = t(element.dataset.i18n);
    for (const element of document.querySelectorAll('[data-i18n-placeholder]'))
      element.setAttribute('placeholder', t(element.dataset.i18nPlaceholder));
  }

  function pickLanguage(serverChoice) {
    const asked = new URLSearchParams(location.search).get('lang');
    if (asked === 'zh_CN' || asked === 'zh') return 'zh_CN';
    if (asked === 'en') return 'en';
    for (const language of navigator.languages || [navigator.language || '']) {
      const tag = String(language).toLowerCase();
      if (tag.startsWith('zh')) return 'zh_CN';
      if (tag.startsWith('en')) return 'en';
    }
    return serverChoice === 'zh_CN' ? 'zh_CN' : 'en';
  }

  function show(view) {
    for (const id of ['faq-view', 'start-view', 'chat-view', 'rating-view', 'closed-view'])
      $(id).hidden = id !== view;
  }

  function say(text) { $('status').textContent = text || ''; }

  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function call(method, path, body) {
    const headers = {};
    if (state.token) headers['X-Chat-Token'] = state.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, credentials: 'omit', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body) });
    let data = {};
    if (response.status !== 204) {
      try { data = await response.json(); } catch (e) { data = {}; }
    }
    return { status: response.status, data, retryAfter: Number(response.headers.get('Retry-After') || 0) };
  }

  function problem(reply) {
    if (reply.status === 429) return t('busy');
    return t('failed', { reason: reply.data && reply.data.error ? reply.data.error : String(reply.status) });
  }

  // The FAQ, searched as the visitor types (the newest search wins).
  async function search() {
    const seq = ++state.searchSeq;
    const q = $('faq-search').value;
    const reply = await call('GET', '/v1/chat/faq?lang=' + encodeURIComponent(state.lang) + '&q=' + encodeURIComponent(q));
    if (seq !== state.searchSeq) return;
    if (reply.status !== 200) { say(problem(reply)); return; }
    say('');
    const list = $('faq-results');
    list.replaceChildren();
    for (const article of reply.data.articles || []) {
      const item = document.createElement('li');
      const title = document.createElement('span');
      title.className = 'faq-title';
      title.textContent = article.title;
      const body = document.createElement('p');
      body.className = 'faq-body';
      body.textContent = article.body;
      item.dataset.id = String(article.id);
      item.append(title, body);
      list.append(item);
    }
    $('faq-empty').hidden = list.children.length > 0 || q.trim() === '';
  }

  function addLine(line) {
    if (state.shown.has(line.id)) return;
    state.shown.add(line.id);
    state.last = Math.max(state.last, line.id);
    const item = document.createElement('li');
    item.className = line.from === 'customer' ? 'customer' : 'agent';
    item.dataset.id = String(line.id);
    const author = document.createElement('span');
    author.className = 'author';
    author.textContent = line.from === 'customer' ? t('you') : (line.author || t('agent'));
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = line.text;
    item.append(author, text);
    $('messages').append(item);
    item.scrollIntoView({ block: 'end' });
  }

  function remember() {
    try { sessionStorage.setItem('deskline-chat', JSON.stringify({ token: state.token })); } catch (e) { /* none */ }
  }

  async function pollLoop() {
    while (state.token && !state.ended) {
      let reply;
      try {
        reply = await call('GET', '/v1/chat/messages?after=' + state.last + '&wait=25&typing=' + (state.agentTyping ? 1 : 0));
      } catch (e) {
        await wait(2000);
        continue;
      }
      if (reply.status === 200) {
        for (const line of reply.data.messages || []) addLine(line);
        state.agentTyping = !!reply.data.agent_typing;
        $('agent-typing').hidden = !state.agentTyping;
        if (reply.data.ended) finish();
      } else if (reply.status === 401) {
        say(t('lost'));
        state.token = '';
        remember();
      } else {
        await wait(Math.max(1000, reply.retryAfter * 1000));
      }
    }
  }

  function enterChat() {
    show('chat-view');
    $('message-input').focus();
    pollLoop();
  }

  async function start() {
    const reply = await call('POST', '/v1/chat/start', { name: $('start-name').value, email: $('start-email').value,
      question: $('start-question').value, language: state.lang });
    if (reply.status === 409 && reply.data.closed) { show('closed-view'); return; }
    if (reply.status !== 201) { say(problem(reply)); return; }
    say('');
    state.token = reply.data.token;
    remember();
    if ($('start-email').value.trim() !== '') $('transcript-email').value = $('start-email').value.trim();
    enterChat();
  }

  async function send() {
    const text = $('message-input').value;
    if (text.trim() === '') return;
    const reply = await call('POST', '/v1/chat/messages', { text });
    if (reply.status !== 201) { say(problem(reply)); return; }
    say('');
    $('message-input').value = '';
    addLine({ id: reply.data.id, from: 'customer', text: text.trim() });
  }

  function typed() {
    const now = Date.now();
    if (!state.token || now - state.typingSentAt < 2000) return;
    state.typingSentAt = now;
    call('POST', '/v1/chat/typing', {}).catch(() => {});
  }

  function finish() {
    state.ended = true;
    $('agent-typing').hidden = true;
    say(t('ended'));
    show('rating-view');
  }

  async function end() {
    const reply = await call('POST', '/v1/chat/end', {});
    if (reply.status !== 200) { say(problem(reply)); return; }
    finish();
  }

  async function transcript() {
    const reply = await call('POST', '/v1/chat/transcript', { email: $('transcript-email').value });
    if (reply.status !== 202) { say(problem(reply)); return; }
    say('');
    $('transcript-done').hidden = false;
  }

  async function rate() {
    if (state.score < 1) { say(t('chooseScore')); return; }
    const reply = await call('POST', '/v1/chat/rating', { score: state.score, comment: $('rating-comment').value });
    if (reply.status !== 201) { say(problem(reply)); return; }
    say('');
    $('rating-thanks').hidden = false;
    $('rating-submit').disabled = true;
    state.token = '';
    remember();
  }

  async function leave() {
    const reply = await call('POST', '/v1/chat/leave-message', { name: $('leave-name').value,
      email: $('leave-email').value, text: $('leave-text').value, language: state.lang });
    if (reply.status !== 201) { say(problem(reply)); return; }
    say('');
    $('leave-done').textContent = t('left', { ticket: reply.data.ticket });
    $('leave-done').hidden = false;
    $('leave-send').disabled = true;
  }

  async function talk() {
    const reply = await call('GET', '/v1/chat/config?lang=' + encodeURIComponent(state.lang));
    if (reply.status === 200 && !reply.data.open) { show('closed-view'); return; }
    show('start-view');
    $('start-question').value = $('faq-search').value;
    $('start-name').focus();
  }

  async function init() {
    let serverChoice = 'en';
    let open = true;
    try {
      const reply = await call('GET', '/v1/chat/config');
      if (reply.status === 200) { serverChoice = reply.data.language; open = !!reply.data.open; }
    } catch (e) { /* the page still works */ }
    state.lang = pickLanguage(serverChoice);
    applyLanguage();
    $('lang-switch').addEventListener('click', () => {
      state.lang = state.lang === 'zh_CN' ? 'en' : 'zh_CN';
      applyLanguage();
      search();
    });
    $('faq-search').addEventListener('input', search);
    $('talk').addEventListener('click', talk);
    $('start-button').addEventListener('click', start);
    $('start-back').addEventListener('click', () => show('faq-view'));
    $('send').addEventListener('click', send);
    $('message-input').addEventListener('input', typed);
    $('message-input').addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) { event.preventDefault(); send(); }
    });
    $('end-chat').addEventListener('click', end);
    $('transcript-send').addEventListener('click', transcript);
    for (const button of document.querySelectorAll('button.rate')) {
      button.addEventListener('click', () => {
        state.score = Number(button.dataset.score);
        for (const other of document.querySelectorAll('button.rate')) other.classList.toggle('chosen', other === button);
      });
    }
    $('rating-submit').addEventListener('click', rate);
    $('leave-send').addEventListener('click', leave);

    let saved = {};
    try { saved = JSON.parse(sessionStorage.getItem('deskline-chat') || '{}'); } catch (e) { saved = {}; }
    if (saved.token) { state.token = saved.token; enterChat(); return; }
    if (!open) { show('closed-view'); return; }
    show('faq-view');
    search();
    document.body.dataset.ready = '1';
  }

  init();
})();
