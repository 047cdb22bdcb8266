// Deskline's chat launcher (issue 18). A company puts one line on its pages:
//   <script src="https://support.example.com/chat/widget.js" data-lang="zh_CN" async></script>
// and gets a button that opens the chat page in a frame served by the gateway itself, so the
// page talks only to its own origin and needs no CORS. Nothing here is HTML from anyone.
'use strict';

(function () {
  const script = document.currentScript;
  if (!script || !script.src || document.getElementById('deskline-chat-launcher')) return;
  const origin = new URL(script.src).origin;
  const asked = script.getAttribute('data-lang') || '';
  const chinese = asked ? asked.startsWith('zh') : (navigator.language || '').toLowerCase().startsWith('zh');
  const labels = chinese ? { open: '在线客服', close: '关闭', frame: '在线客服对话' }
    : { open: 'Chat with us', close: 'Close', frame: 'Support chat' };

  const button = document.createElement('button');
  button.id = 'deskline-chat-launcher';
  button.type = 'button';
  button.textContent = labels.open;
  button.setAttribute('aria-expanded', 'false');
  Object.assign(button.style, { position: 'fixed', right: '20px', bottom: '20px', zIndex: '2147483646',
    padding: '10px 16px', borderRadius: '22px', border: 'none', background: '#24527a', color: '#fff',
    font: '15px system-ui, sans-serif', cursor: 'pointer', boxShadow: '0 2px 8px rgba(0,0,0,.25)' });

  let frame = null;
  button.addEventListener('click', () => {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.id = 'deskline-chat-frame';
      frame.title = labels.frame;
      frame.src = origin + '/chat' + (asked ? '?lang=' + encodeURIComponent(asked) : '');
      frame.setAttribute('sandbox', 'allow-scripts allow-same-origin');
      Object.assign(frame.style, { position: 'fixed', right: '20px', bottom: '72px', width: '360px',
        height: '540px', maxHeight: 'calc(100vh - 96px)', maxWidth: 'calc(100vw - 40px)', border: '1px solid #ccd',
        borderRadius: '10px', background: '#fff', zIndex: '2147483646', boxShadow: '0 4px 18px rgba(0,0,0,.25)' });
      document.body.appendChild(frame);
    } else {
      frame.hidden = !frame.hidden;
    }
    const open = !frame.hidden;
    button.textContent = open ? labels.close : labels.open;
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
  });
  document.body.appendChild(button);
})();
