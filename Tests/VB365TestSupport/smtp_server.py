"""A real SMTP server for the tests of VB365SMTP: aiosmtpd on 127.0.0.1, on a free port.

It requires STARTTLS (or, with --implicit-tls, speaks TLS from the start) and AUTH (PLAIN or
LOGIN) with --user/--password, and appends what it accepted (the envelope and the raw DATA bytes)
as one JSON line per message to --record, and a line per connection to --record.connections. It prints its port on the first line of its output.

--mode changes what it answers: normal; tempfail-once (452 to the first RCPT, then accepts);
reject (550 to every RCPT); close-data (closes the connection after the DATA, before replying);
silent (takes connections and never answers).
Run with Debian's /usr/bin/python3 (python3-aiosmtpd).
"""

import argparse
import asyncio
import base64
import json
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def main():
    # The test runner may start this with signals blocked: let SIGTERM end it again.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--record", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--mode", default="normal")
    parser.add_argument("--implicit-tls", action="store_true")
    args = parser.parse_args()

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    state = {"rcpt": 0}

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            state["rcpt"] += 1
            if args.mode == "tempfail-once" and state["rcpt"] == 1:
                return "452 4.3.1 Insufficient system storage"
            if args.mode == "reject":
                return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            if args.mode == "close-data":
                server.transport.close()
                return "451 closed"
            record = {
                "mail_from": envelope.mail_from,
                "mail_options": envelope.mail_options,
                "rcpt_tos": envelope.rcpt_tos,
                "tls": server.transport.get_extra_info("ssl_object") is not None,
                "peer_port": session.peer[1],
                "authenticated": session.authenticated,
                "login": state.get("login"),
                "data": base64.b64encode(envelope.original_content).decode(),
            }
            with open(args.record, "a") as f:
                f.write(json.dumps(record) + "\n")
            return "250 2.0.0 Ok: queued"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == args.user
            and auth_data.password.decode() == args.password
        )
        if ok:
            state["login"] = args.user
        return AuthResult(success=ok, handled=False)

    def factory():
        with open(args.record + ".connections", "a") as f:
            f.write("connection\n")
        if args.implicit_tls:
            # The whole connection is TLS, which aiosmtpd does not see: AUTH is offered at once.
            return SMTP(
                Handler(),
                authenticator=authenticator,
                auth_require_tls=False,
                enable_SMTPUTF8=True,
                hostname="localhost",
            )
        return SMTP(
            Handler(),
            tls_context=context,
            require_starttls=True,
            authenticator=authenticator,
            auth_require_tls=True,
            enable_SMTPUTF8=True,
            hostname="localhost",
        )

    async def serve():
        loop = asyncio.get_running_loop()
        if args.mode == "silent":
            # Takes the connection and never says a word.
            server = await loop.create_server(asyncio.Protocol, "127.0.0.1", 0)
        else:
            server = await loop.create_server(
                factory, "127.0.0.1", 0, ssl=context if args.implicit_tls else None
            )
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Event().wait()

    # The test holds standard input open: when it ends (or dies), so does the server.
    def watch():
        sys.stdin.buffer.read()
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
    asyncio.run(serve())


if __name__ == "__main__":
    main()
