#!/usr/bin/python3
"""Real mail servers on loopback for the email channel's tests.

    mailservers.py start DIR [--imap-port N] [--imaps-port N] [--smtp-port N] [--smtps-port N]
    mailservers.py stop DIR

`start` makes a private CA and a certificate for localhost/127.0.0.1, a dovecot of its own
(its own config, base_dir, state, passwd-file and maildirs, nothing from /etc/dovecot) and
an aiosmtpd receiver that keeps every message it accepts, waits until all of them answer,
and describes them in DIR/servers.json (tests/support/testmailserver.h reads it). `stop`
ends both and removes DIR. Runs as root (CI) and as a normal user.

Debian's python3-aiosmtpd is installed for /usr/bin/python3, which is why the shebang and
CMake name that interpreter rather than whichever python3 comes first on PATH.
"""

import argparse
import grp
import json
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time

DOVECOT = "/usr/sbin/dovecot"
DOVEADM = "/usr/bin/doveadm"
DOVECOT_LDA = "/usr/lib/dovecot/dovecot-lda"

# Logins are the full addresses, as with most hosted mailboxes.
USERS = [
    ("support@example.test", "support-secret"),
    ("sales@example.test", "sales-secret"),
    ("customer@example.test", "customer-secret"),
]

# What the receiver answers instead of accepting, per stage of the dialogue: a test writes
# a reply line ("451 4.3.0 Try later") into one of these, or "close" to drop the
# connection without a reply (a server failing in the middle of a send).
REFUSE_FILES = ("refuse-mail", "refuse-rcpt", "refuse-data")

START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


def fail(message):
    print("mailservers: " + message, file=sys.stderr)
    sys.exit(1)


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        fail("%s failed (%d): %s%s" % (" ".join(command), result.returncode, result.stdout, result.stderr))
    return result


