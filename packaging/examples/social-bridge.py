#!/usr/bin/env python3
"""A small bridge from a social-media account to Deskline's intake (docs/intake-api.yaml).

Reads the account's direct messages as JSON Lines on stdin (one message per line:
{"thread": "...", "user_id": "...", "user_name": "...", "text": "..."}; how they are fetched
depends on the platform's own API) and posts each as a signed request. A message is sent again
with the same webhook-id until the gateway answers, so none is lost and none is taken twice.

    DESKLINE_INTAKE_SECRET=whsec_... ./social-bridge.py --url http://127.0.0.1:8925 < messages.jsonl
"""
import argparse, base64, hashlib, hmac, json, os, sys, time, urllib.error, urllib.request


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8925")
    arguments = parser.parse_args()
    secret = os.environ["DESKLINE_INTAKE_SECRET"]
    key = base64.b64decode(secret.removeprefix("whsec_"))
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
            print(status, json.dumps(answer, ensure_ascii=False))
            break


if __name__ == "__main__":
    main()
