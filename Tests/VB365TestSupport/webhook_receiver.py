"""A webhook receiver for the tests of VB365Notifying: http.server on 127.0.0.1, on a free port.

It speaks TLS with --cert/--key (or plain HTTP with --plain) and prints its port on the first line
of its output. It ends when its standard input closes. Paths play receivers, checking what the
real services check (docs: ../../../shared/reference/notifications.md):

  /teams/...             a Workflows webhook: an Adaptive Card 1.4 envelope; 202, no body
  /slack/...             an incoming webhook: text or blocks within Slack's limits; 200 "ok"
  /discord/...           a Discord webhook: content or embeds within the limits; 204 (200 and the
                         message with ?wait=true)
  /webhook/...           a generic JSON webhook: an object with schemaVersion; with --secret, the
                         Standard Webhooks and X-Hub-Signature-256 signatures must match (else 401)
  /pagerduty/v2/enqueue  the PagerDuty Events API v2; 202 and a JSON status

Faults, by a path segment (or by --mode for every path), counted per path for "-once":
  failNNN[-once][-waitS][-noheader]  answer NNN (429: Retry-After S, default 1; on /discord/ the
                                     JSON retry_after too; -noheader: no header); 400: invalid_payload
  slow                               the first request waits --slow-seconds, then closes unanswered
  close                              the first request is closed without an answer
Every request is appended to --record as a JSON line: time, method, path, headers, body (text),
status (0: none), fault, problems (what a real receiver would refuse); every connection adds a
line to --record.connections.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import signal
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

FAULT = re.compile(r"^(?:fail(\d{3})((?:-once|-wait[0-9.]+|-noheader)*)|slow|close)$")


def teams_problems(headers, body):
    problems = []
    if "application/json" not in (headers.get("Content-Type") or ""):
        problems.append("Content-Type is not application/json")
    if not isinstance(body, dict) or body.get("type") != "message":
        return problems + ["type is not message"]
    attachments = body.get("attachments")
    if not isinstance(attachments, list) or len(attachments) != 1:
        return problems + ["attachments is not a list of one"]
    attachment = attachments[0] if isinstance(attachments[0], dict) else {}
    if attachment.get("contentType") != "application/vnd.microsoft.card.adaptive":
        problems.append("contentType is not application/vnd.microsoft.card.adaptive")
    content = attachment.get("content") if isinstance(attachment.get("content"), dict) else {}
    if content.get("type") != "AdaptiveCard":
        problems.append("content.type is not AdaptiveCard")
    if content.get("version") != "1.4":
        problems.append("content.version is not 1.4")
    if not isinstance(content.get("body"), list):
        problems.append("content.body is not a list")
    return problems


def slack_text(value):
    if isinstance(value, dict):
        value = value.get("text")
    return value if isinstance(value, str) else ""


def slack_problems(body):
    if not isinstance(body, dict):
        return ["invalid_payload"]
    blocks = body.get("blocks")
    if not body.get("text") and not blocks:
        return ["no_text"]
    if blocks is None:
        return []
    if not isinstance(blocks, list) or len(blocks) > 50:
        return ["invalid_blocks: more than 50 blocks"]
    problems = []
    for index, block in enumerate(blocks):
        if not isinstance(block, dict):
            problems.append("invalid_blocks: block %d is not an object" % index)
        elif block.get("type") == "header" and len(slack_text(block.get("text"))) > 150:
            problems.append("invalid_blocks: header %d longer than 150" % index)
        elif block.get("type") == "section":
            if len(slack_text(block.get("text"))) > 3000:
                problems.append("invalid_blocks: section %d text longer than 3000" % index)
            fields = block.get("fields") or []
            if len(fields) > 10 or any(len(slack_text(f)) > 2000 for f in fields):
                problems.append("invalid_blocks: section %d fields beyond 10 x 2000" % index)
    return problems


def discord_problems(body):
    if not isinstance(body, dict):
        return ["not an object"]
    content, embeds = body.get("content"), body.get("embeds")
    if not content and not embeds:
        return ["Cannot send an empty message"]
    problems = []
    if isinstance(content, str) and len(content) > 2000:
        problems.append("content longer than 2000")
    embeds = embeds or []
    if len(embeds) > 10:
        problems.append("more than 10 embeds")
    total = 0
    for index, embed in enumerate(embeds):
        limits = [("title", 256), ("description", 4096)]
        for key, limit in limits:
            text = embed.get(key) or ""
            total += len(text)
            if len(text) > limit:
                problems.append("embed %d %s longer than %d" % (index, key, limit))
        footer = (embed.get("footer") or {}).get("text") or ""
        total += len(footer)
        if len(footer) > 2048:
            problems.append("embed %d footer longer than 2048" % index)
        author = (embed.get("author") or {}).get("name") or ""
        total += len(author)
        if len(author) > 256:
            problems.append("embed %d author longer than 256" % index)
        fields = embed.get("fields") or []
        if len(fields) > 25:
            problems.append("embed %d has more than 25 fields" % index)
        for field in fields:
            name, value = field.get("name") or "", field.get("value") or ""
            total += len(name) + len(value)
            if len(name) > 256 or len(value) > 1024:
                problems.append("embed %d field beyond 256/1024" % index)
        if "color" in embed and (not isinstance(embed["color"], int) or isinstance(embed["color"], bool)):
            problems.append("embed %d color is not an integer" % index)
    if total > 6000:
        problems.append("embeds longer than 6000 in total")
    return problems


def signature_problems(secret, headers, raw):
    if secret is None:
        return []
    problems = []
    key = base64.b64decode(secret[6:]) if secret.startswith("whsec_") else secret.encode()
    ident, stamp = headers.get("webhook-id") or "", headers.get("webhook-timestamp") or ""
    signed = ident.encode() + b"." + stamp.encode() + b"." + raw
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    given = (headers.get("webhook-signature") or "").split(" ")
    if not any(hmac.compare_digest(expected, g) for g in given):
        problems.append("webhook-signature does not match")
    hub = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(hub, headers.get("X-Hub-Signature-256") or ""):
        problems.append("X-Hub-Signature-256 does not match")
    return problems


def pagerduty_problems(body):
    if not isinstance(body, dict):
        return ["not an object"]
    problems = []
    if not isinstance(body.get("routing_key"), str) or len(body["routing_key"]) != 32:
        problems.append("routing_key is not 32 characters")
    action = body.get("event_action")
    if action not in ("trigger", "acknowledge", "resolve"):
        problems.append("event_action is not trigger, acknowledge or resolve")
    dedup = body.get("dedup_key")
    if dedup is not None and (not isinstance(dedup, str) or len(dedup) > 255):
        problems.append("dedup_key is longer than 255")
    if action != "trigger":
        if not dedup:
            problems.append("dedup_key is missing")
        return problems
    payload = body.get("payload") if isinstance(body.get("payload"), dict) else {}
    summary = payload.get("summary")
    if not isinstance(summary, str) or not summary or len(summary) > 1024:
        problems.append("payload.summary is missing or longer than 1024")
    if not payload.get("source"):
        problems.append("payload.source is missing")
    if payload.get("severity") not in ("critical", "error", "warning", "info"):
        problems.append("payload.severity is not critical, error, warning or info")
    return problems


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, args, context):
        self.args, self.context = args, context
        self.lock = threading.Lock()
        self.counts = {}
        super().__init__(("127.0.0.1", 0), Handler)

    def get_request(self):
        sock, address = self.socket.accept()
        with self.lock:
            with open(self.args.record + ".connections", "a") as f:
                f.write("connection\n")
        if self.context is not None:
            # The handshake happens in the request's thread, so a client that stalls or refuses
            # the certificate holds up no one else.
            sock = self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address

    def handle_error(self, request, client_address):
        pass  # a refused certificate, a client gone: nothing to report

    def count(self, key):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key]

    def record(self, entry):
        with self.lock:
            with open(self.args.record, "a") as f:
                f.write(json.dumps(entry) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        self.request.settimeout(30)
        if isinstance(self.request, ssl.SSLSocket):
            self.request.do_handshake()
        super().setup()

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self.answer(405, b"method not allowed", "text/plain")

    def do_POST(self):
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        entry = {
            "time": time.time(),
            "method": "POST",
            "path": self.path,
            "headers": {k: v for k, v in self.headers.items()},
            "body": raw.decode("utf-8", "replace"),
            "status": 0,
            "fault": None,
            "problems": [],
        }
        fault = self.fault(split.path)
        if fault is not None:
            entry["fault"] = fault.group(0)
            if self.faulty(fault, split.path, entry, server):
                return
        status, body, kind, problems = self.judge(split, raw)
        entry["status"], entry["problems"] = status, problems
        server.record(entry)
        self.answer(status, body, kind)

    def fault(self, path):
        if server_args.mode != "normal":
            return FAULT.match(server_args.mode)
        for segment in path.split("/"):
            match = FAULT.match(segment)
            if match:
                return match
        return None

    def faulty(self, fault, path, entry, server):
        """Plays the fault, recording it; False when it is over and the request goes on."""
        name = fault.group(0)
        once = name in ("slow", "close") or "-once" in (fault.group(2) or "")
        if once and server.count(name + " " + path) > 1:
            entry["fault"] = None
            return False
        if name == "slow":
            server.record(entry)
            time.sleep(server.args.slow_seconds)
            self.close_connection = True
            return True
        if name == "close":
            server.record(entry)
            self.close_connection = True
            self.request.shutdown(socket.SHUT_RDWR)
            return True
        status = int(fault.group(1))
        flags = fault.group(2) or ""
        wait = re.search(r"-wait([0-9.]+)", flags)
        wait = wait.group(1) if wait else "1"
        headers = {}
        kind = "text/plain"
        if status == 429:
            if "-noheader" not in flags:
                headers["Retry-After"] = wait
            if path.startswith("/discord/"):
                body = json.dumps({"message": "You are being rate limited.", "retry_after": float(wait), "global": False})
                kind = "application/json"
            else:
                body = "rate limited"
        elif status == 400:
            body = "invalid_payload"
        else:
            body = self.responses.get(status, ("error",))[0]
        entry["status"] = status
        server.record(entry)
        self.answer(status, body.encode(), kind, headers)
        return True

    def judge(self, split, raw):
        """The status, body, content type and problems a real receiver would answer with."""
        path = split.path
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            body = ValueError
        if path.startswith("/teams/"):
            if len(raw) > 28 * 1024:
                return 413, b"Request Entity too large", "text/plain", ["larger than 28 KB"]
            if body is ValueError:
                return 400, b'{"error":{"code":"InvalidRequestContent"}}', "application/json", ["not JSON"]
            problems = teams_problems(self.headers, body)
            if problems:
                message = json.dumps({"error": {"code": "InvalidRequestContent", "message": "; ".join(problems)}})
                return 400, message.encode(), "application/json", problems
            return 202, b"", None, []
        if path.startswith("/slack/"):
            problems = ["invalid_payload"] if body is ValueError else slack_problems(body)
            if problems:
                return 400, problems[0].split(":")[0].encode(), "text/plain", problems
            return 200, b"ok", "text/html", []
        if path.startswith("/discord/"):
            problems = ["not JSON"] if body is ValueError else discord_problems(body)
            if problems:
                code = 50006 if problems == ["Cannot send an empty message"] else 50035
                message = json.dumps({"message": "Invalid Form Body" if code == 50035 else problems[0], "code": code})
                return 400, message.encode(), "application/json", problems
            if parse_qs(split.query).get("wait") == ["true"]:
                message = json.dumps({"id": "1234567890", "type": 0, "content": body.get("content") or ""})
                return 200, message.encode(), "application/json", []
            return 204, b"", None, []
        if path.startswith("/webhook/"):
            if body is ValueError or not isinstance(body, dict) or "schemaVersion" not in body:
                return 400, b"not a JSON object with schemaVersion", "text/plain", ["no schemaVersion"]
            problems = signature_problems(server_args.secret, self.headers, raw)
            if problems:
                return 401, b"invalid signature", "text/plain", problems
            return 200, b"", None, []
        if path == "/pagerduty/v2/enqueue":
            if len(raw) > 512 * 1024:
                return 413, b"Request Entity Too Large", "text/plain", ["larger than 512 KB"]
            problems = ["not JSON"] if body is ValueError else pagerduty_problems(body)
            if problems:
                message = json.dumps({"status": "invalid event", "message": "Event object is invalid", "errors": problems})
                return 400, message.encode(), "application/json", problems
            dedup = body.get("dedup_key") or "generated-%d" % self.server.count("dedup")
            message = json.dumps({"status": "success", "message": "Event processed", "dedup_key": dedup})
            return 202, message.encode(), "application/json", []
        return 404, b"no receiver at this path", "text/plain", ["unknown path"]

    def answer(self, status, body, kind, headers=None):
        try:
            self.send_response(status)
            if kind:
                self.send_header("Content-Type", kind)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
        except OSError:
            self.close_connection = True


server_args = None


def main():
    global server_args
    # The test runner may start this with signals blocked: let SIGTERM end it again.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--plain", action="store_true")
    parser.add_argument("--record", required=True)
    parser.add_argument("--mode", default="normal")
    parser.add_argument("--secret")
    parser.add_argument("--slow-seconds", type=float, default=3)
    server_args = parser.parse_args()

    context = None
    if not server_args.plain:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(server_args.cert, server_args.key)
    server = Server(server_args, context)
    print(server.server_address[1], flush=True)

    # The test holds standard input open: when it ends (or dies), so does the server.
    def watch():
        sys.stdin.buffer.read()
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