def make_certificates(tls):
    os.makedirs(tls, exist_ok=True)
    ca_key, ca_pem = os.path.join(tls, "ca.key"), os.path.join(tls, "ca.pem")
    key, csr, pem = (os.path.join(tls, name) for name in ("server.key", "server.csr", "server.pem"))
    ext = os.path.join(tls, "server.ext")
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca_pem,
         "-days", "30", "-subj", "/CN=Deskline test CA", "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=localhost"])
    with open(ext, "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
    run(["openssl", "x509", "-req", "-in", csr, "-CA", ca_pem, "-CAkey", ca_key, "-CAcreateserial",
         "-out", pem, "-days", "30", "-extfile", ext])
    return ca_pem, pem, key


def reachable_by_others(path):
    """Whether every folder above path lets other users through (root's mail user must)."""
    path = os.path.abspath(path)
    while True:
        if not os.stat(path).st_mode & stat.S_IXOTH:
            return False
        parent = os.path.dirname(path)
        if parent == path:
            return True
        path = parent


def accounts():
    """Who dovecot's processes and the mail run as.

    As a normal user, everything is that user (dovecot runs unprivileged when told so).
    As root, dovecot refuses both to run its login processes as root and to touch mail as
    uid 0, so it uses the dovecot/dovenull accounts its package makes, and the mail
    belongs to nobody: a throwaway account that owns nothing else worth protecting here.
    """
    if os.geteuid() != 0:
        user = pwd.getpwuid(os.geteuid()).pw_name
        group = grp.getgrgid(os.getegid()).gr_name
        return {"internal_user": user, "internal_group": group, "login_user": user,
                "mail_user": user, "mail_group": group}
    return {"internal_user": "dovecot", "internal_group": "dovecot", "login_user": "dovenull",
            "mail_user": "nobody", "mail_group": "nogroup"}


def dovecot_config(d, ports, tls, homes, who):
    return f"""# Written by tests/mail/mailservers.py for one test run; nothing of /etc/dovecot is read.
protocols = imap
listen = 127.0.0.1
base_dir = {d}/dovecot/run
state_dir = {d}/dovecot/state
instance_name = deskline-test-{ports['imaps']}
log_path = {d}/dovecot.log
info_log_path = {d}/dovecot.log
debug_log_path = {d}/dovecot.log

default_internal_user = {who['internal_user']}
default_internal_group = {who['internal_group']}
default_login_user = {who['login_user']}
mail_uid = {who['mail_user']}
mail_gid = {who['mail_group']}
first_valid_uid = 1
first_valid_gid = 1

ssl = yes
ssl_cert = <{tls['cert']}
ssl_key = <{tls['key']}
ssl_min_protocol = TLSv1.2
# Dovecot takes loopback for a secured connection, so LOGIN works before STARTTLS here.
disable_plaintext_auth = yes
auth_mechanisms = plain login

passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/dovecot/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {d}/dovecot/passwd
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
}}
# A throwaway server: durability is not what the tests are about, speed is.
mail_fsync = never
# A new mail wakes IDLE at once (inotify), the check interval is only the fallback.
mailbox_idle_check_interval = 1 secs

service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {ports['imap']}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {ports['imaps']}
    ssl = yes
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0600
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


def wait_for_port(port, alive, what, log):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            pass
        if not alive():
            fail("%s exited while starting; its log %s:\n%s" % (what, log, read_tail(log)))
        time.sleep(0.05)
    fail("%s did not accept connections on port %d within %gs; its log %s:\n%s"
         % (what, port, START_TIMEOUT, log, read_tail(log)))


def read_tail(path):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-20:])
    except OSError:
        return "(none)"


def pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def read_pid(path):
    try:
        with open(path) as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def start(args):
    d = os.path.abspath(args.dir)
    if os.path.exists(d):
        stop_servers(d)
        shutil.rmtree(d)
    for tool in (DOVECOT, DOVEADM, DOVECOT_LDA):
        if not os.access(tool, os.X_OK):
            fail("%s is missing: run packaging/linux/install-build-deps.sh (dovecot-imapd)" % tool)
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        fail("%s has no aiosmtpd: run packaging/linux/install-build-deps.sh (python3-aiosmtpd)" % sys.executable)
    os.makedirs(d)
    os.chmod(d, 0o755)
    ports = {"imap": args.imap_port, "imaps": args.imaps_port, "smtp": args.smtp_port, "smtps": args.smtps_port}

    ca, cert, key = make_certificates(os.path.join(d, "tls"))
    tls = {"cert": cert, "key": key}
    who = accounts()

    # As root the mail belongs to nobody, who must be able to reach it: a build folder
    # under a private home would not let it through, so the maildirs go to /tmp then.
    homes = os.path.join(d, "mail")
    if os.geteuid() == 0 and not reachable_by_others(d):
        homes = tempfile.mkdtemp(prefix="deskline-mail-")
    os.makedirs(homes, exist_ok=True)
    os.chmod(homes, 0o755)
    mail_uid = pwd.getpwnam(who["mail_user"]).pw_uid
    mail_gid = grp.getgrnam(who["mail_group"]).gr_gid

    os.makedirs(os.path.join(d, "dovecot"))
    users = []
    with open(os.path.join(d, "dovecot", "passwd"), "w") as f:
        for login, password in USERS:
            home = os.path.join(homes, login)
            os.makedirs(home)
            os.chown(home, mail_uid, mail_gid)
            f.write("%s:{PLAIN}%s::::%s::\n" % (login, password, home))
            users.append({"login": login, "password": password, "address": login,
                          "maildir": os.path.join(home, "Maildir")})
    config = os.path.join(d, "dovecot", "dovecot.conf")
    with open(config, "w") as f:
        f.write(dovecot_config(d, ports, tls, homes, who))

    spool = os.path.join(d, "smtp", "spool")
    os.makedirs(spool)
    info = {
        "dir": d,
        "host": "127.0.0.1",
        "hostname": "localhost",
        "imap_port": ports["imap"],
        "imaps_port": ports["imaps"],
        "smtp_port": ports["smtp"],
        "smtps_port": ports["smtps"],
        "ca_file": ca,
        "cert_file": cert,
        "users": users,
        "mail_root": homes,
        "dovecot_config": config,
        "dovecot_log": os.path.join(d, "dovecot.log"),
        "doveadm": DOVEADM,
        "dovecot_lda": DOVECOT_LDA,
        "smtp_spool": spool,
        "smtp_control": os.path.join(d, "smtp"),
        "smtp_refuse_files": {name.split("-")[1]: os.path.join(d, "smtp", name) for name in REFUSE_FILES},
        "smtp_log": os.path.join(d, "smtp.log"),
    }
    # Written before the servers start, so that stop finds what to clean up even when a
    # start fails half-way.
    with open(os.path.join(d, "servers.json"), "w") as f:
        json.dump(info, f, indent=2)

    # Into a file, not a pipe: the daemonised master keeps its standard streams open, and
    # reading a pipe to its end would wait for it to exit.
    startup_log = os.path.join(d, "dovecot-start.log")
    with open(startup_log, "wb") as log:
        code = subprocess.call([DOVECOT, "-c", config], stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    if code != 0:
        fail("dovecot did not start (%d): %s\n%s" % (code, read_tail(startup_log), read_tail(info["dovecot_log"])))
    master_pid = os.path.join(d, "dovecot", "run", "master.pid")

    def dovecot_alive():
        pid = read_pid(master_pid)
        return pid is None or pid_alive(pid)

    with open(info["smtp_log"], "ab") as log:
        smtp = subprocess.Popen([sys.executable, os.path.abspath(__file__), "smtp", os.path.join(d, "servers.json")],
                                stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
    with open(os.path.join(d, "smtp.pid"), "w") as f:
        f.write("%d\n" % smtp.pid)

    wait_for_port(ports["imap"], dovecot_alive, "dovecot", info["dovecot_log"])
    wait_for_port(ports["imaps"], dovecot_alive, "dovecot", info["dovecot_log"])
    wait_for_port(ports["smtp"], lambda: smtp.poll() is None, "the SMTP receiver", info["smtp_log"])
    wait_for_port(ports["smtps"], lambda: smtp.poll() is None, "the SMTP receiver", info["smtp_log"])
    print("mailservers: IMAP %d (STARTTLS), IMAPS %d, SMTP %d (STARTTLS), SMTPS %d; %s"
          % (ports["imap"], ports["imaps"], ports["smtp"], ports["smtps"], os.path.join(d, "servers.json")))


def stop_pid(pid):
    if pid is None or not pid_alive(pid):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline:
        # Our own child (the receiver) stays a zombie until reaped.
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return
        except ChildProcessError:
            pass
        if not pid_alive(pid):
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)


def stop_servers(d):
    stop_pid(read_pid(os.path.join(d, "dovecot", "run", "master.pid")))
    stop_pid(read_pid(os.path.join(d, "smtp.pid")))


def stop(args):
    d = os.path.abspath(args.dir)
    if not os.path.exists(d):
        return
    mail_root = None
    try:
        with open(os.path.join(d, "servers.json")) as f:
            mail_root = json.load(f).get("mail_root")
    except (OSError, ValueError):
        pass
    stop_servers(d)
    if mail_root and not mail_root.startswith(d + os.sep):
        shutil.rmtree(mail_root, ignore_errors=True)
    shutil.rmtree(d)
    print("mailservers: stopped, %s removed" % d)


def smtp(args):
    """The receiver itself: plain SMTP with optional STARTTLS, and SMTPS, in one process."""
    import asyncio
    import ssl

    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

    with open(args.info) as f:
        info = json.load(f)
    passwords = {user["login"]: user["password"] for user in info["users"]}
    spool = info["smtp_spool"]
    control = info["smtp_control"]
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(info["cert_file"], os.path.join(os.path.dirname(info["cert_file"]), "server.key"))

    def refusal(stage):
        try:
            with open(os.path.join(control, "refuse-" + stage)) as f:
                return f.read().strip() or None
        except OSError:
            return None

    class Handler:
        def __init__(self):
            self.sequence = 0

        async def handle_MAIL(self, server, session, envelope, address, mail_options):
            refused = refusal("mail")
            if refused:
                return self.refuse(server, refused)
            envelope.mail_from = address
            envelope.mail_options.extend(mail_options)
            return "250 2.1.0 OK"

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            refused = refusal("rcpt")
            if refused:
                return self.refuse(server, refused)
            envelope.rcpt_tos.append(address)
            return "250 2.1.5 OK"

        async def handle_DATA(self, server, session, envelope):
            refused = refusal("data")
            if refused:
                return self.refuse(server, refused)
            self.sequence += 1
            name = "%06d" % self.sequence
            # The raw bytes first, the envelope last and by rename: a reader that sees the
            # envelope finds the whole message, and the client hears 250 only after both.
            raw = envelope.original_content if envelope.original_content is not None else envelope.content
            with open(os.path.join(spool, name + ".eml"), "wb") as f:
                f.write(raw)
            meta = {
                "sequence": self.sequence,
                "mail_from": envelope.mail_from,
                "rcpt_to": envelope.rcpt_tos,
                "auth_login": session.auth_data.login.decode() if session.authenticated and
                isinstance(session.auth_data, LoginPassword) else None,
                # session.ssl is only set by STARTTLS; the implicit-TLS port's transport is TLS.
                "tls": session.ssl is not None or server.transport.get_extra_info("sslcontext") is not None,
                "port": server.transport.get_extra_info("sockname")[1],
                "message": name + ".eml",
            }
            with open(os.path.join(spool, name + ".json.tmp"), "w") as f:
                json.dump(meta, f)
            os.rename(os.path.join(spool, name + ".json.tmp"), os.path.join(spool, name + ".json"))
            return "250 2.0.0 OK queued as %s" % name

        @staticmethod
        def refuse(server, reply):
            if reply == "close":
                server.transport.abort()
                return "421 4.3.0 Connection dropped"
            return reply

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and \
            passwords.get(auth_data.login.decode()) == auth_data.password.decode()
        # auth_data kept, so that the session knows who logged in (auth_login above).
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    handler = Handler()

    # aiosmtpd only counts STARTTLS as TLS for auth_require_tls: on the implicit-TLS port
    # (TLS from the first byte) AUTH must be offered without it.
    def factory(tls_context, auth_require_tls=True):
        return lambda: SMTP(handler, hostname="localhost", tls_context=tls_context, require_starttls=False,
                            auth_required=False, auth_require_tls=auth_require_tls, authenticator=authenticator,
                            enable_SMTPUTF8=True)

    async def serve():
        loop = asyncio.get_running_loop()
        stopping = loop.create_future()
        loop.add_signal_handler(signal.SIGTERM, stopping.set_result, None)
        plain = await loop.create_server(factory(context), "127.0.0.1", info["smtp_port"])
        implicit = await loop.create_server(factory(None, False), "127.0.0.1", info["smtps_port"], ssl=context)
        await stopping
        plain.close()
        implicit.close()

    asyncio.run(serve())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    start_parser = commands.add_parser("start")
    start_parser.add_argument("dir")
    start_parser.add_argument("--imap-port", type=int, default=55143)
    start_parser.add_argument("--imaps-port", type=int, default=55993)
    start_parser.add_argument("--smtp-port", type=int, default=55025)
    start_parser.add_argument("--smtps-port", type=int, default=55465)
    stop_parser = commands.add_parser("stop")
    stop_parser.add_argument("dir")
    smtp_parser = commands.add_parser("smtp")
    smtp_parser.add_argument("info")
    args = parser.parse_args()
    {"start": start, "stop": stop, "smtp": smtp}[args.command](args)


if __name__ == "__main__":
    main()
