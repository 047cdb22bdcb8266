#!/usr/bin/env python3
"""A small bridge from a social-media account to Deskline's intake (docs/intake-api.yaml).

Reads the account's direct messages as JSON Lines on stdin (one message per line:
{"thread": "...", "user_id": "...", "user_name": "...", "text": "..."}; how they are fetched
depends on the platform's own API) and posts each as a signed request. A message is sent again
with the same webhook-id until the gateway answers, so none is lost and none is taken twice.

    DESKLINE_INTAKE_SECRET=whsec_... ./social-bridge.py --url http://127.0.0.1:8925 < messages.jsonl

With --replies HOST:PORT it also takes the agents' replies (the reply.created webhooks the
gateway posts to the source's --reply-url, http://HOST:PORT/replies): each is checked (signature
and age, as the gateway checks ours), taken once by its webhook-id, and printed as a JSON line
{"thread": ..., "user_id": ..., "text": ...} for the platform's own API to post; it keeps serving
after stdin ends, until stopped. Serve it behind TLS when the gateway is on another machine.
"""
import argparse, base64, hashlib, hmac, http.server, json, os, sys, threading, time, urllib.error, urllib.request

TOLERANCE_SECONDS = 5 * 60
MAX_REPLY_BYTES = 32 * 1024 * 1024


def post(url, key, webhook_id, body):
    timestamp = str(int(time.time()))
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    signature = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    request = urllib.request.Request(url + "/v1/requests", data=body, method="POST", headers={
        "Content-Type": "application/json", "webhook-id": webhook_id,
        "webhook-timestamp": timestamp, "webhook-signature": signature})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.load(answer), None
    except urllib.error.HTTPError as error:
        return error.code, json.load(error), error.headers.get("Retry-After")


def signed_by(key, webhook_id, timestamp, body, signatures):
    expected = base64.b64encode(hmac.new(key, f"{webhook_id}.{timestamp}.".encode() + body,
                                         hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(expected, s.removeprefix("v1,"))
               for s in signatures.split() if s.startswith("v1,"))


def serve_replies(address, key):
    taken, lock = set(), threading.Lock()

    class Replies(http.server.BaseHTTPRequestHandler):
        def answer(self, status):
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or -1)
            if self.path.split("?")[0] != "/replies" or not 0 <= length <= MAX_REPLY_BYTES:
                return self.answer(404 if length >= 0 else 411)
            body = self.rfile.read(length)
            webhook_id = self.headers.get("webhook-id", "")
            timestamp = self.headers.get("webhook-timestamp", "")
            if (not webhook_id or not timestamp.isdigit() or abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS
                    or not signed_by(key, webhook_id, timestamp, body, self.headers.get("webhook-signature", ""))):
                return self.answer(401)
            with lock:
                if webhook_id not in taken:  # a retry of one already taken: taken again, posted once
                    taken.add(webhook_id)
                    data = json.loads(body)["data"]
                    print(json.dumps({"thread": data.get("external_id", ""),
                                      "user_id": data.get("customer", {}).get("external_id", ""),
                                      "text": data.get("body", "")}, ensure_ascii=False), flush=True)
            self.answer(204)

        def log_message(self, *args):  # no request lines on stderr
            pass

    host, _, port = address.rpartition(":")
    server = http.server.ThreadingHTTPServer((host, int(port)), Replies)
    print(f"replies listening on http://{host}:{server.server_port}/replies", file=sys.stderr, flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8925")
    parser.add_argument("--replies", metavar="HOST:PORT", help="also take the agents' replies here")
    arguments = parser.parse_args()
    secret = os.environ["DESKLINE_INTAKE_SECRET"]
    key = base64.b64decode(secret.removeprefix("whsec_"))
    replies = serve_replies(arguments.replies, key) if arguments.replies else None
    for line in sys.stdin:
        message = json.loads(line)
        body = json.dumps({
            "external_id": message["thread"], "channel": "social",
            "customer": {"external_id": message["user_id"], "name": message.get("user_name", ""),
                         "username": message.get("user_name", "")},
            "body": message["text"], "tags": ["social"]}, ensure_ascii=False).encode()
        # The platform's message id would be better still; a digest of the line is stable too.
        webhook_id = "msg_" + hashlib.sha256(line.encode()).hexdigest()[:32]
        while True:
            try:
                status, answer, retry = post(arguments.url, key, webhook_id, body)
            except OSError as error:  # gateway down: the same id again later
                print(f"gateway not reached ({error}); retrying", file=sys.stderr)
                time.sleep(5)
                continue
            if status in (429, 503):
                time.sleep(int(retry or 5))
                continue
            print(status, json.dumps(answer, ensure_ascii=False), flush=True)
            break
    if replies:
        threading.Event().wait()  # until stopped


if __name__ == "__main__":
    main()
